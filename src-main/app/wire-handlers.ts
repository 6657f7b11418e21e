// The composition root's one table of handlers, built from each domain's handler group. The
// types check that the groups cover every contract method exactly once: a missing method, a
// method in two groups, or a name the contract lacks is a compile error naming it.
import { methodNames, type Handlers, type MethodName } from '../../src-shared/contract';

type Check<G extends readonly object[], Seen extends PropertyKey = never> = G extends readonly [
  infer Head extends object,
  ...infer Tail extends readonly object[],
]
  ? [keyof Head & Seen] extends [never]
    ? Check<Tail, Seen | keyof Head>
    : { error: 'methods handled by two groups'; methods: keyof Head & Seen }
  : [Exclude<Seen, MethodName>] extends [never]
    ? [Exclude<MethodName, Seen>] extends [never]
      ? 'ok'
      : { error: 'contract methods no group handles'; methods: Exclude<MethodName, Seen> }
    : { error: 'methods the contract does not have'; methods: Exclude<Seen, MethodName> };

/** The groups as given when `Check` says 'ok'; otherwise a type they cannot meet, naming the problem. */
type Checked<G extends readonly object[]> = Check<G> extends 'ok' ? G : G & Check<G>;

export function wireHandlers<const G extends readonly Partial<Handlers>[]>(groups: Checked<G>): Handlers {
  const table: Partial<Record<MethodName, unknown>> = {};
  for (const group of groups) {
    for (const [name, handler] of Object.entries(group)) {
      // The types rule these out; keep the runtime honest for groups built dynamically.
      if (name in table) throw new Error(`Two handler groups handle ${name}.`);
      table[name as MethodName] = handler;
    }
  }
  const missing = methodNames.filter((n) => typeof table[n] !== 'function');
  if (missing.length) throw new Error(`No handler for ${missing.join(', ')}.`);
  return table as Handlers;
}
