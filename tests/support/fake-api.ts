// A fake `window.api` for the renderer's unit specs, typed by the contract: a method or event
// name that the contract does not have, or a wrong parameter or payload, fails to compile.
// It records every call, lets a test answer methods (at once or later) and emit events.
import type { Api, EventName, MethodName, ParamsOf, PayloadOf, ResultOf, Unsubscribe } from '../../src-shared/contract';

type CallArgs<K extends MethodName> = ParamsOf<K> extends void ? [] : [ParamsOf<K>];
export type Answer<K extends MethodName> = (params: ParamsOf<K>) => ResultOf<K> | Promise<ResultOf<K>>;

export interface RecordedCall {
  name: MethodName;
  params: unknown;
}

/** A call the test settles by hand: for replies that must arrive after some events. */
export interface HeldCall<K extends MethodName> {
  /** Resolves with the parameters once the call was made. */
  readonly made: Promise<ParamsOf<K>>;
  resolve(value: ResultOf<K>): void;
  reject(error: unknown): void;
}

interface Pending {
  params: unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export class FakeApi implements Api {
  readonly calls: RecordedCall[] = [];
  private readonly answers = new Map<MethodName, (params: unknown) => unknown>();
  /** Per method, the held calls waiting for the next calls to take them. */
  private readonly takers = new Map<MethodName, Array<(call: Pending) => void>>();
  private readonly listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  // Arrow properties: the app's bridge wrapper passes `on` around unbound.
  call = <K extends MethodName>(name: K, ...args: CallArgs<K>): Promise<ResultOf<K>> => {
    const params = args[0];
    this.calls.push({ name, params });
    const take = this.takers.get(name)?.shift();
    if (take) {
      return new Promise<ResultOf<K>>((resolve, reject) => take({ params, resolve: resolve as (v: unknown) => void, reject }));
    }
    const answer = this.answers.get(name);
    if (!answer) return Promise.reject(new Error(`FakeApi: the test gave no answer for ${name}`));
    try {
      return Promise.resolve(answer(params) as ResultOf<K>);
    } catch (err) {
      return Promise.reject(err);
    }
  };

  on = <K extends EventName>(name: K, listener: (payload: PayloadOf<K>) => void): Unsubscribe => {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    const fn = listener as (payload: unknown) => void;
    set.add(fn);
    return () => {
      set.delete(fn);
    };
  };

  /** Answers every later call to `name` (a thrown error or rejected promise rejects the call). */
  answer<K extends MethodName>(name: K, fn: Answer<K>): this {
    this.answers.set(name, fn as (params: unknown) => unknown);
    return this;
  }

  /** Holds the next call to `name` (made after this) until the test resolves or rejects it. */
  hold<K extends MethodName>(name: K): HeldCall<K> {
    let pending: Pending | null = null;
    const made = new Promise<ParamsOf<K>>((resolve) => {
      const queue = this.takers.get(name) ?? [];
      this.takers.set(name, queue);
      queue.push((call) => {
        pending = call;
        resolve(call.params as ParamsOf<K>);
      });
    });
    const settle = (how: (p: Pending) => void): void => {
      if (!pending) throw new Error(`FakeApi: ${name} was not called yet`);
      how(pending);
    };
    return {
      made,
      resolve: (value) => settle((p) => p.resolve(value)),
      reject: (error) => settle((p) => p.reject(error)),
    };
  }

  /** Delivers an event to every listener, at once, as the bridge would. */
  emit<K extends EventName>(name: K, payload: PayloadOf<K>): void {
    for (const fn of [...(this.listeners.get(name) ?? [])]) fn(payload);
  }

  /** The parameters of every call to `name`, in order. */
  callsOf<K extends MethodName>(name: K): Array<ParamsOf<K>> {
    return this.calls.filter((c) => c.name === name).map((c) => c.params as ParamsOf<K>);
  }

  listenerCount(name: EventName): number {
    return this.listeners.get(name)?.size ?? 0;
  }
}
