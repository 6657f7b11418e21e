import * as v from 'valibot';
import { contract, isMethodName, type Handlers, type MethodName } from '../../src-shared/contract';
import { AppError, toErrorEnvelope, type ErrorEnvelope } from '../../src-shared/errors';

export type DispatchOutcome = { ok: true; value: unknown } | { ok: false; error: ErrorEnvelope };

/**
 * The single entry point both bridges use: checks the name against the contract, validates the
 * parameters against the method's schema, calls the handler with the validated copy (never the
 * caller's object), and turns every failure into an error envelope the renderer can show.
 */
export function createDispatcher(handlers: Handlers) {
  return async function dispatch(name: unknown, params: unknown): Promise<DispatchOutcome> {
    if (!isMethodName(name)) {
      return {
        ok: false,
        error: new AppError(`Unknown method ${JSON.stringify(name)?.slice(0, 80)}.`, {
          code: 'UNKNOWN_METHOD',
          name: 'BridgeError',
          fix: 'The renderer and the main side are from different builds. Rebuild and restart the app.',
        }).toEnvelope(),
      };
    }
    const schema = contract.methods[name].params as v.GenericSchema;
    const parsed = v.safeParse(schema, params);
    if (!parsed.success) return { ok: false, error: invalidParams(name, schema, parsed.issues).toEnvelope() };
    try {
      const handler = handlers[name as MethodName] as (p: unknown) => Promise<unknown>;
      const value = await handler(parsed.output);
      return { ok: true, value: value === undefined ? null : value };
    } catch (err) {
      return { ok: false, error: toErrorEnvelope(err) };
    }
  };
}

function invalidParams(name: MethodName, schema: v.GenericSchema, issues: readonly v.BaseIssue<unknown>[]): AppError {
  const issue = issues[0]!;
  const field = v.getDotPath(issue);
  const what =
    schema.type === 'undefined'
      ? 'it takes no parameters'
      : `${field ? `field "${field.slice(0, 60)}"` : 'the parameters'}: ${issue.message.slice(0, 160)}`;
  return new AppError(`Refused a call to ${name}: ${what}.`, {
    code: 'INVALID_PARAMS',
    name: 'BridgeError',
    fix: 'Nothing was changed. Reload the page; if this keeps happening, the page and the app are from different builds: rebuild and restart the app.',
  });
}

export type Dispatch = ReturnType<typeof createDispatcher>;
