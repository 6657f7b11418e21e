// The registries: loaded on each visit of the page, refreshed after each change made here.
import { api } from '../bridge/api';
import { asEnvelope } from '../errors';
import type { ErrorEnvelope } from '../../../src-shared/errors';
import type { RegistryUpInput, RegistryView } from '../../../src-shared/types/registries';

class RegistriesStore {
  items = $state<RegistryView[]>([]);
  loaded = $state(false);
  error = $state<ErrorEnvelope | null>(null);
  /** The registry whose start, stop or removal is under way. */
  busy = $state<string | null>(null);

  async refresh(): Promise<void> {
    try {
      this.items = await api.call('registries.list');
      this.error = null;
    } catch (err) {
      this.error = asEnvelope(err);
    } finally {
      this.loaded = true;
    }
  }

  async up(input: RegistryUpInput): Promise<RegistryView> {
    this.busy = input.name;
    try {
      return await api.call('registries.up', input);
    } finally {
      this.busy = null;
      await this.refresh();
    }
  }

  async down(name: string): Promise<void> {
    this.busy = name;
    try {
      await api.call('registries.down', { name });
    } finally {
      this.busy = null;
      await this.refresh();
    }
  }

  async remove(name: string): Promise<void> {
    this.busy = name;
    try {
      await api.call('registries.remove', { name });
    } finally {
      this.busy = null;
      await this.refresh();
    }
  }
}

export const registries = new RegistriesStore();

/** "2.1 MB", "366 B": sizes as a registry user reads them (decimal units, as docker prints). */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = bytes / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}
