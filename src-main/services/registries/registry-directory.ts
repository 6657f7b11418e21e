import type { Registry } from '../../../src-shared/types/registries';

/**
 * How the router side (trust, login, pull) finds a registry by name and its password, without
 * knowing how registries are started or stored.
 */
export interface RegistryDirectory {
  /** Throws a NOT_FOUND AppError naming the known registries when there is no such registry. */
  get(name: string): Registry;
  password(name: string): string | undefined;
  /** Every record, newest first, without asking any registry (the Guide picks its path's registry). */
  records(): Registry[];
}
