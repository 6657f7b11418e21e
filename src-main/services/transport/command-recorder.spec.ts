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
