import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { DomainHandlers } from '../../shared/contract';
import { AppError, ErrorCode } from '../../shared/errors';
import type { hubJoinChannels } from '../../shared/hub-join';
import { readHubLink, removeHubLink, writeHubLink, type TokenStore } from './connection';
import { redeemCode } from './hub-client';
import { keptTakesFolder } from './kept-takes';

/**
 * Joining and leaving a team hub: one piece of code for `reprise connect`/`disconnect` and for the
 * app's Settings → Team hub (through `hub:join`/`hub:leave`).
 */

/** Left behind by leaving: the hub this folder's copies came from, so joining it again is allowed. */
const leftFile = (dataDir: string) => path.join(dataDir, 'hub-left.json');

function previousHub(dataDir: string): string | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(leftFile(dataDir), 'utf8')) as { url?: unknown };
    return typeof parsed.url === 'string' ? parsed.url : null;
  } catch {
    return null;
  }
}

/** The hub's origin, or why the address cannot be one (plain http only on this computer). */
export function hubOrigin(address: string): string {
  let url: URL;
  try {
    url = new URL(address.trim());
  } catch {
    throw new AppError(ErrorCode.invalidInput, `${address} is not an address; give it in full, e.g. https://reprise.example.com`, [
      { path: 'url', message: 'Give the address in full, e.g. https://reprise.example.com' },
    ]);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))) {
    throw new AppError(ErrorCode.invalidInput, 'A hub is reached over https:// (plain http only on this computer).', [
      { path: 'url', message: 'A hub is reached over https:// (plain http only on this computer).' },
    ]);
  }
  return url.origin;
}

export interface JoinInput {
  url: string;
  code: string;
  device?: string | undefined;
}

/**
 * Redeems the code on the hub and remembers the link (address in hub.json, token in the token
 * store). Refuses a folder already joined, and a folder with a team of its own: its people would
 * never reach the hub. A folder that left a hub may join the same hub again (its copies came from it).
 */
export async function joinHub(dataDir: string, db: Database, tokens: TokenStore, input: JoinInput, now = new Date()): Promise<{ hubUrl: string; name: string; deviceId: string }> {
  const origin = hubOrigin(input.url);
  const current = readHubLink(dataDir);
  if (current) {
    throw new AppError(ErrorCode.alreadyConnected, `This computer is already joined to the team hub at ${current.url}. Leave it first to join another.`);
  }
  const local = db.prepare('SELECT count(*) FROM reps').pluck().get() as number;
  if (local > 0 && previousHub(dataDir) !== origin) {
    throw new AppError(ErrorCode.notEmpty, `This data folder already has a team of its own (${local} people). Join the hub from a new, empty data folder.`);
  }
  const signedIn = await redeemCode(origin, input.code.trim(), input.device?.trim() || os.hostname());
  tokens.write(signedIn.token);
  writeHubLink(dataDir, { url: origin, deviceId: signedIn.deviceId, repId: signedIn.repId, name: signedIn.name, connectedAt: now.toISOString() });
  fs.rmSync(leftFile(dataDir), { force: true });
  return { hubUrl: origin, name: signedIn.name, deviceId: signedIn.deviceId };
}

/**
 * Forgets the hub's address and this computer's sign-in. Takes and changes still waiting stay in
 * the data folder (they go up after joining the same hub again); the counts say how many.
 */
export function leaveHub(dataDir: string, db: Database, tokens: TokenStore): { waitingTakes: number; waitingChanges: number } {
  const link = readHubLink(dataDir);
  if (!link) throw new AppError(ErrorCode.notConnected, 'This computer is not joined to a team hub.');
  const waitingTakes = db.prepare(`SELECT count(*) FROM outgoing_uploads WHERE state IN ('waiting', 'uploading', 'paused', 'attention')`).pluck().get() as number;
  const waitingChanges = db.prepare(`SELECT count(*) FROM outbox WHERE state <> 'sent'`).pluck().get() as number;
  fs.writeFileSync(leftFile(dataDir), `${JSON.stringify({ url: link.url, leftAt: new Date().toISOString() })}\n`);
  tokens.clear();
  removeHubLink(dataDir);
  // Copies of the hub's takes kept for scoring offline are not this computer's to keep.
  fs.rmSync(keptTakesFolder(dataDir), { recursive: true, force: true });
  return { waitingTakes, waitingChanges };
}

/** A plain core (the CLI's, a team hub's) has no app to switch: joining is the local door's, or `reprise connect`'s. */
export const fixedJoinHandlers: DomainHandlers<typeof hubJoinChannels> = {
  'hub:join': () => {
    throw new AppError(ErrorCode.forbidden, 'A team hub is joined from the app on your own computer (Settings → Team hub), or with `reprise connect`.');
  },
  'hub:leave': () => {
    throw new AppError(ErrorCode.forbidden, 'A team hub is left from the app on your own computer (Settings → Team hub), or with `reprise disconnect`.');
  },
};
