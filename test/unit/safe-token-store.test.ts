import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileTokenStore } from '../../src/core/hub/connection';
import { encryptedTokenFile, safeTokenStore, type SafeStorageLike } from '../../src/main/safe-token-store';
import { tempDir } from '../support/temp-dir';

/** Stands in for Electron's safeStorage: "encrypts" by reversing and prefixing, so plain text never matches. */
function fakeSafeStorage(available = true): SafeStorageLike & { available: boolean } {
  return {
    available,
    isEncryptionAvailable() {
      return this.available;
    },
    encryptString: (plain) => Buffer.from(`enc:${[...plain].reverse().join('')}`),
    decryptString: (encrypted) => {
      const text = encrypted.toString('utf8');
      if (!text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return [...text.slice(4)].reverse().join('');
    },
  };
}

describe('the desktop token store', () => {
  it('keeps the token encrypted in the data folder and reads it back', () => {
    const dir = tempDir();
    const store = safeTokenStore(dir, fakeSafeStorage());
    expect(store.read()).toBeNull();
    store.write('device-token-123');
    const onDisk = fs.readFileSync(path.join(dir, encryptedTokenFile), 'utf8');
    expect(onDisk).not.toContain('device-token-123');
    expect(fs.existsSync(path.join(dir, 'hub-token'))).toBe(false);
    expect(store.read()).toBe('device-token-123');
    store.clear();
    expect(store.read()).toBeNull();
    expect(fs.existsSync(path.join(dir, encryptedTokenFile))).toBe(false);
  });

  it('refuses to store a token when the keychain cannot encrypt, and says what to do', () => {
    const dir = tempDir();
    const store = safeTokenStore(dir, fakeSafeStorage(false));
    expect(() => store.write('device-token-123')).toThrow(/keychain/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('moves a token left in plain text by `reprise connect` into the encrypted file', () => {
    const dir = tempDir();
    fileTokenStore(dir).write('from-the-cli');
    const store = safeTokenStore(dir, fakeSafeStorage());
    expect(store.read()).toBe('from-the-cli');
    expect(fs.existsSync(path.join(dir, 'hub-token'))).toBe(false);
    expect(fs.readFileSync(path.join(dir, encryptedTokenFile), 'utf8')).not.toContain('from-the-cli');
    expect(store.read()).toBe('from-the-cli');
  });

  it('leaves the plain file alone while the keychain is unavailable, so the desktop still syncs', () => {
    const dir = tempDir();
    fileTokenStore(dir).write('from-the-cli');
    const storage = fakeSafeStorage(false);
    expect(safeTokenStore(dir, storage).read()).toBe('from-the-cli');
    expect(fs.existsSync(path.join(dir, 'hub-token'))).toBe(true);
    storage.available = true;
    expect(safeTokenStore(dir, storage).read()).toBe('from-the-cli');
    expect(fs.existsSync(path.join(dir, 'hub-token'))).toBe(false);
  });

  it('treats a token it cannot decrypt as no sign-in', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, encryptedTokenFile), 'garbage');
    expect(safeTokenStore(dir, fakeSafeStorage()).read()).toBeNull();
  });
});

describe('other secrets in the desktop store', () => {
  it('keeps the LRS password in its own encrypted file, apart from the hub token', () => {
    const dir = tempDir();
    const hub = safeTokenStore(dir, fakeSafeStorage());
    const lrs = safeTokenStore(dir, fakeSafeStorage(), 'xapi-secret');
    hub.write('device-token-123');
    lrs.write('lrs-password');
    expect(fs.readFileSync(path.join(dir, 'xapi-secret.enc'), 'utf8')).not.toContain('lrs-password');
    expect(hub.read()).toBe('device-token-123');
    expect(lrs.read()).toBe('lrs-password');
    lrs.clear();
    expect(hub.read()).toBe('device-token-123');
    expect(() => safeTokenStore(dir, fakeSafeStorage(false), 'xapi-secret').write('x')).toThrow(/lock away the password/);
  });
});
