import type { Persona, ProgramSession, Scenario } from '../../../../shared/programs';
import { pageInputs } from '../../../../shared/page-inputs';
import type { ToWriteItem } from '../../../../shared/scorecards';
import { useApi } from '../../api/api-context';
import { useApiQuery } from '../../api/use-api-query';
import { PageTitle } from '../../app/page-title';
import { hrefFor } from '../../app/routes';
import { localizePersona, localizeScenario } from '../../i18n/shipped-content';
import { useI18n } from '../../i18n/i18n';
import { EmptyState } from '../../ui/empty-state';
import { ErrorNotice } from '../../ui/error-notice';
import { RecordIcon, ScheduleIcon, TodayIcon } from '../../ui/icons';
import { useToast } from '../../ui/toast';
import { sessionScorecardPath } from '../coaching/paths';
import { useCurrentPerson } from '../coaching/use-me';
import { useAccess, useMay } from '../hub/access-gate';
import { ChooseOwner, CurrentPersonLabel } from '../owner/owner';
import { FirstRunChoice, useDemoStatus } from '../demo/demo';
import { localToday, mondayOf, pairingText, roleName } from '../programs/format';
import { CertificationRemindersCard } from './certification-reminders';
import { ReinforcementDue } from '../certification/reinforcement';
import { ReminderSettings } from './reminders';
import { PeopleWeek } from './people-week';
import { UnconfirmedSessions } from './unconfirmed-sessions';
import '../programs/programs.css';

/** Today: my next role-play, my role in it, the brief I need, and a way to start recording it. */
export function TodayPage() {
  const { t } = useI18n();
  // Setting up a program is offered to whoever the core's rules allow (admins).
  const may = useMay();
  const { me: mine } = useCurrentPerson();
  // Whether anyone is on the roster, and how many: one row and the counts, never the whole roster.
  const roster = useApiQuery('today:roster', (a) => a.invoke('people:page', pageInputs.roster()), ['people:changed']);
  const me = mine?.id ?? null;
  const weekStart = mondayOf(localToday());
  const week = useApiQuery(
    `today:week:${me ?? ''}:${weekStart}`,
    (a) =>
      me ? a.invoke('schedule:list', pageInputs.week(me, weekStart)) : Promise.resolve([] as ProgramSession[]),
    ['sessions:changed'],
  );
  const next = useApiQuery(`today:next:${me ?? ''}`, (a) => (me ? a.invoke('schedule:next', pageInputs.next(me)) : Promise.resolve(null)), ['sessions:changed']);
  // What I still owe: a session whose scorecard I wrote asks for it no more.
  const toWrite = useApiQuery(
    `to-write:${me ?? ''}`,
    (a) => (me ? a.invoke('scorecards:to-write', pageInputs.toWrite(me)) : Promise.resolve([] as ToWriteItem[])),
    ['scorecards:changed', 'sessions:changed'],
  );
  const owed = new Map((toWrite.data ?? []).map((i) => [i.session.id, i]));

  const demo = useDemoStatus();
  const access = useAccess();
  // Someone who leads people but plays in no program (a coach, most managers) opens Today for their
  // people's week: the subtitle says so, with no large empty card above it.
  const leaderOnly = next.data === null && access.kind === 'person' && (access.role === 'manager' || access.role === 'coach') && !may('programs:create');

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <PageTitle>{t('area.today')}</PageTitle>
          <p className="page-subtitle">
            {!mine ? t('today.subtitleNoMe') : leaderOnly ? t('today.subtitleLeader', { name: mine.name }) : next.data === null ? t('today.subtitleNothing', { name: mine.name }) : t('today.subtitle', { name: mine.name })}
          </p>
        </div>
        <div className="page-actions">
          <CurrentPersonLabel />
        </div>
      </header>

      {roster.error ? <ErrorNotice error={roster.error} onRetry={roster.reload} /> : null}
      {roster.data && roster.data.active === 0 && demo?.firstRun ? (
        <FirstRunChoice seeded={demo.seeded} />
      ) : roster.data && roster.data.active === 0 ? (
        <EmptyState icon={<TodayIcon size={28} />} title={t('today.noPeople.title')} actions={<a className="button button--primary" href="#/people">{t('area.people')}</a>}>
          <p>{t('today.noPeople.body')}</p>
        </EmptyState>
      ) : !me ? (
        <ChooseOwner icon={<TodayIcon size={28} />} />
      ) : next.error ? (
        <ErrorNotice error={next.error} onRetry={next.reload} />
      ) : next.data === undefined ? (
        <p className="progress-line" role="status">
          <span className="spinner" aria-hidden="true" />
          {t('common.loading')}
        </p>
      ) : (
        <div className="today">
          {next.data ? (
            <NextSession session={next.data} me={me} owed={toWrite.data ? owed.get(next.data.id) ?? null : undefined} />
          ) : leaderOnly ? null : (
            <EmptyState
              icon={<ScheduleIcon size={28} />}
              title={t('today.nothing.title')}
              actions={
                may('programs:create') ? (
                  <a className="button button--primary" data-action="programs:create" href="#/schedule?edit=new">
                    {t('schedule.newProgram')}
                  </a>
                ) : undefined
              }
            >
              <p>{t('today.nothing.body')}</p>
            </EmptyState>
          )}
          <UnconfirmedSessions me={me} />
          <CertificationRemindersCard me={me} />
          <PeopleWeek me={me} active={roster.data?.active ?? 0} toWrite={toWrite} weekStart={weekStart} />
          <ThisWeek sessions={week.data ?? []} me={me} nextId={next.data?.id ?? null} owed={toWrite.data ? owed : null} />
          <ReinforcementDue me={me} />
          <ReminderSettings />
        </div>
      )}
    </div>
  );
}

const recordingPath = (id: string) => `/library/${encodeURIComponent(id)}`;

/** `owed`: my scorecard still to write for it (null: written or not mine to write; undefined: not known yet). */
function NextSession({ session, me, owed }: { session: ProgramSession; me: string; owed: ToWriteItem | null | undefined }) {
  const { t, formatSessionTime, focusName } = useI18n();
  // The core leaves the buyer's side out of the answer for the seller (scenarios:brief).
  const library = useApiQuery(
    `today:brief:${session.id}`,
    (a) => (session.scenarioId ? a.invoke('scenarios:brief', { sessionId: session.id }) : Promise.resolve(null)),
    ['library:changed', 'sessions:changed'],
  );
  const myRole = session.participants.find((p) => p.repId === me)?.role ?? 'observer';
  const others = session.participants.filter((p) => p.repId !== me);
  const coach = session.participants.find((p) => p.repId === session.coachRepId);
  return (
    <section className="card today-next" aria-labelledby="today-next-title" data-testid="today-next">
      <p className="eyebrow">{t('today.next')}</p>
      <h2 id="today-next-title" className="today-next__title">
        {t('today.nextTitle', { focus: focusName(session.focusAreaName), when: formatSessionTime(session.startsAt, session.timeZone) })}
      </h2>
      <p className="today-next__role">
        {t('today.yourRole', { role: roleName(myRole, t) })} · {t('today.with', { names: others.map((p) => `${p.name} (${roleName(p.role, t)})`).join(', ') })}
      </p>
      <p className="muted">
        {session.programName}
        {coach ? ` · ${coach.repId === me ? t('today.youCoach', { name: session.participants.find((p) => p.role === 'seller')?.name ?? '' }) : t('programs.coach', { name: coach.name })}` : ''}
      </p>
      {session.reason ? <p className="muted today-next__why">{pairingText(session.reason, t)}</p> : null}
      {session.recordingId ? (
        <>
          <p className="today-next__recorded">
            <span className="badge badge--success">{t('today.recorded')}</span> {t('today.recordedBody')}
          </p>
          <div className="today-next__actions">
            {owed ? (
              <a className="button button--primary" href={hrefFor(sessionScorecardPath(session.id))}>
                {owed.scorecardId ? t('today.scoreDraft') : t('today.score')}
              </a>
            ) : owed === null ? (
              <span className="badge badge--success">{t('today.scoreWritten')}</span>
            ) : null}
            <a className="button button--secondary" href={hrefFor(recordingPath(session.recordingId))}>
              {t('today.watchTake')}
            </a>
            <a className="button button--ghost" href={`#/record?session=${encodeURIComponent(session.id)}`}>
              <RecordIcon /> {t('today.recordAgain')}
            </a>
          </div>
        </>
      ) : (
        <div className="today-next__actions">
          <a className="button button--primary" href={`#/record?session=${encodeURIComponent(session.id)}`}>
            <RecordIcon /> {t('today.record')}
          </a>
        </div>
      )}
      {library.data ? <Brief scenario={library.data.scenario} persona={library.data.persona} withheld={library.data.withheld} /> : null}
    </section>
  );
}

function Brief({ scenario: storedScenario, persona: storedPersona, withheld }: { scenario: Scenario | null; persona: Persona | null; withheld: boolean }) {
  const { t, shipped } = useI18n();
  if (!storedScenario) return null;
  const scenario = localizeScenario(storedScenario, shipped);
  const persona = storedPersona ? localizePersona(storedPersona, shipped) : null;
  const full = !withheld;
  return (
    <div className="today-brief">
      <h3 className="section-title">{t('today.scenario', { title: scenario.title })}</h3>
      {scenario.setup ? <p>{scenario.setup}</p> : null}
      {scenario.sellerGoal ? (
        <p>
          <strong>{t('today.goal')}</strong> {scenario.sellerGoal}
        </p>
      ) : null}
      {persona ? (
        <>
          <h3 className="section-title">{t('today.persona', { name: persona.name, role: persona.role })}</h3>
          {persona.company ? <p className="muted">{persona.company}</p> : null}
          {persona.situation ? <p>{persona.situation}</p> : null}
          {full ? (
            <div className="today-brief__columns">
              <BriefList title={t('today.pains')} items={persona.pains} />
              <BriefList title={t('today.objections')} items={persona.objections} />
              <BriefList title={t('today.uncover')} items={persona.uncover} />
            </div>
          ) : (
            <p className="notice notice--muted today-brief__hidden">{t('today.sellerHidden')}</p>
          )}
          {full && scenario.buyerNotes ? (
            <p>
              <strong>{t('today.buyerNotes')}</strong> {scenario.buyerNotes}
            </p>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

function BriefList({ title, items }: { title: string; items: string[] }) {
  if (items.length === 0) return null;
  return (
    <div>
      <p className="today-brief__label">{title}</p>
      <ul className="plain-list today-brief__list">
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </div>
  );
}

function ThisWeek({ sessions, me, nextId, owed }: { sessions: ProgramSession[]; me: string; nextId: string | null; owed: Map<string, ToWriteItem> | null }) {
  const { t, formatSessionTime, focusName } = useI18n();
  const api = useApi();
  const toast = useToast();
  if (sessions.length === 0) return null;
  const mark = async (id: string, status: 'done' | 'missed') => {
    try {
      await api.invoke('schedule:set-status', { id, status });
    } catch (error) {
      toast.show({ tone: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  };
  return (
    <section className="card" aria-labelledby="today-week-title">
      <h2 id="today-week-title" className="card__title">
        {t('today.thisWeek')}
      </h2>
      <ul className="plain-list today-week" data-testid="today-week">
        {sessions.map((s) => {
          const role = s.participants.find((p) => p.repId === me)?.role;
          const started = Date.parse(s.startsAt) <= Date.now();
          const context = t('today.week.context', { focus: focusName(s.focusAreaName), when: formatSessionTime(s.startsAt, s.timeZone) });
          return (
            <li key={s.id} className="today-week__item">
              <span>
                <strong>{formatSessionTime(s.startsAt, s.timeZone)}</strong> · {focusName(s.focusAreaName)} · {role ? roleName(role, t) : ''} ·{' '}
                {s.participants.filter((p) => p.repId !== me).map((p) => p.name).join(', ')}
              </span>
              <span className="today-week__status">
                {s.id === nextId ? <span className="badge badge--accent">{t('today.nextBadge')}</span> : null}
                {s.status !== 'scheduled' ? <span className="badge badge--neutral">{t(`schedule.status.${s.status}`)}</span> : null}
                {s.recordingId ? (
                  <>
                    <span className="badge badge--success">{t('today.recorded')}</span>
                    <a className="button button--secondary button--small" href={hrefFor(recordingPath(s.recordingId))}>
                      {t('today.week.watch')}
                      <span className="visually-hidden"> · {context}</span>
                    </a>
                    {owed?.has(s.id) ? (
                      <a className="button button--secondary button--small" href={hrefFor(sessionScorecardPath(s.id))}>
                        {t('today.week.score')}
                        <span className="visually-hidden"> · {context}</span>
                      </a>
                    ) : null}
                  </>
                ) : null}
                {s.status === 'scheduled' && started ? (
                  <>
                    <button type="button" className="button button--secondary button--small" onClick={() => void mark(s.id, 'done')}>
                      {t('schedule.markDone')}
                    </button>
                    {/* A session with a take was not missed. */}
                    {s.recordingId ? null : (
                      <button type="button" className="button button--ghost button--small" onClick={() => void mark(s.id, 'missed')}>
                        {t('schedule.markMissed')}
                      </button>
                    )}
                  </>
                ) : null}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
