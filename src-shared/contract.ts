// The one contract between the renderer and the main side. Each method and event name is
// written once, here; channel names (Electron IPC and the web host's WebSocket) are derived
// from these keys, and both bridges dispatch only names found in this object.
import type { AppInfo, Notice, Settings } from './types/app';
import type { PromptAsked, PromptSettled } from './types/prompts';
import type { ConnectionTest, Target, TargetInput } from './types/targets';
import type { TaskLogChunk, TaskSnapshot } from './types/tasks';
import type { WizardAction, WizardView } from './types/wizard';

/** Phantom carrier for a method's parameter and result types. */
export interface MethodSpec<P, R> {
  readonly __params?: P;
  readonly __result?: R;
}
/** Phantom carrier for an event's payload type. */
export interface EventSpec<T> {
  readonly __payload?: T;
}

const method = <P = void, R = void>(): MethodSpec<P, R> => ({});
const event = <T>(): EventSpec<T> => ({});

export const contract = {
  methods: {
    'app.info': method<void, AppInfo>(),
    'app.notices': method<void, Notice[]>(),
    'app.dismissNotice': method<{ id: string }, void>(),
    'settings.get': method<void, Settings>(),
    'settings.update': method<Partial<Settings>, Settings>(),
    'tasks.list': method<void, TaskSnapshot[]>(),
    'tasks.log': method<{ id: string }, string>(),
    'tasks.cancel': method<{ id: string }, void>(),
    'tasks.clearFinished': method<void, void>(),
    'wizard.get': method<void, WizardView>(),
    'wizard.dispatch': method<WizardAction, WizardView>(),
    'wizard.runStep': method<{ stepId: string }, { taskId: string }>(),
    'targets.list': method<void, Target[]>(),
    'targets.add': method<{ target: TargetInput; password?: string; shellPassword?: string }, Target>(),
    'targets.update': method<{ name: string; target: TargetInput; password?: string; shellPassword?: string }, Target>(),
    'targets.remove': method<{ name: string }, void>(),
    'targets.test': method<{ name: string; acceptNew?: boolean }, ConnectionTest>(),
    'knownHosts.forget': method<{ name: string }, { removed: number }>(),
    'prompts.pending': method<void, PromptAsked[]>(),
    'prompts.answer': method<{ id: string; value: boolean | string }, void>(),
    'prompts.cancel': method<{ id: string }, void>(),
  },
  events: {
    'task.updated': event<TaskSnapshot>(),
    'task.removed': event<{ id: string }>(),
    'task.log': event<TaskLogChunk>(),
    'wizard.changed': event<WizardView>(),
    'app.notice': event<Notice>(),
    'prompt.asked': event<PromptAsked>(),
    'prompt.settled': event<PromptSettled>(),
  },
} as const;

export type Methods = typeof contract.methods;
export type Events = typeof contract.events;
export type MethodName = keyof Methods;
export type EventName = keyof Events;

export type ParamsOf<K extends MethodName> = Methods[K] extends MethodSpec<infer P, unknown> ? P : never;
export type ResultOf<K extends MethodName> = Methods[K] extends MethodSpec<unknown, infer R> ? R : never;
export type PayloadOf<K extends EventName> = Events[K] extends EventSpec<infer T> ? T : never;

export const methodNames = Object.keys(contract.methods) as MethodName[];
export const eventNames = Object.keys(contract.events) as EventName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract.methods, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract.events, name);
}

const CHANNEL_PREFIX = 'xrcl';
export const methodChannel = (name: MethodName): string => `${CHANNEL_PREFIX}:call:${name}`;
export const eventChannel = (name: EventName): string => `${CHANNEL_PREFIX}:event:${name}`;

/** What the main side implements: one async function per method. */
export type Handlers = {
  [K in MethodName]: (params: ParamsOf<K>) => Promise<ResultOf<K>>;
};

export type Unsubscribe = () => void;

/** What the renderer sees as `window.api`, whichever bridge carries it. */
export interface Api {
  call<K extends MethodName>(
    name: K,
    ...params: ParamsOf<K> extends void ? [] : [ParamsOf<K>]
  ): Promise<ResultOf<K>>;
  on<K extends EventName>(name: K, listener: (payload: PayloadOf<K>) => void): Unsubscribe;
}
