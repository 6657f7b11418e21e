import { AppError } from '../../../src-shared/errors';
import type { Registry } from '../../../src-shared/types/registries';
import type { SecretStore } from '../secrets/secret-store';
import type { PersistentValue } from '../store/app-store';

/**
 * How the router side (trust, login, pull) finds a registry by name and its password, without
 * knowing how registries are started or stored.
 */
export interface RegistryDirectory {
  /** Throws a NOT_FOUND AppError naming the known registries when there is no such registry. */
  get(name: string): Registry;
  password(name: string): string | undefined;
}

// ---------------------------------------------------------------------------------------------
// STAND-IN until the registry store lands: reads the records and passwords where the registry
// store keeps them (settings key `registries`, secret `registry/<name>`), so the router side can
// be wired now. Replaced by the registry store's own directory.
// ---------------------------------------------------------------------------------------------

export class StoredRegistryDirectory implements RegistryDirectory {
  constructor(
    private readonly records: PersistentValue<Record<string, Registry>>,
    private readonly secrets: () => SecretStore,
  ) {}

  get(name: string): Registry {
    const all = this.records.get() ?? {};
    const r = Object.prototype.hasOwnProperty.call(all, name) ? all[name] : undefined;
    if (!r) {
      const known = Object.keys(all);
      throw new AppError(`There is no registry named "${name}".`, {
        code: 'NOT_FOUND',
        fix: known.length ? `Known registries: ${known.join(', ')}.` : 'Start or add one first (Registries page, or xrcl registry up / add).',
      });
    }
    return r;
  }

  password(name: string): string | undefined {
    return this.secrets().get(`registry/${name}`);
  }

  /** Every record, newest first (the Guide picks the registry of its image path). */
  list(): Registry[] {
    return Object.values(this.records.get() ?? {}).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }
}
