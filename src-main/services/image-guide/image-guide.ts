// The Guide's image choices (which registry to start and where, what to push, the existing
// registry and the Docker Hub image), checked by the same grammars as the rest of the app and
// kept under the settings key `imageGuide`, plus the registries the Guide's steps started or
// added, so the steps after them use the same one.
import { isIP } from 'node:net';
import { isAbsolute } from 'node:path';
import { AppError } from '../../../src-shared/errors';
import type { ImageGuideChoices, ImageGuideView } from '../../../src-shared/types/image-guide';
import { parseImageReference } from '../images/image-reference';
import { DAEMON_PREFIX } from '../registries/registry-push-task';
import { checkRegistryHost, checkRegistryName, checkRegistryUrl } from '../registries/registry-rules';
import type { PersistentValue } from '../store/app-store';
import { checkPort } from '../targets/target-rules';

export type GuideRegistryKind = keyof ImageGuideView['registries'];

export interface ImageGuideState {
  choices: ImageGuideChoices;
  registries: Partial<Record<GuideRegistryKind, string>>;
}

export const IMAGE_GUIDE_DEFAULTS: ImageGuideView['defaults'] = { insecurePort: 5000, tlsPort: 5443, hubImage: 'busybox:latest' };

/** A push source: a tarball's full path, or docker-daemon:IMAGE with a valid image name. */
export function checkPushSource(source: string): string {
  if (source.startsWith(DAEMON_PREFIX)) {
    parseImageReference(source.slice(DAEMON_PREFIX.length));
    return source;
  }
  if (!isAbsolute(source)) {
    throw new AppError(`"${source}" is not a full path to an image tarball.`, {
      code: 'BAD_INPUT',
      fix: 'Give the full path of a docker-save or OCI tarball (e.g. /home/me/app.tar), or docker-daemon:IMAGE for an image of the local Docker engine.',
    });
  }
  return source;
}

/** Each choice checked by its grammar; a bad one is refused with its fix and nothing is saved. */
export function checkChoices(c: ImageGuideChoices): ImageGuideChoices {
  const out: ImageGuideChoices = { ...c };
  if (c.address !== undefined) out.address = checkRegistryHost(c.address.trim());
  if (c.port !== undefined) out.port = checkPort(c.port, 'registry');
  if (c.source !== undefined) out.source = checkPushSource(c.source.trim());
  if (c.as !== undefined) out.as = parseImageReference(c.as).familiar;
  if (c.existingUrl !== undefined) out.existingUrl = checkRegistryUrl(c.existingUrl.trim()).origin;
  if (c.existingUser !== undefined && /[\s\x00-\x1f\x7f]/.test(c.existingUser)) {
    throw new AppError('The registry user name has spaces or control characters.', { code: 'BAD_INPUT', fix: 'Give the user name exactly as the registry knows it.' });
  }
  if (c.existingCaFile !== undefined && !isAbsolute(c.existingCaFile)) {
    throw new AppError(`"${c.existingCaFile}" is not a full path to a CA file.`, { code: 'BAD_INPUT', fix: 'Give the full path of the PEM file of your private CA.' });
  }
  if (c.existingImage !== undefined) parseImageReference(c.existingImage);
  if (c.hubImage !== undefined) {
    const ref = parseImageReference(c.hubImage);
    if (ref.domain !== null) {
      throw new AppError(`"${c.hubImage}" names the registry ${ref.domain}, not Docker Hub.`, {
        code: 'BAD_INPUT',
        fix: 'Give a Docker Hub image such as busybox:latest or library/alpine:3.19; for another registry choose the registry image path.',
      });
    }
  }
  if (c.hubNameServer !== undefined && !isIP(c.hubNameServer.trim())) {
    throw new AppError(`"${c.hubNameServer}" is not the IP address of a name server.`, { code: 'BAD_INPUT', fix: "Give your network's name server as an address, e.g. 8.8.8.8." });
  }
  if (c.hubNameServer !== undefined) out.hubNameServer = c.hubNameServer.trim();
  return out;
}

export class ImageGuide {
  constructor(private readonly value: PersistentValue<ImageGuideState>) {}

  view(): ImageGuideView {
    const s = this.state();
    return {
      choices: { ...s.choices },
      defaults: { ...IMAGE_GUIDE_DEFAULTS },
      registries: { insecure: s.registries.insecure ?? null, tls: s.registries.tls ?? null, existing: s.registries.existing ?? null },
    };
  }

  choices(): ImageGuideChoices {
    return { ...this.state().choices };
  }

  /** Merges the given choices (others stay as they were) after checking them. */
  choose(patch: ImageGuideChoices): ImageGuideView {
    const checked = checkChoices(patch);
    const s = this.state();
    this.value.set({ ...s, choices: { ...s.choices, ...checked } });
    return this.view();
  }

  /** The registry a Guide step started or added, for the steps after it. */
  registry(kind: GuideRegistryKind): string | null {
    return this.state().registries[kind] ?? null;
  }

  useRegistry(kind: GuideRegistryKind, name: string): void {
    const s = this.state();
    this.value.set({ ...s, registries: { ...s.registries, [kind]: checkRegistryName(name) } });
  }

  private state(): ImageGuideState {
    const raw = this.value.get() as Partial<ImageGuideState> | undefined;
    return { choices: { ...(raw?.choices ?? {}) }, registries: { ...(raw?.registries ?? {}) } };
  }
}
