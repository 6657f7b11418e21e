// Errors that cross the bridge keep their name, message and the fix to show the user.
// Services throw AppError; the bridge turns anything else into an 'InternalError' envelope.

export interface ErrorEnvelope {
  name: string;
  message: string;
  /** Stable machine-readable code, e.g. 'TIMEOUT', 'NOT_FOUND', 'BAD_INPUT'. */
  code: string;
  /** What the user should do about it, written for a network engineer. */
  fix?: string;
  /** Where it happened: 'this computer', a router name, 'devbox'. */
  device?: string;
  /** The command that failed, as it would be typed by hand. */
  command?: string;
  /** The output of that command (tail), or other detail worth showing. */
  detail?: string;
}

export interface AppErrorInit {
  code: string;
  fix?: string;
  device?: string;
  command?: string;
  detail?: string;
  name?: string;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: string;
  readonly fix?: string;
  readonly device?: string;
  readonly command?: string;
  readonly detail?: string;

  constructor(message: string, init: AppErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = init.name ?? 'AppError';
    this.code = init.code;
    this.fix = init.fix;
    this.device = init.device;
    this.command = init.command;
    this.detail = init.detail;
  }

  toEnvelope(): ErrorEnvelope {
    const env: ErrorEnvelope = { name: this.name, message: this.message, code: this.code };
    if (this.fix !== undefined) env.fix = this.fix;
    if (this.device !== undefined) env.device = this.device;
    if (this.command !== undefined) env.command = this.command;
    if (this.detail !== undefined) env.detail = this.detail;
    return env;
  }

  static fromEnvelope(env: ErrorEnvelope): AppError {
    return new AppError(env.message, { ...env });
  }
}

/** Any thrown value as an envelope; unknown errors keep their message but get a generic fix. */
export function toErrorEnvelope(err: unknown): ErrorEnvelope {
  if (err instanceof AppError) return err.toEnvelope();
  if (err instanceof Error) {
    if (err.name === 'AbortError') {
      return { name: 'CancelledError', message: 'The operation was cancelled.', code: 'CANCELLED' };
    }
    return {
      name: 'InternalError',
      message: err.message || 'An unexpected error occurred.',
      code: 'INTERNAL',
      fix: 'This is a bug in XR Container Lab. Retry; if it happens again, report it with the Activity log.',
    };
  }
  return {
    name: 'InternalError',
    message: String(err),
    code: 'INTERNAL',
    fix: 'This is a bug in XR Container Lab. Retry; if it happens again, report it with the Activity log.',
  };
}

export function isErrorEnvelope(value: unknown): value is ErrorEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.name === 'string' && typeof v.message === 'string' && typeof v.code === 'string';
}
