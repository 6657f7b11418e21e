// Who holds a TCP port, so "port in use" can name the program to stop. On Linux the listening
// socket's inode is in /proc/net/tcp{,6} and the process holding it has a /proc/PID/fd link to
// "socket:[inode]"; elsewhere a generic message is the best we can do without extra tools.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { AppError } from '../../../src-shared/errors';

export interface PortHolder {
  pid: number | null;
  /** The program's command line, when this user may read it. */
  command: string | null;
}

const LISTEN = '0A';

/** Inodes of sockets listening on `port`, from the kernel's tables (hex "ADDR:PORT" columns). */
export function listeningInodes(tables: string[], port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes: string[] = [];
  for (const table of tables) {
    for (const line of table.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10) continue;
      const [, local, , state] = cols;
      if (state === LISTEN && local?.endsWith(`:${hexPort}`) && cols[9] !== '0') inodes.push(cols[9]!);
    }
  }
  return inodes;
}

/** The process holding a listening socket on `port` (Linux), or null when none is found. */
export function findPortHolder(port: number, proc = '/proc'): PortHolder | null {
  if (process.platform !== 'linux') return null;
  const tables = ['tcp', 'tcp6'].map((t) => {
    try {
      return readFileSync(`${proc}/net/${t}`, 'utf8');
    } catch {
      return '';
    }
  });
  const inodes = new Set(listeningInodes(tables, port).map((i) => `socket:[${i}]`));
  if (!inodes.size) return null;
  for (const entry of readdirSync(proc)) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`${proc}/${entry}/fd`);
    } catch {
      continue; // another user's process: not readable
    }
    for (const fd of fds) {
      let link: string;
      try {
        link = readlinkSync(`${proc}/${entry}/fd/${fd}`);
      } catch {
        continue;
      }
      if (inodes.has(link)) {
        let command: string | null = null;
        try {
          command = readFileSync(`${proc}/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ') || null;
        } catch {
          /* gone meanwhile */
        }
        return { pid: Number(entry), command };
      }
    }
  }
  // Listening, but by a process this user cannot see (another user's, or in a container).
  return { pid: null, command: null };
}

/** True when nothing accepts a bind on host:port right now. */
export function canListen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen({ host, port, exclusive: true }, () => s.close(() => resolve(true)));
  });
}

/** Throws PORT_IN_USE naming who holds the port, before a registry is started on it. */
export async function assertPortFree(host: string, port: number): Promise<void> {
  if (await canListen(host, port)) return;
  const holder = findPortHolder(port);
  const who = holder?.pid
    ? `process ${holder.pid}${holder.command ? ` (${holder.command.slice(0, 200)})` : ''}`
    : holder
      ? 'a process of another user or a container'
      : 'another program';
  throw new AppError(`Port ${port} on ${host} is in use by ${who}.`, {
    code: 'PORT_IN_USE',
    fix: holder?.pid
      ? `Pick another port, or stop ${holder.command?.split(' ')[0] ?? 'that program'} (pid ${holder.pid}).`
      : process.platform === 'linux'
        ? `Pick another port, or find the program with \`sudo ss -ltnp 'sport = :${port}'\` and stop it.`
        : `Pick another port, or find the program holding it (\`netstat -ano | findstr :${port}\` on Windows, \`lsof -iTCP:${port} -sTCP:LISTEN\` on macOS) and stop it.`,
    device: 'this computer',
  });
}
