import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runInPty } from './pty-stream';

const here = path.dirname(fileURLToPath(import.meta.url));
const writer = path.join(here, 'fixtures', 'pty-flood-writer.mjs');
const dir = mkdtempSync(path.join(os.tmpdir(), 'xrcl-pty-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('runInPty', () => {
  it('delivers 20 MB of multi-byte output in order, every chunk whole characters', async () => {
    const copy = path.join(dir, 'flood.copy');
    const chunks: string[] = [];
    const r = await runInPty({ file: process.execPath, args: [writer, copy, '20'], cwd: dir }, { onData: (t) => chunks.push(t) });
    expect(r.exitCode).toBe(0);
    // The terminal's line discipline turns each LF into CRLF; nothing else may change.
    const expected = Buffer.from(readFileSync(copy).toString('latin1').replace(/\n/g, '\r\n'), 'latin1');
    const received = Buffer.from(chunks.join(''), 'utf8');
    expect(received.length).toBe(expected.length);
    expect(sha256(received)).toBe(sha256(expected));
    expect(r.bytes).toBe(expected.length);
    // A chunk cut inside a character would have decoded to U+FFFD.
    expect(chunks.some((c) => c.includes('\uFFFD'))).toBe(false);
    expect(chunks.length).toBeGreaterThan(10);
  }, 60_000);

  it('cancels with an interrupt, which a program may handle to clean up', async () => {
    const script = "process.on('SIGINT', () => { console.log('cleaning up'); process.exit(3); }); console.log('ready'); setInterval(() => {}, 1000);";
    const ac = new AbortController();
    let out = '';
    const done = runInPty({ file: process.execPath, args: ['-e', script], cwd: dir }, {
      signal: ac.signal,
      onData: (t) => {
        out += t;
        if (out.includes('ready')) ac.abort();
      },
    });
    const r = await done;
    expect(r.cancelled).toBe(true);
    expect(r.exitCode).toBe(3);
    expect(r.output).toContain('cleaning up');
  });

  it('ends the whole process group when the interrupt is ignored', async () => {
    // A shell that ignores SIGINT and a child that does too: only the group kill ends them.
    const script = "trap '' INT; sleep 300 & echo \"child $!\"; wait";
    const ac = new AbortController();
    let out = '';
    const r = await runInPty({ file: '/bin/sh', args: ['-c', script], cwd: dir }, {
      signal: ac.signal,
      interruptGraceMs: 100,
      killGraceMs: 100,
      onData: (t) => {
        out += t;
        if (/child \d+/.test(out)) ac.abort();
      },
    });
    expect(r.cancelled).toBe(true);
    const child = Number(/child (\d+)/.exec(out)![1]);
    let alive = true;
    try {
      process.kill(child, 0);
      alive = !readFileSync(`/proc/${child}/stat`, 'utf8').split(') ')[1]!.startsWith('Z');
    } catch {
      alive = false;
    }
    expect(alive).toBe(false);
  });
});
