// The Guide's tarball paths, after the router answers over 57722: an image tarball (docker save,
// then docker load) or a container tarball (docker export, then docker import). The tarball is
// the one last built or inspected on the Images page (or with the same services from xrcl);
// the second step copies it to /misc/app_host, checks it and loads or imports it there, and
// hands the resulting name to the steps after it.
import { AppError } from '../../../../src-shared/errors';
import type { ImagePath, ManualCommand } from '../../../../src-shared/types/wizard';
import type { DeliveryService } from '../../delivery/delivery-service';
import { inspectTarball } from '../../images/image-inspector';
import type { RecentTarball, RecentTarballs } from '../../images/recent-tarballs';
import type { StepContext, StepDefinition } from '../step-definition';

export interface TarballStepDeps {
  delivery: DeliveryService;
  recent: RecentTarballs;
}

interface PathSpec {
  imagePath: Extract<ImagePath, 'save-load' | 'export-import'>;
  kind: RecentTarball['kind'];
  noun: string;
  build: ManualCommand[];
  send: ManualCommand[];
}

const SPECS: PathSpec[] = [
  {
    imagePath: 'save-load',
    kind: 'save',
    noun: 'image tarball',
    build: [
      { place: 'this computer', command: 'docker save -o app.tar myapp:1', note: 'on a computer with Docker; or build one offline on the Images page' },
      { place: 'this computer', command: 'xrcl image build --from base.tar --add ./app:/srv/app --tag myapp:1 -o app.tar' },
    ],
    send: [
      { place: 'this computer', command: 'scp -P 57722 app.tar USER@ROUTER:/misc/app_host/scratch/' },
      { place: 'XR shell', command: 'sha256sum /misc/app_host/scratch/app.tar', note: 'compare with sha256sum app.tar here' },
      { place: 'XR shell', command: 'sudo -i' },
      { place: 'XR shell', command: 'docker load -i /misc/app_host/scratch/app.tar', note: 'prints "Loaded image: NAME:TAG"' },
      { place: 'XR shell', command: 'rm /misc/app_host/scratch/app.tar' },
    ],
  },
  {
    imagePath: 'export-import',
    kind: 'export',
    noun: 'container tarball',
    build: [
      { place: 'this computer', command: 'docker export -o rootfs.tar CONTAINER', note: 'on a computer with Docker; or build one offline on the Images page (container file system)' },
      { place: 'this computer', command: 'xrcl image build --from base.tar --add ./app:/srv/app --format export -o rootfs.tar' },
    ],
    send: [
      { place: 'this computer', command: 'scp -P 57722 rootfs.tar USER@ROUTER:/misc/app_host/scratch/' },
      { place: 'XR shell', command: 'sha256sum /misc/app_host/scratch/rootfs.tar' },
      { place: 'XR shell', command: 'sudo -i' },
      { place: 'XR shell', command: 'docker import /misc/app_host/scratch/rootfs.tar xrcl/rootfs:latest', note: 'prints the new image ID' },
      { place: 'XR shell', command: 'rm /misc/app_host/scratch/rootfs.tar' },
    ],
  },
];

function routerOf(ctx: StepContext): string {
  if (!ctx.router) throw new AppError('Choose the router to work on first.', { code: 'ROUTER_NEEDED' });
  return ctx.router.target;
}

/** The name `docker import` gives a container tarball: from its file name, in Docker's grammar. */
export function importNameFor(file: string): string {
  const base = (file.split(/[\\/]/).pop() ?? '')
    .replace(/\.(tar(\.gz)?|tgz)$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
    .replace(/[._-]{2,}/g, '-');
  return `xrcl/${base || 'rootfs'}:latest`;
}

export function tarballSteps(d: TarballStepDeps): StepDefinition[] {
  return SPECS.flatMap((spec): StepDefinition[] => {
    const missing = (): never => {
      throw new AppError(`No ${spec.noun} to send yet.`, {
        code: 'TARBALL_NEEDED',
        fix: `Build one on the Images page (${spec.kind === 'save' ? 'Image' : 'Container file system'}), or open one in its Inspect tab; then run this step again.`,
      });
    };
    return [
      {
        id: `${spec.imagePath}-tarball`,
        paths: ['physical', 'lab'],
        needsRouter: true,
        imagePaths: [spec.imagePath],
        title: spec.kind === 'save' ? 'Build or pick the image tarball' : 'Build or pick the container tarball',
        why:
          (spec.kind === 'save'
            ? 'An image tarball (docker save) carries the image with its layers, tags and settings: no registry needed, as production networks prefer.\n'
            : 'A container tarball (docker export) is one flat file system: no layers, no settings; the router imports it as a new image.\n') +
          'Build it on the Images page (no Docker needed here) or open an existing one there; this step checks every digest in it.',
        manual: spec.build,
        actionLabel: 'Check the tarball',
        taskTitle: `Check the ${spec.noun}`,
        async run(ctx) {
          const chosen = d.recent.latest(spec.kind);
          if (!chosen) {
            return {
              verdict: 'attention',
              summary: `No ${spec.noun} yet.`,
              fix: `Build one on the Images page (${spec.kind === 'save' ? 'Image' : 'Container file system'}), or open one in its Inspect tab; then run this step again.`,
            };
          }
          ctx.log(`# Checking ${chosen.file}\r\n`);
          const r = await inspectTarball(chosen.file, { signal: ctx.signal });
          if (!r.verified) {
            return { verdict: 'failed', summary: `${chosen.file} is damaged: ${r.problems[0]}`, fix: 'Build or save the tarball again.' };
          }
          const img = r.images[0];
          const what = spec.kind === 'save' ? `${img?.tags.join(', ') || 'untagged'}, ${img?.layers.length ?? 0} layer(s)` : 'a root file system';
          return { verdict: 'done', summary: `${chosen.file}: ${what}, ${(r.bytes / 1e6).toFixed(1)} MB, every digest checks out.` };
        },
      },
      {
        id: `${spec.imagePath}-send`,
        paths: ['physical', 'lab'],
        needsRouter: true,
        imagePaths: [spec.imagePath],
        title: spec.kind === 'save' ? 'Copy it to /misc/app_host and load it' : 'Copy it to /misc/app_host and import it',
        why:
          'The app checks free space on /misc/app_host, copies the tarball with progress (resuming if the link drops), checks its sha256 on the router, then ' +
          (spec.kind === 'save' ? 'runs docker load, sending only the layers the router lacks.\n' : 'runs docker import.\n') +
          'It shows the exact name the image got on the router: the next steps run it.',
        manual: spec.send,
        actionLabel: spec.kind === 'save' ? 'Send and load' : 'Send and import',
        taskTitle: spec.kind === 'save' ? 'Send and load the image tarball' : 'Send and import the container tarball',
        async run(ctx) {
          const name = routerOf(ctx);
          const chosen = d.recent.latest(spec.kind) ?? missing();
          const r = await d.delivery.send(
            spec.kind === 'save'
              ? { target: name, file: chosen.file, action: 'load', thin: true }
              : { target: name, file: chosen.file, action: 'import', importAs: importNameFor(chosen.file) },
            ctx,
          );
          if (!r.loaded) return { verdict: 'failed', summary: 'The router did not report an image.', fix: 'Read the log above, then run the step again.' };
          const sent = `${(r.bytesSent / 1e6).toFixed(1)} MB sent in ${r.seconds} s${r.resumed ? ' (resumed)' : ''}${r.thin ? `, ${r.thin.layersSkipped} layer(s) already there` : ''}`;
          if (r.untagged) {
            return {
              verdict: 'attention',
              summary: `${name} loaded the image without a name (${r.imageId}); ${sent}.`,
              fix: `The tarball holds no tag: name it on the router with docker tag ${r.imageId} NAME:TAG, or build it with a tag.`,
              image: r.imageId ?? undefined,
            };
          }
          return { verdict: 'done', summary: `${name} now has ${r.tags.join(', ')}; ${sent}.`, image: r.tags[0]! };
        },
      },
    ];
  });
}
