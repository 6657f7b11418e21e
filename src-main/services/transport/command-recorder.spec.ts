import { describe, expect, it } from 'vitest';
import { CommandRecorder, type CommandRecord } from './command-recorder';

const rec = (command: string): CommandRecord => ({
  place: 'XR CLI',
  target: 'cisco@198.18.0.5:22',
  command,
  exitStatus: 0,
  outputTail: '',
  startedAt: new Date(0).toISOString(),
  durationMs: 1,
});

describe('CommandRecorder', () => {
  it('keeps records in order, tells subscribers, and keeps only the newest when full', () => {
    const r = new CommandRecorder(2);
    const seen: string[] = [];
    const off = r.subscribe((x) => seen.push(x.command));
    r.subscribe(() => {
      throw new Error('a broken listener');
    });
    r.append(rec('a'));
    r.append(rec('b'));
    off();
    r.append(rec('c'));
    expect(seen).toEqual(['a', 'b']);
    expect(r.list().map((x) => x.command)).toEqual(['b', 'c']);
    expect(Object.isFrozen(r.list()[0])).toBe(true);
  });
});

describe('CommandRecorder with a journal', () => {
  it('keeps the records in the data folder: a second process sees the first one\'s, in order, and clear empties it', async () => {
    const { mkdtempSync, statSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const file = join(mkdtempSync(join(tmpdir(), 'xrcl-journal-')), 'runbook', 'commands.jsonl');
    const first = new CommandRecorder(3, file);
    first.append(rec('a'));
    first.append({ ...rec('b'), asRoot: true });
    const second = new CommandRecorder(3, file);
    second.append(rec('c'));
    second.append(rec('d'));
    expect(first.list().map((x) => x.command)).toEqual(['b', 'c', 'd']);
    expect(second.list()[0]?.asRoot).toBe(true);
    expect(statSync(file).mode & 0o077).toBe(0);
    second.clear();
    expect(first.list()).toEqual([]);
  });
});
