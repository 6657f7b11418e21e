// A job's output as a terminal: through the session manager and service, as the renderer sees it.
import { describe, expect, it } from 'vitest';
import { FeedSession } from './feed-session';
import { SessionManager, type SessionEvent } from './session-manager';

describe('feed session', () => {
  it('carries what the job prints, in order and whole, then its exit; nothing after the end', async () => {
    const events: SessionEvent[] = [];
    const mgr = new SessionManager((e) => events.push(e));
    const s = new FeedSession('vagrant up (xr-topology)');
    const info = mgr.add(s);
    expect(info).toEqual({ id: s.id, title: 'vagrant up (xr-topology)', kind: 'pty', exited: null });
    const chunks = Array.from({ length: 500 }, (_, i) => `==> rtr: line ${i} \u2014 Retrying...\r\n`);
    for (const c of chunks) s.push(c);
    s.write();
    s.resize();
    s.end({ code: 0 });
    s.push('late\r\n');
    await new Promise<void>((resolve) => s.onExit(() => resolve()));
    const data = events.flatMap((e) => (e.type === 'data' ? [e.data] : [])).join('');
    expect(data).toBe(chunks.join(''));
    expect(events.at(-1)).toEqual({ type: 'exited', id: s.id, exit: { code: 0 } });
    expect(mgr.list()[0]!.exited).toEqual({ code: 0 });
  });

  it('closing the view ends the session, not the job', () => {
    const s = new FeedSession('vagrant halt');
    let exit: unknown = null;
    s.onExit((e) => (exit = e));
    s.close();
    expect(exit).toEqual({ code: null, signal: 'closed' });
    s.push('more output\r\n');
    expect(s.exited).toEqual({ code: null, signal: 'closed' });
  });
});
