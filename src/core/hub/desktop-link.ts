import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Database } from 'better-sqlite3';
import type * as Tus from 'tus-js-client';
import type { CallContext, Channel, ChannelInput, ChannelOutput, DomainHandlers, Handlers } from '../../shared/contract';
import { channels, contract as channelSpecs, events as eventSpecs, type EventName } from '../../shared/contract';
import { AppError, ErrorCode } from '../../shared/errors';
import type { Clip } from '../../shared/clips';
import type { CommentThread } from '../../shared/comments';
import { localDate, mondayOf, addDays, pageInputs, toWritePageSize } from '../../shared/page-inputs';
import type { ProgramSession } from '../../shared/programs';
import type { Recording, RecordingDetail } from '../../shared/recordings';
import type { Session } from '../../shared/sessions';
import type { OutboxItem, OutgoingUpload, SyncReport, SyncState, SyncStatus, syncChannels } from '../../shared/sync';
import { outboxChannels } from '../../shared/sync';
import type { Clock } from '../clock';
import { writeTransaction } from '../db/open-database';
import { statementCache } from '../db/statements';
import type { CoreEvents } from '../events';
import { uuidv7 } from '../ids';
import { mediaConditions, serveFile } from '../recordings/media-route';
import type { RecordingsService } from '../recordings/recordings-service';
import type { HubLink } from './connection';
import { takeUpload } from './take-upload';
import { HubClient, HubUnreachable, hubErrorCodes, isRetryableStatus, toAppError } from './hub-client';
import { HubEventStream } from './hub-events';
import { KeptTakes, keptTakesBudget, keptTakesFolder, type TakeToKeep } from './kept-takes';
import { answerOffline, keepWritten, newestTake, takeOfMarker, type HubCache, type OfflineWrite } from './offline-answers';

/**
 * What a connected desktop keeps to itself: capturing, finalizing and recovering takes on its own
 * disk, and its own link to the hub. Every other channel is the hub's.
 */
const localChannels = new Set<Channel>([
  'app:info',
  'recordings:start',
  'recordings:append',
  'recordings:keep-alive',
  'recordings:stop',
  'recordings:recover',
  'recordings:disk',
  'recordings:import',
  'recordings:join-tracks',
  'recordings:discard-import',
  'sync:status',
  'sync:run',
  'sync:uploads',
  'sync:outbox',
  'sync:retry',
  'sync:pause',
  'sync:outbox-resend',
  'sync:outbox-discard',
  'sync:resolve',
]);

/** Writes that may wait in the outbox while the hub is away; they carry their own key so a retry never doubles them. */
const queueable = new Set<Channel>(outboxChannels);

/** Writes that only make sense with an answer here (the page opens what they made): not queued blind. */
const answerOnly = new Set<Channel>(['scorecards:start', 'clips:create']);

/**
 * Edits that carry the revision they were made on, and the channel that reads the hub's current
 * one: by id, or a take's list (comments, clips) that holds it.
 */
const revisable: Partial<Record<Channel, Channel>> = {
  'scorecards:save-draft': 'scorecards:get',
  'scorecards:submit': 'scorecards:get',
  'coaching-notes:save': 'coaching-notes:get',
  'comments:update': 'comments:list',
  'clips:update': 'clips:list',
  'markers:update': 'recordings:get',
  'markers:delete': 'recordings:get',
};

/** Readers whose answer holds the edited thing among others: a take's comments or clips, or a take with its markers. */
function readsList(reader: Channel): boolean {
  return reader.endsWith(':list') || reader === 'recordings:get';
}

/** How long a write the hub accepted is remembered here, to send again if the hub is restored from an older backup. */
export const sentKeepMs = 60 * 24 * 3_600_000;

/** Writes that create a thing the hub would otherwise name: remembered with the hub's id, so one sent again makes the same thing. */
const namesWhatItMakes = new Set<Channel>(['scorecards:start', 'comments:add', 'clips:create']);

/** The items of a kept list answer (a take's comment threads with their replies, or a page of clips). */
function listed(channel: Channel, value: unknown): { id: string; updatedAt: string; recordingId?: string }[] {
  if (channel === 'comments:list') return ((value ?? []) as CommentThread[]).flatMap((t) => [t, ...t.replies]);
  if (channel === 'clips:list') return ((value as { rows?: Clip[] } | null)?.rows ?? []) as Clip[];
  if (channel === 'coaching-notes:list') return (value ?? []) as { id: string; updatedAt: string }[];
  if (channel === 'recordings:get') return (value as { markers?: { id: string; updatedAt: string }[] } | null)?.markers ?? [];
  return [];
}

/** Channels that only read: their last answer is kept, and shown while the hub cannot be reached. */
function isRead(channel: Channel): boolean {
  const verb = channel.split(':')[1] ?? '';
  return (
    ['list', 'get', 'peaks', 'versions', 'about', 'for-session', 'to-write', 'calibration', 'next', 'due', 'me', 'roles', 'preview', 'analysis', 'page', 'reminders', 'brief', 'summary'].includes(verb) ||
    channel === 'calendar:export' ||
    channel === 'scorecards:export'
  );
}

/**
 * Where a hub answer is kept: by channel and input, the input's keys in one order, so a page and
 * the desktop keeping it warm (see keepWarm) find the same answer however each wrote its input.
 */
export function cacheKey(channel: Channel, input: unknown): string {
  return `${channel} ${JSON.stringify(input ?? {}, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : value,
  )}`;
}

/** Scorecards owed whose session, take and card are kept warm: To write's first page. */
const warmOwed = toWritePageSize;

/** Events after which what this person needs offline is read again (see keepWarm). */
const warmedBy = new Set<EventName>([
  'sessions:changed',
  'scorecards:changed',
  'recordings:changed',
  'comments:changed',
  'rubric-templates:changed',
  'people:changed',
  'programs:changed',
  'certifications:changed',
  'library:changed',
]);

/** What a restored hub answered about a thing: not there, or nothing to go by. */
const gone = Symbol('gone');
const unreadable = Symbol('unreadable');

/**
 * tus-js-client, loaded by the first upload: every CLI command and the app's start load this module,
 * and only sending a take needs it. Its Node build has a file-backed URL store that its type
 * declarations leave out.
 */
type TusClient = typeof Tus & { FileUrlStorage: new (file: string) => Tus.UrlStorage };
let tusClient: Promise<TusClient> | null = null;
const loadTus = () => (tusClient ??= import('tus-js-client') as unknown as Promise<TusClient>);

/** Headers of the hub's media answer that a player needs, Range answers included. */
const proxiedMediaHeaders = ['content-type', 'content-length', 'content-range', 'accept-ranges', 'cache-control', 'etag', 'last-modified'];
/** The player's conditions go to the hub as they came, so a stale If-Range gets the whole take and a cached one a 304. */
const forwardedMediaHeaders = ['range', 'if-range', 'if-none-match', 'if-modified-since'];

/**
 * A take's bytes from a presigned storage address (no token: the address is the permission), or
 * null when the storage cannot be reached or refuses (expired, a clock far off), for the caller to
 * go through the hub instead.
 */
async function fromStorage(location: string, range: string | undefined): Promise<Response | null> {
  // A bound on the wait for the answer, not on the body: a whole take may take longer to play.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 10_000);
  try {
    const answer = await fetch(location, { headers: range ? { range } : {}, signal: controller.signal });
    clearTimeout(timer);
    if (answer.ok || answer.status === 416) return answer;
    await answer.body?.cancel().catch(() => undefined);
    return null;
  } catch {
    clearTimeout(timer);
    return null;
  }
}

/**
 * Bytes per PATCH. A kill or a dropped connection re-sends at most this much (in practice far less:
 * the hub keeps what arrived, on its disk all of it, in a bucket all but the part under way, at
 * most 8 MB). 64 MB by default: to a hub with its takes in a bucket a chunk's last parts go to the
 * gateway while the next chunk waits, so fewer, larger chunks went faster there (in 3 of 3 runs by
 * wall time, 2 of 3 by processor time); to a hub's own disk, sent by `takeUpload`, 64 MB was
 * faster than 16 MB by wall and by processor time in 5 of 5 runs
 * (`npm run bench`: test/bench/hub-s3.bench.ts and hub.bench.ts print the sizes side by side with
 * REPRISE_BENCH_S3_CHUNK_MB=16,64 and REPRISE_BENCH_HUB_CHUNK_MB=16,32,64). A slow link is no risk: the hub cuts an upload's request only
 * after a minute without a byte, not after a fixed time.
 * REPRISE_UPLOAD_CHUNK_MB changes it (1 to 256), e.g. behind a proxy with a smaller body limit.
 */
export function uploadChunkBytes(env: NodeJS.ProcessEnv = process.env): number {
  const mb = Number(env.REPRISE_UPLOAD_CHUNK_MB);
  return (Number.isFinite(mb) && mb >= 1 && mb <= 256 ? mb : 64) * 1024 * 1024;
}

/** How long a real answer from the hub stands for its state before `sync:status` asks again. */
const answerFreshMs = 5_000;

/**
 * While the hub's event stream is open the desktop syncs when told; this slow round is the fallback
 * for anything a stream cannot tell (a missed event while it was being opened again).
 */
export const fallbackSyncMs = 5 * 60_000;

/** Events from the hub arriving within this long of each other make one refresh and one sync. */
export const pushDebounceMs = 300;

/**
 * The hub's events that mean something only where they were emitted (its sync, its demo, its
 * recovered takes, a request to the windows recording there to stop): not passed on.
 */
const hubOnlyEvents = new Set<EventName>(['sync:changed', 'sync:progress', 'demo:progress', 'demo:switched', 'recordings:recovered', 'recordings:stop-requested']);

/** Two payloads of the same event, merged: their id lists joined, otherwise the later one. */
function mergePayloads(earlier: unknown, later: unknown): unknown {
  if (typeof earlier !== 'object' || earlier === null || typeof later !== 'object' || later === null) return later;
  const merged: Record<string, unknown> = { ...(earlier as Record<string, unknown>) };
  for (const [key, value] of Object.entries(later as Record<string, unknown>)) {
    const before = merged[key];
    merged[key] = Array.isArray(before) && Array.isArray(value) ? [...new Set([...before, ...value])] : value;
  }
  return merged;
}

/**
 * Waiting after a hub fault before the background sync tries again: 15 s, doubling to at most
 * 10 minutes, or longer when the hub's Retry-After asks. "Send now" does not wait.
 */
export function backoffMs(failures: number, retryAfter: number | null): number {
  const doubling = Math.min(10 * 60_000, 15_000 * 2 ** Math.max(0, failures - 1));
  return Math.max(doubling, retryAfter ?? 0);
}

interface OutboxRow {
  id: string;
  seq: number;
  channel: Channel;
  input: string;
  state: OutboxItem['state'];
  attempts: number;
  error: string | null;
  error_code: string | null;
  created_at: string;
  subject_id: string | null;
  base_revision: string | null;
  theirs: string | null;
  answer_revision: string | null;
}

/** What a write is about, for writes whose input names it. */
function subjectOf(channel: Channel, input: unknown): string | null {
  const value = input as { id?: unknown };
  return channel !== 'markers:add' && typeof value?.id === 'string' ? value.id : null;
}

interface UploadRow {
  recording_id: string;
  state: OutgoingUpload['state'];
  bytes_sent: number;
  bytes_total: number;
  attempts: number;
  error: string | null;
  updated_at: string;
}

export interface DesktopLinkOptions {
  db: Database;
  dataDir: string;
  link: HubLink;
  client: HubClient;
  recordings: RecordingsService;
  events: CoreEvents;
  clock: Clock;
  /** Disk for copies of takes owed a scorecard, to play offline (default: keptTakesBudget()). */
  keptTakeBytes?: number;
}

/**
 * A desktop joined to a team hub. Team channels go to the hub over HTTPS; takes are recorded and
 * finalized here, then uploaded with tus (resumable from the hub's offset after a kill of either
 * side); writes made while the hub is away wait in a durable outbox and go up in order.
 */
export class DesktopLink {
  private readonly sql;
  // Not known to be reachable until the hub has answered: the first check or call says.
  private state: SyncState = 'offline';
  private lastContactAt: string | null = null;
  /** Why the hub cannot be used now (from its last answer, or the lack of one); null while it answers well. */
  private problem: string | null = null;
  /** performance.now() of the hub's last real answer (a success or a refusal), not of this desktop's clock. */
  private lastAnswer = Number.NEGATIVE_INFINITY;
  private failures = 0;
  private retryAt = 0;
  private running: Promise<SyncReport> | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private stream: HubEventStream | null = null;
  /** Events from the hub waiting for the debounce to pass them on, by name. */
  private readonly told = new Map<EventName, unknown>();
  private toldTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly active = new Map<string, Tus.Upload>();
  private readonly cache: HubCache;
  private templatesKept = false;
  /** The week (its Monday) whose work was last kept warm; null when the hub has told of a change since. */
  private warmFor: string | null = null;
  /** Counts the changes told: a round of keeping warm that a change overtook does not count as done. */
  private warmAsked = 0;
  /** Copies of the takes this person owes a scorecard for, so they play offline. */
  private readonly keptTakes: KeptTakes;
  /** The round of keeping takes under way (one at a time, in the background of a running app). */
  private keeping: Promise<void> | null = null;
  private keepAgain: TakeToKeep[] | null = null;

  constructor(private readonly options: DesktopLinkOptions) {
    this.sql = statementCache(options.db);
    this.keptTakes = new KeptTakes(keptTakesFolder(options.dataDir), options.keptTakeBytes ?? keptTakesBudget());
    const key = cacheKey;
    this.cache = {
      get: <T>(channel: Channel, input: unknown) => {
        const text = this.sql('SELECT value FROM hub_cache WHERE key = ?').pluck().get(key(channel, input)) as string | undefined;
        return text === undefined ? undefined : (JSON.parse(text) as T);
      },
      set: (channel, input, value) => {
        this.sql('INSERT INTO hub_cache (key, value, fetched_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
          key(channel, input),
          JSON.stringify(value ?? null),
          this.now(),
        );
      },
      entries: <T>(channel: Channel) =>
        (this.sql("SELECT key, value FROM hub_cache WHERE substr(key, 1, length(?) + 1) = ? || ' '").all(channel, channel) as { key: string; value: string }[]).map((row) => ({
          input: JSON.parse(row.key.slice(channel.length + 1)) as Record<string, unknown>,
          value: JSON.parse(row.value) as T,
        })),
    };
  }

  get link(): HubLink {
    return this.options.link;
  }

  /** The core's handlers with every team channel sent to the hub. */
  route(local: Handlers): Handlers {
    const routed = {} as Record<Channel, (input: unknown, context: never) => unknown>;
    for (const channel of channels) {
      const localHandler = local[channel] as (input: unknown, context: never) => unknown;
      // A create's operation key goes on to the hub, which then runs it once however often it is sent.
      routed[channel] = localChannels.has(channel) ? localHandler : (input, context: CallContext) => this.remote(channel, input, { key: context.operationKey });
    }
    const own = this.ownHandlers();
    Object.assign(routed, own);
    routed['recordings:list'] = async (input) => this.listRecordings(input as { sessionId?: string });
    // The take recorded here always opens here: still going up, kept here, or on a hub that is away or lost it.
    for (const channel of ['recordings:get', 'recordings:peaks'] as const) {
      routed[channel] = (input, context) => this.ownTakeFirst(channel, (input as { id: string }).id, () => localHandler(local, channel)(input, context), input);
    }
    // A take recorded here is its session's take at once, gone up or not (kept here, still going up, the hub away):
    // Today offers to watch and score it, never to record the role-play again.
    routed['schedule:next'] = async (input) => this.withTakeHere((await this.remote('schedule:next', input)) as ProgramSession | null);
    routed['schedule:list'] = async (input) => ((await this.remote('schedule:list', input)) as ProgramSession[]).map((s) => this.withTakeHere(s));
    // A take only here has no comments or clips on the hub yet: only the ones written here, which wait with it.
    routed['comments:list'] = (input) => this.pendingTakeOr('comments:list', (input as { recordingId: string }).recordingId, input, []);
    routed['clips:list'] = (input) =>
      this.pendingTakeOr('clips:list', (input as { recordingId?: string }).recordingId, input, { total: 0, rows: [] });
    for (const channel of ['comments:add', 'clips:create'] as const) {
      routed[channel] = (input) =>
        this.isLocalPending((input as { recordingId: string }).recordingId) ? this.keepForLater(channel, input) : this.remote(channel, input);
    }
    // A take still waiting to go up is analysed here; once on the hub, the hub's analysis is the one shown.
    for (const channel of ['recordings:analysis', 'analysis:run'] as const) {
      routed[channel] = (input, context) =>
        this.isLocalPending((input as { id: string }).id) ? localHandler(local, channel)(input, context) : this.remote(channel, input);
    }
    // A take is recorded for a hub session: the session (and its people) are copied here first.
    routed['recordings:start'] = async (input, context) => {
      await this.mirrorSession((input as { sessionId: string }).sessionId);
      return localHandler(local, 'recordings:start')(input, context);
    };
    routed['recordings:import'] = async (input, context) => {
      await this.mirrorSession((input as { sessionId: string }).sessionId);
      return localHandler(local, 'recordings:import')(input, context);
    };
    for (const channel of ['markers:add', 'markers:update', 'markers:delete'] as const) {
      routed[channel] = (input, context) => {
        const recordingId = channel === 'markers:add' ? (input as { recordingId: string }).recordingId : this.recordingOfMarker((input as { id: string }).id);
        return recordingId && this.isLocalPending(recordingId) ? localHandler(local, channel)(input, context) : this.remote(channel, input, { key: (context as CallContext).operationKey });
      };
    }
    return routed as unknown as Handlers;
  }

  /** `send.key`: the call's idempotency key; `send.fromOutbox`: the outbox sending a waiting write (never queued again). */
  private async remote(channel: Channel, input: unknown, send: { key?: string; fromOutbox?: boolean } = {}): Promise<unknown> {
    const key = cacheKey(channel, input);
    // An edit of something that still has changes waiting here goes behind them, never past them.
    if (!send.fromOutbox && queueable.has(channel) && this.hasWaiting(subjectOf(channel, input))) return this.keepForLater(channel, input);
    // A write sent online goes under a key of its own too, and is remembered under it once accepted (see rememberSent).
    const online = queueable.has(channel) && !send.fromOutbox;
    const operationKey = send.key ?? (online ? uuidv7(this.options.clock().getTime()) : undefined);
    try {
      const result = await this.options.client.call(channel, input, operationKey);
      this.contact();
      if (result.ok) {
        if (online && operationKey) this.rememberSent(operationKey, channel, input, result.value);
        if (isRead(channel)) this.sql('INSERT INTO hub_cache (key, value, fetched_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, fetched_at = excluded.fetched_at').run(key, JSON.stringify(result.value ?? null), this.now());
        else keepWritten(channel, input, result.value, this.cache);
        return result.value;
      }
      if (result.error.code === hubErrorCodes.signedOut) this.setState('signed-out');
      throw toAppError(result.error);
    } catch (error) {
      if (!(error instanceof HubUnreachable)) throw error;
      this.fault(error);
      if (isRead(channel)) {
        const cached = this.sql('SELECT value FROM hub_cache WHERE key = ?').pluck().get(key) as string | undefined;
        if (cached !== undefined) return JSON.parse(cached) as unknown;
        throw new AppError(hubErrorCodes.unreachable, 'The team hub cannot be reached, and this was not fetched before. Try again when you are online.');
      }
      if (queueable.has(channel) && !send.fromOutbox) return this.keepForLater(channel, input);
      throw new AppError(hubErrorCodes.unreachable, 'The team hub cannot be reached. Try again when you are online.');
    }
  }

  /**
   * A write while the hub is away (or about a take only here): it waits in the outbox, and the
   * answer is built from what was fetched, so the page goes on and shows it as waiting to send.
   */
  private keepForLater(channel: Channel, input: unknown): unknown {
    // A marker's take, for the page to read again: an edit names only the marker, and a deletion answers only its id.
    const markerTake = channel === 'markers:update' || channel === 'markers:delete' ? takeOfMarker(this.cache, subjectOf(channel, input) ?? '') : undefined;
    let write: OfflineWrite | null;
    try {
      write = answerOffline(channel, input, { cache: this.cache, me: { id: this.options.link.repId, name: this.options.link.name }, now: this.now(), newId: () => uuidv7(this.options.clock().getTime()) });
    } catch (error) {
      // What the hub would refuse (an incomplete scorecard) is refused now, while the person is still here.
      if (error instanceof AppError && error.code === ErrorCode.invalidInput) throw error;
      // A copy kept in a shape this version does not read: wait without an answer rather than fail.
      write = null;
    }
    if (write?.nothingToSend) return write.value;
    if (!write && answerOnly.has(channel)) {
      throw new AppError(hubErrorCodes.unreachable, 'The team hub cannot be reached, and what this needs was not fetched before. Try again when you are online.');
    }
    const subjectId = write?.subjectId ?? subjectOf(channel, input);
    const base = write ? write.baseRevision : this.revisionOf(channel, input);
    this.enqueue(channel, write?.input ?? input, subjectId, revisable[channel] ? base : null);
    this.tellPages(channel, input, subjectId, typeof markerTake === 'string' ? { recordingId: markerTake } : write?.value);
    // Kept behind earlier changes while the hub can be reached: send them all now, not at the next tick
    // (during a round, in a round of its own after it: the round under way read its list already).
    if (this.state === 'online' || this.state === 'syncing') void this.syncOnce().catch(() => undefined);
    if (write) return write.value;
    throw new AppError(hubErrorCodes.queued, 'Saved on this computer. It goes to the team hub as soon as the hub can be reached.');
  }

  /** Open pages read again, from the copies that now include the write kept here. */
  private tellPages(channel: Channel, input: unknown, subjectId: string | null, answer?: unknown): void {
    // An edit names only its id: the take comes from the answer built here.
    const recordingId = ((input ?? {}) as { recordingId?: string }).recordingId ?? (answer as { recordingId?: string } | undefined)?.recordingId;
    const { events } = this.options;
    if (channel.startsWith('scorecards:') && subjectId) events.emit('scorecards:changed', { ids: [subjectId] });
    else if ((channel === 'comments:add' || channel === 'comments:update') && recordingId) events.emit('comments:changed', { recordingId });
    else if ((channel === 'clips:create' || channel === 'clips:update') && recordingId) events.emit('clips:changed', { recordingId });
    else if (channel.startsWith('markers:') && recordingId) events.emit('recordings:changed', { ids: [recordingId] });
    else if (channel === 'coaching-notes:save') events.emit('coaching-notes:changed', { ids: subjectId ? [subjectId] : [] });
  }

  /**
   * A write the hub accepted while online, kept as sent (with its key and what the hub answered):
   * were the hub restored from a backup older than it, it is sent again like one that waited here.
   */
  private rememberSent(key: string, channel: Channel, input: unknown, value: unknown): void {
    const answer = (value ?? {}) as { id?: unknown; updatedAt?: unknown };
    const answerId = typeof answer.id === 'string' ? answer.id : null;
    const made = namesWhatItMakes.has(channel) && answerId ? { ...(input as object), id: answerId } : input;
    this.sql(
      `INSERT INTO outbox (id, seq, channel, input, created_at, state, sent_at, subject_id, answer_revision)
       VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM outbox), ?, ?, ?, 'sent', ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    ).run(
      key,
      channel,
      JSON.stringify(made ?? {}),
      this.now(),
      this.now(),
      subjectOf(channel, input) ?? answerId,
      typeof answer.updatedAt === 'string' ? answer.updatedAt : null,
    );
  }

  /** The revision of the thing an edit changes, as last fetched (null when never fetched). */
  private revisionOf(channel: Channel, input: unknown): string | null {
    const id = subjectOf(channel, input);
    if (!id || !revisable[channel]) return null;
    const reader = revisable[channel];
    if (!readsList(reader)) {
      const kept = this.cache.get<{ updatedAt: string }>(reader, { id });
      if (kept) return kept.updatedAt;
    }
    return this.keptInList(readsList(reader) ? reader : channel === 'coaching-notes:save' ? 'coaching-notes:list' : null, id)?.item.updatedAt ?? null;
  }

  /** A comment, clip or note as last fetched in a list, with the input of the list that holds it. */
  private keptInList(channel: Channel | null, id: string): { input: Record<string, unknown>; item: { id: string; updatedAt: string } } | null {
    if (!channel) return null;
    for (const entry of this.cache.entries<unknown>(channel)) {
      const item = listed(channel, entry.value).find((i) => i.id === id);
      if (item) return { input: entry.input, item };
    }
    return null;
  }

  /** The hub's current version of what an edit changes, read the way the page reads it. */
  private async readTheirs(reader: Channel, id: string): Promise<unknown> {
    if (!readsList(reader)) return this.remote(reader, { id });
    // A marker deleted here is no longer in its take's kept copy: the take it was on is remembered.
    const take = reader === 'recordings:get' ? takeOfMarker(this.cache, id) : undefined;
    const kept = take ? { input: { id: take } } : this.keptInList(reader, id);
    if (!kept) throw new AppError(ErrorCode.notFound, 'Not fetched here before.');
    const list = await this.remote(reader, kept.input);
    const theirs = listed(reader, list).find((i) => i.id === id);
    if (!theirs) throw new AppError(ErrorCode.notFound, 'Gone from the team hub.');
    return theirs;
  }

  private enqueue(channel: Channel, input: unknown, subjectId: string | null = null, baseRevision: string | null = null): void {
    const text = JSON.stringify(input ?? {});
    // A new coaching note has no id until the hub makes one, and the form saves it again and again
    // while it is written: while it waits, each save replaces the waiting one (a note is one per
    // coach, rep and week), so the hub gets one note, not one per keystroke.
    if (channel === 'coaching-notes:save' && (input as { id?: string }).id === undefined) {
      const replaced = this.sql(
        `UPDATE outbox SET input = @text WHERE state = 'pending' AND channel = 'coaching-notes:save'
           AND json_extract(input, '$.id') IS NULL
           AND json_extract(input, '$.fields.coachId') = json_extract(@text, '$.fields.coachId')
           AND json_extract(input, '$.fields.repId') = json_extract(@text, '$.fields.repId')
           AND json_extract(input, '$.fields.weekOf') = json_extract(@text, '$.fields.weekOf')`,
      ).run({ text }).changes;
      if (replaced > 0) return this.emitStatus();
    }
    // A later edit of the same thing is made on the earlier one still waiting: it takes that one's base.
    const earlier = subjectId ? (this.sql(`SELECT 1 FROM outbox WHERE subject_id = ? AND state = 'pending'`).get(subjectId) as unknown) : undefined;
    this.sql(
      `INSERT INTO outbox (id, seq, channel, input, created_at, subject_id, base_revision) VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM outbox), ?, ?, ?, ?, ?)`,
    ).run(
      uuidv7(this.options.clock().getTime()),
      channel,
      text,
      this.now(),
      subjectId,
      earlier ? null : baseRevision,
    );
    this.emitStatus();
  }

  private async listRecordings(input: { sessionId?: string }): Promise<Recording[]> {
    const here = this.options.recordings.list(input);
    const local = here.filter((r) => this.isLocalPending(r.id));
    let remote: Recording[];
    try {
      remote = (await this.remote('recordings:list', input)) as Recording[];
    } catch (error) {
      // With nothing of its own to show, a list the hub never gave is "not loaded", not "no takes".
      if (!(error instanceof AppError && error.code === hubErrorCodes.unreachable) || local.length === 0) throw error;
      // What this computer knows of the session's takes (recorded here, or told of by the hub one
      // by one), marked as such: the team may have more, so nobody numbers them as if it were all.
      const told = this.cache
        .entries<RecordingDetail>('recordings:get')
        .flatMap((e) => (e.value && typeof e.value === 'object' && (!input.sessionId || e.value.sessionId === input.sessionId) ? [e.value] : []))
        .map(({ markers: _markers, ...r }) => r);
      const known = new Map([...told, ...here].map((r) => [r.id, r]));
      return [...known.values()].map((r) => ({ ...r, teamTakesUnknown: true as const }));
    }
    const seen = new Set(remote.map((r) => r.id));
    return [...local.filter((r) => !seen.has(r.id)), ...remote];
  }

  /** A scheduled session the hub knows no take of, with the newest one recorded here (if any). */
  private withTakeHere<S extends ProgramSession | null>(session: S): S {
    if (!session || session.recordingId) return session;
    const here = this.sql(`SELECT id FROM recordings WHERE session_id = ? AND status = 'ready' ORDER BY started_at DESC, id DESC LIMIT 1`).pluck().get(session.id) as string | undefined;
    return here ? { ...session, recordingId: here } : session;
  }

  /** The hub's answer about a take, or this computer's own copy when the take is only here or the hub cannot give it. */
  private async ownTakeFirst(channel: Channel, recordingId: string, here: () => unknown, input: unknown): Promise<unknown> {
    if (this.isLocalPending(recordingId)) {
      const value = await here();
      // Kept like a hub answer, so a clip or comment made on it offline is answered from it.
      if (channel === 'recordings:get') this.cache.set(channel, input, value);
      return value;
    }
    try {
      return await this.remote(channel, input);
    } catch (error) {
      const fallBack = error instanceof AppError && [hubErrorCodes.unreachable, 'not_found', 'forbidden'].includes(error.code);
      if (fallBack && this.sql('SELECT 1 FROM recordings WHERE id = ?').get(recordingId)) return here();
      throw error;
    }
  }

  /** For a take only here: what was written here about it (kept in the cache), else nothing yet. */
  private pendingTakeOr(channel: Channel, recordingId: string | undefined, input: unknown, empty: unknown): unknown {
    if (!recordingId || !this.isLocalPending(recordingId)) return this.remote(channel, input);
    const kept = this.cache.get(channel, input);
    if (kept !== undefined) return kept;
    // Nobody else can have written about a take that is only here: an empty list is the truth.
    this.cache.set(channel, input, empty);
    return empty;
  }

  /** A take that lives only here for now: recorded here and not yet on the hub. */
  private isLocalPending(recordingId: string): boolean {
    const local = this.sql('SELECT 1 FROM recordings WHERE id = ?').get(recordingId);
    if (!local) return false;
    const upload = this.sql('SELECT state FROM outgoing_uploads WHERE recording_id = ?').pluck().get(recordingId) as string | undefined;
    return upload !== 'done';
  }

  private recordingOfMarker(markerId: string): string | null {
    return (this.sql('SELECT recording_id FROM markers WHERE id = ?').pluck().get(markerId) as string | undefined) ?? null;
  }

  /** Copies a hub session, its focus area and its people here, so a take can be recorded for it. */
  async mirrorSession(sessionId: string): Promise<void> {
    let session: Session;
    try {
      session = (await this.remote('sessions:get', { id: sessionId })) as Session;
    } catch (error) {
      // Offline, a session copied before is still good enough to record for.
      if (error instanceof AppError && error.code === hubErrorCodes.unreachable && this.sql('SELECT 1 FROM sessions WHERE id = ?').get(sessionId)) return;
      throw error;
    }
    const now = this.now();
    writeTransaction(this.options.db, () => {
      this.sql(
        `INSERT INTO focus_areas (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name`,
      ).run(session.focusAreaId, session.focusAreaName, now, now);
      for (const p of session.participants) {
        this.sql(
          `INSERT INTO reps (id, name, email, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email`,
        ).run(p.repId, p.name, p.email, now, now);
      }
      this.sql(
        `INSERT INTO sessions (id, focus_area_id, title, starts_at, ends_at, status, notes, sequence, created_at, updated_at)
         VALUES (@id, @focusAreaId, @title, @startsAt, @endsAt, @status, @notes, @sequence, @createdAt, @updatedAt)
         ON CONFLICT (id) DO UPDATE SET focus_area_id = excluded.focus_area_id, title = excluded.title, starts_at = excluded.starts_at,
           ends_at = excluded.ends_at, status = excluded.status, notes = excluded.notes, sequence = excluded.sequence, updated_at = excluded.updated_at`,
      ).run(session);
      this.sql('DELETE FROM session_participants WHERE session_id = ?').run(session.id);
      const add = this.sql('INSERT INTO session_participants (session_id, rep_id, role) VALUES (?, ?, ?)');
      for (const p of session.participants) add.run(session.id, p.repId, p.role);
    });
  }

  /**
   * A take finished here: queue its upload, unless someone in it did not agree to share it with
   * the hub (then it stays on this computer, and says so).
   */
  queueUpload(recording: Recording): void {
    // An imported file has no consents taken here: whoever imports it brings it for the team.
    const shared = recording.consents.every((c) => c.shared);
    const state = shared ? 'waiting' : 'kept-local';
    this.sql(
      `INSERT INTO outgoing_uploads (recording_id, state, bytes_total, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (recording_id) DO NOTHING`,
    ).run(recording.id, state, recording.sizeBytes, this.now());
    this.emitStatus();
    // While the app runs (started), a take to share goes up now, as a change written here does;
    // otherwise it would wait for a push or the slow sync, minutes away. A one-off command sends nothing by itself.
    if (state === 'waiting' && this.timer && (this.state === 'online' || this.state === 'syncing')) void this.syncOnce().catch(() => undefined);
  }

  /**
   * Sends what waits, once: takes first (scorecards and markers may point at them), then the
   * outbox in order. The background timer passes `force` false and waits out a hub fault's backoff;
   * a person's "send now" does not wait.
   */
  syncOnce(force = true): Promise<SyncReport> {
    if (!force && !this.running && performance.now() < this.retryAt) return Promise.resolve({ uploaded: 0, sent: 0, refused: 0, failed: 0, state: this.state, held: 0, problem: this.problem });
    // "Send now" during a round that began earlier (perhaps before the hub came back) gets a round of its own after it.
    if (force && this.running) return this.running.catch(() => undefined).then(() => this.syncOnce(true));
    this.running ??= this.runSync().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async runSync(): Promise<SyncReport> {
    const report: SyncReport = { uploaded: 0, sent: 0, refused: 0, failed: 0, state: this.state, held: 0, problem: null };
    // An open event stream already says the hub answers, in which generation: no call needed for that.
    if (!(await this.check(undefined, !this.streamLive, false))) return { ...report, state: this.state, problem: this.problem };
    this.setState('syncing');
    await this.healIfRestored();
    const rows = this.sql(`SELECT * FROM outgoing_uploads WHERE state IN ('waiting', 'uploading') ORDER BY recording_id`).all() as UploadRow[];
    for (const row of rows) {
      const outcome = await this.upload(row.recording_id);
      if (outcome === 'done') report.uploaded++;
      else if (outcome === 'offline' || outcome === 'later') {
        // The hub's "not now" (a full disk, say) is said in the report, so a one-off sync does not look finished.
        report.held = this.sql(`SELECT count(*) FROM outgoing_uploads WHERE state IN ('waiting', 'uploading')`).pluck().get() as number;
        report.problem = (this.sql('SELECT error FROM outgoing_uploads WHERE recording_id = ?').pluck().get(row.recording_id) as string | null) ?? this.problem;
        break;
      } else report.failed++;
    }
    if (this.state === 'syncing') {
      // In the order written here (seq), never by id: ids come from this desktop's clock.
      const pending = this.sql(`SELECT * FROM outbox WHERE state = 'pending' ORDER BY seq`).all() as OutboxRow[];
      for (const item of pending) {
        if (this.waitsOnConflict(item.subject_id)) continue;
        this.sql('UPDATE outbox SET attempts = attempts + 1 WHERE id = ?').run(item.id);
        try {
          const value = await this.remote(item.channel, this.outgoingInput(item), { key: item.id, fromOutbox: true });
          // Kept with what the hub made or changed (its id: a marker made offline gets the hub's) and at which revision,
          // so a restored hub can be asked whether it still has it.
          const answer = (value ?? {}) as { id?: unknown; updatedAt?: unknown };
          this.sql(`UPDATE outbox SET state = 'sent', sent_at = ?, error = NULL, error_code = NULL, answer_revision = ?, subject_id = coalesce(?, subject_id) WHERE id = ?`).run(
            this.now(),
            typeof answer.updatedAt === 'string' ? answer.updatedAt : null,
            typeof answer.id === 'string' ? answer.id : null,
            item.id,
          );
          this.afterSent(item, value);
          report.sent++;
        } catch (error) {
          // Not now (no network, a fault of the hub's, busy, out of space) or no longer signed in:
          // it waits, with why, and so does everything after it, to keep the order.
          if (error instanceof AppError && (error.code === hubErrorCodes.unreachable || error.code === hubErrorCodes.signedOut)) {
            this.sql(`UPDATE outbox SET error = ? WHERE id = ?`).run(this.problem ?? error.message, item.id);
            break;
          }
          // Made on a revision the hub has moved past: kept beside the hub's version until the person chooses.
          if (await this.keptAsConflict(item, error)) {
            report.refused++;
            continue;
          }
          // The hub said no for a reason a retry cannot change (validation, rights, gone): final,
          // kept here with why, to send again (edited or not) or discard.
          this.sql(`UPDATE outbox SET state = 'refused', error = ?, error_code = ? WHERE id = ?`).run(
            error instanceof Error ? error.message : String(error),
            error instanceof AppError ? error.code : ErrorCode.internal,
            item.id,
          );
          report.refused++;
        }
      }
    }
    // Only once what waits has gone: a hub that fails a read here must not keep the writes from trying.
    // What was sent changes what is owed.
    if (report.sent > 0) this.rewarm();
    if (this.state === 'syncing') await this.keepWarm();
    if (this.state === 'syncing') this.setState('online');
    this.emitStatus();
    return { ...report, state: this.state };
  }

  /** The input as it goes up: an edit carries the revision it was made on. */
  private outgoingInput(item: OutboxRow): unknown {
    // Read again: an earlier item of this run may have moved its base or its id (see afterSent).
    const now = this.sql('SELECT input, base_revision, subject_id FROM outbox WHERE id = ?').get(item.id) as Pick<OutboxRow, 'input' | 'base_revision' | 'subject_id'>;
    Object.assign(item, now);
    const input = JSON.parse(now.input) as Record<string, unknown>;
    return now.base_revision && revisable[item.channel] ? { ...input, baseRevision: now.base_revision } : input;
  }

  /** After a write went up: the next edits of the same thing are made on the hub's new revision, and on the id it chose. */
  private afterSent(item: OutboxRow, value: unknown): void {
    if (!item.subject_id) return;
    const answer = value as { id?: string; updatedAt?: string } | null;
    if (answer?.id && answer.id !== item.subject_id) {
      // A scorecard started here offline that the hub already had (started on another computer): follow the hub's.
      this.sql(`UPDATE outbox SET input = replace(input, ?, ?), subject_id = ? WHERE state = 'pending' AND subject_id = ?`).run(
        item.subject_id,
        answer.id,
        answer.id,
        item.subject_id,
      );
    }
    if (answer?.updatedAt) {
      this.sql(`UPDATE outbox SET base_revision = ? WHERE state = 'pending' AND subject_id = ? AND channel IN (${Object.keys(revisable).map(() => '?').join(', ')})`).run(
        answer.updatedAt,
        answer.id ?? item.subject_id,
        ...Object.keys(revisable),
      );
    }
  }

  private hasWaiting(subjectId: string | null): boolean {
    return subjectId !== null && this.sql(`SELECT 1 FROM outbox WHERE subject_id = ? AND (state = 'pending' OR (state = 'refused' AND theirs IS NOT NULL))`).get(subjectId) !== undefined;
  }

  /** While the person has not chosen between their edit and a newer one on the hub, later edits of the same thing wait. */
  private waitsOnConflict(subjectId: string | null): boolean {
    return subjectId !== null && this.sql(`SELECT 1 FROM outbox WHERE subject_id = ? AND state = 'refused' AND theirs IS NOT NULL`).get(subjectId) !== undefined;
  }

  /** An edit refused as made on a stale revision: kept beside the hub's current version until the person chooses. */
  private async keptAsConflict(item: OutboxRow, error: unknown): Promise<boolean> {
    const reader = revisable[item.channel];
    if (!(error instanceof AppError && error.code === ErrorCode.staleRevision) || !reader || !item.subject_id) return false;
    let theirs: unknown;
    try {
      theirs = await this.readTheirs(reader, item.subject_id);
    } catch {
      return false;
    }
    this.sql(`UPDATE outbox SET state = 'refused', error = ?, theirs = ? WHERE id = ?`).run(error.message, JSON.stringify(theirs), item.id);
    return true;
  }

  /**
   * The person chose between their edit and the hub's newer one: keep theirs (this edit, and the
   * ones after it on the same thing, are dropped), keep mine (sent again on the hub's revision), or
   * a merge of both (sent in place of mine).
   */
  resolve(id: string, keep: 'mine' | 'theirs' | 'merged', merged?: Record<string, unknown>): OutboxItem[] {
    const item = this.sql(`SELECT * FROM outbox WHERE id = ? AND theirs IS NOT NULL AND state = 'refused'`).get(id) as OutboxRow | undefined;
    if (!item) throw new AppError('not_found', 'That change is not waiting for a choice (any more).');
    const theirs = JSON.parse(item.theirs!) as { updatedAt: string };
    if (keep === 'theirs') {
      writeTransaction(this.options.db, () => {
        this.sql(`DELETE FROM outbox WHERE id = ? OR (subject_id = ? AND state = 'pending')`).run(id, item.subject_id);
      });
      // A list's item (a comment, a clip, a marker) is kept the way an accepted edit of it is: a marker deleted here comes back.
      const reader = revisable[item.channel]!;
      const kept = item.channel === 'markers:delete' ? 'markers:update' : readsList(reader) ? item.channel : reader;
      keepWritten(kept, { id: item.subject_id }, theirs, this.cache);
    } else {
      let input = item.input;
      if (keep === 'merged') {
        if (!merged) throw new AppError('invalid_input', 'Give the merged text to keep.');
        const parsed = channelSpecs[item.channel].input.safeParse({ ...(JSON.parse(item.input) as object), ...merged });
        if (!parsed.success) throw new AppError('invalid_input', 'The merged text cannot be saved as it is.');
        input = JSON.stringify(parsed.data);
      }
      this.sql(`UPDATE outbox SET state = 'pending', input = ?, base_revision = ?, theirs = NULL, error = NULL WHERE id = ?`).run(input, theirs.updatedAt, id);
      void this.syncOnce().catch(() => undefined);
    }
    this.emitStatus();
    return this.outbox();
  }

  /**
   * A hub restored from a backup answers with a new generation: what this desktop sent since that
   * backup may be gone. Takes the hub no longer has go up again, and every change sent from here is
   * sent again (the hub answers those it still has from its memory of their keys, doing nothing twice).
   */
  private async healIfRestored(): Promise<void> {
    const generation = this.options.client.generation;
    if (!generation) return;
    // What the hub accepted long ago is in any backup worth restoring: forgotten here.
    this.sql(`DELETE FROM outbox WHERE state = 'sent' AND sent_at < ?`).run(new Date(this.options.clock().getTime() - sentKeepMs).toISOString());
    const known = this.sql(`SELECT value FROM hub_state WHERE key = 'generation'`).pluck().get() as string | undefined;
    if (known !== undefined && known !== generation) {
      try {
        const done = this.sql(`SELECT recording_id FROM outgoing_uploads WHERE state = 'done'`).pluck().all() as string[];
        for (const recordingId of done) {
          const there = await this.options.client.call('recordings:get', { id: recordingId });
          if (!there.ok && ['not_found', 'forbidden'].includes(there.error.code)) {
            this.sql(`UPDATE outgoing_uploads SET state = 'waiting', bytes_sent = 0, updated_at = ? WHERE recording_id = ?`).run(this.now(), recordingId);
          }
        }
        const sent = this.sql(`SELECT * FROM outbox WHERE state = 'sent' ORDER BY seq`).all() as OutboxRow[];
        const copies = new Map<string, unknown>();
        const verdicts: { item: OutboxRow; has: boolean | null }[] = [];
        for (const item of sent) verdicts.push({ item, has: await this.hubStillHas(item, copies) });
        writeTransaction(this.options.db, () => {
          for (const { item, has } of verdicts) {
            if (has === true) continue;
            // Sent again on whatever the hub has now: its copy is older than these, so no revision is asked for.
            // One the hub is known to lack goes under a new key (the restored hub may remember the old one
            // with other input); one that cannot be checked keeps its key, and the hub answers it if it remembers.
            this.sql(`UPDATE outbox SET id = ?, state = 'pending', base_revision = NULL, sent_at = NULL, answer_revision = NULL WHERE id = ?`).run(
              has === false ? uuidv7(this.options.clock().getTime()) : item.id,
              item.id,
            );
          }
        });
      } catch (error) {
        // Not recorded as seen: the next run looks again.
        if (error instanceof HubUnreachable) return this.fault(error);
        throw error;
      }
    }
    this.sql(`INSERT INTO hub_state (key, value) VALUES ('generation', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(generation);
  }

  /**
   * Whether a restored hub still has what this write did: the thing it made or changed is there,
   * at the revision the hub answered or a later one (a deleted marker: gone). Null when that
   * cannot be read (the write then goes again under its key). `copies`: the hub's answers read so
   * far this round, by reader and input.
   */
  private async hubStillHas(item: OutboxRow, copies: Map<string, unknown>): Promise<boolean | null> {
    const id = item.subject_id;
    const where = id ? this.whereOnHub(item.channel, id, JSON.parse(item.input) as Record<string, unknown>) : null;
    if (!id || !where) return null;
    const key = `${where.reader} ${JSON.stringify(where.input)}`;
    if (!copies.has(key)) {
      const result = await this.options.client.call(where.reader, where.input);
      copies.set(key, result.ok ? result.value : ['not_found', 'forbidden'].includes(result.error.code) ? gone : unreadable);
    }
    const answer = copies.get(key);
    if (answer === unreadable) return null;
    const copy = answer === gone ? undefined : readsList(where.reader) ? listed(where.reader, answer).find((i) => i.id === id) : (answer as { updatedAt?: string });
    if (item.channel === 'markers:delete') return copy === undefined;
    if (!copy) return false;
    return item.answer_revision === null || (copy.updatedAt ?? '') >= item.answer_revision;
  }

  /** The hub's reader of what a write made or changed, and its input. */
  private whereOnHub(channel: Channel, id: string, input: Record<string, unknown>): { reader: Channel; input: Record<string, unknown> } | null {
    const take = (list: Channel) =>
      typeof input.recordingId === 'string' ? input.recordingId : list === 'recordings:get' ? takeOfMarker(this.cache, id) : this.keptInList(list, id)?.input.recordingId;
    if (channel.startsWith('scorecards:')) return { reader: 'scorecards:get', input: { id } };
    if (channel === 'coaching-notes:save') return { reader: 'coaching-notes:get', input: { id } };
    const reader: Channel | null = channel.startsWith('comments:') ? 'comments:list' : channel.startsWith('clips:') ? 'clips:list' : channel.startsWith('markers:') ? 'recordings:get' : null;
    const recordingId = reader ? take(reader) : undefined;
    if (!reader || typeof recordingId !== 'string') return null;
    if (reader === 'recordings:get') return { reader, input: { id: recordingId } };
    return { reader, input: reader === 'clips:list' ? { recordingId, limit: 200 } : { recordingId } };
  }

  /**
   * What this person needs to work while the hub is away, read while it answers: their Today, To
   * write, the rubric templates, the sessions of this week and next they take part in, and for each
   * scorecard they owe its session, card and take. Under the inputs the pages send (shared
   * page-inputs), so the pages find them offline. Read again only after the hub told of a change,
   * the stream opened again, a write went up or the week turned; only the person's own work.
   */
  private async keepWarm(): Promise<void> {
    const weekStart = mondayOf(localDate(this.options.clock()));
    if (this.warmFor === weekStart) return;
    const asked = this.warmAsked;
    const me = this.options.link.repId;
    // A read the hub refuses (a card this person's role does not show) is skipped; a hub gone ends the round.
    const read = async <C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C> | undefined> => {
      try {
        return (await this.remote(channel, channelSpecs[channel].input.parse(input))) as ChannelOutput<C>;
      } catch (error) {
        if (error instanceof AppError && (error.code === hubErrorCodes.unreachable || error.code === hubErrorCodes.signedOut)) throw error;
        return undefined;
      }
    };
    try {
      // What scoring needs first, should the hub go away during the round.
      if (!this.templatesKept) {
        await read('rubric-templates:list', {});
        this.templatesKept = true;
      }
      const owed = ((await read('scorecards:to-write', pageInputs.toWrite(me))) ?? []).slice(0, warmOwed);
      await read('scorecards:to-write', pageInputs.toWrite(me, { limit: toWritePageSize }));
      await read('scorecards:list', pageInputs.written(me));
      const takes: TakeToKeep[] = [];
      for (const item of owed) {
        await read('sessions:get', { id: item.session.id });
        if (item.scorecardId) await read('scorecards:get', { id: item.scorecardId });
        const take = newestTake((await read('recordings:list', pageInputs.takes(item.session.id))) ?? []);
        if (take && !this.isLocalPending(take.id)) {
          const detail = await read('recordings:get', { id: take.id });
          await read('comments:list', { recordingId: take.id });
          // A take recorded on this computer plays from its own file; only the hub's are copied.
          if (detail && detail.status === 'ready' && this.mediaIsRemote('recording', detail.id)) takes.push({ id: detail.id, sizeBytes: detail.sizeBytes, sha256: detail.sha256, mimeType: detail.mimeType });
        }
      }
      // The takes themselves, so they play offline too: in the background of a running app, while
      // the pages go on (a one-off `reprise sync --once` sends and reads, and leaves the bytes).
      if (this.timer) this.keepTakes(takes);
      // Today.
      const access = await read('access:me', {});
      await read('people:get', { id: me });
      await read('people:page', pageInputs.roster());
      await read('people:page', pageInputs.led(me));
      await read('sessions:list', pageInputs.unconfirmed(me));
      await read('certifications:reminders', pageInputs.certificationReminders(me));
      await read('reminders:due', { repId: me });
      // A rep's own practice; a lead's or an admin's answer holds the people they lead, which is theirs to fetch online.
      if (access?.role === 'rep') await read('reinforcement:due', {});
      const next = await read('schedule:next', pageInputs.next(me));
      if (next?.scenarioId) await read('scenarios:brief', { sessionId: next.id });
      const weeks = [...((await read('schedule:list', pageInputs.week(me, weekStart))) ?? []), ...((await read('schedule:list', pageInputs.week(me, addDays(weekStart, 7)))) ?? [])];
      const owedSessions = new Set(owed.map((i) => i.session.id));
      for (const session of weeks) if (!owedSessions.has(session.id)) await read('sessions:get', { id: session.id });
      // A change told while this round read is read again next time.
      if (this.warmAsked === asked) this.warmFor = weekStart;
    } catch {
      // The hub went away or signed this computer out: tried again at the next sync.
    }
  }

  /**
   * Sends one take. 'offline': the hub could not be reached; 'later': it answered "not now" (its
   * disk is full, this person has too many uploads open, a fault of its own), and the take waits
   * with the hub's reason; 'attention': refused for good, with why.
   */
  private async upload(recordingId: string): Promise<'done' | 'offline' | 'later' | 'attention'> {
    const recording = this.options.recordings.get(recordingId);
    const media = this.options.recordings.mediaFile(recordingId, 'recording');
    const fail = (message: string): 'attention' => {
      this.sql(`UPDATE outgoing_uploads SET state = 'attention', error = ?, updated_at = ? WHERE recording_id = ?`).run(message, this.now(), recordingId);
      this.emitStatus();
      return 'attention';
    };
    if (recording.status !== 'ready' || !media || !recording.sha256) return fail('This take is not finished on this computer, so it cannot be sent.');
    // The companions go up side by side, while the hub is asked whether it has the take and while
    // the take goes up: each is a round trip the take's upload would otherwise wait for in turn.
    const companions = this.sendCompanions(recordingId, recording.sessionId);
    const sending = companions.sent;
    // Already on the hub (an earlier run finished but was not told): nothing to send again. Before a
    // first run the hub cannot have it, and would refuse the question (a line in its audit log).
    const tried = (this.sql('SELECT attempts FROM outgoing_uploads WHERE recording_id = ?').pluck().get(recordingId) as number | undefined) ?? 0;
    if (tried > 0) {
      try {
        const there = (await this.options.client.value('recordings:get', { id: recordingId })) as Recording;
        if (there.status === 'ready' && there.sha256 === recording.sha256) {
          // Nothing of this run goes on after it answers.
          await sending;
          return this.markDone(recordingId, recording.sizeBytes);
        }
      } catch (error) {
        if (error instanceof HubUnreachable) {
          await sending;
          this.fault(error);
          return 'offline';
        }
      }
    }
    this.sql(`UPDATE outgoing_uploads SET state = 'uploading', attempts = attempts + 1, bytes_total = ?, updated_at = ? WHERE recording_id = ?`).run(
      recording.sizeBytes,
      this.now(),
      recordingId,
    );
    this.emitStatus();
    const consents = this.sql('SELECT rep_id AS repId, confirmed_at AS confirmedAt, confirmed_by AS confirmedBy, shared FROM recording_consents WHERE recording_id = ?').all(recordingId);
    const chunkSize = uploadChunkBytes();
    let notNow: HubUnreachable | null = null;
    const tus = await loadTus();
    const outcome = await new Promise<'done' | 'offline' | 'later' | string>((resolve) => {
      const { input, fileReader, httpStack } = takeUpload(media.file, recording.sizeBytes);
      const upload = new tus.Upload(input, {
        endpoint: `${this.options.client.url}/uploads/`,
        fileReader,
        httpStack,
        chunkSize,
        // The hub takes the take in as its last bytes arrive: the companions are there before them.
        onBeforeRequest: async (req) => {
          if (req.getMethod() === 'PATCH' && Number(req.getHeader('Upload-Offset') ?? 0) + chunkSize >= recording.sizeBytes) await sending;
        },
        retryDelays: [0, 1000, 3000, 5000],
        // A full hub disk (507) or a person's open-upload limit (429) lasts longer than these
        // seconds: the take waits for the next sync instead, with the hub's reason shown.
        onShouldRetry: (error) => {
          const status = error.originalResponse?.getStatus() ?? 0;
          return status !== 507 && status !== 429 && (status < 400 || status >= 500 || status === 409 || status === 423);
        },
        headers: { authorization: this.options.client.authorization },
        metadata: {
          recordingId,
          sessionId: recording.sessionId,
          sha256: recording.sha256!,
          filename: path.basename(media.file),
          mode: recording.mode,
          startedAt: recording.startedAt,
          stoppedAt: recording.stoppedAt ?? '',
          recovered: recording.recovered ? '1' : '0',
          channelMap: recording.channelMap ? JSON.stringify(recording.channelMap) : '',
          consents: JSON.stringify(consents),
          // What this computer's finalize found of the take: the hub answers once the bytes check, and probes them after.
          ...(recording.durationMs && recording.channels !== null
            ? {
                media: JSON.stringify({
                  durationMs: recording.durationMs,
                  channels: recording.channels,
                  hasVideo: recording.hasVideo,
                  videoWidth: recording.videoWidth,
                  videoHeight: recording.videoHeight,
                  mimeType: recording.mimeType,
                }),
              }
            : {}),
          ...companions.declared,
        },
        uploadSize: recording.sizeBytes,
        urlStorage: new tus.FileUrlStorage(path.join(this.options.dataDir, 'hub-uploads.json')),
        fingerprint: async () => `reprise:${this.options.link.url}:${recordingId}:${recording.sha256}`,
        removeFingerprintOnSuccess: true,
        onProgress: (sent, total) => {
          this.sql('UPDATE outgoing_uploads SET bytes_sent = ? WHERE recording_id = ?').run(sent, recordingId);
          this.options.events.emit('sync:progress', { recordingId, bytesSent: sent, bytesTotal: total });
        },
        onSuccess: () => resolve('done'),
        onError: (error) => {
          this.active.delete(recordingId);
          const response = (error as Tus.DetailedError).originalResponse;
          const status = response?.getStatus() ?? 0;
          const body = (response?.getBody() ?? '').trim();
          // Not now (no network, the hub's fault, busy, out of space): the take waits, with why.
          // 423: the upload is there but cannot be continued just now (the hub's storage is down).
          if (status === 0 || status === 423 || isRetryableStatus(status)) {
            const said = body || (status === 423 ? 'The team hub cannot store takes just now (its media storage is not answering). This take goes up later.' : error.message);
            notNow = new HubUnreachable(said, status || null, null);
            return resolve(status === 0 ? 'offline' : 'later');
          }
          resolve(body || `The team hub refused this take (HTTP ${status}).`);
        },
      });
      this.active.set(recordingId, upload);
      void upload.findPreviousUploads().then(
        (previous) => {
          if (previous[0]) upload.resumeFromPreviousUpload(previous[0]);
          upload.start();
        },
        () => upload.start(),
      );
    });
    this.active.delete(recordingId);
    if (outcome === 'done') return this.markDone(recordingId, recording.sizeBytes);
    if (outcome === 'offline' || outcome === 'later') {
      const why = (notNow as HubUnreachable | null) ?? new HubUnreachable('the upload was cut off');
      this.sql(`UPDATE outgoing_uploads SET state = 'waiting', error = ?, updated_at = ? WHERE recording_id = ?`).run(why.reason, this.now(), recordingId);
      if (outcome === 'offline') this.fault(why);
      else this.later(why);
      this.emitStatus();
      return outcome;
    }
    return fail(outcome);
  }

  /**
   * Sends the take's peaks and thumbnail (both at once), so the hub need not decode the take again
   * to make its own; `declared` is the sha256 of each, for the take's upload to declare (the hub
   * uses a companion only when it arrived and checks). One that does not arrive (an older hub, a
   * hiccup) is simply not there when the take is taken in: the hub then makes it itself.
   */
  private sendCompanions(recordingId: string, sessionId: string): { declared: { peaksSha256?: string; thumbnailSha256?: string }; sent: Promise<void> } {
    const files = this.options.recordings.companionFiles(recordingId);
    const declared: { peaksSha256?: string; thumbnailSha256?: string } = {};
    const sends: Promise<void>[] = [];
    for (const kind of ['peaks', 'thumbnail'] as const) {
      const file = files[kind];
      let bytes: Buffer;
      try {
        if (!file) continue;
        bytes = fs.readFileSync(file);
      } catch {
        continue;
      }
      declared[`${kind}Sha256`] = createHash('sha256').update(bytes).digest('hex');
      const url = `${this.options.client.url}/uploads/companions/${recordingId}/${kind}?session=${encodeURIComponent(sessionId)}`;
      sends.push(
        fetch(url, {
          method: 'PUT',
          headers: { authorization: this.options.client.authorization, 'content-type': kind === 'peaks' ? 'application/json' : 'image/jpeg' },
          body: bytes,
          signal: AbortSignal.timeout(30_000),
        })
          .then((response) => response.body?.cancel())
          // Not sent: the hub makes this one itself.
          .catch(() => undefined),
      );
    }
    return { declared, sent: Promise.all(sends).then(() => undefined) };
  }

  private markDone(recordingId: string, size: number): 'done' {
    this.sql(`UPDATE outgoing_uploads SET state = 'done', bytes_sent = ?, error = NULL, updated_at = ? WHERE recording_id = ?`).run(size, this.now(), recordingId);
    // Markers made on this take while it lived only here follow it up, through the outbox.
    const markers = this.sql('SELECT offset_ms AS offsetMs, note, tag FROM markers WHERE recording_id = ? ORDER BY offset_ms').all(recordingId) as {
      offsetMs: number;
      note: string;
      tag: string | null;
    }[];
    for (const m of markers) this.enqueue('markers:add', { recordingId, offsetMs: m.offsetMs, note: m.note, tag: m.tag });
    this.emitStatus();
    return 'done';
  }

  /** What this person needs offline is read again at the next sync (the hub told of a change). */
  private rewarm(): void {
    this.warmFor = null;
    this.warmAsked += 1;
  }

  /** Keeps copies of these takes (and only these), one round at a time; a round asked for meanwhile follows it. */
  private keepTakes(takes: TakeToKeep[]): void {
    if (this.keeping) {
      this.keepAgain = takes;
      return;
    }
    this.keeping = (async () => {
      let next: TakeToKeep[] | null = takes;
      while (next) {
        const round = next;
        this.keepAgain = null;
        try {
          await this.keptTakes.keep(round, (id) => this.remoteMedia('recording', id, () => undefined, false));
        } catch {
          // The hub went away mid-copy: what was whole stays, the rest is fetched at the next round.
        }
        next = this.keepAgain;
      }
    })().finally(() => (this.keeping = null));
  }

  /** Resolves once the takes being kept for offline are whole (or the round gave up). */
  async takesKept(): Promise<void> {
    while (this.keeping) await this.keeping;
  }

  /** True when the media of this take is not on this computer, so it has to come from the hub. */
  mediaIsRemote(kind: 'recording' | 'thumbnail' | 'clip', id: string): boolean {
    // Clips are made on the hub (their channels go there), so a clip unknown here is the hub's.
    if (kind === 'clip') return !this.sql('SELECT 1 FROM clips WHERE id = ?').get(id);
    return this.options.recordings.mediaFile(id, kind) === null;
  }

  /**
   * Media of a take that lives on the hub, fetched with this device's token. Range and the
   * conditional headers (If-Range, If-None-Match, If-Modified-Since) go through, so the player seeks
   * without downloading the whole take and a cached copy is answered 304; a hub that cannot be
   * reached is a 503 the player shows, never a hang. `header` reads the player's request.
   */
  async fetchMedia(kind: 'recording' | 'thumbnail' | 'clip', recordingId: string, header: (name: string) => string | undefined, headOnly: boolean): Promise<Response> {
    // A take kept for scoring plays from its checked copy here, with or without the hub.
    const kept = kind === 'recording' && this.state !== 'signed-out' ? this.keptTakes.find(recordingId) : null;
    if (kept) {
      const answer = await serveFile(kept.file, kept.mimeType, mediaConditions(header), headOnly);
      const body = answer.body === null ? null : typeof answer.body === 'string' ? answer.body : (Readable.toWeb(answer.body) as unknown as ReadableStream<Uint8Array>);
      return new Response(body, { status: answer.status, headers: answer.headers });
    }
    return this.remoteMedia(kind, recordingId, header, headOnly);
  }

  private async remoteMedia(kind: 'recording' | 'thumbnail' | 'clip', recordingId: string, header: (name: string) => string | undefined, headOnly: boolean): Promise<Response> {
    try {
      const forwarded: Record<string, string> = {};
      for (const name of forwardedMediaHeaders) {
        const value = header(name);
        if (value) forwarded[name] = value;
      }
      const address = `${this.options.client.url}/media/${kind}/${encodeURIComponent(recordingId)}`;
      // `?stream`: the hub's own stream, never a redirect to storage this desktop could not reach.
      const viaHub = () => fetch(kind === 'recording' ? `${address}?stream` : address, { method: headOnly ? 'HEAD' : 'GET', headers: { authorization: this.options.client.authorization, ...forwarded } });
      // A take's bytes straight from the hub's media storage when it offers that (`?presigned`: a
      // redirect to an address good for a minute), so they do not pass through the hub. Asked for
      // each request, so a seek after that minute gets a fresh address. A player's conditions are
      // the hub's validators, not the storage's: those requests go to the hub, which answers 304.
      const direct = kind === 'recording' && !headOnly && !forwarded['if-range'] && !forwarded['if-none-match'] && !forwarded['if-modified-since'];
      let response = await fetch(direct ? `${address}?presigned` : address, {
        method: headOnly ? 'HEAD' : 'GET',
        headers: { authorization: this.options.client.authorization, ...forwarded },
        redirect: 'manual',
      });
      this.contact();
      const location = response.status === 302 ? response.headers.get('location') : null;
      if (location) {
        await response.body?.cancel().catch(() => undefined);
        // A hub on its own disk (or one from before presigned addresses) streams the take itself;
        // storage the desktop cannot reach (an address only the hub's network knows) falls back to that.
        response = (await fromStorage(location, forwarded.range)) ?? (await viaHub());
      } else if (response.status >= 300 && response.status < 400 && response.status !== 304) {
        await response.body?.cancel().catch(() => undefined);
        response = await viaHub();
      }
      // Only what a player needs: the hub's own cookies and policies (its cross-origin rule
      // would block the app's media:// page in Electron) stay behind.
      const headers = new Headers({ 'x-content-type-options': 'nosniff' });
      for (const name of proxiedMediaHeaders) {
        const value = response.headers.get(name);
        if (value !== null) headers.set(name, value);
      }
      return new Response(response.body, { status: response.status, headers });
    } catch (error) {
      this.fault(new HubUnreachable(error instanceof Error ? error.message : String(error)));
      return new Response('The team hub cannot be reached, so this take cannot be played now.', { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    }
  }

  status(): SyncStatus {
    const count = (state: string) => this.sql('SELECT count(*) FROM outgoing_uploads WHERE state = ?').pluck().get(state) as number;
    const outbox = (state: string) => this.sql('SELECT count(*) FROM outbox WHERE state = ?').pluck().get(state) as number;
    return {
      // Never "online" with a write still waiting to go while the app runs (a round is on its way to
      // it: see cameBack and keepForLater); a write waiting on a conflict waits for the person, not the hub.
      state: this.state === 'online' && this.timer && this.outboxToSend() ? 'syncing' : this.state,
      hubUrl: this.options.link.url,
      repId: this.options.link.repId,
      name: this.options.link.name,
      // After a restart while offline, the newest data kept from the hub says how old what is shown is.
      lastContactAt: this.lastContactAt ?? ((this.sql('SELECT max(fetched_at) FROM hub_cache').pluck().get() as string | null) || null),
      uploads: {
        waiting: count('waiting'),
        uploading: count('uploading'),
        paused: count('paused'),
        attention: count('attention'),
        keptLocal: count('kept-local'),
        done: count('done'),
      },
      outbox: { pending: outbox('pending'), refused: outbox('refused') },
      problem: this.problem,
    };
  }

  /**
   * Asks the hub whether it answers, unless it answered a moment ago: the state shown is the last
   * real answer's, never a flag left from before. False when it cannot be used now.
   */
  /** `force`: ask even after a fresh answer (a sync run reads the hub's generation from it, to notice a restore). */
  /** `kick` false: the caller is the round that sends what waits (see cameBack). */
  async check(timeoutMs?: number, force = false, kick = true): Promise<boolean> {
    const fresh = this.streamLive || performance.now() - this.lastAnswer < answerFreshMs;
    if (!force && fresh && this.state !== 'offline') return this.state !== 'signed-out';
    try {
      try {
        await this.options.client.value('access:me', {}, timeoutMs);
      } catch (error) {
        // A connection kept open to a hub that restarted since is closed at the first use: a read asks once more, on a new one.
        // Only a connection closed under it: a hub that is down or silent is not asked twice (a timeout would double).
        if (!(error instanceof HubUnreachable && error.status === null && /other side closed|ECONNRESET|socket hang up/i.test(error.message))) throw error;
        await this.options.client.value('access:me', {}, timeoutMs);
      }
      this.contact(kick);
      return true;
    } catch (error) {
      if (error instanceof HubUnreachable) this.fault(error);
      else if (error instanceof AppError && error.code === hubErrorCodes.signedOut) {
        this.lastAnswer = performance.now();
        this.setState('signed-out');
      } else throw error;
      return false;
    }
  }

  /** The status after asking the hub (at most a few seconds' wait when it does not answer). */
  async checkedStatus(): Promise<SyncStatus> {
    await this.check(5_000);
    return this.status();
  }

  uploads(): OutgoingUpload[] {
    const rows = this.sql(
      `SELECT u.*, r.session_id AS session_id, s.title AS session_title FROM outgoing_uploads u
       JOIN recordings r ON r.id = u.recording_id JOIN sessions s ON s.id = r.session_id ORDER BY u.updated_at DESC`,
    ).all() as (UploadRow & { session_id: string; session_title: string })[];
    return rows.map((r) => ({
      recordingId: r.recording_id,
      sessionId: r.session_id,
      sessionTitle: r.session_title,
      state: r.state,
      bytesSent: r.bytes_sent,
      bytesTotal: r.bytes_total,
      attempts: r.attempts,
      error: r.error,
      updatedAt: r.updated_at,
    }));
  }

  outbox(): OutboxItem[] {
    return (this.sql(`SELECT * FROM outbox WHERE state <> 'sent' ORDER BY seq`).all() as OutboxRow[]).map(toOutboxItem);
  }

  private outboxRow(id: string): OutboxRow {
    const row = this.sql('SELECT * FROM outbox WHERE id = ?').get(id) as OutboxRow | undefined;
    if (!row || row.state === 'sent') throw new AppError(ErrorCode.notFound, 'That change is not waiting on this computer any more.');
    return row;
  }

  /**
   * A refused change goes back in line, last (it is the newest intent now), under a new key: the
   * hub remembers its answer to the old one. With `input`, as the person edited it.
   */
  resend(id: string, input?: Record<string, unknown>): OutboxItem {
    const row = this.outboxRow(id);
    if (row.state !== 'refused') throw new AppError(ErrorCode.conflict, 'Only a change the team hub refused can be sent again; this one is still waiting.');
    const fresh = uuidv7(this.options.clock().getTime());
    this.sql(
      `UPDATE outbox SET id = ?, seq = (SELECT coalesce(max(seq), 0) + 1 FROM outbox), input = ?, state = 'pending', attempts = 0, error = NULL, error_code = NULL
       WHERE id = ?`,
    ).run(fresh, input === undefined ? row.input : JSON.stringify(input), id);
    this.emitStatus();
    void this.syncOnce().catch(() => undefined);
    return toOutboxItem(this.outboxRow(fresh));
  }

  /** Drops a refused change: the person decided it should not go to the hub. */
  discard(id: string): { id: string } {
    const row = this.outboxRow(id);
    if (row.state !== 'refused') throw new AppError(ErrorCode.conflict, 'Only a change the team hub refused can be discarded; this one is still waiting to be sent.');
    this.sql('DELETE FROM outbox WHERE id = ?').run(id);
    this.emitStatus();
    return { id };
  }

  private upload_(recordingId: string): OutgoingUpload {
    const found = this.uploads().find((u) => u.recordingId === recordingId);
    if (!found) throw new AppError('not_found', 'That take is not waiting to be sent to the hub.');
    return found;
  }

  retry(recordingId: string): OutgoingUpload {
    this.upload_(recordingId);
    this.sql(`UPDATE outgoing_uploads SET state = 'waiting', error = NULL, updated_at = ? WHERE recording_id = ? AND state IN ('attention', 'paused')`).run(this.now(), recordingId);
    void this.syncOnce();
    return this.upload_(recordingId);
  }

  pause(recordingId: string, paused: boolean): OutgoingUpload {
    this.upload_(recordingId);
    if (paused) {
      void this.active.get(recordingId)?.abort();
      this.sql(`UPDATE outgoing_uploads SET state = 'paused', updated_at = ? WHERE recording_id = ? AND state IN ('waiting', 'uploading')`).run(this.now(), recordingId);
    } else {
      this.sql(`UPDATE outgoing_uploads SET state = 'waiting', updated_at = ? WHERE recording_id = ? AND state = 'paused'`).run(this.now(), recordingId);
      void this.syncOnce();
    }
    this.emitStatus();
    return this.upload_(recordingId);
  }

  /**
   * While the app runs: holds the hub's event stream open and syncs when it tells of a change
   * (debounced), syncs when it opens again after a drop, and every `fallbackMs` in any case.
   */
  start(fallbackMs = fallbackSyncMs): void {
    this.timer ??= setInterval(() => void this.syncOnce(false).catch(() => undefined), fallbackMs);
    this.timer.unref();
    this.stream ??= new HubEventStream({
      url: this.options.client.url,
      authorization: this.options.client.authorization,
      onOpen: (generation) => {
        this.options.client.generation = generation ?? this.options.client.generation;
        this.contact(false);
        // Events missed while it was down may have changed this person's work.
        this.rewarm();
        // Whatever waited while the stream was down goes up now, and pages read again what they show.
        void this.syncOnce().catch(() => undefined);
      },
      onAlive: () => {
        this.lastAnswer = performance.now();
      },
      onEvent: (name, payload) => this.toldOf(name, payload),
      onDrop: (reason, status) => {
        if (status === 401) {
          this.lastAnswer = performance.now();
          this.setState('signed-out');
        } else this.fault(new HubUnreachable(reason, status));
      },
    });
    this.stream.start();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.stream?.stop();
    this.stream = null;
    if (this.toldTimer) clearTimeout(this.toldTimer);
    this.toldTimer = null;
    this.told.clear();
    for (const upload of this.active.values()) void upload.abort();
  }

  /** True while the hub's event stream is open: the hub is known to answer without asking it. */
  get streamLive(): boolean {
    return this.stream?.live ?? false;
  }

  /**
   * The hub told of a change this person may see. Events close together are gathered: then the
   * pages here are told (they read again from the hub) and one sync runs.
   */
  private toldOf(name: string, payload: unknown): void {
    if (!(name in eventSpecs) || hubOnlyEvents.has(name as EventName)) return;
    const parsed = eventSpecs[name as EventName].safeParse(payload);
    if (!parsed.success) return;
    const event = name as EventName;
    this.told.set(event, this.told.has(event) ? mergePayloads(this.told.get(event), parsed.data) : parsed.data);
    this.toldTimer ??= setTimeout(() => {
      this.toldTimer = null;
      const pending = [...this.told];
      this.told.clear();
      if (pending.some(([n]) => n === 'rubric-templates:changed')) this.templatesKept = false;
      if (pending.some(([n]) => warmedBy.has(n))) this.rewarm();
      for (const [n, p] of pending) this.options.events.emit(n, p as never);
      void this.syncOnce(false).catch(() => undefined);
    }, pushDebounceMs);
  }

  private ownHandlers(): DomainHandlers<typeof syncChannels> {
    return {
      'sync:status': () => this.checkedStatus(),
      'sync:run': () => this.syncOnce(),
      'sync:uploads': () => this.uploads(),
      'sync:outbox': () => this.outbox(),
      'sync:retry': ({ recordingId }) => this.retry(recordingId),
      'sync:pause': ({ recordingId, paused }) => this.pause(recordingId, paused),
      'sync:outbox-resend': ({ id, input }) => this.resend(id, input),
      'sync:outbox-discard': ({ id }) => this.discard(id),
      'sync:resolve': ({ id, keep, merged }) => this.resolve(id, keep, merged),
    };
  }

  /**
   * The hub answered: it can be used (what it answered is the caller's business). `kick` false:
   * the caller syncs itself (the event stream opening).
   */
  private contact(kick = true): void {
    const away = this.state === 'offline' || this.state === 'signed-out';
    this.lastContactAt = this.now();
    this.lastAnswer = performance.now();
    this.failures = 0;
    this.retryAt = 0;
    const hadProblem = this.problem !== null;
    this.problem = null;
    if (away) this.setState('online');
    else if (hadProblem) this.emitStatus();
    this.cameBack(away && kick);
  }

  /**
   * While the app runs, an answer from the hub (a page's request, the status check) says it is
   * back: a stream waiting out its backoff opens now, and when the hub was away, what waited for
   * it (the outbox, takes) goes up now rather than when the stream or the slow sync comes round.
   */
  private cameBack(wasAway: boolean): void {
    if (!this.timer) return;
    this.stream?.reconnectNow();
    // A round under way may have begun before the hub came back: then one of its own after it.
    if (wasAway && (this.outboxToSend() || this.uploadsToSend())) void this.syncOnce().catch(() => undefined);
  }

  /** A write in the outbox the next round sends (not one held beside the hub's version for the person to choose). */
  private outboxToSend(): boolean {
    return (
      this.sql(
        `SELECT 1 FROM outbox o WHERE o.state = 'pending' AND NOT (o.subject_id IS NOT NULL AND EXISTS (
           SELECT 1 FROM outbox c WHERE c.subject_id = o.subject_id AND c.state = 'refused' AND c.theirs IS NOT NULL)) LIMIT 1`,
      ).get() !== undefined
    );
  }

  private uploadsToSend(): boolean {
    return this.sql(`SELECT 1 FROM outgoing_uploads WHERE state IN ('waiting', 'uploading') LIMIT 1`).get() !== undefined;
  }

  /** The hub answered "not now" to a take: it stays online, and the background sync waits a while before trying again. */
  private later(error: HubUnreachable): void {
    this.failures++;
    this.retryAt = performance.now() + backoffMs(this.failures, error.retryAfterMs);
  }

  /** The hub could not be used: offline, with why, and the background sync waits a while. */
  private fault(error: HubUnreachable): void {
    this.failures++;
    this.retryAt = performance.now() + backoffMs(this.failures, error.retryAfterMs);
    if (error.status !== null) this.lastAnswer = performance.now();
    const changed = this.problem !== error.message;
    this.problem = error.message;
    if (this.state !== 'offline') this.setState('offline');
    else if (changed) this.emitStatus();
  }

  private setState(state: SyncState): void {
    if (this.state === state) return;
    this.state = state;
    // Signed out: the copies kept for offline were this person's, under a sign-in that no longer holds.
    if (state === 'signed-out') this.keptTakes.clear();
    this.emitStatus();
  }

  private emitStatus(): void {
    this.options.events.emit('sync:changed', this.status());
  }

  private now(): string {
    return this.options.clock().toISOString();
  }
}

function toOutboxItem(row: OutboxRow): OutboxItem {
  return {
    id: row.id,
    seq: row.seq,
    channel: row.channel,
    state: row.state,
    attempts: row.attempts,
    error: row.error,
    errorCode: row.error_code,
    input: JSON.parse(row.input) as unknown,
    createdAt: row.created_at,
    subjectId: row.subject_id,
    theirs: row.theirs === null ? null : (JSON.parse(row.theirs) as unknown),
  };
}

function localHandler(local: Handlers, channel: Channel): (input: unknown, context: never) => unknown {
  return local[channel] as (input: unknown, context: never) => unknown;
}
