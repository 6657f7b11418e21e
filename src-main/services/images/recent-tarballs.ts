// The image and container tarballs this session built or inspected (and found whole), newest
// first per kind: what the Guide's tarball steps send when the user made one on the Images page.
import type { TarballKind } from '../../../src-shared/types/images';

export interface RecentTarball {
  file: string;
  kind: Exclude<TarballKind, 'oci'>;
  tags: string[];
  at: string;
}

export class RecentTarballs {
  private readonly byKind = new Map<RecentTarball['kind'], RecentTarball>();

  note(file: string, kind: TarballKind, tags: string[] = []): void {
    if (kind === 'oci') return;
    this.byKind.set(kind, { file, kind, tags, at: new Date().toISOString() });
  }

  latest(kind: RecentTarball['kind']): RecentTarball | null {
    return this.byKind.get(kind) ?? null;
  }
}
