import fs from 'node:fs';
import path from 'node:path';
import { AppError, ErrorCode } from '../shared/errors';
import { fileTokenStore, type TokenStore } from '../core/hub/connection';

/** The part of Electron's safeStorage this store needs; tests pass a fake. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export const encryptedTokenFile = 'hub-token.enc';

/**
 * The desktop's hub token, encrypted with the system keychain (safeStorage) in the data folder.
 * `reprise connect` (a CLI without a keychain) leaves a private plain file: the first start of
 * the app moves it into the encrypted file and removes the plain one, so it does not linger.
 */
export function safeTokenStore(dataDir: string, safeStorage: SafeStorageLike, name = 'hub-token'): TokenStore {
  const file = path.join(dataDir, name === 'hub-token' ? encryptedTokenFile : `${name}.enc`);
  const plain = fileTokenStore(dataDir, name);

  function write(token: string): void {
    if (!safeStorage.isEncryptionAvailable()) {
      throw new AppError(
        ErrorCode.secureStorageUnavailable,
        name === 'hub-token'
          ? 'This computer has no keychain Reprise can use to lock away the hub sign-in, so it was not kept. Unlock or set up the system keychain (on Linux: GNOME Keyring or KWallet), then connect again.'
          : 'This computer has no keychain Reprise can use to lock away the password, so it was not kept. Unlock or set up the system keychain (on Linux: GNOME Keyring or KWallet), then enter it again.',
      );
    }
    const temporary = `${file}.tmp`;
    fs.writeFileSync(temporary, safeStorage.encryptString(token), { mode: 0o600 });
    fs.renameSync(temporary, file);
  }

  return {
    read() {
      if (fs.existsSync(file)) {
        if (!safeStorage.isEncryptionAvailable()) return null;
        try {
          return safeStorage.decryptString(fs.readFileSync(file)).trim() || null;
        } catch {
          // Encrypted under another user's or a reset keychain: as good as signed out.
          return null;
        }
      }
      const token = plain.read();
      if (token && safeStorage.isEncryptionAvailable()) {
        write(token);
        plain.clear();
      }
      return token;
    },
    write(token) {
      write(token);
      plain.clear();
    },
    clear() {
      fs.rmSync(file, { force: true });
      plain.clear();
    },
  };
}
