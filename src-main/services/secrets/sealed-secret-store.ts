import type { PersistentValue } from '../store/app-store';
import type { Sealer, SecretStore } from './secret-store';

/** Secrets kept in the settings store, each sealed (encrypted) before it is written. */
export class SealedSecretStore implements SecretStore {
  readonly persistent = true;

  constructor(
    private readonly value: PersistentValue<Record<string, string>>,
    private readonly sealer: Sealer,
  ) {}

  get(id: string): string | undefined {
    const sealed = this.value.get()?.[id];
    if (sealed === undefined) return undefined;
    try {
      return this.sealer.unseal(Buffer.from(sealed, 'base64'));
    } catch {
      // Sealed under another key (another OS account, a reset keychain): treat as absent.
      return undefined;
    }
  }

  set(id: string, secret: string): void {
    const all = { ...(this.value.get() ?? {}) };
    all[id] = this.sealer.seal(secret).toString('base64');
    this.value.set(all);
  }

  delete(id: string): void {
    const all = { ...(this.value.get() ?? {}) };
    delete all[id];
    this.value.set(all);
  }
}
