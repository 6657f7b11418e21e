import type { AppError } from '../../../src-shared/errors';

/** The error a promise rejects with; fails the spec when it resolves instead. */
export async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a failure, but it succeeded');
}
