// Shared by the registry suites: why they cannot run here, the address to listen on, free
// ports, and a registry service on a throwaway data folder.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Registry } from '../../../src-shared/types/registries';
import { RegistryService } from '../../../src-main/services/registries/registry-service';
import { MemorySecretStore } from '../../../src-main/services/secrets/memory-secret-store';
import { findCommand } from '../../lab/lab-prereqs';
import { testImageProblem } from '../../lab/test-images';

export function registrySkipReason(): string | null {
  if (!findCommand('docker-registry') && !findCommand('registry')) return 'the Distribution registry is not installed (`apt-get install docker-registry`)';
  if (!findCommand('skopeo')) return 'skopeo not installed (`apt-get install skopeo`)';
  return testImageProblem();
}

/**
 * Loopback: these suites talk to the registry from this computer only. (The lab bridge's
 * address comes and goes with labs that other suites start and stop; suites that need a router
 * to reach the registry start a lab and use its host address themselves.)
 */
export function registryTestAddress(): string {
  return '127.0.0.1';
}

export { freePort } from '../../support/free-port';

export const uniqueName = (prefix = 'rc'): string => `${prefix}-${randomBytes(3).toString('hex')}`;

/** A registry service on its own data folder, with the store kept in memory (or shared). */
export function registryService(dataDir = mkdtempSync(join(tmpdir(), 'xrcl-registry-itest-')), store: { value?: Record<string, Registry> } = {}) {
  const value = { get: () => store.value, set: (v: Record<string, Registry>) => void (store.value = v) };
  return { dataDir, store, service: new RegistryService({ value, secrets: () => new MemorySecretStore(), dataDir }) };
}
