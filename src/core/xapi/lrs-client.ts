import type { XapiErrorKind } from '../../shared/xapi';
import type { XapiVersion } from './validate';

/** How to reach the team's LRS. */
export interface LrsTarget {
  endpoint: string;
  username: string;
  password: string;
  version: XapiVersion;
}

export type PostOutcome =
  | { kind: 'stored' }
  /** 409: the LRS already has a statement with one of these ids. */
  | { kind: 'conflict'; detail: string }
  /** 400: the LRS refused the statements themselves, with its reason. */
  | { kind: 'refused'; detail: string }
  | { kind: Exclude<XapiErrorKind, 'refused'>; detail: string };

/** Generous: an LRS under load may take a while, but a hung one must not hold the outbox forever. */
const timeoutMs = 30_000;
const maxDetail = 500;
/** More than any LRS's error message or /about document; the rest of a longer answer is never read. */
const maxBody = 64 * 1024;

export function statementsUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/statements`;
}

function headers(target: LrsTarget): Record<string, string> {
  return {
    'X-Experience-API-Version': target.version,
    'Content-Type': 'application/json',
    Authorization: `Basic ${Buffer.from(`${target.username}:${target.password}`, 'utf8').toString('base64')}`,
  };
}

/**
 * An answer's body, read up to `limit` bytes and the rest left unread: an LRS (or whatever answers
 * at its address) could send a body without end, and only its first words are ever kept.
 */
export async function readLimited(response: Response, limit = maxBody): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } catch {
    // A connection dropped mid-answer: what came is the answer.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const bytes = new Uint8Array(Math.min(size, limit));
  let at = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, bytes.length - at);
    bytes.set(part, at);
    at += part.length;
  }
  return new TextDecoder().decode(bytes);
}

/** The LRS's words from an error response: its JSON message if it sent one, else its text. */
async function reasonOf(response: Response): Promise<string> {
  const text = (await readLimited(response)).trim();
  let reason = text;
  try {
    const parsed = JSON.parse(text) as { message?: unknown; error?: unknown };
    if (typeof parsed.message === 'string') reason = parsed.message;
    else if (typeof parsed.error === 'string') reason = parsed.error;
  } catch {
    // Not JSON: the text is the reason.
  }
  return (reason || `HTTP ${response.status} ${response.statusText}`).slice(0, maxDetail);
}

function networkDetail(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return (cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error))).slice(0, maxDetail);
}

/** POSTs one batch to `<endpoint>/statements` and says what became of it. */
export async function postStatements(target: LrsTarget, statements: unknown[]): Promise<PostOutcome> {
  let response: Response;
  try {
    response = await fetch(statementsUrl(target.endpoint), {
      method: 'POST',
      headers: headers(target),
      body: JSON.stringify(statements),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { kind: 'network', detail: networkDetail(error) };
  }
  if (response.status === 200 || response.status === 204) {
    await response.body?.cancel();
    return { kind: 'stored' };
  }
  const detail = await reasonOf(response);
  if (response.status === 409) return { kind: 'conflict', detail };
  if (response.status === 401 || response.status === 403) return { kind: 'auth', detail };
  if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) return { kind: 'refused', detail };
  return { kind: 'server', detail };
}

export type TestOutcome = { outcome: 'ok' | 'unreachable' | 'auth' | 'version' | 'server'; versions: string[]; detail: string };

/**
 * Asks the LRS which versions it speaks (`/about`, open to anyone) and then reads one statement
 * with the credentials, which is the cheapest call that proves them.
 */
export async function testLrs(target: LrsTarget): Promise<TestOutcome> {
  const base = target.endpoint.replace(/\/+$/, '');
  let versions: string[] = [];
  try {
    const about = await fetch(`${base}/about`, { headers: { 'X-Experience-API-Version': target.version }, signal: AbortSignal.timeout(timeoutMs) });
    if (!about.ok) return { outcome: 'server', versions, detail: await reasonOf(about) };
    let body: { version?: unknown } = {};
    try {
      body = JSON.parse(await readLimited(about)) as { version?: unknown };
    } catch {
      // Not JSON: no versions.
    }
    versions = Array.isArray(body.version) ? body.version.filter((v): v is string => typeof v === 'string') : [];
  } catch (error) {
    return { outcome: 'unreachable', versions, detail: networkDetail(error) };
  }
  const major = target.version.slice(0, 3);
  if (!versions.some((v) => v.startsWith(major))) return { outcome: 'version', versions, detail: versions.join(', ') };
  try {
    const probe = await fetch(`${statementsUrl(base)}?limit=1`, { headers: headers(target), signal: AbortSignal.timeout(timeoutMs) });
    if (probe.ok) {
      await probe.body?.cancel();
      return { outcome: 'ok', versions, detail: '' };
    }
    const detail = await reasonOf(probe);
    return { outcome: probe.status === 401 || probe.status === 403 ? 'auth' : 'server', versions, detail };
  } catch (error) {
    return { outcome: 'unreachable', versions, detail: networkDetail(error) };
  }
}
