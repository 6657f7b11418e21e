// The Guide's router side of the registry paths: on the insecure and self-signed ones the
// router's docker daemon trusts the registry the app started (proven on the running daemon),
// then pulls the image pushed to it (which registry: the one the image was pushed to, else the
// newest of the path's kind); on the CA-signed one it pulls the image the user named from
// their registry, once logged in.
import { AppError } from '../../../../src-shared/errors';
import type { Registry, RegistryKind } from '../../../../src-shared/types/registries';
import type { ImagePath } from '../../../../src-shared/types/wizard';
import { parseImageReference } from '../../images/image-reference';
import type { ImageGuide } from '../../image-guide/image-guide';
import type { RouterRegistryService } from '../../registry-trust/router-registry-service';
import { trustSteps } from '../../registry-trust/trust-steps';
import { guideTarget, type StepDefinition } from '../step-definition';

export interface RegistryStepDeps {
  routerRegistries: RouterRegistryService;
  /** The registries the app knows, newest first. */
  registries(): Registry[];
  /** The image the user named for their own registry (CA-signed path). */
  guide: Pick<ImageGuide, 'choices' | 'registry'>;
}

const REGISTRY_PATHS = ['insecure', 'self-signed'] as const satisfies readonly ImagePath[];
const PULL_PATHS = [...REGISTRY_PATHS, 'ca-registry'] as const satisfies readonly ImagePath[];
const kindOf: Record<(typeof REGISTRY_PATHS)[number], RegistryKind> = { insecure: 'insecure', 'self-signed': 'tls' };

/**
 * The image to pull from the user's registry: the reference they gave (checked by Docker's
 * grammar), qualified with the registry's host:port when they left it out.
 */
export function existingImageRef(registry: Registry, given: string | undefined): string {
  if (!given) {
    throw new AppError('The image to pull from your registry has not been given yet.', {
      code: 'IMAGE_NEEDED',
      fix: `Give it above, e.g. ${registry.hostPort}/team/app:1, then pull.`,
    });
  }
  const parsed = parseImageReference(given);
  if (parsed.domain === null) {
    return `${registry.hostPort}/${given}`;
  }
  if (parsed.domain !== registry.hostPort) {
    throw new AppError(`${given} is on ${parsed.domain}, not on your registry ${registry.hostPort}.`, {
      code: 'BAD_INPUT',
      fix: `Give an image of ${registry.hostPort} (e.g. ${registry.hostPort}/${parsed.path}:${parsed.tag}), or check the registry's URL.`,
    });
  }
  return given;
}

/** The registry of the chosen image path: the one holding the image an earlier step pushed, else the newest of its kind. */
export function guideRegistry(all: readonly Registry[], imagePath: ImagePath | null, image: string | null): Registry {
  const kind = imagePath === 'insecure' || imagePath === 'self-signed' ? kindOf[imagePath] : null;
  const ofKind = all.filter((r) => r.kind === kind);
  const domain = image ? parseImageReference(image).domain : null;
  const found = ofKind.find((r) => r.hostPort === domain) ?? ofKind[0];
  if (!found) {
    throw new AppError(`There is no ${kind === 'tls' ? 'self-signed (TLS)' : 'plain HTTP'} registry yet.`, {
      code: 'REGISTRY_NEEDED',
      fix: `Start one first: Registries page, or xrcl registry up NAME --kind ${kind === 'tls' ? 'tls' : 'insecure'}; then push the image to it.`,
    });
  }
  return found;
}

const manualFor = (imagePath: ImagePath | null) =>
  trustSteps
    .filter((s) => (imagePath === 'self-signed' ? s.id === 'ca-cert' || s.id === 'hosts-entry' : s.id === 'insecure-flag'))
    .flatMap((s) => s.manual);

export function registrySteps(d: RegistryStepDeps): StepDefinition[] {
  return [
    {
      id: 'registry-trust',
      paths: 'all',
      needsRouter: true,
      imagePaths: REGISTRY_PATHS,
      title: "The router's Docker trusts the registry",
      why: (_path, imagePath) =>
        imagePath === 'self-signed'
          ? "Docker refuses a certificate from an authority it does not know: the app puts the registry's CA in certs.d and its name in global-vrf's hosts file.\n" +
            'Then it proves the running daemon trusts it with a TLS handshake, as the pull will make.'
          : 'Docker speaks HTTPS to registries unless told otherwise: the app adds the registry to DOCKER_OPTS, and the daemon restarts to read it.\n' +
            'Then it proves the running daemon uses it (docker info lists it), instead of waiting a fixed time.',
      manual: (_path, imagePath) => manualFor(imagePath),
      actionLabel: 'Trust the registry',
      taskTitle: "The router's Docker trusts the registry",
      async run(ctx) {
        const target = guideTarget(ctx);
        const registry = guideRegistry(d.registries(), ctx.imagePath, ctx.image);
        const r = await d.routerRegistries.trustIn({ name: registry.name, target }, ctx);
        return {
          verdict: 'done',
          summary: `${r.changed ? `${target} now trusts ${r.hostPort}` : `${target} already trusted ${r.hostPort}`}${r.restarted ? ' (the daemon restarted)' : ''}: ${r.proof}.`,
        };
      },
    },
    {
      id: 'registry-pull',
      paths: 'all',
      needsRouter: true,
      imagePaths: PULL_PATHS,
      title: 'Pull the image on the router',
      why:
        "The router's daemon pulls the image from the registry, layer by layer, as it would from Docker Hub.\n" +
        "It is done when the router's own docker images lists it.",
      manual: [
        { place: 'XR shell', command: 'docker pull HOST:PORT/REPOSITORY:TAG' },
        { place: 'XR shell', command: 'docker images' },
      ],
      actionLabel: 'Pull the image',
      taskTitle: 'Pull the image on the router',
      async run(ctx) {
        const target = guideTarget(ctx);
        if (ctx.imagePath === 'ca-registry') {
          const name = d.guide.registry('existing');
          const mine = d.registries().find((r) => r.name === name);
          if (!mine) throw new AppError('The Guide does not know your registry yet.', { code: 'REGISTRY_NEEDED', fix: 'Run "Your registry" first, with its URL and login.' });
          const r = await d.routerRegistries.pullIn({ target, ref: existingImageRef(mine, d.guide.choices().existingImage) }, ctx);
          return { verdict: 'done', summary: `${r.ref} is on ${target} (${r.id.slice(0, 19)}).`, image: r.ref };
        }
        const registry = guideRegistry(d.registries(), ctx.imagePath, ctx.image);
        const domain = ctx.image ? parseImageReference(ctx.image).domain : null;
        if (!ctx.image || domain !== registry.hostPort) {
          throw new AppError(`No image has been pushed to ${registry.hostPort} in the Guide yet.`, {
            code: 'IMAGE_NEEDED',
            fix: `Push one first (xrcl registry push ${registry.name} SOURCE), or pull by hand: xrcl pull ${target} ${registry.hostPort}/REPOSITORY:TAG.`,
          });
        }
        const r = await d.routerRegistries.pullIn({ target, ref: ctx.image }, ctx);
        return { verdict: 'done', summary: `${r.ref} is on ${target} (${r.id.slice(0, 19)}).`, image: r.ref };
      },
    },
  ];
}
