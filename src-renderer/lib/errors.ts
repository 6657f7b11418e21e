import { isErrorEnvelope, type ErrorEnvelope } from '../../src-shared/errors';

/** Whatever a call rejected with, as the envelope the ErrorPanel draws. */
export function asEnvelope(err: unknown): ErrorEnvelope {
  if (isErrorEnvelope(err)) {
    const e = err as ErrorEnvelope;
    const env: ErrorEnvelope = { name: e.name, message: e.message, code: e.code };
    if (e.fix) env.fix = e.fix;
    if (e.device) env.device = e.device;
    if (e.command) env.command = e.command;
    if (e.detail) env.detail = e.detail;
    return env;
  }
  if (err instanceof Error) return { name: err.name, message: err.message, code: 'INTERNAL' };
  return { name: 'Error', message: String(err), code: 'INTERNAL' };
}

/** The bridge itself is down (the banner says so and how to fix it): not an error of the screen. */
export function isConnectionError(err: unknown): boolean {
  return isErrorEnvelope(err) && (err as ErrorEnvelope).name === 'ConnectionError';
}
