import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKeyFileSealer } from './key-file-sealer';

const fresh = () => join(mkdtempSync(join(tmpdir(), 'xrcl-key-')), 'secrets.key');

describe('key file sealer', () => {
  it('creates a 32-byte key readable by its owner only, and round-trips secrets', () => {
    const keyFile = fresh();
    const sealer = createKeyFileSealer(keyFile, 'linux');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile)).toHaveLength(32);
    const sealed = sealer.seal('pa$$ word');
    expect(sealed.toString('latin1')).not.toContain('pa$$ word');
    expect(createKeyFileSealer(keyFile, 'linux').unseal(sealed)).toBe('pa$$ word');
  });

  it('refuses a key file other users can read, with the command that fixes it', () => {
    const keyFile = fresh();
    createKeyFileSealer(keyFile, 'linux');
    chmodSync(keyFile, 0o644);
    expect(() => createKeyFileSealer(keyFile, 'linux')).toThrow(
      expect.objectContaining({ code: 'KEY_FILE_UNSAFE', message: expect.stringContaining('can be read by other users'), fix: expect.stringContaining(`chmod 600 ${keyFile}`) }),
    );
  });

  it('refuses a key of the wrong length and leaves it as it is', () => {
    const keyFile = fresh();
    writeFileSync(keyFile, 'short', { mode: 0o600 });
    expect(() => createKeyFileSealer(keyFile, 'linux')).toThrow(expect.objectContaining({ code: 'KEY_FILE_INVALID' }));
    expect(readFileSync(keyFile, 'utf8')).toBe('short');
  });

  it('refuses sealed blobs shorter than IV and tag, and tampered ones', () => {
    const sealer = createKeyFileSealer(fresh(), 'linux');
    expect(() => sealer.unseal(Buffer.alloc(27))).toThrow(expect.objectContaining({ code: 'SECRET_CORRUPT' }));
    const sealed = sealer.seal('secret');
    sealed[sealed.length - 1]! ^= 1;
    expect(() => sealer.unseal(sealed)).toThrow();
  });
});
