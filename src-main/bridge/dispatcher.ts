import { isMethodName, type Handlers, type MethodName } from '../../src-shared/contract';
import { AppError, toErrorEnvelope, type ErrorEnvelope } from '../../src-shared/errors';

export type DispatchOutcome = { ok: true; value: unknown } | { ok: false; error: ErrorEnvelope };

/**
 * The single entry point both bridges use: checks the name against the contract, calls the
 * handler, and turns every failure into an error envelope the renderer can show.
 */
export function createDispatcher(handlers: Handlers) {
  return async function dispatch(name: unknown, params: unknown): Promise<DispatchOutcome> {
    if (!isMethodName(name)) {
      return {
        ok: false,
        error: new AppError(`Unknown method ${JSON.stringify(name)}.`, {
          code: 'UNKNOWN_METHOD',
          name: 'BridgeError',
          fix: 'The renderer and the main side are from different builds. Rebuild and restart the app.',
        }).toEnvelope(),
      };
    }
    try {
      const handler = handlers[name as MethodName] as (p: unknown) => Promise<unknown>;
      const value = await handler(params);
      return { ok: true, value: value === undefined ? null : value };
    } catch (err) {
      return { ok: false, error: toErrorEnvelope(err) };
    }
  };
}

export type Dispatch = ReturnType<typeof createDispatcher>;
