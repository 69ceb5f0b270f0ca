import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError, ErrorCode } from '../../shared/errors';

/** What a data folder remembers of the hub it joined (no secret: the token is kept apart). */
export const hubLink = z.object({
  url: z.string().min(1),
  deviceId: z.string(),
  repId: z.string(),
  name: z.string(),
  connectedAt: z.string(),
});
export type HubLink = z.infer<typeof hubLink>;

/**
 * Where a desktop keeps its device token. The desktop shell passes one backed by Electron's
 * safeStorage; elsewhere (the CLI, `reprise serve`) it is a file only this user can read.
 */
export interface TokenStore {
  read(): string | null;
  write(token: string): void;
  clear(): void;
}

/** `name` is the file: the hub token by default; other secrets (the LRS password) keep their own. */
export function fileTokenStore(dataDir: string, name = 'hub-token'): TokenStore {
  const file = path.join(dataDir, name);
  return {
    read: () => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() || null : null),
    write: (token) => {
      fs.writeFileSync(file, token, { mode: 0o600 });
      // writeFileSync keeps the mode of a file that already existed.
      fs.chmodSync(file, 0o600);
    },
    clear: () => fs.rmSync(file, { force: true }),
  };
}

const linkFile = (dataDir: string) => path.join(dataDir, 'hub.json');

export function readHubLink(dataDir: string): HubLink | null {
  const file = linkFile(dataDir);
  if (!fs.existsSync(file)) return null;
  const parsed = hubLink.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new AppError(ErrorCode.hubLinkDamaged, `${file} is damaged. Connect again with \`reprise connect URL --code CODE\`.`);
  return parsed.data;
}

export function writeHubLink(dataDir: string, link: HubLink): void {
  fs.writeFileSync(linkFile(dataDir), `${JSON.stringify(link, null, 2)}\n`);
}

export function removeHubLink(dataDir: string): void {
  fs.rmSync(linkFile(dataDir), { force: true });
}
