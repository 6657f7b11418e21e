import { describe, expect, it } from 'vitest';
import { ConfigStore } from '../../lab/xr-cli/config-store.js';
import { LineEditor } from '../../lab/xr-cli/line-editor.js';
import { XrCliSession, type ShellRequest } from '../../lab/xr-cli/xr-cli-session.js';
import { platformInfo } from '../../lab/xr-cli/xr-platform.js';
import { XrTerminal } from '../../lab/xr-cli/xr-terminal.js';

describe('LineEditor', () => {
  const run = (input: string, echo = true) => {
    const e = new LineEditor(echo);
    return [...input].flatMap((c) => e.feed(c));
  };
  it('echoes, handles backspace and ends lines on CR, LF or CRLF (once)', () => {
    const ev = run('shox\x7fw\r\nab\nc\r');
    expect(ev.filter((e) => e.kind === 'line')).toEqual([
      { kind: 'line', line: 'show' },
      { kind: 'line', line: 'ab' },
      { kind: 'line', line: 'c' },
    ]);
    expect(ev.filter((e) => e.kind === 'echo').map((e) => (e as { text: string }).text).join('')).toBe('shox\b \bw\r\nab\r\nc\r\n');
  });
  it('abandons the line on Ctrl-C and swallows arrow keys', () => {
    const ev = run('junk\x03ok\x1b[A\r');
    expect(ev).toContainEqual({ kind: 'interrupt' });
    expect(ev.filter((e) => e.kind === 'line')).toEqual([{ kind: 'line', line: 'ok' }]);
  });
  it('does not echo without a pty', () => {
    expect(run('abc\r', false)).toEqual([{ kind: 'line', line: 'abc' }]);
  });
});

/** A terminal wired to a fake shell that echoes what it is given and exits on `exit`. */
function rig(kind: 'shell' | 'exec' = 'shell') {
  const info = platformInfo('vagrant');
  const store = new ConfigStore(null, info, 'ios', '198.18.0.2', () => new Date(0), () => 'aa');
  const session = new XrCliSession({ info, store, user: 'vagrant', defaultHostname: 'ios', interactive: true, clock: () => new Date(0) });
  const io = { out: '', closed: null as number | null, shells: [] as ShellRequest[], typed: '', size: '' };
  let exitShell: (code: number) => void = () => {};
  const t = new XrTerminal(session, {
    echo: true,
    kind,
    write: (d) => (io.out += d),
    close: (s) => (io.closed = s),
    launchShell: (req, size, onData, onExit) => {
      io.shells.push(req);
      io.size = `${size.rows} ${size.cols}`;
      exitShell = onExit;
      if (req.command !== undefined) {
        onData(`ran:${req.command}\r\n`);
        queueMicrotask(() => onExit(0));
      } else onData('[xr-vm_node0_RP0_CPU0:~]$ ');
      return {
        write: (d) => {
          io.typed += d;
          if (d.includes('exit\r')) onExit(0);
        },
        resize: (c, r) => (io.size = `${r} ${c}`),
        kill: () => {},
      };
    },
  });
  return { t, io, exitShell: (c: number) => exitShell(c) };
}

describe('XrTerminal', () => {
  it('greets with the prompt and processes a pasted block in order, CRLF output', () => {
    const { t, io } = rig();
    t.start();
    t.input('conf t\rhostname x\rabort\r');
    expect(io.out).toBe(
      '\r\nRP/0/RP0/CPU0:ios#conf t\r\nThu Jan  1 00:00:00.000 UTC\r\n' +
        'RP/0/RP0/CPU0:ios(config)#hostname x\r\nRP/0/RP0/CPU0:ios(config)#abort\r\nRP/0/RP0/CPU0:ios#',
    );
  });

  it('gives the terminal to bash with type-ahead, prints logout after it, then the prompt', () => {
    const { t, io } = rig();
    t.start();
    t.resize(120, 40);
    t.input('bash\rexit\r');
    expect(io.shells).toEqual([{}]);
    expect(io.size).toBe('40 120');
    expect(io.typed).toBe('exit\r');
    expect(io.out.endsWith('logout\r\nRP/0/RP0/CPU0:ios#')).toBe(true);
  });

  it('Ctrl-C abandons a dialog', () => {
    const { t, io } = rig();
    t.start();
    t.input('crypto key zeroize rsa\r\x03');
    expect(io.out.endsWith('^C\r\nRP/0/RP0/CPU0:ios#')).toBe(true);
  });

  it('an exec request ends with the status of its command', async () => {
    const { t, io } = rig('exec');
    t.runCommand('show bogus');
    expect(io.closed).toBe(1);
    const r2 = rig('exec');
    r2.t.runCommand('run true');
    await new Promise((r) => setTimeout(r, 0));
    expect(r2.io.out).toContain('ran:true');
    expect(r2.io.closed).toBe(0);
  });
});
