// Local PTY sessions through the session manager: real node-pty, real /bin/sh.
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../../tests/support/wait-for';
import { SessionManager, type SessionEvent } from './session-manager';

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', PS1: '$ ', TERM: 'xterm' };

describe('PTY sessions', () => {
  it('a typed echo comes back, resize reaches stty, and exit is reported with its code', async () => {
    const events: SessionEvent[] = [];
    const mgr = new SessionManager((e) => events.push(e));
    const info = mgr.openPty({ title: 'sh', file: '/bin/sh', args: [], env, cols: 80, rows: 24 });
    let out = '';
    mgr.get(info.id).onData((d) => (out += d));
    expect(mgr.list()).toEqual([{ id: info.id, title: 'sh', kind: 'pty', exited: null }]);
    // Type once the shell is ready, as a person would.
    await waitFor(() => out.includes('$ '), { timeoutMs: 10_000, what: 'the shell prompt' });
    mgr.write(info.id, 'echo h""i\r');
    await waitFor(() => /\r\nhi\r\n/.test(out), { timeoutMs: 10_000, what: 'hi to come back' });
    mgr.resize(info.id, 101, 31);
    mgr.write(info.id, 'stty size\r');
    await waitFor(() => out.includes('31 101'), { timeoutMs: 10_000, what: 'stty size to show 31 101' });
    mgr.write(info.id, 'exit 3\r');
    await waitFor(() => events.find((e) => e.type === 'exited'), { timeoutMs: 10_000, what: 'the exit' });
    expect(events.find((e) => e.type === 'exited')).toMatchObject({ id: info.id, exit: { code: 3 } });
    expect(mgr.list()[0]!.exited).toEqual({ code: 3 });
    // The manager's events carry the same text, coalesced, and all of it before the exit.
    const streamed = events.flatMap((e) => (e.type === 'data' ? [e.data] : [])).join('');
    expect(streamed).toBe(out);
    expect(events.filter((e) => e.type === 'data').length).toBeLessThan(out.length);
    expect(events.at(-1)?.type).toBe('exited');
    mgr.close(info.id);
    expect(mgr.list()).toEqual([]);
  });

  it('never splits a UTF-8 character, however the output is chunked', async () => {
    const mgr = new SessionManager();
    const text = 'é€😀'.repeat(40_000);
    const info = mgr.openPty({
      file: process.execPath,
      args: ['-e', `process.stdout.write(${JSON.stringify('é€😀')}.repeat(40000) + "\\nEND\\n")`],
      env,
    });
    let out = '';
    const s = mgr.get(info.id);
    s.onData((d) => (out += d));
    await waitFor(() => s.exited !== null, { timeoutMs: 20_000, what: 'the program to end' });
    expect(out).not.toContain('\uFFFD');
    expect(out.replace(/\r?\nEND\r?\n$/, '')).toBe(text);
    mgr.closeAll();
  });
});
