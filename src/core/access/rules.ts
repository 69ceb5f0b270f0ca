import type { Channel, ChannelOutput, ChannelParsedInput } from '../../shared/contract';
import type { View } from './audience';
import { withoutBuyerSide } from '../programs/library-service';

/**
 * Who may call each channel, declared once per channel. The type makes a missing channel a compile
 * error; the guard refuses at run time any channel it finds no rule for.
 *
 * - `who`: `admin` (enablement: programs, rubrics, roles, the roster) or `member` (anyone signed in,
 *   then `check`). The local owner passes every rule; admins pass every rule.
 * - `check`: for a member, whether this input concerns something they may touch.
 * - `scope`: drops from the answer what they may not see (lists are filtered, never refused).
 */
export interface Rule<C extends Channel> {
  /** `nobody`: only the local owner (the app on one's own computer); a hub refuses everyone, admins too. */
  who: 'admin' | 'member' | 'nobody';
  check?: (view: View, input: ChannelParsedInput<C>) => boolean;
  scope?: (view: View, output: ChannelOutput<C>) => ChannelOutput<C>;
  /** The scope applies to admins too (what a role-play's seller must not read, whoever they are). */
  scopeAdmins?: boolean;
  /** One line for people reading the table (and the generated docs): who, in words. */
  doc: string;
  /**
   * A hub writes each successful call of this channel to its audit log under this action; a
   * function, asked before the call runs, picks the calls that count (null: not this one).
   */
  audit?: AuditAction | ((view: View, input: ChannelParsedInput<C>) => AuditAction | null);
}

export type AuditAction = 'export' | 'deletion' | 'role-change' | 'participants-change';

export type Rules = { [C in Channel]: Rule<C> };

const admin = (doc = 'admins'): { who: 'admin'; doc: string } => ({ who: 'admin', doc });
const anyMember = (doc = 'anyone signed in'): { who: 'member'; doc: string } => ({ who: 'member', doc });
const localOwnerOnly = (doc: string): { who: 'nobody'; doc: string } => ({ who: 'nobody', doc });

/**
 * Who is in a session decides who records, scores and sees it, so changing it is for those who
 * already lead everyone it touches: an admin, the session's coach or a manager of someone in it
 * (never a rep), and only moving people they lead in or out or to another role.
 */
function mayChangeParticipants(view: View, sessionId: string, next: { repId: string; role: string }[]): boolean {
  const touched = participantsTouched(view, sessionId, next);
  if (touched.length === 0) return true;
  return view.role !== 'rep' && view.canManageSession(sessionId) && touched.every((id) => view.leads(id));
}

/** The people a new participant list adds, removes or gives another role. */
function participantsTouched(view: View, sessionId: string, next: { repId: string; role: string }[]): string[] {
  const before = new Map(view.participantsOf(sessionId).map((p) => [p.repId, p.role]));
  const after = new Map(next.map((p) => [p.repId, p.role]));
  return [...new Set([...before.keys(), ...after.keys()])].filter((id) => before.get(id) !== after.get(id));
}

const sessionsVisible = <T extends { id: string }>(view: View, list: T[]): T[] => list.filter((s) => view.canSeeSession(s.id));
const recordingsVisible = <T extends { sessionId: string }>(view: View, list: T[]): T[] => list.filter((r) => view.canSeeSession(r.sessionId));

export const rules: Rules = {
  'app:info': {
    who: 'member',
    // Where the hub keeps its files is the hub admin's business.
    scope: (_v, info) => ({ ...info, dataDir: '', databasePath: '' }),
    doc: 'anyone signed in (folders shown to admins only)',
  },
  'settings:get': anyMember(),
  'settings:update': admin(),
  'access:me': anyMember('anyone signed in, about themself'),
  'access:can': anyMember('anyone signed in, about their own calls'),
  'access:roles': admin(),
  'access:set-role': { ...admin(), audit: 'role-change' },
  'devices:list': anyMember('anyone signed in: their own devices (admins: everyone\'s)'),
  'devices:revoke': { who: 'member', check: (v, i) => v.isSelf(v.deviceOwner(i.id)), doc: 'a person their own devices; admins any' },
  'invites:create': admin(),
  'invites:list': admin(),
  'invites:revoke': { ...admin(), audit: 'deletion' },
  'audit:list': admin(),
  // A desktop's own link to its hub: answered on the desktop, never by a hub for a member.
  // Every window asks, to know whether to show the hub's status; a hub itself only ever says 'local'.
  'sync:status': anyMember('anyone signed in: on a hub the answer is always "not a desktop"'),
  'sync:run': admin(),
  'sync:uploads': admin(),
  'sync:outbox': admin(),
  'sync:retry': admin(),
  'sync:pause': admin(),
  'sync:outbox-resend': localOwnerOnly("the desktop's own outbox, on the desktop itself"),
  'sync:outbox-discard': localOwnerOnly("the desktop's own outbox, on the desktop itself"),
  'sync:resolve': admin(),

  'people:list': anyMember('anyone signed in: the team directory (names, teams, roles)'),
  'people:page': anyMember('anyone signed in: the team directory (names, teams, roles), a page at a time'),
  'people:get': { who: 'member', check: (v, i) => v.canSeeRep(i.id), doc: 'the person, their managers and coaches' },
  'people:create': admin(),
  'people:update': {
    who: 'member',
    // People keep their own development profile; everything else on the roster is the admins'.
    check: (v, i) => v.isSelf(i.id) && Object.keys(i.patch).every((k) => k === 'profile'),
    doc: 'admins; a person their own development profile',
  },
  'people:archive': { ...admin(), audit: 'deletion' },
  'people:unarchive': admin(),
  'people:import': admin(),

  'focus-areas:list': anyMember(),
  'focus-areas:create': admin(),
  'focus-areas:update': admin(),

  'sessions:list': { who: 'member', scope: sessionsVisible, doc: 'anyone signed in; sees the sessions they may see' },
  'sessions:get': { who: 'member', check: (v, i) => v.canSeeSession(i.id), doc: 'participants, the coach, managers of a participant' },
  'sessions:create': {
    who: 'member',
    // An ad-hoc role-play: the caller is in it, or leads everyone in it.
    check: (v, i) => i.participants.some((p) => v.isSelf(p.repId)) || i.participants.every((p) => v.leads(p.repId)),
    doc: 'a person for a role-play they are in; a coach or manager for people they lead',
  },
  'sessions:update': {
    who: 'member',
    check: (v, i) => (v.takesPart(i.id) || v.canManageSession(i.id)) && (i.patch.participants === undefined || mayChangeParticipants(v, i.id, i.patch.participants)),
    doc: 'participants, the coach, managers of a participant; who takes part: the coach and managers, among people they lead',
    audit: (v, i) => (i.patch.participants !== undefined && participantsTouched(v, i.id, i.patch.participants).length ? 'participants-change' : null),
  },
  // Only for oneself: the core confirms for the caller, and refuses the one who made it.
  'sessions:confirm': { who: 'member', check: (v, i) => v.participantsOf(i.id).some((p) => v.isSelf(p.repId)), doc: 'a person named in a colleague\'s ad-hoc role-play, for themself' },

  'programs:list': anyMember(),
  'programs:get': anyMember(),
  'programs:create': admin(),
  'programs:update': admin(),
  'programs:archive': admin(),
  'programs:preview': admin(),
  'schedule:generate': admin(),
  'schedule:regenerate': admin(),
  'schedule:list': { who: 'member', scope: sessionsVisible, doc: 'anyone signed in; sees the sessions they may see' },
  // The sessions of the people one leads are sessions one may see (a manager's reports', a coach's).
  'schedule:summary': {
    who: 'member',
    check: (v, i) => i.ledBy !== undefined && v.isSelf(i.ledBy),
    scope: (v, o) => ({ ...o, sessions: sessionsVisible(v, o.sessions) }),
    doc: 'admins; a person about the people they lead',
  },
  'schedule:get': { who: 'member', check: (v, i) => v.canSeeSession(i.id), doc: 'participants, the coach, managers of a participant' },
  'schedule:next': { who: 'member', check: (v, i) => v.canSeeRep(i.repId), doc: 'the person, their managers and coaches' },
  'schedule:reschedule': { who: 'member', check: (v, i) => v.canManageSession(i.id), doc: 'the session coach, managers of a participant' },
  'schedule:cancel': { who: 'member', check: (v, i) => v.canManageSession(i.id), doc: 'the session coach, managers of a participant' },
  'schedule:set-status': { who: 'member', check: (v, i) => v.takesPart(i.id) || v.canManageSession(i.id), doc: 'participants, the coach, managers of a participant' },
  'schedule:swap': {
    who: 'member',
    check: (v, i) => v.canManageSession(i.id) && v.leads(i.outRepId) && v.leads(i.inRepId),
    doc: 'the session coach, managers of a participant, between people they lead',
    audit: 'participants-change',
  },
  'availability:list': {
    who: 'member',
    check: (v, i) => i.repId === undefined || v.canSeeRep(i.repId),
    scope: (v, list) => list.filter((a) => v.canSeeRep(a.repId)),
    doc: 'the person, their managers and coaches',
  },
  'availability:add': { who: 'member', check: (v, i) => v.isSelf(i.repId) || v.reportIds().has(i.repId), doc: 'the person and their managers' },
  'availability:remove': {
    who: 'member',
    check: (v, i) => {
      const owner = v.absenceOwner(i.id);
      return v.isSelf(owner) || (owner !== null && v.reportIds().has(owner));
    },
    doc: 'the person and their managers',
  },
  'personas:list': {
    who: 'member',
    scope: (v, list) => {
      const selling = v.sellingScenarioIds();
      if (selling.size === 0) return list;
      const hidden = new Set(v.personasOfScenarios(selling));
      return list.map((p) => (hidden.has(p.id) ? withoutBuyerSide(p) : p));
    },
    doc: 'anyone signed in; what a buyer knows is left out of the personas they are about to sell to',
  },
  'personas:save': admin(),
  'scenarios:list': {
    who: 'member',
    scope: (v, list) => {
      const selling = v.sellingScenarioIds();
      return selling.size === 0 ? list : list.map((s) => (selling.has(s.id) ? withoutBuyerSide(s) : s));
    },
    doc: 'anyone signed in; how to play the buyer is left out of the scenarios they are about to sell in',
  },
  'scenarios:brief': {
    who: 'member',
    check: (v, i) => v.canSeeSession(i.sessionId),
    // The seller never reads the buyer's side of their own role-play, admins included.
    scope: (v, brief) =>
      v.isSelf(brief.sellerId)
        ? {
            ...brief,
            scenario: brief.scenario && withoutBuyerSide(brief.scenario),
            persona: brief.persona && withoutBuyerSide(brief.persona),
            withheld: true,
          }
        : brief,
    scopeAdmins: true,
    doc: 'participants, the coach, managers of a participant; the seller without the buyer\'s side',
  },
  'scenarios:save': admin(),
  'calendar:export': {
    who: 'member',
    check: (v, i) => (i.repId !== undefined ? v.canSeeRep(i.repId) : false),
    doc: 'a person their own calendar (and their managers and coaches); a whole program: admins',
    audit: 'export',
  },
  'reminders:due': {
    who: 'member',
    check: (v, i) => i.repId !== undefined && v.isSelf(i.repId),
    doc: 'a person, their own reminders',
  },

  'recordings:start': { who: 'member', check: (v, i) => v.takesPart(i.sessionId), doc: 'participants and the coach of the session' },
  'recordings:append': { who: 'member', check: (v, i) => v.takesPart(v.sessionOfRecording(i.id)), doc: 'participants and the coach of the session' },
  'recordings:keep-alive': { who: 'member', check: (v, i) => v.takesPart(v.sessionOfRecording(i.id)), doc: 'participants and the coach of the session' },
  'recordings:stop': { who: 'member', check: (v, i) => v.takesPart(v.sessionOfRecording(i.id)), doc: 'participants and the coach of the session' },
  'recordings:import': { who: 'member', check: (v, i) => v.takesPart(i.sessionId), doc: 'participants and the coach of the session' },
  // Whoever may send an import may take it back while it is still being sent; a finished take is refused in the core.
  'recordings:discard-import': { who: 'member', check: (v, i) => v.takesPart(v.sessionOfRecording(i.id)), doc: 'participants and the coach of the session' },
  'recordings:join-tracks': {
    who: 'member',
    check: (v, i) => v.takesPart(v.sessionOfRecording(i.sellerId)) && v.takesPart(v.sessionOfRecording(i.buyerId)),
    doc: 'participants and the coach of the session',
  },
  'recordings:list': {
    who: 'member',
    check: (v, i) => i.sessionId === undefined || v.canSeeSession(i.sessionId),
    scope: recordingsVisible,
    doc: 'anyone signed in; sees the recordings of sessions they may see',
  },
  'recordings:get': { who: 'member', check: (v, i) => v.canSeeSession(v.sessionOfRecording(i.id)), doc: 'whoever may see the session' },
  'recordings:peaks': { who: 'member', check: (v, i) => v.canSeeSession(v.sessionOfRecording(i.id)), doc: 'whoever may see the session' },
  'recordings:analysis': { who: 'member', check: (v, i) => v.canSeeSession(v.sessionOfRecording(i.id)), doc: 'whoever may see the session' },
  'analysis:run': { who: 'member', check: (v, i) => v.canSeeSession(v.sessionOfRecording(i.id)), doc: 'whoever may see the session' },
  // Naming who is the seller on a take moves its numbers: for those who take part in or lead the
  // session, as with editing the session itself (sessions:update).
  'analysis:confirm-voices': {
    who: 'member',
    check: (v, i) => {
      const sessionId = v.sessionOfRecording(i.id);
      return v.takesPart(sessionId) || v.canManageSession(sessionId);
    },
    doc: 'participants, the coach, managers of a participant',
  },
  'analysis:trend': {
    who: 'member',
    check: (v, i) => v.canSeeRep(i.repId),
    scope: (v, points) => recordingsVisible(v, points),
    doc: 'the person, their managers and coaches (only takes of sessions they may see)',
  },
  'recordings:recover': admin('admins (it finishes takes left on the machine that runs the core)'),
  'recordings:disk': anyMember(),
  'recordings:verify': {
    who: 'member',
    // Re-hashing every recording is heavy work on the hub: admins only; one take, whoever may see it.
    check: (v, i) => i.id !== undefined && v.canSeeSession(v.sessionOfRecording(i.id)),
    doc: 'whoever may see the recording; all recordings: admins',
  },
  'library:search': {
    who: 'member',
    // The core already searches only what the caller may see; this drops anything that slipped past.
    scope: (v, page) => {
      const rows = page.rows.filter((r) => v.canSeeSession(r.sessionId));
      return { total: page.total - (page.rows.length - rows.length), rows };
    },
    doc: 'anyone signed in; finds the sessions they may see, and scorecard text they may read',
  },
  'comments:add': { who: 'member', check: (v, i) => v.canSeeSession(v.sessionOfRecording(i.recordingId)), doc: 'whoever may see the session' },
  'comments:list': { who: 'member', check: (v, i) => v.canSeeSession(v.sessionOfRecording(i.recordingId)), doc: 'whoever may see the session' },
  'comments:update': { who: 'member', check: (v, i) => v.isSelf(v.comment(i.id)?.authorId), doc: 'its author' },
  'comments:delete': { who: 'member', check: (v, i) => v.isSelf(v.comment(i.id)?.authorId), doc: 'its author', audit: 'deletion' },
  'comments:resolve': { who: 'member', check: (v, i) => v.canSeeSession(v.comment(i.id)?.sessionId), doc: 'whoever may see the session' },
  'clips:create': { who: 'member', check: (v, i) => v.canSeeSession(v.sessionOfRecording(i.recordingId)), doc: 'whoever may see the session' },
  'clips:update': { who: 'member', check: (v, i) => v.isSelf(v.clip(i.id)?.createdBy), doc: 'its author; admins' },
  'clips:delete': { who: 'member', check: (v, i) => v.isSelf(v.clip(i.id)?.createdBy), doc: 'its author; admins', audit: 'deletion' },
  'clips:list': {
    who: 'member',
    // Great moments are examples for the whole team: anyone signed in sees every clip, and plays
    // the whole take only where they may see the session (otherwise just the clip's own cut).
    check: (v, i) => !i.recordingId || v.canSeeSession(v.sessionOfRecording(i.recordingId)),
    scope: (v, page) => ({ ...page, rows: page.rows.map((c) => ({ ...c, wholeTake: v.canSeeSession(c.sessionId) })) }),
    doc: 'anyone signed in (Great moments); one take\'s clips: whoever may see the session',
  },
  'clips:cut': anyMember('anyone signed in: a clip\'s own range, never the rest of the take'),
  'clips:cut-cancel': anyMember(),
  'markers:add': { who: 'member', check: (v, i) => v.takesPart(v.sessionOfRecording(i.recordingId)), doc: 'participants and the coach of the session' },
  'markers:update': { who: 'member', check: (v, i) => v.canEditMarker(i.id), doc: 'who set the marker and the coach of the session' },
  'markers:delete': { who: 'member', check: (v, i) => v.canEditMarker(i.id), doc: 'who set the marker and the coach of the session', audit: 'deletion' },

  'rubric-templates:list': anyMember(),
  'rubric-templates:get': anyMember(),
  'rubric-templates:versions': anyMember(),
  'rubric-templates:create': admin(),
  'rubric-templates:update': admin(),
  'rubric-templates:archive': admin(),
  'scorecards:start': {
    who: 'member',
    check: (v, i) => v.isSelf(i.reviewerId) && (v.takesPart(i.sessionId) || v.canManageSession(i.sessionId) || v.leadsSession(i.sessionId)),
    doc: 'a person as the reviewer, for a session they take part in, coach or manage, or of someone they coach or manage',
  },
  'scorecards:get': { who: 'member', check: (v, i) => v.canSeeScorecard(v.scorecard(i.id)), doc: 'its writer; once submitted, its subject and those who lead them' },
  'scorecards:list': {
    who: 'member',
    scope: (v, list) => list.filter((c) => v.canSeeScorecard({ reviewerId: c.reviewer.id, revieweeId: c.reviewee.id, submitted: c.status === 'submitted' })),
    doc: 'anyone signed in; sees the scorecards they may see',
  },
  'scorecards:save-draft': { who: 'member', check: (v, i) => v.isSelf(v.scorecard(i.id)?.reviewerId), doc: 'its writer' },
  'scorecards:submit': { who: 'member', check: (v, i) => v.isSelf(v.scorecard(i.id)?.reviewerId), doc: 'its writer' },
  'scorecards:revise': { who: 'member', check: (v, i) => v.isSelf(v.scorecard(i.id)?.reviewerId), doc: 'its writer' },
  'scorecards:discard': { who: 'member', check: (v, i) => v.isSelf(v.scorecard(i.id)?.reviewerId), doc: 'its writer', audit: 'deletion' },
  'scorecards:to-write': { who: 'member', check: (v, i) => v.isSelf(i.reviewerId), doc: 'a person, their own list' },
  'scorecards:about': { who: 'member', check: (v, i) => v.canSeeRep(i.revieweeId), doc: 'the person, their managers and coaches' },
  'scorecards:for-session': {
    who: 'member',
    check: (v, i) => v.canSeeSession(i.sessionId),
    // A participant who is not the one scored sees only what they wrote themself.
    scope: (v, answer) =>
      v.isSelf(answer.reviewee.id) || v.leads(answer.reviewee.id)
        ? answer
        : { ...answer, scorecards: answer.scorecards.filter((c) => v.isSelf(c.reviewer.id)) },
    doc: 'whoever may see the session; the submitted cards to the person scored and those who lead them',
  },
  'scorecards:calibration': admin('admins'),
  'scorecards:export': { ...admin('admins'), audit: 'export' },
  'scorecards:import': admin(),
  'coaching-notes:list': {
    who: 'member',
    scope: (v, list) => list.filter((n) => v.canSeeCoachingNote({ coachId: n.coach.id, repId: n.rep.id })),
    doc: 'anyone signed in; sees the notes they wrote, the notes about them and, for managers, about their reports',
  },
  'coaching-notes:get': { who: 'member', check: (v, i) => v.canSeeCoachingNote(v.coachingNote(i.id)), doc: 'its coach, its rep, the rep\'s managers' },
  'coaching-notes:save': {
    who: 'member',
    // Only someone who coaches the rep writes their notes (a session coach, their coach or manager):
    // a colleague's note about someone they do not coach would land in that person's record.
    check: (v, i) => v.isSelf(i.fields.coachId) && v.leads(i.fields.repId) && (i.id === undefined || v.isSelf(v.coachingNote(i.id)?.coachId)),
    doc: 'the coach who writes it, about someone they coach or manage',
  },
  'coaching-notes:delete': { who: 'member', check: (v, i) => v.isSelf(v.coachingNote(i.id)?.coachId), doc: 'the coach who wrote it', audit: 'deletion' },

  'certifications:list': {
    who: 'member',
    check: (v, i) => i.repId === undefined || v.isSelf(i.repId) || v.leads(i.repId),
    // A rep sees their own path; a manager their reports' too, a coach the people they coach.
    scope: (v, list) => list.filter((s) => v.isSelf(s.rep.id) || v.leads(s.rep.id)),
    doc: 'a person their own certifications; their managers and coaches',
  },
  'certifications:matrix': {
    who: 'member',
    // As certifications:list: a rep sees their own row, a manager their reports' too, a coach the
    // people they coach. The handler narrows the page in its query; the scope checks the answer again.
    scope: (v, page) => ({ ...page, rows: page.rows.filter((r) => v.isSelf(r.rep.id) || v.leads(r.rep.id)) }),
    doc: 'a person their own row; their managers and coaches theirs too',
  },
  'certifications:program': anyMember(),
  'certifications:set-program': admin(),
  'certifications:certifiers': {
    who: 'member',
    // Calibration is the admins' report (scorecards:calibration); others learn only who is marked.
    scope: (_v, out) => ({ ...out, calibration: [] }),
    doc: 'anyone signed in (calibration shown to admins only)',
  },
  'certifications:mark-certifier': admin(),
  'certifications:verify': anyMember('anyone signed in (a code proves nothing more than the certificate shows)'),
  'certifications:certificate': {
    who: 'member',
    // The same people who see the rep's certifications; anyone else checks a code with verify.
    check: (v, i) => {
      const owner = v.grantOwner(i.code);
      return owner !== null && (v.isSelf(owner) || v.leads(owner));
    },
    doc: 'the certified person, their managers and coaches',
  },
  'certifications:reminders': {
    who: 'member',
    check: (v, i) => i.repId === undefined || v.isSelf(i.repId) || v.leads(i.repId),
    scope: (v, list) => list.filter((r) => v.isSelf(r.rep.id) || v.leads(r.rep.id)),
    doc: 'a person their own reminders; their managers and coaches',
  },
  'certifications:claim-reminders': {
    who: 'member',
    // Handing a reminder out marks it as seen: only the person it is for may do that.
    check: (v, i) => v.isSelf(i.repId),
    doc: 'a person, their own reminders',
  },
  'reinforcement:cards': {
    who: 'member',
    check: (v, i) => i.repId === undefined || v.isSelf(i.repId) || v.leads(i.repId),
    scope: (v, list) => list.filter((r) => v.isSelf(r.rep.id) || v.leads(r.rep.id)),
    doc: 'a person their own cards; their managers and coaches',
  },
  'reinforcement:due': {
    who: 'member',
    check: (v, i) => i.repId === undefined || v.isSelf(i.repId) || v.leads(i.repId),
    scope: (v, list) => list.filter((r) => v.isSelf(r.rep.id) || v.leads(r.rep.id)),
    doc: 'a person their own cards; their managers and coaches',
  },
  'reinforcement:settings': anyMember(),
  'reinforcement:set-settings': admin(),
  'outcomes:import': admin(),
  'progress:rep': {
    who: 'member',
    check: (v, i) => v.isSelf(i.repId) || v.leads(i.repId),
    doc: 'a person their own arc and results; their managers and coaches',
  },
  'progress:team': { who: 'member', check: (v) => v.role === 'manager' || v.role === 'coach', doc: 'admins; managers, for the people in their tree; coaches, for the people they coach' },
  'progress:certified': { who: 'member', check: (v) => v.role === 'manager' || v.role === 'coach', doc: 'admins; managers, for the people in their tree; coaches, for the people they coach' },
  'progress:cell': { who: 'member', check: (v) => v.role === 'manager' || v.role === 'coach', doc: 'admins; managers, for the people in their tree; coaches, for the people they coach' },
  'progress:quotas': {
    who: 'member',
    scope: (v, out) => ({ ...out, rows: out.rows.filter((r) => (v.role === 'rep' ? v.isSelf(r.repId) : v.leads(r.repId))) }),
    doc: 'a rep their own quota attainment; coaches and managers the people they lead; admins everyone',
  },

  // A hub serves the team's real data: the demo switch belongs to the app on one's own computer.
  'demo:status': localOwnerOnly('only the owner of a local data folder (the desktop app, reprise serve)'),
  'demo:enter': localOwnerOnly('only the owner of a local data folder'),
  'demo:leave': localOwnerOnly('only the owner of a local data folder'),
  'demo:remove': localOwnerOnly('only the owner of a local data folder'),
  // Joining or leaving a hub changes which data this computer shows: the owner of the computer does it, never through a hub.
  'hub:join': localOwnerOnly('only the owner of a local data folder (the desktop app, reprise serve)'),
  'hub:leave': localOwnerOnly('only the owner of a local data folder'),
  // The team's Learning Record Store: an outside server and its password are the admins' business.
  'xapi:settings': admin(),
  'xapi:configure': admin(),
  'xapi:status': admin(),
  'xapi:send': admin(),
  'xapi:test': admin(),
  'xapi:retry-refused': admin(),
  'xapi:export': { ...admin(), audit: 'export' },
};
