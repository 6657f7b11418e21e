// The Guide's first two steps of the insecure and self-signed registry paths: a registry on this
// computer of the path's kind (a running one of that kind at the chosen address is reused), at an
// address the router can reach, then the user's image pushed to it. The push leaves
// HOST:PORT/REPOSITORY:TAG behind for the trust and pull steps that follow.
import { AppError } from '../../../../src-shared/errors';
import { candidatesForPath, defaultCandidate } from '../../../../src-shared/registry-candidates';
import type { AddressCandidate, ManagedKind, PushResult, Registry, RegistryUpInput, RegistryView } from '../../../../src-shared/types/registries';
import type { ImagePath, ManualCommand, TargetPath } from '../../../../src-shared/types/wizard';
import type { ImageGuide } from '../../image-guide/image-guide';
import { IMAGE_GUIDE_DEFAULTS } from '../../image-guide/image-guide';
import type { PushRequest } from '../../registries/registry-push-task';
import type { TaskContext } from '../../tasks/task-manager';
import { guideTarget, type StepDefinition } from '../step-definition';

export interface LocalRegistryStepDeps {
  registries: {
    list(): Promise<RegistryView[]>;
    up(input: RegistryUpInput): Promise<RegistryView>;
    get(name: string): Registry;
  };
  pushes: { pushIn(req: PushRequest, ctx: TaskContext): Promise<PushResult> };
  guide: Pick<ImageGuide, 'choices' | 'registry' | 'useRegistry'>;
  /** The addresses the router could use for a registry here, with their trade-offs. */
  candidates(target: string): AddressCandidate[];
  /** The router's own address, to prefer this computer's address on its subnet. */
  routerHost(target: string): string | null;
}

export const LOCAL_REGISTRY_PATHS = ['insecure', 'self-signed'] as const satisfies readonly ImagePath[];

export const kindFor = (imagePath: ImagePath | null): ManagedKind => (imagePath === 'self-signed' ? 'tls' : 'insecure');
const kindWords = (kind: ManagedKind): string => (kind === 'tls' ? 'TLS with a self-signed certificate' : 'plain HTTP');

/** The name the Guide gives a registry it starts: the kind, the address and the port, in the registry-name grammar. */
export function guideRegistryName(kind: ManagedKind, address: string, port: number): string {
  const host = address.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `guide-${kind === 'tls' ? 'tls' : 'plain'}-${host}`.slice(0, 33).replace(/-+$/, '') + `-${port}`;
}

/** How the router checks it can reach the registry, from its own shell (per router path). */
const reachManual = (path: TargetPath | null, scheme: 'http' | 'https'): ManualCommand => ({
  place: 'XR shell',
  command: `curl ${scheme === 'https' ? '-k ' : ''}${scheme}://ADDRESS:PORT/v2/`,
  note: path === 'vagrant' ? 'the Vagrant router reaches this computer at 10.0.2.2 (VirtualBox NAT)' : 'from the router: proves the address and the route',
});

const startManual = (path: TargetPath | null, imagePath: ImagePath | null): ManualCommand[] =>
  imagePath === 'self-signed'
    ? [
        {
          place: 'this computer',
          command: 'openssl req -newkey rsa:4096 -nodes -sha256 -keyout certs/domain.key -x509 -days 365 -out certs/domain.crt -addext "subjectAltName = IP:ADDRESS"',
          note: 'the app makes an ECDSA CA and a server certificate in-process instead; Docker refuses certificates without the address in their SANs',
        },
        {
          place: 'this computer',
          command: 'docker run -d -p PORT:5000 --name registry -v $PWD/certs:/certs -e REGISTRY_HTTP_TLS_CERTIFICATE=/certs/domain.crt -e REGISTRY_HTTP_TLS_KEY=/certs/domain.key registry:2',
        },
        { place: 'this computer', command: 'curl --cacert certs/domain.crt https://ADDRESS:PORT/v2/', note: 'answers {} when it runs' },
        reachManual(path, 'https'),
      ]
    : [
        { place: 'this computer', command: 'docker run -d -p PORT:5000 --restart=always --name registry registry:2', note: 'or Debian\'s docker-registry serve config.yml' },
        { place: 'this computer', command: 'curl http://ADDRESS:PORT/v2/', note: 'answers {} when it runs' },
        reachManual(path, 'http'),
      ];

export function localRegistrySteps(d: LocalRegistryStepDeps): StepDefinition[] {
  return [
    {
      id: 'registry-start',
      paths: 'all',
      needsRouter: true,
      imagePaths: LOCAL_REGISTRY_PATHS,
      title: 'Start a registry on this computer',
      why: (_path, imagePath) =>
        (imagePath === 'self-signed'
          ? 'A Distribution registry (registry:2) serving TLS with a certificate the app makes: a small CA and a server certificate whose SANs hold the address the router uses.\n'
          : 'A Distribution registry (registry:2) serving plain HTTP, the quickest way to hand an image to the router; the traffic is not encrypted.\n') +
        'Pick the address the router will use (each with its trade-off); a registry of this kind already running there is reused.',
      manual: (path, imagePath) => startManual(path, imagePath),
      actionLabel: 'Start the registry',
      taskTitle: 'Start a registry on this computer',
      async run(ctx) {
        const target = guideTarget(ctx);
        const kind = kindFor(ctx.imagePath);
        const choices = d.guide.choices();
        const candidates = candidatesForPath(d.candidates(target), ctx.path);
        const chosen = choices.address ? candidates.find((c) => c.address === choices.address) : defaultCandidate(candidates, ctx.path, d.routerHost(target));
        const address = choices.address ?? chosen?.address;
        if (!address) {
          return {
            verdict: 'failed',
            summary: 'This computer has no address a router could reach: only loopback.',
            fix: 'Connect this computer to the router\'s network (or start the practice lab), then run this step again; or type the address the router uses above.',
          };
        }
        if (chosen?.source === 'loopback') {
          return {
            verdict: 'failed',
            summary: `${address} is this computer's loopback: no router can pull from it.`,
            fix: 'Pick an address on the router\'s network above (the lab link 198.18.0.1 for the practice lab).',
          };
        }
        const running = (await d.registries.list()).find((r) => r.managed && r.kind === kind && r.state === 'running' && (r.host === address || r.address === address));
        if (running) {
          d.guide.useRegistry(kind === 'tls' ? 'tls' : 'insecure', running.name);
          ctx.log(`# ${running.name} already runs at ${running.hostPort} (${running.stateDetail}); using it.\r\n`);
          return { verdict: 'done', summary: `Using ${running.name}, already running at ${running.hostPort} (${kindWords(kind)}).` };
        }
        const port = choices.port ?? (kind === 'tls' ? IMAGE_GUIDE_DEFAULTS.tlsPort : IMAGE_GUIDE_DEFAULTS.insecurePort);
        const name = guideRegistryName(kind, address, port);
        ctx.log(`# Starting ${name} (${kindWords(kind)}) for ${address}:${port}${chosen ? `: ${chosen.tradeoff}` : ''}\r\n`);
        const up = await d.registries.up({ name, kind, address, port, ...(chosen ? { listen: chosen.listen } : {}) });
        if (up.state !== 'running') {
          throw new AppError(`${name} was started but does not answer: ${up.stateDetail}.`, {
            code: 'REGISTRY_DOWN',
            fix: `Look at its log in ${up.storage ? up.storage.replace(/storage$/, '') : 'its folder'}, or pick another port, then run this step again.`,
          });
        }
        d.guide.useRegistry(kind === 'tls' ? 'tls' : 'insecure', name);
        ctx.log(`# ${up.hostPort} answers on /v2/ (${up.stateDetail}).${up.caFile ? ` Its CA: ${up.caFile}` : ''}\r\n`);
        return { verdict: 'done', summary: `${name} runs at ${up.hostPort} (${kindWords(kind)}).` };
      },
    },
    {
      id: 'registry-push',
      paths: 'all',
      needsRouter: true,
      imagePaths: LOCAL_REGISTRY_PATHS,
      title: 'Push an image to it',
      why:
        "The app's own registry client sends the image's layers and manifest from a docker-save or OCI tarball, or from an image of the local Docker engine.\n" +
        'Layers the registry already holds are not sent again; the image is then named HOST:PORT/REPOSITORY:TAG for the router.',
      manual: [
        { place: 'this computer', command: 'docker load -i IMAGE.tar', note: 'a tarball made with docker save' },
        { place: 'this computer', command: 'docker tag IMAGE ADDRESS:PORT/REPOSITORY:TAG' },
        { place: 'this computer', command: 'docker push ADDRESS:PORT/REPOSITORY:TAG', note: 'this computer\'s Docker needs the same insecure-registries or CA setting as the router' },
      ],
      actionLabel: 'Push the image',
      taskTitle: 'Push an image to the registry',
      async run(ctx) {
        guideTarget(ctx);
        const kind = kindFor(ctx.imagePath);
        const name = d.guide.registry(kind === 'tls' ? 'tls' : 'insecure');
        if (!name) {
          throw new AppError('The Guide has not started a registry for this path yet.', { code: 'REGISTRY_NEEDED', fix: 'Run "Start a registry on this computer" first.' });
        }
        const { source, as } = d.guide.choices();
        if (!source) {
          return {
            verdict: 'failed',
            summary: 'No image to push has been chosen yet.',
            fix: 'Give the full path of a docker-save or OCI tarball, or pick an image of the local Docker engine, above; then push.',
          };
        }
        const registry = d.registries.get(name);
        const r = await d.pushes.pushIn({ name, source, ...(as ? { as } : {}) }, ctx);
        const image = `${registry.hostPort}/${r.repository}:${r.tag}`;
        return {
          verdict: 'done',
          summary: `${image} is in ${name}: ${r.blobsSent} blob(s) sent, ${r.blobsSkipped} already there.`,
          image,
        };
      },
    },
  ];
}
