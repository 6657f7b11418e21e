import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/errors';
import { Submission } from './submission.svelte';

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('Submission', () => {
  it('is busy while the job runs and idle once it finished', async () => {
    const s = new Submission();
    const job = deferred();
    const done = s.run(() => job.promise);
    expect(s.busy).toBe(true);
    job.resolve();
    expect(await done).toBe(true);
    expect(s.busy).toBe(false);
    expect(s.error).toBeNull();
  });

  it('keeps a rejection as the envelope the form shows, with its fix', async () => {
    const s = new Submission();
    const ok = await s.run(async () => {
      throw new AppError('Port 5000 on 127.0.0.1 is in use by process 42.', { code: 'PORT_IN_USE', fix: 'Pick another port.', device: 'this computer' });
    });
    expect(ok).toBe(false);
    expect(s.busy).toBe(false);
    expect(s.error).toEqual({ name: 'AppError', message: 'Port 5000 on 127.0.0.1 is in use by process 42.', code: 'PORT_IN_USE', fix: 'Pick another port.', device: 'this computer' });
  });

  it('clears the last error when the user submits again', async () => {
    const s = new Submission();
    await s.run(() => Promise.reject(new Error('unreachable')));
    expect(s.error?.message).toBe('unreachable');
    const job = deferred();
    const again = s.run(() => job.promise);
    expect(s.error).toBeNull();
    job.resolve();
    expect(await again).toBe(true);
  });

  it('ignores a second submit while the first still runs', async () => {
    const s = new Submission();
    const job = deferred();
    let runs = 0;
    const first = s.run(() => (runs++, job.promise));
    expect(await s.run(() => (runs++, Promise.resolve()))).toBe(false);
    job.resolve();
    expect(await first).toBe(true);
    expect(runs).toBe(1);
  });
});
