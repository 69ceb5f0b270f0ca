import type { Channel } from '../../shared/contract';
import type { Clip } from '../../shared/clips';
import type { Comment, CommentThread } from '../../shared/comments';
import type { ProgramSession } from '../../shared/programs';
import type { Marker, Recording, RecordingDetail } from '../../shared/recordings';
import { computeOverall } from '../../shared/rubrics';
import { assertComplete } from '../scorecards/scorecards-service';
import type { CriterionScore, DraftInput, RubricTemplate, Scorecard, ScorecardStatus, ScorecardSummary, ToWriteItem } from '../../shared/scorecards';
import type { Session } from '../../shared/sessions';

/** What a desktop kept of the hub's answers, by channel and input (see DesktopLink's hub_cache). */
export interface HubCache {
  get<T>(channel: Channel, input: unknown): T | undefined;
  set(channel: Channel, input: unknown, value: unknown): void;
  /** Every kept answer of a channel, with the input it answered. */
  entries<T>(channel: Channel): { input: Record<string, unknown>; value: T }[];
}

export interface OfflineContext {
  cache: HubCache;
  me: { id: string; name: string };
  now: string;
  newId(): string;
}

/**
 * A write kept for later: what to answer now (the page goes on as if the hub had said it), what it
 * is about (so that thing shows "waiting to send"), the revision it was made on, and the input to
 * send (an id chosen here when the hub would otherwise choose it).
 */
export interface OfflineWrite {
  value: unknown;
  subjectId: string | null;
  baseRevision: string | null;
  input: unknown;
  /** Nothing to send: the hub already has it (a scorecard started before). */
  nothingToSend?: boolean;
}

/**
 * Answers a write made while the hub is away from what was last fetched, and keeps the pages'
 * copies in step (To write, the scorecard, the comments and clips of a take). Null when too little
 * was fetched to answer honestly: the write still waits in the outbox, and the page says it is saved.
 */
export function answerOffline(channel: Channel, input: unknown, context: OfflineContext): OfflineWrite | null {
  const builder = builders[channel];
  return builder ? builder(input as Record<string, unknown>, context) : null;
}

type Builder = (input: Record<string, unknown>, context: OfflineContext) => OfflineWrite | null;

const builders: Partial<Record<Channel, Builder>> = {
  'scorecards:start': (input, { cache, me, now, newId }) => {
    const sessionId = input.sessionId as string;
    const reviewerId = input.reviewerId as string;
    const owed = cache
      .entries<ToWriteItem[]>('scorecards:to-write')
      .filter((e) => e.input.reviewerId === reviewerId)
      .flatMap((e) => e.value)
      .find((item) => item.session.id === sessionId);
    const existingId =
      owed?.scorecardId ??
      cache
        .entries<ScorecardSummary[]>('scorecards:list')
        .flatMap((e) => e.value)
        .find((c) => c.sessionId === sessionId && c.reviewer.id === reviewerId)?.id;
    if (existingId) {
      const card = cache.get<Scorecard>('scorecards:get', { id: existingId });
      return card ? { value: card, subjectId: card.id, baseRevision: card.updatedAt, input, nothingToSend: true } : null;
    }
    const session = cache.get<Session>('sessions:get', { id: sessionId }) ?? sessionFromLists(cache, sessionId);
    const ref = owed?.session ?? (session ? { id: session.id, title: session.title, focusAreaId: session.focusAreaId, focusAreaName: session.focusAreaName, startsAt: session.startsAt } : null);
    const seller = owed?.reviewee ?? (session ? session.participants.filter((p) => p.role === 'seller').map((p) => ({ id: p.repId, name: p.name }))[0] : undefined);
    if (!ref || !seller) return null;
    const templates = cache.entries<RubricTemplate[]>('rubric-templates:list').flatMap((e) => e.value);
    const usable = templates.filter((t) => !t.archived && t.focusAreaId === ref.focusAreaId);
    const template = input.templateId ? templates.find((t) => t.id === input.templateId) : (usable.find((t) => t.isDefault) ?? usable[0]);
    if (!template) return null;
    const role = (input.role as Scorecard['role'] | undefined) ?? owed?.role ?? (seller.id === reviewerId ? 'self' : 'peer');
    const id = (input.id as string | undefined) ?? newId();
    const scores: CriterionScore[] = template.criteria.map((c) => ({ criterionId: c.id, score: null, comment: '', evidence: [] }));
    const card: Scorecard = {
      id,
      sessionId: ref.id,
      sessionTitle: ref.title,
      sessionStartsAt: ref.startsAt,
      sessionTimeZone: owed?.session.timeZone ?? null,
      focusAreaId: ref.focusAreaId,
      focusAreaName: ref.focusAreaName,
      reviewer: { id: reviewerId, name: reviewerId === me.id ? me.name : reviewerId },
      reviewee: seller,
      role,
      status: 'draft',
      revision: 0,
      templateId: template.templateId,
      templateName: template.name,
      templateVersion: template.version,
      // The hub scores the session's newest take when none is named: the same, as far as it was fetched.
      recordingId: (input.recordingId as string | null | undefined) ?? keptTake(cache, ref.id),
      overall: null,
      draftSavedAt: null,
      submittedAt: null,
      createdAt: now,
      updatedAt: now,
      template: {
        templateId: template.templateId,
        versionId: template.versionId,
        version: template.version,
        focusAreaId: template.focusAreaId,
        name: template.name,
        description: template.description,
        criteria: template.criteria,
        sections: template.sections,
        createdAt: template.createdAt,
      },
      scores,
      sections: {},
      computation: computeOverall(template.criteria, scores),
      revisions: [],
    };
    keepCard(cache, card);
    return { value: card, subjectId: id, baseRevision: null, input: { ...input, id }, nothingToSend: false };
  },

  'scorecards:save-draft': (input, context) => {
    const card = editCard(input as DraftInput, context, (c) => c);
    return card ? { value: summaryOf(card.next), subjectId: card.next.id, baseRevision: card.base, input } : null;
  },

  'scorecards:submit': (input, context) => {
    const card = editCard(input as DraftInput, context, (c) => {
      // An incomplete card would be refused by the hub later: the hub's own check says so now, while the person is still here.
      assertComplete(c.template, c.scores, c.sections, false);
      const revision = c.revision + 1;
      return {
        ...c,
        status: 'submitted' as ScorecardStatus,
        revision,
        submittedAt: context.now,
        revisions: [...c.revisions, { revision, submittedAt: context.now, reason: (input.reason as string | undefined) ?? '', overall: c.overall, scores: c.scores, sections: c.sections }],
      };
    });
    return card ? { value: card.next, subjectId: card.next.id, baseRevision: card.base, input } : null;
  },

  'scorecards:revise': (input, context) => {
    const card = context.cache.get<Scorecard>('scorecards:get', { id: input.id });
    if (!card) return null;
    if (card.status !== 'submitted') return { value: card, subjectId: card.id, baseRevision: card.updatedAt, input, nothingToSend: card.status === 'revising' };
    const next: Scorecard = { ...card, status: 'revising', updatedAt: context.now };
    keepCard(context.cache, next);
    return { value: next, subjectId: card.id, baseRevision: card.updatedAt, input };
  },

  'comments:add': (input, { cache, me, now, newId }) => {
    const recordingId = input.recordingId as string;
    const threads = cache.get<CommentThread[]>('comments:list', { recordingId });
    const parent = input.parentId ? threads?.find((t) => t.id === input.parentId || t.replies.some((r) => r.id === input.parentId)) : undefined;
    if (input.parentId && !parent) return null;
    const id = (input.id as string | undefined) ?? newId();
    const comment: Comment = {
      id,
      recordingId,
      parentId: parent ? parent.id : null,
      authorId: me.id,
      authorName: me.name,
      atMs: parent ? parent.atMs : (input.atMs as number),
      toMs: parent ? null : ((input.toMs as number | undefined) ?? null),
      body: input.body as string,
      mentions: [],
      resolvedAt: null,
      resolvedBy: null,
      createdAt: now,
      updatedAt: now,
    };
    // Only a list that was fetched is extended: one never seen stays "not loaded", never "just yours".
    if (threads) {
      const next = parent
        ? threads.map((t) => (t.id === parent.id ? { ...t, replies: [...t.replies, comment] } : t))
        : [...threads, { ...comment, replies: [] }].sort((a, b) => a.atMs - b.atMs || a.createdAt.localeCompare(b.createdAt));
      cache.set('comments:list', { recordingId }, next);
    }
    return { value: comment, subjectId: id, baseRevision: null, input: { ...input, id } };
  },

  'comments:update': (input, { cache, now }) => {
    const kept = keptComment(cache, input.id as string);
    if (!kept) return null;
    const comment: Comment = { ...kept, body: input.body as string, updatedAt: now };
    keepComment(cache, comment);
    return { value: comment, subjectId: comment.id, baseRevision: kept.updatedAt, input };
  },

  'clips:update': (input, { cache, now }) => {
    const kept = keptClip(cache, input.id as string);
    if (!kept) return null;
    const patch = Object.fromEntries(Object.entries((input.patch ?? {}) as Record<string, unknown>).filter(([, v]) => v !== undefined));
    // Moved to another focus area: its name is the one last fetched until the hub answers.
    const clip: Clip = { ...kept, ...patch, updatedAt: now } as Clip;
    keepClip(cache, clip);
    return { value: clip, subjectId: clip.id, baseRevision: kept.updatedAt, input };
  },

  'clips:create': (input, { cache, me, now, newId }) => {
    const recordingId = input.recordingId as string;
    const recording = cache.get<RecordingDetail>('recordings:get', { id: recordingId });
    const session = recording ? (cache.get<Session>('sessions:get', { id: recording.sessionId }) ?? sessionFromLists(cache, recording.sessionId)) : undefined;
    if (!recording || !session) return null;
    const id = (input.id as string | undefined) ?? newId();
    const clip: Clip = {
      id,
      recordingId,
      sessionId: recording.sessionId,
      hasVideo: recording.hasVideo,
      focusAreaId: (input.focusAreaId as string | undefined) ?? session.focusAreaId,
      focusAreaName: input.focusAreaId && input.focusAreaId !== session.focusAreaId ? (input.focusAreaId as string) : session.focusAreaName,
      startMs: input.startMs as number,
      endMs: input.endMs as number,
      title: input.title as string,
      criteria: (input.criteria as string[] | undefined) ?? [],
      createdBy: me.id,
      createdByName: me.name,
      createdAt: now,
      updatedAt: now,
      wholeTake: true,
    };
    for (const entry of cache.entries<{ total: number; rows: Clip[] }>('clips:list')) {
      if (entry.input.recordingId !== recordingId) continue;
      const rows = [...entry.value.rows, clip].sort((a, b) => a.startMs - b.startMs);
      cache.set('clips:list', entry.input, { total: entry.value.total + 1, rows });
    }
    return { value: clip, subjectId: id, baseRevision: null, input: { ...input, id } };
  },

  'markers:add': (input, { cache, now, newId }) => {
    const recordingId = input.recordingId as string;
    const recording = cache.get<RecordingDetail>('recordings:get', { id: recordingId });
    if (!recording) return null;
    const marker: Marker = {
      id: newId(),
      recordingId,
      offsetMs: input.offsetMs as number,
      note: (input.note as string | undefined) ?? '',
      tag: (input.tag as string | null | undefined) ?? null,
      createdAt: now,
      updatedAt: now,
    };
    cache.set('recordings:get', { id: recordingId }, { ...recording, markers: [...recording.markers, marker].sort((a, b) => a.offsetMs - b.offsetMs) });
    return { value: marker, subjectId: marker.id, baseRevision: null, input };
  },

  'markers:update': (input, { cache, now }) => {
    const kept = keptMarker(cache, input.id as string);
    if (!kept) return null;
    const marker: Marker = {
      ...kept,
      note: input.note === undefined ? kept.note : (input.note as string),
      tag: input.tag === undefined ? kept.tag : ((input.tag as string | null) || null),
      updatedAt: now,
    };
    keepMarker(cache, marker);
    return { value: marker, subjectId: marker.id, baseRevision: kept.updatedAt, input };
  },

  'markers:delete': (input, { cache }) => {
    const kept = keptMarker(cache, input.id as string);
    if (!kept) return null;
    keepMarker(cache, kept, true);
    return { value: { id: kept.id }, subjectId: kept.id, baseRevision: kept.updatedAt, input };
  },
};

/** A marker as last fetched with its take (markers are read with `recordings:get`). */
export function keptMarker(cache: HubCache, id: string): Marker | undefined {
  for (const entry of cache.entries<RecordingDetail | null>('recordings:get')) {
    const found = (entry.value?.markers ?? []).find((m) => m.id === id);
    if (found) return found;
  }
  return undefined;
}

/** The take a marker was on, also once it is deleted (a deletion names only the marker). */
export function takeOfMarker(cache: HubCache, id: string): string | undefined {
  return keptMarker(cache, id)?.recordingId ?? cache.get<{ recordingId: string }>('markers:delete', { id })?.recordingId;
}

/** A marker as it is now (or gone) in the kept copy of its take; a deleted one leaves which take it was on. */
function keepMarker(cache: HubCache, marker: Marker, gone = false): void {
  if (gone) cache.set('markers:delete', { id: marker.id }, { id: marker.id, recordingId: marker.recordingId });
  const recording = cache.get<RecordingDetail>('recordings:get', { id: marker.recordingId });
  if (!recording?.markers) return;
  const others = recording.markers.filter((m) => m.id !== marker.id);
  const markers = gone ? others : [...others, marker].sort((a, b) => a.offsetMs - b.offsetMs);
  cache.set('recordings:get', { id: marker.recordingId }, { ...recording, markers });
}

function keptComment(cache: HubCache, id: string): Comment | undefined {
  for (const entry of cache.entries<CommentThread[]>('comments:list')) {
    const found = (entry.value ?? []).flatMap((t) => [t, ...t.replies]).find((c) => c.id === id);
    if (found) {
      const { replies: _replies, ...comment } = found as CommentThread;
      return comment;
    }
  }
  return undefined;
}

/** A comment as it is now, in every kept list of its take. */
function keepComment(cache: HubCache, comment: Comment): void {
  for (const entry of cache.entries<CommentThread[]>('comments:list')) {
    if (entry.input.recordingId !== comment.recordingId) continue;
    const threads = (entry.value ?? []).map((t) =>
      t.id === comment.id ? { ...comment, replies: t.replies } : { ...t, replies: t.replies.map((r) => (r.id === comment.id ? comment : r)) },
    );
    cache.set('comments:list', entry.input, threads);
  }
}

function keptClip(cache: HubCache, id: string): Clip | undefined {
  for (const entry of cache.entries<{ rows: Clip[] }>('clips:list')) {
    const found = (entry.value?.rows ?? []).find((c) => c.id === id);
    if (found) return found;
  }
  return undefined;
}

/** A clip as it is now, in every kept list that holds it. */
function keepClip(cache: HubCache, clip: Clip): void {
  for (const entry of cache.entries<{ total: number; rows: Clip[] }>('clips:list')) {
    if (!(entry.value?.rows ?? []).some((c) => c.id === clip.id)) continue;
    cache.set('clips:list', entry.input, { ...entry.value, rows: entry.value.rows.map((c) => (c.id === clip.id ? clip : c)) });
  }
}

/** The take a scorecard is about when none is named, as the hub chooses it: the session's newest one that is finished or finishing. */
export function newestTake(takes: Pick<Recording, 'id' | 'status' | 'startedAt'>[]): Pick<Recording, 'id'> | undefined {
  return takes.filter((t) => t.status === 'ready' || t.status === 'finalizing').sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
}

/** A session's take as last fetched: from its list of takes, else from a schedule that named it; null when none was seen. */
function keptTake(cache: HubCache, sessionId: string): string | null {
  const listed = cache.entries<Recording[]>('recordings:list').filter((e) => e.input.sessionId === sessionId && Array.isArray(e.value));
  const newest = newestTake(listed.flatMap((e) => e.value));
  if (newest) return newest.id;
  const scheduled = [...cache.entries<ProgramSession[]>('schedule:list').flatMap((e) => (Array.isArray(e.value) ? e.value : [])), ...cache.entries<ProgramSession | null>('schedule:next').flatMap((e) => (e.value ? [e.value] : []))];
  return scheduled.find((s) => s.id === sessionId && s.recordingId)?.recordingId ?? null;
}

function sessionFromLists(cache: HubCache, sessionId: string): Session | undefined {
  return cache
    .entries<Session[]>('sessions:list')
    .flatMap((e) => (Array.isArray(e.value) ? e.value : []))
    .find((s) => s.id === sessionId);
}

function editCard(input: DraftInput, context: OfflineContext, finish: (card: Scorecard) => Scorecard | null): { next: Scorecard; base: string } | null {
  const card = context.cache.get<Scorecard>('scorecards:get', { id: input.id });
  if (!card || card.status === 'submitted') return null;
  const byCriterion = new Map((input.scores ?? []).map((s) => [s.criterionId, s]));
  const scores = card.scores.map((s) => {
    const change = byCriterion.get(s.criterionId);
    if (!change) return s;
    return {
      criterionId: s.criterionId,
      score: change.score === undefined ? s.score : change.score,
      comment: change.comment ?? s.comment,
      evidence: change.evidence ? change.evidence.map((e) => ({ atMs: e.atMs, note: e.note ?? '' })) : s.evidence,
    };
  });
  const sections = { ...card.sections, ...(input.sections ?? {}) };
  const computation = computeOverall(card.template.criteria, scores);
  const edited: Scorecard = {
    ...card,
    scores,
    sections,
    computation,
    overall: computation.normalized,
    recordingId: input.recordingId === undefined ? card.recordingId : input.recordingId,
    draftSavedAt: context.now,
    updatedAt: context.now,
  };
  const next = finish(edited);
  if (!next) return null;
  keepCard(context.cache, next);
  return { next, base: card.updatedAt };
}

/** The card itself, and every list of cards and of what is owed that was fetched, as they are now. */
function keepCard(cache: HubCache, card: Scorecard): void {
  cache.set('scorecards:get', { id: card.id }, card);
  const summary = summaryOf(card);
  for (const entry of cache.entries<ToWriteItem[]>('scorecards:to-write')) {
    if (entry.input.reviewerId !== card.reviewer.id) continue;
    const items =
      card.status === 'submitted'
        ? entry.value.filter((i) => i.session.id !== card.sessionId)
        : entry.value.some((i) => i.session.id === card.sessionId)
          ? entry.value.map((i) => (i.session.id === card.sessionId ? { ...i, scorecardId: card.id, status: card.status } : i))
          : withOwed(entry, owedItem(cache, card));
    cache.set('scorecards:to-write', entry.input, items);
  }
  for (const entry of cache.entries<ScorecardSummary[]>('scorecards:list')) {
    const filter = entry.input as { reviewerId?: string; revieweeId?: string; sessionId?: string; status?: ScorecardStatus[] };
    const others = entry.value.filter((c) => c.id !== card.id);
    const matches =
      (filter.reviewerId === undefined || filter.reviewerId === card.reviewer.id) &&
      (filter.revieweeId === undefined || filter.revieweeId === card.reviewee.id) &&
      (filter.sessionId === undefined || filter.sessionId === card.sessionId) &&
      (filter.status === undefined || filter.status.length === 0 || filter.status.includes(card.status));
    if (matches || others.length !== entry.value.length) cache.set('scorecards:list', entry.input, matches ? [summary, ...others] : others);
  }
}

/** A card reopened here (a revision of a submitted one) is owed again, as the hub's To write lists any draft or revision. */
function owedItem(cache: HubCache, card: Scorecard): ToWriteItem {
  return {
    session: {
      id: card.sessionId,
      title: card.sessionTitle,
      focusAreaId: card.focusAreaId,
      focusAreaName: card.focusAreaName,
      startsAt: card.sessionStartsAt,
      timeZone: card.sessionTimeZone ?? null,
      status: sessionFromLists(cache, card.sessionId)?.status ?? 'done',
    },
    reviewee: card.reviewee,
    role: card.role,
    scorecardId: card.id,
    status: card.status,
  };
}

/** A kept first page of To write with one more item, in the hub's order (newest session first); a later page is left as it was. */
function withOwed(entry: { input: Record<string, unknown>; value: ToWriteItem[] }, item: ToWriteItem): ToWriteItem[] {
  if (entry.input.after) return entry.value;
  const key = (i: ToWriteItem) => [i.session.startsAt ?? '', i.session.id] as const;
  const [at, id] = key(item);
  const index = entry.value.findIndex((i) => {
    const [a, b] = key(i);
    return a < at || (a === at && b < id);
  });
  const items = index === -1 ? [...entry.value, item] : [...entry.value.slice(0, index), item, ...entry.value.slice(index)];
  const limit = typeof entry.input.limit === 'number' ? entry.input.limit : null;
  return limit === null ? items : items.slice(0, limit);
}

export function summaryOf(card: Scorecard): ScorecardSummary {
  const { template: _template, scores: _scores, sections: _sections, computation: _computation, revisions: _revisions, ...summary } = card;
  return summary;
}

/**
 * A write the hub accepted (or the hub's version chosen over one's own): the copies kept here
 * follow, so that an edit made offline later starts from it and carries its revision.
 */
export function keepWritten(channel: Channel, input: unknown, value: unknown, cache: HubCache): void {
  if (value === null || typeof value !== 'object') return;
  switch (channel) {
    case 'scorecards:start':
    case 'scorecards:submit':
    case 'scorecards:revise':
    case 'scorecards:get':
      keepCard(cache, value as Scorecard);
      return;
    case 'scorecards:save-draft': {
      const summary = value as ScorecardSummary;
      const kept = cache.get<Scorecard>('scorecards:get', { id: summary.id });
      if (!kept) return;
      const patch = input as DraftInput;
      const byCriterion = new Map((patch.scores ?? []).map((s) => [s.criterionId, s]));
      const scores = kept.scores.map((s) => {
        const change = byCriterion.get(s.criterionId);
        return change
          ? { criterionId: s.criterionId, score: change.score === undefined ? s.score : change.score, comment: change.comment ?? s.comment, evidence: change.evidence ? change.evidence.map((e) => ({ atMs: e.atMs, note: e.note ?? '' })) : s.evidence }
          : s;
      });
      const next = { ...kept, ...summary, scores, sections: { ...kept.sections, ...(patch.sections ?? {}) } };
      keepCard(cache, { ...next, computation: computeOverall(next.template.criteria, scores) });
      return;
    }
    case 'comments:update':
    case 'comments:resolve':
      keepComment(cache, value as Comment);
      return;
    case 'clips:update':
      keepClip(cache, value as Clip);
      return;
    case 'markers:update':
      keepMarker(cache, value as Marker);
      return;
    case 'markers:delete': {
      const kept = keptMarker(cache, (value as { id: string }).id);
      if (kept) keepMarker(cache, kept, true);
      return;
    }
    case 'coaching-notes:save':
    case 'coaching-notes:get': {
      const note = value as { id: string };
      cache.set('coaching-notes:get', { id: note.id }, note);
      for (const entry of cache.entries<{ id: string }[]>('coaching-notes:list')) {
        if (entry.value.some((n) => n.id === note.id)) cache.set('coaching-notes:list', entry.input, entry.value.map((n) => (n.id === note.id ? note : n)));
      }
      return;
    }
    default:
  }
}
