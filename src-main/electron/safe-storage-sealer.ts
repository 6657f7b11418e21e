import { safeStorage } from 'electron';
import type { Sealer } from '../services/secrets/secret-store';

/**
 * The OS keychain through Electron's safeStorage. On Linux without a keyring, Electron falls
 * back to a fixed key ('basic_text'), which is no protection: treat it as unavailable.
 */
export function keychainSealer(): Sealer | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return null;
  return {
    seal: (plain) => safeStorage.encryptString(plain),
    unseal: (sealed) => safeStorage.decryptString(sealed),
  };
}
