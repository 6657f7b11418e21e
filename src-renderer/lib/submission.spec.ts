import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/errors';
import { Submission } from './submission.svelte';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((res) => (resolve = res));
  return { promise, resolve };
}

describe('Submission', () => {
  it('is busy while the job runs and idle once it finished', async () => {
    const job = deferred();
    const s = new Submission(() => job.promise);
    const done = s.run();
    expect(s.busy).toBe(true);
    job.resolve();
    expect(await done).toBe(true);
    expect(s.busy).toBe(false);
    expect(s.error).toBeNull();
  });

  it('keeps what the job threw as the envelope the form shows, with its fix', async () => {
    const s = new Submission(async () => {
      throw new AppError('Port 5000 on 127.0.0.1 is in use by process 42.', { code: 'PORT_IN_USE', fix: 'Pick another port.', device: 'this computer' });
    });
    expect(await s.run()).toBe(false);
    expect(s.busy).toBe(false);
    expect(s.error).toEqual({ name: 'AppError', message: 'Port 5000 on 127.0.0.1 is in use by process 42.', code: 'PORT_IN_USE', fix: 'Pick another port.', device: 'this computer' });
  });

  it('clears the last error when the user submits again', async () => {
    let fail = true;
    const job = deferred();
    const s = new Submission(() => (fail ? Promise.reject(new Error('unreachable')) : job.promise));
    await s.run();
    expect(s.error?.message).toBe('unreachable');
    fail = false;
    const again = s.run();
    expect(s.error).toBeNull();
    job.resolve();
    expect(await again).toBe(true);
  });

  it('ignores a second submit while the first still runs', async () => {
    const job = deferred();
    let runs = 0;
    const s = new Submission(() => (runs++, job.promise));
    const first = s.run();
    expect(await s.run()).toBe(false);
    job.resolve();
    expect(await first).toBe(true);
    expect(runs).toBe(1);
  });
});
