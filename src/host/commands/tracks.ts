import path from 'node:path';
import { UsageError } from './types';

/** `--track seller=A.m4a --track buyer=B.m4a`: one file per voice. */
export function parseTracks(given: string[] | undefined): { seller: string; buyer: string } | null {
  if (!given?.length) return null;
  const tracks = new Map(given.map((t) => [t.slice(0, t.indexOf('=')), t.slice(t.indexOf('=') + 1)] as const));
  const seller = tracks.get('seller');
  const buyer = tracks.get('buyer');
  if (given.length !== 2 || !seller || !buyer) throw new UsageError('--track takes seller=FILE and buyer=FILE, once each.');
  return { seller: path.resolve(seller), buyer: path.resolve(buyer) };
}
