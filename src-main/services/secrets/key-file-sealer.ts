import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readFileSync, rmSync, writeFileSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../../src-shared/errors';
import type { PersistentValue } from '../store/app-store';
import type { Sealer } from './secret-store';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const CIPHER = 'aes-256-gcm';

/**
 * The web host's opt-in persistence: AES-256-GCM under a random key kept in a file only the
 * owner can read. It keeps secrets out of the settings file and its backups; it does not
 * protect against someone who can read the owner's files (the desktop app uses the OS keychain).
 */
export function createKeyFileSealer(keyFile: string, platform: NodeJS.Platform = process.platform): Sealer {
  const key = loadOrCreateKey(keyFile, platform);
  return {
    seal(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(CIPHER, key, iv, { authTagLength: TAG_BYTES });
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    unseal(sealed) {
      if (sealed.length < IV_BYTES + TAG_BYTES) {
        throw new AppError('A saved secret is truncated.', { code: 'SECRET_CORRUPT', fix: 'Enter the password again.' });
      }
      const iv = sealed.subarray(0, IV_BYTES);
      const tag = sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv(CIPHER, key, iv, { authTagLength: TAG_BYTES });
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    },
  };
}

/** Opting out of persistence: the sealed values and the key that opens them leave the disk. */
export function forgetPersistedSecrets(sealed: PersistentValue<Record<string, string>>, keyFile: string): void {
  sealed.set({});
  rmSync(keyFile, { force: true });
}

function loadOrCreateKey(keyFile: string, platform: NodeJS.Platform): Buffer {
  const existing = statOrNull(keyFile);
  if (existing) return loadKey(keyFile, existing, platform);
  mkdirSync(dirname(keyFile), { recursive: true, mode: 0o700 });
  const key = randomBytes(KEY_BYTES);
  try {
    // Exclusive: never write through a file (or a link) someone else put there first.
    writeFileSync(keyFile, key, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return loadKey(keyFile, lstatSync(keyFile), platform);
  }
  return key;
}

function loadKey(keyFile: string, st: Stats, platform: NodeJS.Platform): Buffer {
  if (!st.isFile()) {
    throw new AppError(`The secrets key ${keyFile} is not a regular file.`, {
      code: 'KEY_FILE_UNSAFE',
      fix: `Remove it (rm ${keyFile}) and turn "Remember passwords" on again; saved passwords will have to be entered again.`,
    });
  }
  // POSIX modes and owners mean nothing on Windows; there the data folder's ACL is what guards it.
  if (platform !== 'win32') {
    const uid = process.getuid?.();
    if (uid !== undefined && st.uid !== uid) {
      throw new AppError(`The secrets key ${keyFile} belongs to another user (uid ${st.uid}).`, {
        code: 'KEY_FILE_UNSAFE',
        fix: `Remove it (rm ${keyFile}) and turn "Remember passwords" on again; saved passwords will have to be entered again.`,
      });
    }
    if ((st.mode & 0o077) !== 0) {
      throw new AppError(`The secrets key ${keyFile} can be read by other users (mode ${(st.mode & 0o777).toString(8)}).`, {
        code: 'KEY_FILE_UNSAFE',
        fix: `Anyone who read it can open your saved passwords. Run: chmod 600 ${keyFile} — and change the passwords you saved if others may have read it.`,
      });
    }
  }
  const key = readFileSync(keyFile);
  if (key.length !== KEY_BYTES) {
    // Never overwritten in place: a damaged key may still be worth recovering from a backup.
    throw new AppError(`The secrets key ${keyFile} is ${key.length} bytes long, not ${KEY_BYTES}; it was left as it is.`, {
      code: 'KEY_FILE_INVALID',
      fix: `Restore it from a backup, or remove it (rm ${keyFile}) and turn "Remember passwords" on again; saved passwords will have to be entered again.`,
    });
  }
  return key;
}

function statOrNull(file: string): Stats | null {
  try {
    return lstatSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
