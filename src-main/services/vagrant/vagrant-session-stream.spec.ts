// A vagrant job's output on its way to the renderer's terminal: PTY (real node-pty, a writer
// printing vagrant-like multi-byte lines at full speed) → the job's terminal session → the
// session service's batched `session.data` events and history → the renderer's joiner. What
// the terminal shows must be exactly what the program printed, however the view joins late.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TaskLogJoiner } from '../../../src-shared/task-log-joiner';
import type { TaskLogChunk } from '../../../src-shared/types/tasks';
import { vagrantServiceIn } from '../../../tests/support/vagrant-service-setup';
import { FeedSession } from '../sessions/feed-session';
import { TRIMMED_MARKER } from '../tasks/log-buffer';
import { runInPty } from './pty-stream';

const here = path.dirname(fileURLToPath(import.meta.url));
const writer = path.join(here, 'fixtures', 'pty-flood-writer.mjs');
const dir = mkdtempSync(path.join(os.tmpdir(), 'xrcl-vg-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a vagrant job\'s terminal', () => {
  it('reaches the renderer without drops or reordering, for a view open from the start and one that joins late', async () => {
    const { hub, sessions } = vagrantServiceIn(dir);
    const session = new FeedSession('vagrant up (xr-topology)');
    const { id } = sessions.adopt(session, 'rtr');
    expect(sessions.list()).toEqual([{ id, title: 'vagrant up (xr-topology)', kind: 'pty', target: 'rtr', exited: null }]);

    // A view open from the start: subscribed, then the (empty) history.
    let early = '';
    const earlyJoiner = new TaskLogJoiner((t) => (early += t));
    const lateChunks: TaskLogChunk[] = [];
    let lateJoined = false;
    let late = '';
    const lateJoiner = new TaskLogJoiner((t) => (late += t));
    let exited = false;
    hub.on('session.data', (c) => {
      if (c.id !== id) return;
      earlyJoiner.chunk(c);
      if (lateJoined) lateJoiner.chunk(c);
      else lateChunks.push(c);
    });
    hub.on('session.exit', (e) => (exited = e.id === id));
    earlyJoiner.history(sessions.history(id));

    const copy = path.join(dir, 'flood.copy');
    let pushed = 0;
    const r = await runInPty({ file: process.execPath, args: [writer, copy, '8'], cwd: dir }, {
      onData: (t) => {
        session.push(t);
        pushed += t.length;
        // A second view opens half-way: live chunks from now on, then the history.
        if (!lateJoined && pushed > 2_000_000) {
          lateJoined = true;
          lateJoiner.history(sessions.history(id));
        }
      },
    });
    session.end({ code: r.exitCode });
    await new Promise<void>((resolve) => {
      const t = setInterval(() => exited && (clearInterval(t), resolve()), 5);
    });
    const expected = readFileSync(copy).toString('latin1').replace(/\n/g, '\r\n');
    const sha = (s: string): string => createHash('sha256').update(Buffer.from(s, 'utf8')).digest('hex');
    const want = createHash('sha256').update(Buffer.from(expected, 'latin1')).digest('hex');
    expect(lateJoined).toBe(true);
    expect(sha(early)).toBe(want);
    // The late view got the bounded history (its head trimmed, and marked so), then every live
    // chunk: exactly the program's output from some point to the end.
    expect(late.startsWith(TRIMMED_MARKER)).toBe(true);
    const tail = Buffer.from(late.slice(TRIMMED_MARKER.length), 'utf8');
    const all = Buffer.from(expected, 'latin1');
    expect(tail.length).toBeGreaterThan(all.length - 2_500_000);
    expect(all.subarray(all.length - tail.length).equals(tail)).toBe(true);
    expect(lateChunks.length).toBeGreaterThan(0);
    // Every character is counted, the head trimmed from what is kept.
    expect(sessions.history(id).end).toBe(early.length);
  }, 60_000);
});
