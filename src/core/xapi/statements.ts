import { v5 as uuidv5 } from 'uuid';

/**
 * xAPI statements for what Reprise records: a submitted scorecard revision (`scored`), a
 * certification level granted (`passed`) and a role-play that did not meet the level it was
 * evaluated against (`failed`). Verbs are ADL's own; activities and extensions live under the
 * team's base IRI. A statement's id is a UUIDv5 of its record and revision, so building it again
 * (a retry, an export) gives the same id and an LRS never stores it twice.
 */

export type XapiJson = Record<string, unknown>;

export const adlVerbs = {
  scored: 'http://adlnet.gov/expapi/verbs/scored',
  passed: 'http://adlnet.gov/expapi/verbs/passed',
  failed: 'http://adlnet.gov/expapi/verbs/failed',
} as const;
export type XapiVerb = keyof typeof adlVerbs;

/** ADL's activity types: a role-play is a performance, a certification level an assessment. */
const activityTypes = {
  roleplay: 'http://adlnet.gov/expapi/activities/performance',
  level: 'http://adlnet.gov/expapi/activities/assessment',
};

export const defaultBaseIri = 'https://reprise.invalid/';

/**
 * Fixed forever: ids are derived from it, so changing it would send every record again as new.
 * It is itself a v5 of a URL so that it is reproducible from this comment.
 */
export const statementNamespace = uuidv5('https://reprise.invalid/xapi/statement-ids', uuidv5.URL);

/**
 * A random (v4) or name-based SHA-1 (v5) UUID: the versions every LRS takes for a registration.
 * Some (Learning Locker's validator among them) refuse v7, the version session ids are.
 */
const v4OrV5 = /^[0-9a-f]{8}-[0-9a-f]{4}-[45][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export function statementId(verb: XapiVerb, recordId: string, revision: number): string {
  return uuidv5(`${verb}:${recordId}:${revision}`, statementNamespace);
}

/** xAPI wants a UUID registration: a v4 or v5 session id as it is, any other id as a UUIDv5 of it, the same for good. */
export function registrationOf(sessionId: string): string {
  return v4OrV5.test(sessionId) ? sessionId.toLowerCase() : uuidv5(`session:${sessionId}`, statementNamespace);
}

/**
 * A statement as it goes out: the outbox keeps statements under the placeholder base
 * (`defaultBaseIri`), and every IRI and link under it is moved to the base set when it is sent,
 * so statements queued before an admin set the base go out under the real one.
 */
export function rebase(value: unknown, baseIri: string): unknown {
  const base = normalizeBaseIri(baseIri);
  if (base === defaultBaseIri) return value;
  const move = (text: string) => (text.startsWith(defaultBaseIri) ? base + text.slice(defaultBaseIri.length) : text);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return move(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, inner]) => [move(k), walk(inner)]));
    return v;
  };
  return walk(value);
}

/** The base IRI as stored: trimmed, with one trailing slash, so `${base}xapi/...` is always well formed. */
export function normalizeBaseIri(base: string): string {
  const trimmed = base.trim();
  return trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}

/** Every IRI Reprise mints, in one place (the README documents them). */
export function iris(baseIri: string) {
  const base = normalizeBaseIri(baseIri);
  const seg = encodeURIComponent;
  return {
    roleplay: (sessionId: string) => `${base}xapi/activities/roleplay/${seg(sessionId)}`,
    focusArea: (focusAreaId: string) => `${base}xapi/activities/focus-area/${seg(focusAreaId)}`,
    level: (focusAreaId: string, levelIndex: number) => `${base}xapi/activities/certification/${seg(focusAreaId)}/level/${levelIndex + 1}`,
    criterion: (key: string) => `${base}xapi/extensions/criterion/${seg(key)}`,
    reviewerRole: `${base}xapi/extensions/reviewer-role`,
    rubricVersion: `${base}xapi/extensions/rubric-version`,
    recording: `${base}xapi/extensions/recording`,
    levelName: `${base}xapi/extensions/level-name`,
    verificationCode: `${base}xapi/extensions/verification-code`,
    expires: `${base}xapi/extensions/expires`,
    failedBecause: `${base}xapi/extensions/failed-because`,
    /** Where the recording opens in Reprise when the base IRI is the hub's address: a link, never the media. */
    recordingLink: (recordingId: string) => `${base}#/library/${seg(recordingId)}`,
  };
}

export interface PersonFacts {
  name: string;
  email: string;
}

export interface ScoredRecord {
  scorecardId: string;
  revision: number;
  /** When the role-play was held (else when it was scored). */
  at: string;
  overall: number | null;
  role: 'peer' | 'self' | 'coach';
  reviewee: PersonFacts;
  reviewer: PersonFacts;
  sessionId: string;
  focusArea: { id: string; name: string };
  templateVersionId: string;
  recordingId: string | null;
  /** Criteria by key; a criterion left unscored has null and is not sent. */
  scores: { key: string; score: number | null }[];
}

export interface PassedRecord {
  grantId: string;
  rep: PersonFacts;
  focusArea: { id: string; name: string };
  levelIndex: number;
  levelName: string;
  grantedAt: string;
  expiresAt: string | null;
  code: string;
  certifier: PersonFacts | null;
  /** The session of the role-play that completed the level. */
  sessionId: string;
  recordingId: string | null;
}

export interface FailedRecord {
  scorecardId: string;
  revision: number;
  rep: PersonFacts;
  reviewer: PersonFacts;
  focusArea: { id: string; name: string };
  levelIndex: number;
  levelName: string;
  at: string;
  sessionId: string;
  overall: number | null;
  reason: 'score' | 'blocker';
  criterionKey: string | null;
  recordingId: string | null;
}

export interface BuiltStatement {
  id: string;
  verb: XapiVerb;
  recordId: string;
  revision: number;
  timestamp: string;
  statement: XapiJson;
}

const agent = (p: PersonFacts): XapiJson => ({ objectType: 'Agent', name: p.name, mbox: `mailto:${p.email}` });
const verb = (v: XapiVerb): XapiJson => ({ id: adlVerbs[v], display: { 'en-US': v } });
/** Names are the team's own words, in whatever language they wrote them: "und" says so honestly. */
const named = (text: string) => ({ und: text });

/** The overall (0–100) as xAPI's score: scaled 0–1 and raw within min and max. */
function score(overall: number | null): XapiJson | undefined {
  if (overall === null) return undefined;
  const raw = Math.round(Math.min(100, Math.max(0, overall)) * 100) / 100;
  return { scaled: Math.round(raw * 100) / 10_000, raw, min: 0, max: 100 };
}

function withoutUndefined(object: XapiJson): XapiJson {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined));
}

function iso(at: string): string {
  return new Date(Date.parse(at)).toISOString();
}

export function scoredStatement(record: ScoredRecord, baseIri: string): BuiltStatement {
  const i = iris(baseIri);
  const id = statementId('scored', record.scorecardId, record.revision);
  const criteria: XapiJson = {};
  for (const s of record.scores) if (s.score !== null) criteria[i.criterion(s.key)] = s.score;
  const contextExtensions: XapiJson = { [i.reviewerRole]: record.role, [i.rubricVersion]: record.templateVersionId };
  if (record.recordingId) contextExtensions[i.recording] = i.recordingLink(record.recordingId);
  const statement = withoutUndefined({
    id,
    actor: agent(record.reviewee),
    verb: verb('scored'),
    object: {
      objectType: 'Activity',
      id: i.roleplay(record.sessionId),
      definition: { type: activityTypes.roleplay, name: named(`${record.focusArea.name} role-play`) },
    },
    result: withoutUndefined({ score: score(record.overall), extensions: Object.keys(criteria).length ? criteria : undefined }),
    context: withoutUndefined({
      registration: registrationOf(record.sessionId),
      // A self-review has no separate instructor; a coach's scorecard names the coach as one.
      instructor: record.role === 'coach' ? agent(record.reviewer) : undefined,
      contextActivities: { grouping: [{ objectType: 'Activity', id: i.focusArea(record.focusArea.id), definition: { name: named(record.focusArea.name) } }] },
      platform: 'Reprise',
      extensions: contextExtensions,
    }),
    timestamp: iso(record.at),
  });
  return { id, verb: 'scored', recordId: record.scorecardId, revision: record.revision, timestamp: iso(record.at), statement };
}

function levelObject(i: ReturnType<typeof iris>, focusArea: { id: string; name: string }, levelIndex: number, levelName: string): XapiJson {
  return {
    objectType: 'Activity',
    id: i.level(focusArea.id, levelIndex),
    definition: { type: activityTypes.level, name: named(`${focusArea.name}: ${levelName}`) },
  };
}

export function passedStatement(record: PassedRecord, baseIri: string): BuiltStatement {
  const i = iris(baseIri);
  // A grant never changes once made, so its one revision is 1.
  const id = statementId('passed', record.grantId, 1);
  const resultExtensions: XapiJson = { [i.levelName]: record.levelName, [i.verificationCode]: record.code };
  if (record.expiresAt) resultExtensions[i.expires] = iso(record.expiresAt);
  const contextExtensions: XapiJson = {};
  if (record.recordingId) contextExtensions[i.recording] = i.recordingLink(record.recordingId);
  const statement = withoutUndefined({
    id,
    actor: agent(record.rep),
    verb: verb('passed'),
    object: levelObject(i, record.focusArea, record.levelIndex, record.levelName),
    result: { success: true, completion: true, extensions: resultExtensions },
    context: withoutUndefined({
      registration: registrationOf(record.sessionId),
      instructor: record.certifier ? agent(record.certifier) : undefined,
      contextActivities: { grouping: [{ objectType: 'Activity', id: i.focusArea(record.focusArea.id), definition: { name: named(record.focusArea.name) } }] },
      platform: 'Reprise',
      extensions: Object.keys(contextExtensions).length ? contextExtensions : undefined,
    }),
    timestamp: iso(record.grantedAt),
  });
  return { id, verb: 'passed', recordId: record.grantId, revision: 1, timestamp: iso(record.grantedAt), statement };
}

export function failedStatement(record: FailedRecord, baseIri: string): BuiltStatement {
  const i = iris(baseIri);
  const id = statementId('failed', record.scorecardId, record.revision);
  const because = record.reason === 'blocker' && record.criterionKey ? `blocker:${record.criterionKey}` : record.reason;
  const contextExtensions: XapiJson = {};
  if (record.recordingId) contextExtensions[i.recording] = i.recordingLink(record.recordingId);
  const statement = withoutUndefined({
    id,
    actor: agent(record.rep),
    verb: verb('failed'),
    object: levelObject(i, record.focusArea, record.levelIndex, record.levelName),
    result: withoutUndefined({ success: false, score: score(record.overall), extensions: { [i.levelName]: record.levelName, [i.failedBecause]: because } }),
    context: withoutUndefined({
      registration: registrationOf(record.sessionId),
      instructor: agent(record.reviewer),
      contextActivities: { grouping: [{ objectType: 'Activity', id: i.focusArea(record.focusArea.id), definition: { name: named(record.focusArea.name) } }] },
      platform: 'Reprise',
      extensions: Object.keys(contextExtensions).length ? contextExtensions : undefined,
    }),
    timestamp: iso(record.at),
  });
  return { id, verb: 'failed', recordId: record.scorecardId, revision: record.revision, timestamp: iso(record.at), statement };
}
