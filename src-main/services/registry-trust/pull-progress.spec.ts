import { describe, expect, it } from 'vitest';
import { PullProgressFold } from './pull-progress';

describe('folding docker pull lines into one bar', () => {
  it('counts every layer by its stage, across chunk boundaries', () => {
    const fold = new PullProgressFold();
    expect(fold.push('1: Pulling from xrcl/busybox\n')).toBeNull();
    expect(fold.push('aaaaaaaaaaaa: Pulling fs layer\nbbbbbbbbbbbb: Already exists\n')).toEqual({ fraction: 0.5, detail: '1 of 2 layers' });
    expect(fold.push('aaaaaaaaaaaa: Download comp')).toBeNull();
    expect(fold.push('lete\n')?.fraction).toBeCloseTo(0.8);
    expect(fold.push('aaaaaaaaaaaa: Pull complete\nDigest: sha256:00\n')).toEqual({ fraction: 1, detail: '2 of 2 layers' });
  });

  it('never moves a layer back', () => {
    const fold = new PullProgressFold();
    fold.push('cccccccccccc: Extracting\n');
    expect(fold.push('cccccccccccc: Downloading\n')).toBeNull();
    expect(fold.progress().fraction).toBeCloseTo(0.8);
  });
});
