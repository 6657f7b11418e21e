// The topology folders the app wrote or ran, kept in the settings store so that after a restart
// the app finds its machines again by running `vagrant status` in each folder (never through
// vagrant's global machine index, which other projects share).
import path from 'node:path';
import { AppError } from '../../../src-shared/errors';
import type { VagrantTopologyView } from '../../../src-shared/types/vagrant';
import type { PersistentValue } from '../store/app-store';
import type { VagrantProvider } from './topology-options';

export interface TopologyRecord extends VagrantTopologyView {
  /** The router's ports from the last `vagrant up` (the docker provider cannot list them later). */
  ports?: { cli: number | null; shell: number | null } | null;
}

export class TopologyRegistry {
  constructor(
    private readonly value: PersistentValue<Record<string, TopologyRecord>>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(): TopologyRecord[] {
    return Object.values(this.all()).sort((a, b) => a.dir.localeCompare(b.dir));
  }

  find(dir: string): TopologyRecord | null {
    return this.all()[checkFolder(dir)] ?? null;
  }

  /** The topology whose router or devbox is this target. */
  ofTarget(name: string): TopologyRecord | null {
    return this.list().find((r) => r.routerTarget === name || r.devboxTarget === name) ?? null;
  }

  upsert(dir: string, patch: Partial<Omit<TopologyRecord, 'dir' | 'updatedAt'>> & { provider?: VagrantProvider }): TopologyRecord {
    const key = checkFolder(dir);
    const old = this.all()[key];
    const record: TopologyRecord = {
      dir: key,
      provider: 'virtualbox',
      routerTarget: null,
      devboxTarget: null,
      ...old,
      ...patch,
      updatedAt: this.now().toISOString(),
    };
    this.value.set({ ...this.all(), [key]: record });
    return record;
  }

  private all(): Record<string, TopologyRecord> {
    return { ...(this.value.get() ?? {}) };
  }
}

/** A topology folder: an absolute path, normalised (the record's key). */
export function checkFolder(dir: string): string {
  if (!path.isAbsolute(dir)) {
    throw new AppError(`The topology folder must be a full path, not "${dir}".`, { code: 'BAD_INPUT', fix: 'Give the folder from its root, for example /home/you/xr-topology.', device: 'this computer' });
  }
  return path.resolve(dir);
}
