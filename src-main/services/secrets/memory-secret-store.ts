import type { SecretStore } from './secret-store';

/** The web host's default: secrets live only as long as the process. */
export class MemorySecretStore implements SecretStore {
  readonly persistent = false;
  private readonly values = new Map<string, string>();

  get(id: string): string | undefined {
    return this.values.get(id);
  }
  set(id: string, value: string): void {
    this.values.set(id, value);
  }
  delete(id: string): void {
    this.values.delete(id);
  }
}
