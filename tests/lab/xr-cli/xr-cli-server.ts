// The emulated IOS-XR CLI (SSH on port 22 of the practice router). The lab supervisor starts
// it in-process inside the router's namespaces; `bash` and `run` spawn `opts.shell` there, so
// they land in the router's real root shell.
import { createServer, type Server as NetServer, type Socket } from 'node:net';
import pty from 'node-pty';
import ssh2 from 'ssh2';
import type { AuthContext, Connection, ServerChannel } from 'ssh2';
import { vtyLine } from './commit-list.js';
import { ConfigStore } from './config-store.js';
import { XrCliSession, type ShellRequest } from './xr-cli-session.js';
import { platformInfo, type PlatformInfo } from './xr-platform.js';
import { XrTerminal, type ShellLauncher } from './xr-terminal.js';

export type XrPlatform = 'vagrant' | 'ncs5500' | 'asr9k';

export interface XrCliOptions {
  listen: { host: string; port: number }; // port 0 allowed in tests (report the real one)
  hostKeys: string[]; // private keys as text (ssh-keygen output: OpenSSH or PEM)
  platform: XrPlatform;
  hostname: string; // ios, ncs5508, asr9k
  /** The Mgmt port's IPv4 address (a /24) shown in the starting configuration; default 198.18.0.2. */
  mgmtAddress?: string;
  authenticate(user: string, password: string): boolean;
  stateFile: string; // JSON file where the committed running-config lives (survives restarts)
  /**
   * How `bash`/`run` start a root shell. The args are for the interactive shell; for one
   * command (`run <cmd>`, `bash -c <cmd>`) `-c <cmd>` is appended, so they must end with the
   * shell's own options (e.g. `['--login']`, or `['netns', 'exec', 'x', 'bash']` for `ip`).
   */
  shell: { file: string; args: string[]; env: Record<string, string>; cwd: string };
}

export interface XrCliServer {
  port: number;
  close(): Promise<void>;
  dropConnections(): void;
  setHostKeys(keys: string[]): Promise<void>;
}

const AUTH_METHODS: AuthContext['method'][] = ['keyboard-interactive', 'password'];

/** Host keys are checked here, so a bad key fails loudly at start or rotation, not per client. */
function makeSshServer(keys: string[]): ssh2.Server {
  if (keys.length === 0) throw new Error('xr-cli: at least one host key is required');
  return new ssh2.Server({ hostKeys: keys, ident: 'Cisco-2.0' });
}

function nodePtyLauncher(opts: XrCliOptions, term: () => string): ShellLauncher {
  return (req: ShellRequest, size, onData, onExit) => {
    const args = req.command === undefined ? opts.shell.args : [...opts.shell.args, '-c', req.command];
    const p = pty.spawn(opts.shell.file, args, {
      name: term(),
      cols: size.cols,
      rows: size.rows,
      cwd: opts.shell.cwd,
      env: opts.shell.env,
    });
    // node-pty may report the exit before the last output is read; wait until the output is quiet.
    let exited: number | null = null;
    let timer: NodeJS.Timeout | null = null;
    const settle = (): void => {
      if (exited === null) return;
      if (timer) clearTimeout(timer);
      const code = exited;
      timer = setTimeout(() => onExit(code), 25);
    };
    p.onData((d) => {
      onData(d);
      settle();
    });
    p.onExit(({ exitCode, signal }) => {
      exited = signal ? 128 + signal : exitCode;
      settle();
    });
    return {
      write: (d) => {
        if (exited === null) p.write(d);
      },
      resize: (c, r) => {
        if (exited === null) p.resize(Math.max(1, c), Math.max(1, r));
      },
      kill: () => {
        if (timer) clearTimeout(timer);
        if (exited === null) {
          try {
            p.kill('SIGHUP');
          } catch {
            /* already gone */
          }
        }
      },
    };
  };
}

export async function startXrCli(opts: XrCliOptions): Promise<XrCliServer> {
  const info: PlatformInfo = platformInfo(opts.platform);
  const store = new ConfigStore(opts.stateFile, info, opts.hostname, opts.mgmtAddress ?? '198.18.0.2');
  const bootTime = new Date();
  let ssh = makeSshServer(opts.hostKeys);
  const sockets = new Set<Socket>();
  const terminals = new Set<XrTerminal>();
  // Each CLI session holds the lowest free vty, as XR numbers its lines (shown in the commit list).
  const vtys = new Set<number>();
  const takeVty = (): number => {
    let n = 0;
    while (vtys.has(n)) n++;
    vtys.add(n);
    return n;
  };

  const onClient = (client: Connection): void => {
    let user = '';
    // Like sshd for interactive sessions: no Nagle delay on small writes (a prompt, an echo).
    // (ssh2's server connection has setNoDelay; its type declarations leave it out.)
    (client as unknown as { setNoDelay(noDelay: boolean): void }).setNoDelay(true);
    client.on('error', () => {
      /* a dropped client is normal in the lab */
    });
    client.on('authentication', (ctx) => {
      user = ctx.username;
      if (ctx.method === 'password') {
        return opts.authenticate(ctx.username, ctx.password) ? ctx.accept() : ctx.reject(AUTH_METHODS);
      }
      if (ctx.method === 'keyboard-interactive') {
        // A bare `Password: ` as XR shows for `ssh root@router` (D612).
        return ctx.prompt([{ prompt: 'Password: ', echo: false }], (answers) =>
          opts.authenticate(ctx.username, answers[0] ?? '') ? ctx.accept() : ctx.reject(AUTH_METHODS),
        );
      }
      ctx.reject(AUTH_METHODS);
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const chan = acceptSession();
        let ptyInfo: { term: string; cols: number; rows: number } | null = null;
        let terminal: XrTerminal | null = null;

        const attach = (stream: ServerChannel, kind: 'shell' | 'exec'): XrTerminal => {
          const vty = takeVty();
          let released = false;
          const releaseVty = (): void => {
            if (!released) vtys.delete(vty);
            released = true;
          };
          const session = new XrCliSession({
            info,
            store,
            user,
            defaultHostname: opts.hostname,
            interactive: ptyInfo !== null,
            bootTime,
            line: vtyLine(vty, info.node),
          });
          const t = new XrTerminal(session, {
            echo: ptyInfo !== null,
            kind,
            cols: ptyInfo?.cols,
            rows: ptyInfo?.rows,
            write: (d) => {
              if (stream.writable) stream.write(d);
            },
            close: (status) => {
              terminals.delete(t);
              releaseVty();
              try {
                stream.exit(status);
                stream.end();
              } catch {
                /* channel already closed */
              }
            },
            launchShell: nodePtyLauncher(opts, () => ptyInfo?.term ?? 'vt100'),
          });
          terminals.add(t);
          terminal = t;
          stream.setEncoding('utf8');
          stream.on('data', (d: string) => t.input(d));
          stream.on('end', () => t.end());
          stream.on('close', () => {
            terminals.delete(t);
            releaseVty();
            t.dispose();
          });
          stream.on('error', () => {
            releaseVty();
            t.dispose();
          });
          return t;
        };

        chan.on('pty', (accept, _reject, i) => {
          ptyInfo = { term: i.term || 'vt100', cols: i.cols || 80, rows: i.rows || 24 };
          accept?.();
        });
        chan.on('window-change', (accept, _reject, i) => {
          if (ptyInfo) ptyInfo = { ...ptyInfo, cols: i.cols, rows: i.rows };
          terminal?.resize(i.cols, i.rows);
          accept?.();
        });
        chan.on('env', (accept) => accept?.());
        chan.on('shell', (accept) => attach(accept(), 'shell').start());
        chan.on('exec', (accept, _reject, i) => attach(accept(), 'exec').runCommand(i.command));
        // No subsystems (sftp) on the XR CLI port.
        chan.on('subsystem', (_accept, reject) => reject?.());
      });
    });
  };
  ssh.on('connection', onClient);

  const net: NetServer = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    // The current ssh2 Server does the protocol; swapping it rotates the host keys for new clients.
    ssh.injectSocket(socket);
  });

  await new Promise<void>((resolve, reject) => {
    net.once('error', reject);
    net.listen(opts.listen.port, opts.listen.host, () => {
      net.off('error', reject);
      resolve();
    });
  });
  const addr = net.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.listen.port;

  const dropConnections = (): void => {
    for (const t of terminals) t.dispose();
    terminals.clear();
    for (const s of sockets) s.destroy();
    sockets.clear();
  };

  return {
    port,
    dropConnections,
    async setHostKeys(keys: string[]): Promise<void> {
      const next = makeSshServer(keys);
      next.on('connection', onClient);
      ssh = next;
    },
    close(): Promise<void> {
      return new Promise((resolve) => {
        net.close(() => resolve());
        dropConnections();
      });
    },
  };
}
