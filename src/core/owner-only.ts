import fs from 'node:fs';
import path from 'node:path';

/**
 * The data folder, the database, backups and media hold a team's recorded conversations: on
 * POSIX systems they are readable by their owner only (folders 0700, files 0600), whatever the
 * umask. Windows keeps a user's AppData private by its own ACLs; modes mean nothing there.
 */
const posix = process.platform !== 'win32';

/** Makes the folder (and any missing parents, 0700) and narrows it to its owner. */
export function ownerOnlyDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (posix) fs.chmodSync(dir, 0o700);
}

/** Narrows an existing file to its owner; a file that is not there is no error. */
export function ownerOnlyFile(file: string): void {
  if (!posix) return;
  try {
    fs.chmodSync(file, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Every file and folder in `dir` (not following links) narrowed to its owner. */
export function ownerOnlyTree(dir: string): void {
  if (!posix) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      fs.chmodSync(full, 0o700);
      ownerOnlyTree(full);
    } else if (entry.isFile()) ownerOnlyFile(full);
  }
}
