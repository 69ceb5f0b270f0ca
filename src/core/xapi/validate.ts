/**
 * The xAPI rules a statement must meet before Reprise sends it (1.0.3, Data section 2; 2.0
 * where it is stricter, as noted). Written out rather than taken from a library: the ADL's own
 * validators are LRS conformance suites (a running LRS, Python or Java), not something a Node
 * app can call, and the rules Reprise's statements touch are few and listed here. Tests run every
 * statement Reprise builds through this, and the LRS stand-in refuses what it refuses.
 */

export type XapiVersion = '1.0.3' | '2.0.0';
export interface StatementProblem {
  path: string;
  message: string;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
/** An absolute IRI: a scheme, a colon, no spaces (RFC 3987 in the only form xAPI needs). */
const iri = /^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]+$/i;
/** RFC 5646 language tags in the shapes xAPI meets (language[-script][-region][-variant], or "und"). */
const languageTag = /^(?:[a-z]{2,3}(?:-[a-z]{4})?(?:-(?:[a-z]{2}|[0-9]{3}))?(?:-[a-z0-9]{5,8})*|und)$/i;
/** ISO 8601 date and time as xAPI wants it: with a time zone (required from 2.0, expected before). */
const timestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
const mailto = /^mailto:[^@\s]+@[^@\s]+$/;
const sha1 = /^[0-9a-f]{40}$/i;

const statementKeys = new Set(['id', 'actor', 'verb', 'object', 'result', 'context', 'timestamp', 'stored', 'authority', 'version', 'attachments']);
const agentKeys = new Set(['objectType', 'name', 'mbox', 'mbox_sha1sum', 'openid', 'account']);
const groupKeys = new Set([...agentKeys, 'member']);
const verbKeys = new Set(['id', 'display']);
const activityKeys = new Set(['objectType', 'id', 'definition']);
const definitionKeys = new Set(['name', 'description', 'type', 'moreInfo', 'extensions', 'interactionType', 'correctResponsesPattern', 'choices', 'scale', 'source', 'target', 'steps']);
const resultKeys = new Set(['score', 'success', 'completion', 'response', 'duration', 'extensions']);
const scoreKeys = new Set(['scaled', 'raw', 'min', 'max']);
const contextKeys = new Set(['registration', 'instructor', 'team', 'contextActivities', 'revision', 'platform', 'language', 'statement', 'extensions']);
const contextKeys2 = new Set([...contextKeys, 'contextAgents', 'contextGroups']);
const contextActivityKeys = new Set(['parent', 'grouping', 'category', 'other']);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

class Checker {
  readonly problems: StatementProblem[] = [];
  constructor(readonly version: XapiVersion) {}

  fail(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  known(value: Json, allowed: Set<string>, path: string): void {
    for (const key of Object.keys(value)) if (!allowed.has(key)) this.fail(path ? `${path}.${key}` : key, 'is not a property xAPI defines here');
  }

  iri(value: unknown, path: string): void {
    if (typeof value !== 'string' || !iri.test(value)) this.fail(path, 'must be an absolute IRI');
  }

  languageMap(value: unknown, path: string): void {
    if (!isObject(value)) return this.fail(path, 'must be a language map');
    for (const [tag, text] of Object.entries(value)) {
      if (!languageTag.test(tag)) this.fail(`${path}.${tag}`, 'is not an RFC 5646 language tag');
      if (typeof text !== 'string') this.fail(`${path}.${tag}`, 'must be a string');
    }
  }

  extensions(value: unknown, path: string): void {
    if (!isObject(value)) return this.fail(path, 'must be an object');
    for (const key of Object.keys(value)) this.iri(key, `${path}[${key}]`);
  }

  agent(value: unknown, path: string, allowGroup = true): void {
    if (!isObject(value)) return this.fail(path, 'must be an Agent or a Group');
    const kind = value.objectType ?? 'Agent';
    if (kind === 'Group') {
      if (!allowGroup) return this.fail(`${path}.objectType`, 'must be Agent here');
      this.known(value, groupKeys, path);
      if (value.member !== undefined) {
        if (!Array.isArray(value.member)) this.fail(`${path}.member`, 'must be an array of Agents');
        else value.member.forEach((m, n) => this.agent(m, `${path}.member[${n}]`, false));
      }
      const ifis = this.ifis(value, path);
      if (ifis === 0 && !Array.isArray(value.member)) this.fail(path, 'an anonymous Group must list its members');
      return;
    }
    if (kind !== 'Agent') return this.fail(`${path}.objectType`, 'must be Agent or Group');
    this.known(value, agentKeys, path);
    if (this.ifis(value, path) !== 1) this.fail(path, 'must have exactly one of mbox, mbox_sha1sum, openid, account');
    if (value.name !== undefined && typeof value.name !== 'string') this.fail(`${path}.name`, 'must be a string');
  }

  /** Inverse functional identifiers: how an LRS knows two Agents are one person. */
  private ifis(value: Json, path: string): number {
    let count = 0;
    if (value.mbox !== undefined) {
      count++;
      if (typeof value.mbox !== 'string' || !mailto.test(value.mbox)) this.fail(`${path}.mbox`, 'must be a mailto: IRI');
    }
    if (value.mbox_sha1sum !== undefined) {
      count++;
      if (typeof value.mbox_sha1sum !== 'string' || !sha1.test(value.mbox_sha1sum)) this.fail(`${path}.mbox_sha1sum`, 'must be 40 hex digits');
    }
    if (value.openid !== undefined) {
      count++;
      this.iri(value.openid, `${path}.openid`);
    }
    if (value.account !== undefined) {
      count++;
      const a = value.account;
      if (!isObject(a)) this.fail(`${path}.account`, 'must be an object');
      else {
        this.known(a, new Set(['homePage', 'name']), `${path}.account`);
        if (typeof a.homePage !== 'string' || !/^https?:\/\/\S+$/i.test(a.homePage)) this.fail(`${path}.account.homePage`, 'must be an IRL');
        if (typeof a.name !== 'string' || a.name === '') this.fail(`${path}.account.name`, 'must be a non-empty string');
      }
    }
    return count;
  }

  verb(value: unknown): void {
    if (!isObject(value)) return this.fail('verb', 'is required');
    this.known(value, verbKeys, 'verb');
    this.iri(value.id, 'verb.id');
    if (value.display !== undefined) this.languageMap(value.display, 'verb.display');
  }

  activity(value: unknown, path: string): void {
    if (!isObject(value)) return this.fail(path, 'must be an Activity');
    if ((value.objectType ?? 'Activity') !== 'Activity') return this.fail(`${path}.objectType`, 'must be Activity');
    this.known(value, activityKeys, path);
    this.iri(value.id, `${path}.id`);
    const d = value.definition;
    if (d === undefined) return;
    if (!isObject(d)) return this.fail(`${path}.definition`, 'must be an object');
    this.known(d, definitionKeys, `${path}.definition`);
    if (d.name !== undefined) this.languageMap(d.name, `${path}.definition.name`);
    if (d.description !== undefined) this.languageMap(d.description, `${path}.definition.description`);
    if (d.type !== undefined) this.iri(d.type, `${path}.definition.type`);
    if (d.moreInfo !== undefined) this.iri(d.moreInfo, `${path}.definition.moreInfo`);
    if (d.extensions !== undefined) this.extensions(d.extensions, `${path}.definition.extensions`);
  }

  object(value: unknown): void {
    if (!isObject(value)) return this.fail('object', 'is required');
    // Reprise only ever sends Activities; an Agent, Group or StatementRef is checked as such.
    const kind = value.objectType ?? 'Activity';
    if (kind === 'Activity') this.activity(value, 'object');
    else if (kind === 'Agent' || kind === 'Group') this.agent(value, 'object');
    else if (kind === 'StatementRef') {
      this.known(value, new Set(['objectType', 'id']), 'object');
      if (typeof value.id !== 'string' || !uuid.test(value.id)) this.fail('object.id', 'must be a UUID');
    } else this.fail('object.objectType', 'must be Activity, Agent, Group or StatementRef');
  }

  result(value: unknown): void {
    if (!isObject(value)) return this.fail('result', 'must be an object');
    this.known(value, resultKeys, 'result');
    if (value.success !== undefined && typeof value.success !== 'boolean') this.fail('result.success', 'must be true or false');
    if (value.completion !== undefined && typeof value.completion !== 'boolean') this.fail('result.completion', 'must be true or false');
    if (value.response !== undefined && typeof value.response !== 'string') this.fail('result.response', 'must be a string');
    if (value.duration !== undefined && (typeof value.duration !== 'string' || !/^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/.test(value.duration))) {
      this.fail('result.duration', 'must be an ISO 8601 duration');
    }
    if (value.extensions !== undefined) this.extensions(value.extensions, 'result.extensions');
    const s = value.score;
    if (s === undefined) return;
    if (!isObject(s)) return this.fail('result.score', 'must be an object');
    this.known(s, scoreKeys, 'result.score');
    const num = (k: string) => {
      const v = s[k];
      if (v === undefined) return undefined;
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        this.fail(`result.score.${k}`, 'must be a number');
        return undefined;
      }
      return v;
    };
    const scaled = num('scaled');
    const raw = num('raw');
    const min = num('min');
    const max = num('max');
    if (scaled !== undefined && (scaled < -1 || scaled > 1)) this.fail('result.score.scaled', 'must be from -1 to 1');
    if (min !== undefined && max !== undefined && min >= max) this.fail('result.score.min', 'must be less than max');
    if (raw !== undefined && min !== undefined && raw < min) this.fail('result.score.raw', 'must not be below min');
    if (raw !== undefined && max !== undefined && raw > max) this.fail('result.score.raw', 'must not be above max');
  }

  context(value: unknown, objectIsActivity: boolean): void {
    if (!isObject(value)) return this.fail('context', 'must be an object');
    this.known(value, this.version === '2.0.0' ? contextKeys2 : contextKeys, 'context');
    if (value.registration !== undefined && (typeof value.registration !== 'string' || !uuid.test(value.registration))) {
      this.fail('context.registration', 'must be a UUID');
    }
    if (value.instructor !== undefined) this.agent(value.instructor, 'context.instructor');
    if (value.team !== undefined) {
      if (!isObject(value.team) || value.team.objectType !== 'Group') this.fail('context.team', 'must be a Group');
      else this.agent(value.team, 'context.team');
    }
    // revision and platform describe an Activity; on any other object they MUST NOT be there.
    for (const key of ['revision', 'platform'] as const) {
      if (value[key] === undefined) continue;
      if (typeof value[key] !== 'string') this.fail(`context.${key}`, 'must be a string');
      if (!objectIsActivity) this.fail(`context.${key}`, 'is only allowed when the object is an Activity');
    }
    if (value.language !== undefined && (typeof value.language !== 'string' || !languageTag.test(value.language))) {
      this.fail('context.language', 'must be an RFC 5646 language tag');
    }
    if (value.extensions !== undefined) this.extensions(value.extensions, 'context.extensions');
    const ca = value.contextActivities;
    if (ca === undefined) return;
    if (!isObject(ca)) return this.fail('context.contextActivities', 'must be an object');
    this.known(ca, contextActivityKeys, 'context.contextActivities');
    for (const [key, list] of Object.entries(ca)) {
      // A single Activity is allowed and read as a list of one.
      const items = Array.isArray(list) ? list : [list];
      items.forEach((a, n) => this.activity(a, `context.contextActivities.${key}[${n}]`));
    }
  }
}

/** The problems with one statement under `version`; an empty list means it may be sent. */
export function validateStatement(statement: unknown, version: XapiVersion = '1.0.3'): StatementProblem[] {
  const c = new Checker(version);
  if (!isObject(statement)) return [{ path: '', message: 'a statement must be a JSON object' }];
  c.known(statement, statementKeys, '');
  if (statement.id !== undefined && (typeof statement.id !== 'string' || !uuid.test(statement.id))) c.fail('id', 'must be a UUID');
  if (statement.actor === undefined) c.fail('actor', 'is required');
  else c.agent(statement.actor, 'actor');
  c.verb(statement.verb);
  c.object(statement.object);
  if (statement.result !== undefined) c.result(statement.result);
  if (statement.context !== undefined) c.context(statement.context, isObject(statement.object) && (statement.object.objectType ?? 'Activity') === 'Activity');
  if (statement.timestamp !== undefined && (typeof statement.timestamp !== 'string' || !timestamp.test(statement.timestamp) || Number.isNaN(Date.parse(statement.timestamp)))) {
    c.fail('timestamp', 'must be an ISO 8601 date and time with a time zone');
  }
  if (statement.version !== undefined) {
    const prefixes = version === '2.0.0' ? ['1.0.', '2.0.'] : ['1.0.'];
    if (typeof statement.version !== 'string' || !prefixes.some((p) => (statement.version as string).startsWith(p))) {
      c.fail('version', `must start with ${prefixes.join(' or ')}`);
    }
  }
  if (statement.attachments !== undefined && !Array.isArray(statement.attachments)) c.fail('attachments', 'must be an array');
  return c.problems;
}

