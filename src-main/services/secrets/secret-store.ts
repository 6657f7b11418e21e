/** Passwords and passphrases: never written to disk in plain text. */
export interface SecretStore {
  /** Whether secrets survive a restart of the app. */
  readonly persistent: boolean;
  get(id: string): string | undefined;
  set(id: string, value: string): void;
  delete(id: string): void;
}

/** Encrypts and decrypts; Electron's safeStorage or the web host's key file provide one. */
export interface Sealer {
  seal(plain: string): Buffer;
  unseal(sealed: Buffer): string;
}
