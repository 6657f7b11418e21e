// The one contract between the renderer and the main side. Each method and event name is
// written once, here; channel names (Electron IPC and the web host's WebSocket) are derived
// from these keys, and both bridges dispatch only names found in this object.
//
// A method's parameters are a valibot schema written beside it: the bridge validates every
// call against it before any handler runs (a page can send anything, whatever the types say),
// and the TypeScript parameter type is inferred from the same schema.
import * as v from 'valibot';
import { themePreferences, type AppInfo, type Notice, type Settings } from './types/app';
import type { TaskLogChunk, TaskLogText, TaskSnapshot } from './types/tasks';
import type { PromptAsked, PromptSettled } from './types/prompts';
import type { SessionExitInfo, SessionView } from './types/sessions';
import { targetPlatforms, type ConnectionTest, type OnboardingResult, type Target, type TargetInput } from './types/targets';
import { imagePaths, targetPaths, type WizardAction, type WizardView } from './types/wizard';
import type { RouterPullResult, TrustResult } from './types/router-registries';
import type { ImageBuildRequest, ImageBuildResult, ImageSendRequest, ImageSendResult, TarballInspection } from './types/images';
import {
  managedKinds,
  registryEngines,
  type AddressCandidate,
  type EngineImages,
  type PushResult,
  type RegistryAddInput,
  type RegistryRepository,
  type RegistryTag,
  type RegistryUpInput,
  type RegistryView,
} from './types/registries';
import {
  containerCapabilities,
  restartPolicies,
  type ContainerSummary,
  type NetworkCheck,
  type RemoveResult,
  type RouterImage,
  type RunPreview,
  type RunResult,
  type RunSpec,
} from './types/containers';
import type { ImageGuideChoices, ImageGuideView } from './types/image-guide';
import type { GuideTopology, TopologyChoices, TopologyFileView, VagrantJob, VagrantMachine, VagrantPorts, VagrantTargetsResult, VagrantTopologyView } from './types/vagrant';

/** A method: the runtime schema of its parameters, and (phantom) its result type. */
export interface MethodSpec<S extends v.GenericSchema, R> {
  readonly params: S;
  readonly __result?: R;
}
/** Phantom carrier for an event's payload type. */
export interface EventSpec<T> {
  readonly __payload?: T;
}

/** `method(schema).returns<Result>()`; `method()` takes no parameters. */
function method<S extends v.GenericSchema = typeof noParams>(params?: S) {
  const schema = (params ?? noParams) as S;
  return { returns: <R = void>(): MethodSpec<S, R> => ({ params: schema }) };
}
const event = <T>(): EventSpec<T> => ({});

// Building blocks. Every string is capped; every object is strict (unknown fields, including
// `__proto__` and `constructor`, are refused rather than ignored).
const noParams = v.undefined();
/** Ids the main side made (UUIDs, step ids, notice ids): short, printable, no spaces. */
const id = v.pipe(v.string(), v.minLength(1), v.maxLength(128), v.regex(/^[A-Za-z0-9._:-]+$/, 'Expected letters, digits, ".", "_", ":" or "-"'));

const settingsPatch = v.strictObject({
  theme: v.optional(v.picklist(themePreferences)),
  persistSecretsInWebHost: v.optional(v.boolean()),
});

/** Only what a user can ask of the wizard; task start and end are the main side's own events. */
const wizardAction = v.variant('type', [
  v.strictObject({ type: v.literal('select'), stepId: id }),
  v.strictObject({ type: v.literal('choosePath'), path: v.picklist(targetPaths) }),
  v.strictObject({
    type: v.literal('chooseRouter'),
    router: v.strictObject({ target: v.pipe(v.string(), v.minLength(1), v.maxLength(63)), newUser: v.pipe(v.string(), v.minLength(1), v.maxLength(32)) }),
  }),
  v.strictObject({ type: v.literal('chooseImagePath'), imagePath: v.picklist(imagePaths) }),
  v.strictObject({ type: v.literal('reset') }),
]);

/** A password or passphrase as typed: any characters, capped. Never logged. */
const secret = v.pipe(v.string(), v.minLength(1), v.maxLength(1024));
const port = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65535));
/** Target names; the service applies the full naming rules with their fix. */
const targetName = v.pipe(v.string(), v.minLength(1), v.maxLength(63));
const targetInput = v.strictObject({
  name: targetName,
  platform: v.picklist(targetPlatforms),
  host: v.pipe(v.string(), v.minLength(1), v.maxLength(255)),
  cliPort: v.optional(port),
  shellPort: v.optional(port),
  user: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  keyFile: v.optional(v.pipe(v.string(), v.maxLength(4096))),
  jump: v.optional(targetName),
  shellUser: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(64))),
});
const termCols = v.pipe(v.number(), v.integer(), v.minValue(2), v.maxValue(1000));
const termRows = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(500));
/** An image reference; the service checks it against Docker's grammar before anything runs. */
const imageRef = v.pipe(v.string(), v.minLength(1), v.maxLength(512), v.regex(/^[^\s'"`$;&|<>()\\]+$/, 'Expected an image reference without spaces or shell characters'));
/** An XR interface name as typed, e.g. GigabitEthernet0/0/0/0. */
const xrInterface = v.pipe(v.string(), v.minLength(1), v.maxLength(64), v.regex(/^[A-Za-z][A-Za-z0-9/.-]*$/, 'Expected an XR interface name'));
/** Registry names: the service applies the full naming rules with their fix. */
const registryName = v.pipe(v.string(), v.minLength(1), v.maxLength(40), v.regex(/^[a-z0-9][a-z0-9_-]*$/, 'Expected lower-case letters, digits, "-" or "_"'));
const hostText = v.pipe(v.string(), v.minLength(1), v.maxLength(255));
/** Repository and tag names, checked again by the image-reference grammar in the service. */
const repositoryName = v.pipe(v.string(), v.minLength(1), v.maxLength(255), v.regex(/^[a-z0-9._/-]+$/, 'Expected a repository name such as xrcl/busybox'));
const tagName = v.pipe(v.string(), v.minLength(1), v.maxLength(128), v.regex(/^\w[\w.-]*$/, 'Expected a tag such as 1.0'));
const registryUp = v.strictObject({
  name: registryName,
  kind: v.picklist(managedKinds),
  port: v.optional(port),
  address: v.optional(hostText),
  hostname: v.optional(hostText),
  listen: v.optional(hostText),
  engine: v.optional(v.picklist(registryEngines)),
  image: v.optional(hostText),
});
const registryAdd = v.strictObject({
  name: registryName,
  url: v.pipe(v.string(), v.minLength(1), v.maxLength(2048)),
  user: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(255))),
  caPem: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(64 * 1024), v.includes('-----BEGIN CERTIFICATE-----', 'Expected a PEM certificate'))),
});
/** A container name; the service applies docker's grammar and names any shell characters. */
const containerName = v.pipe(v.string(), v.minLength(1), v.maxLength(128));
const routerPath = v.pipe(v.string(), v.minLength(1), v.maxLength(1024));
const vrfName = v.pipe(v.string(), v.minLength(1), v.maxLength(64));
/** The run dialog's fields; `draft` lets image and name be empty while the user types (preview). */
const runSpecSchema = (draft: boolean) =>
  v.strictObject({
    image: v.pipe(v.string(), v.minLength(draft ? 0 : 1), v.maxLength(512)),
    name: v.pipe(v.string(), v.minLength(draft ? 0 : 1), v.maxLength(128)),
    command: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(4096))), v.maxLength(64))),
    vrfs: v.optional(v.pipe(v.array(vrfName), v.maxLength(16))),
    capabilities: v.optional(v.pipe(v.array(v.picklist(containerCapabilities)), v.maxLength(containerCapabilities.length))),
    restart: v.optional(v.picklist(restartPolicies)),
    memory: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(16))),
    cpus: v.optional(v.pipe(v.number(), v.minValue(0.01), v.maxValue(64))),
    mounts: v.optional(
      v.pipe(v.array(v.strictObject({ source: routerPath, destination: routerPath, readOnly: v.optional(v.boolean()) })), v.maxLength(16)),
    ),
  });
const runSpec = runSpecSchema(false);
const container = { target: targetName, name: containerName };
const targetSave = { target: targetInput, password: v.optional(secret), shellPassword: v.optional(secret) };
/** A path on this computer as typed or picked (topology folders, box files, tarballs): any characters, capped; services check the rest. */
const localPath = v.pipe(v.string(), v.minLength(1), v.maxLength(4096));
const shortText = v.pipe(v.string(), v.minLength(1), v.maxLength(128));
/** The user's topology choices; the service applies the full rules (ranges, subnets) with their fix. */
const topologyChoices = v.strictObject({
  provider: v.optional(v.picklist(['virtualbox', 'docker'])),
  routerMemoryMb: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_048_576))),
  routerBox: v.optional(shortText),
  devboxBox: v.optional(shortText),
  routerAddress: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(64))),
  devboxAddress: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(64))),
  linkName: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(64))),
  docker: v.optional(v.strictObject({ routerImage: v.pipe(v.string(), v.minLength(1), v.maxLength(255)), devboxImage: v.pipe(v.string(), v.minLength(1), v.maxLength(255)), containerPrefix: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(64))) })),
});
const topologyDir = v.strictObject({ dir: localPath });
/** The Guide's image choices; the service checks each with its grammar (address, reference, path). */
const imageGuideChoices = v.strictObject({
  address: v.optional(hostText),
  port: v.optional(port),
  source: v.optional(localPath),
  as: v.optional(imageRef),
  existingUrl: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(2048))),
  existingUser: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(255))),
  existingCaFile: v.optional(localPath),
  existingImage: v.optional(imageRef),
  hubImage: v.optional(imageRef),
  hubNameServer: v.optional(hostText),
});

/** Free text for image settings (env values, labels, commands), capped. */
const imageText = v.pipe(v.string(), v.minLength(1), v.maxLength(1024));
const imageBuild = v.strictObject({
  output: localPath,
  format: v.picklist(['save', 'export']),
  /** A tarball path, or docker://REF: a base pulled from a registry (its grammar checked by the builder before the task starts). */
  base: v.optional(localPath),
  add: v.optional(v.pipe(v.array(v.pipe(v.string(), v.minLength(3), v.maxLength(8192))), v.maxLength(256))),
  tags: v.optional(v.pipe(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(255))), v.minLength(1), v.maxLength(16))),
  env: v.optional(v.pipe(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(4096))), v.maxLength(256))),
  entrypoint: v.optional(v.pipe(v.array(imageText), v.maxLength(64))),
  cmd: v.optional(v.pipe(v.array(imageText), v.maxLength(64))),
  workdir: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(1024), v.startsWith('/', 'A working directory is an absolute path'))),
  labels: v.optional(v.pipe(v.record(v.pipe(v.string(), v.minLength(1), v.maxLength(256)), v.pipe(v.string(), v.maxLength(4096))), v.check((r) => Object.keys(r).length <= 128, 'At most 128 labels'))),
  gzip: v.optional(v.boolean()),
});
const imageSend = v.strictObject({
  target: v.pipe(v.string(), v.minLength(1), v.maxLength(63)),
  file: localPath,
  action: v.picklist(['load', 'import', 'copy']),
  importAs: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(255))),
  thin: v.optional(v.boolean()),
  keep: v.optional(v.boolean()),
  compression: v.optional(v.picklist(['auto', 'gzip', 'none'])),
  acceptNew: v.optional(v.boolean()),
});

export const contract = {
  methods: {
    'app.info': method().returns<AppInfo>(),
    'app.notices': method().returns<Notice[]>(),
    'app.dismissNotice': method(v.strictObject({ id })).returns<void>(),
    'settings.get': method().returns<Settings>(),
    'settings.update': method(settingsPatch).returns<Settings>(),
    'tasks.list': method().returns<TaskSnapshot[]>(),
    'tasks.log': method(v.strictObject({ id })).returns<TaskLogText>(),
    'tasks.cancel': method(v.strictObject({ id })).returns<void>(),
    'tasks.clearFinished': method().returns<void>(),
    'wizard.get': method().returns<WizardView>(),
    'wizard.dispatch': method(wizardAction).returns<WizardView>(),
    'wizard.runStep': method(v.strictObject({ stepId: id })).returns<{ taskId: string }>(),
    'targets.list': method().returns<Target[]>(),
    'targets.add': method(v.strictObject(targetSave)).returns<Target>(),
    'targets.update': method(v.strictObject({ name: targetName, ...targetSave })).returns<Target>(),
    'targets.remove': method(v.strictObject({ name: targetName })).returns<void>(),
    'targets.test': method(v.strictObject({ name: targetName, acceptNew: v.optional(v.boolean()) })).returns<ConnectionTest>(),
    'targets.onboard': method(
      v.strictObject({
        name: targetName,
        newUser: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
        newPassword: secret,
        regenerateKeys: v.optional(v.boolean()),
        acceptNew: v.optional(v.boolean()),
      }),
    ).returns<{ taskId: string }>(),
    'targets.exec': method(
      v.strictObject({
        name: targetName,
        where: v.picklist(['cli', 'shell', 'root']),
        command: v.pipe(v.string(), v.minLength(1), v.maxLength(8192)),
        acceptNew: v.optional(v.boolean()),
      }),
    ).returns<{ output: string; exitStatus: number }>(),
    'targets.onboardingResult': method(v.strictObject({ name: targetName })).returns<OnboardingResult | null>(),
    'knownHosts.forget': method(v.strictObject({ name: targetName })).returns<{ removed: number }>(),
    'sessions.open': method(
      v.strictObject({ name: targetName, endpoint: v.picklist(['cli', 'shell']), cols: termCols, rows: termRows, acceptNew: v.optional(v.boolean()) }),
    ).returns<SessionView>(),
    'sessions.list': method().returns<SessionView[]>(),
    'sessions.history': method(v.strictObject({ id })).returns<TaskLogText>(),
    'sessions.write': method(v.strictObject({ id, data: v.pipe(v.string(), v.minLength(1), v.maxLength(64 * 1024)) })).returns<void>(),
    'sessions.resize': method(v.strictObject({ id, cols: termCols, rows: termRows })).returns<void>(),
    'sessions.close': method(v.strictObject({ id })).returns<void>(),
    'routerRegistries.trust': method(v.strictObject({ name: registryName, target: targetName, updateSource: v.optional(xrInterface) })).returns<{ taskId: string }>(),
    'routerRegistries.trustResult': method(v.strictObject({ taskId: id })).returns<TrustResult | null>(),
    'routerRegistries.login': method(v.strictObject({ name: registryName, target: targetName })).returns<{ taskId: string }>(),
    'routerImages.pull': method(v.strictObject({ target: targetName, ref: imageRef })).returns<{ taskId: string }>(),
    'routerImages.pullResult': method(v.strictObject({ taskId: id })).returns<RouterPullResult | null>(),
    'images.inspect': method(v.strictObject({ file: localPath })).returns<TarballInspection>(),
    'images.build': method(imageBuild).returns<{ taskId: string }>(),
    'images.buildResult': method(v.strictObject({ taskId: id })).returns<ImageBuildResult | null>(),
    'images.send': method(imageSend).returns<{ taskId: string }>(),
    'images.sendResult': method(v.strictObject({ taskId: id })).returns<ImageSendResult | null>(),
    'registries.list': method().returns<RegistryView[]>(),
    'registries.up': method(registryUp).returns<RegistryView>(),
    'registries.down': method(v.strictObject({ name: registryName })).returns<RegistryView>(),
    'registries.remove': method(v.strictObject({ name: registryName })).returns<void>(),
    'registries.add': method(v.strictObject({ registry: registryAdd, password: v.optional(secret) })).returns<RegistryView>(),
    'registries.candidates': method(v.optional(v.strictObject({ target: v.optional(targetName) }))).returns<AddressCandidate[]>(),
    'registries.repositories': method(v.strictObject({ name: registryName })).returns<RegistryRepository[]>(),
    'registries.tags': method(v.strictObject({ name: registryName, repository: repositoryName })).returns<RegistryTag[]>(),
    'registries.deleteTag': method(v.strictObject({ name: registryName, repository: repositoryName, tag: tagName })).returns<{ digest: string; removedTags: string[] }>(),
    'registries.push': method(
      v.strictObject({
        name: registryName,
        /** A tarball path on this computer, or docker-daemon:IMAGE. */
        source: v.pipe(v.string(), v.minLength(1), v.maxLength(4096)),
        as: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(255))),
      }),
    ).returns<{ taskId: string }>(),
    'registries.pushResult': method(v.strictObject({ taskId: id })).returns<PushResult | null>(),
    'registries.engineImages': method().returns<EngineImages>(),
    'containers.preview': method(v.strictObject({ target: targetName, spec: runSpecSchema(true) })).returns<RunPreview>(),
    'containers.images': method(v.strictObject({ target: targetName })).returns<RouterImage[]>(),
    'containers.vrfs': method(v.strictObject({ target: targetName })).returns<string[]>(),
    'containers.run': method(v.strictObject({ target: targetName, spec: runSpec })).returns<RunResult>(),
    'containers.list': method(v.strictObject({ target: targetName })).returns<ContainerSummary[]>(),
    'containers.logs': method(v.strictObject({ ...container, tail: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000))) })).returns<{ output: string }>(),
    'containers.followLogs': method(v.strictObject(container)).returns<{ taskId: string }>(),
    'containers.start': method(v.strictObject(container)).returns<void>(),
    'containers.stop': method(v.strictObject(container)).returns<void>(),
    'containers.restart': method(v.strictObject(container)).returns<void>(),
    'containers.remove': method(v.strictObject({ ...container, image: v.optional(v.boolean()) })).returns<RemoveResult>(),
    'containers.inspect': method(v.strictObject(container)).returns<Record<string, unknown>>(),
    'containers.exec': method(
      v.strictObject({ ...container, command: v.pipe(v.array(v.pipe(v.string(), v.maxLength(4096))), v.minLength(1), v.maxLength(64)) }),
    ).returns<{ output: string; exitStatus: number }>(),
    'containers.shell': method(v.strictObject({ ...container, cols: termCols, rows: termRows })).returns<SessionView>(),
    'containers.check': method(v.strictObject({ ...container, vrf: v.optional(vrfName) })).returns<NetworkCheck>(),
    'runbook.export': method().returns<{ markdown: string; commands: number }>(),
    'runbook.clear': method().returns<void>(),
    'vagrant.preview': method(v.strictObject({ choices: topologyChoices })).returns<TopologyFileView[]>(),
    'vagrant.init': method(v.strictObject({ dir: localPath, choices: topologyChoices, overwrite: v.optional(v.boolean()) })).returns<{ dir: string; files: string[] }>(),
    'vagrant.topologies': method().returns<VagrantTopologyView[]>(),
    'vagrant.guideTopology': method().returns<GuideTopology>(),
    'vagrant.chooseTopology': method(v.strictObject({ dir: localPath, choices: topologyChoices })).returns<GuideTopology>(),
    'vagrant.boxStatus': method().returns<{ added: boolean; box: string | null }>(),
    'vagrant.addBox': method(v.strictObject({ file: localPath, name: v.optional(shortText), force: v.optional(v.boolean()) })).returns<{ taskId: string }>(),
    'vagrant.up': method(topologyDir).returns<VagrantJob>(),
    'vagrant.halt': method(topologyDir).returns<VagrantJob>(),
    'vagrant.destroy': method(topologyDir).returns<VagrantJob>(),
    'vagrant.status': method(topologyDir).returns<VagrantMachine[]>(),
    'vagrant.ports': method(topologyDir).returns<VagrantPorts>(),
    'vagrant.addTargets': method(v.strictObject({ dir: localPath, routerName: v.optional(targetName), devboxName: v.optional(targetName) })).returns<VagrantTargetsResult>(),
    'imageGuide.get': method().returns<ImageGuideView>(),
    'imageGuide.choose': method(imageGuideChoices).returns<ImageGuideView>(),
    'prompts.pending': method().returns<PromptAsked[]>(),
    'prompts.answer': method(v.strictObject({ id, value: v.union([v.boolean(), secret]) })).returns<void>(),
    'prompts.cancel': method(v.strictObject({ id })).returns<void>(),
  },
  events: {
    'task.updated': event<TaskSnapshot>(),
    'task.removed': event<{ id: string }>(),
    'task.log': event<TaskLogChunk>(),
    'wizard.changed': event<WizardView>(),
    'app.notice': event<Notice>(),
    'prompt.asked': event<PromptAsked>(),
    'session.data': event<TaskLogChunk>(),
    'session.exit': event<{ id: string; exit: SessionExitInfo }>(),
    'session.closed': event<{ id: string }>(),
    'prompt.settled': event<PromptSettled>(),
  },
} as const;

// The schemas must accept exactly the shared types: a new WizardAction (or setting) fails
// the typecheck here until its schema is written.
type Matches<A, B> = [A] extends [B] ? ([B] extends [A] ? true : 'the schema and the shared type differ') : 'the schema and the shared type differ';
const schemasMatchTypes: [
  wizardAction: Matches<v.InferOutput<typeof wizardAction>, WizardAction>,
  settingsPatch: Matches<v.InferOutput<typeof settingsPatch>, Partial<Settings>>,
  targetInput: Matches<v.InferOutput<typeof targetInput>, TargetInput>,
  imageBuild: Matches<v.InferOutput<typeof imageBuild>, ImageBuildRequest>,
  imageSend: Matches<v.InferOutput<typeof imageSend>, ImageSendRequest>,
  registryUp: Matches<v.InferOutput<typeof registryUp>, RegistryUpInput>,
  registryAdd: Matches<v.InferOutput<typeof registryAdd>, RegistryAddInput>,
  runSpec: Matches<v.InferOutput<typeof runSpec>, RunSpec>,
  topologyChoices: Matches<v.InferOutput<typeof topologyChoices>, TopologyChoices>,
  imageGuideChoices: Matches<v.InferOutput<typeof imageGuideChoices>, ImageGuideChoices>,
] = [true, true, true, true, true, true, true, true, true, true];
void schemasMatchTypes;

export type Methods = typeof contract.methods;
export type Events = typeof contract.events;
export type MethodName = keyof Methods;
export type EventName = keyof Events;

type Output<S> = S extends v.GenericSchema ? v.InferOutput<S> : never;
/** A method's parameters, from its schema; `void` when it takes none. */
export type ParamsOf<K extends MethodName> = Output<Methods[K]['params']> extends undefined ? void : Output<Methods[K]['params']>;
export type ResultOf<K extends MethodName> = Methods[K] extends MethodSpec<v.GenericSchema, infer R> ? R : never;
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

/** The part of the contract before the first dot: 'app', 'settings', 'tasks', 'wizard'. */
export type Domain = MethodName extends infer K ? (K extends `${infer D}.${string}` ? D : never) : never;
/** The handlers one domain implements, e.g. `HandlerGroup<'tasks'>` for every `tasks.*` method. */
export type HandlerGroup<D extends Domain> = Pick<Handlers, Extract<MethodName, `${D}.${string}`>>;

export type Unsubscribe = () => void;

/** What the renderer sees as `window.api`, whichever bridge carries it. */
export interface Api {
  call<K extends MethodName>(
    name: K,
    ...params: ParamsOf<K> extends void ? [] : [ParamsOf<K>]
  ): Promise<ResultOf<K>>;
  on<K extends EventName>(name: K, listener: (payload: PayloadOf<K>) => void): Unsubscribe;
}
