import { useId, useState } from 'react';
import type { Program, ProgramSession } from '../../../../shared/programs';
import { useApi } from '../../api/api-context';
import { useApiQuery } from '../../api/use-api-query';
import { navigate } from '../../app/routes';
import { PageTitle } from '../../app/page-title';
import { useI18n } from '../../i18n/i18n';
import { describeError } from '../../api/errors';
import { Dialog } from '../../ui/dialog';
import { EmptyState } from '../../ui/empty-state';
import { ErrorNotice } from '../../ui/error-notice';
import { EditIcon, PlusIcon, ScheduleIcon } from '../../ui/icons';
import { useToast } from '../../ui/toast';
import { addDays, download, localToday, mondayOf, roleName } from '../programs/format';
import { PersonaLibrary } from '../programs/persona-library';
import { ProgramEditor } from '../programs/program-editor';
import { SessionDialog } from './session-dialog';
import '../programs/programs.css';
import { useMay } from '../hub/access-gate';
import { useCurrentPerson } from '../coaching/use-me';
import { PersonPicker } from '../people/person-picker';
import { UnconfirmedSessions } from '../today/unconfirmed-sessions';

interface Filters {
  program: string;
  rep: string;
  view: 'week' | 'agenda';
  week: string;
  cancelled: boolean;
}

function filtersFrom(query: URLSearchParams): Filters {
  const week = query.get('week');
  return {
    program: query.get('program') ?? '',
    rep: query.get('rep') ?? '',
    view: query.get('view') === 'agenda' ? 'agenda' : 'week',
    week: week && /^\d{4}-\d{2}-\d{2}$/.test(week) ? mondayOf(week) : mondayOf(localToday()),
    cancelled: query.get('cancelled') === '1',
  };
}

function pathFor(f: Filters): string {
  const q = new URLSearchParams();
  if (f.program) q.set('program', f.program);
  if (f.rep) q.set('rep', f.rep);
  if (f.view !== 'week') q.set('view', f.view);
  if (f.week !== mondayOf(localToday())) q.set('week', f.week);
  if (f.cancelled) q.set('cancelled', '1');
  const s = q.toString();
  return `/schedule${s ? `?${s}` : ''}`;
}

const agendaWeeks = 8;

export function SchedulePage({ query }: { query: URLSearchParams }) {
  const edit = query.get('edit');
  if (edit) return <ProgramEditor programId={edit === 'new' ? null : edit} />;
  if (query.get('library') === '1') return <PersonaLibrary />;
  return <Schedule query={query} />;
}

function Schedule({ query }: { query: URLSearchParams }) {
  // Programs are set up and re-planned by whoever the core's rules allow (admins); others only read them.
  const may = useMay();
  const { t, locale, language, formatDate, formatWallTime } = useI18n();
  const api = useApi();
  const toast = useToast();
  const f = filtersFrom(query);
  const update = (patch: Partial<Filters>) => navigate(pathFor({ ...f, ...patch }), { replace: true });
  const programs = useApiQuery('schedule:programs', (a) => a.invoke('programs:list', {}), ['programs:changed']);
  // The person filter searches the roster a page at a time; a person named by a link is looked up by id for their name.
  const chosenRep = useApiQuery(`schedule:rep:${f.rep}`, (a) => (f.rep ? a.invoke('people:get', { id: f.rep }).catch(() => null) : Promise.resolve(null)));
  const repId = useId();
  const { me } = useCurrentPerson();
  // The calendar to export: the rep picked, else the program picked (a whole program is an admin's
  // to export), else the signed-in person's own, without having to pick themselves first.
  // The core allows a program's calendar to admins only: the same rule decides programs:update.
  const exportFor = f.rep ? { repId: f.rep } : f.program && may('programs:update') ? { programId: f.program } : me ? { repId: me.id } : null;
  const from = f.view === 'week' ? f.week : localToday();
  const to = addDays(f.view === 'week' ? f.week : mondayOf(localToday()), f.view === 'week' ? 7 : agendaWeeks * 7);
  const range = {
    from: new Date(`${from}T00:00:00`).toISOString(),
    to: new Date(`${to}T00:00:00`).toISOString(),
    ...(f.program ? { programId: f.program } : {}),
    ...(f.rep ? { repId: f.rep } : {}),
    includeCancelled: f.cancelled,
  };
  const sessions = useApiQuery(`schedule:list:${JSON.stringify(range)}`, (a) => a.invoke('schedule:list', range), ['sessions:changed', 'programs:changed']);
  const [open, setOpen] = useState<string | null>(null);
  const [replanning, setReplanning] = useState<Program | null>(null);

  const allPrograms: Program[] = programs.data ?? [];
  const list = sessions.data ?? [];

  async function generate(program: Program) {
    try {
      const result = await api.invoke('schedule:generate', { programId: program.id, weeks: 4, more: true });
      const last = result.sessions.at(-1);
      toast.show(
        result.created && last
          ? { tone: 'success', message: t('schedule.generated', { name: program.name, count: result.created, date: formatDate(last.localDate) }) }
          : { tone: 'info', message: t('schedule.generatedNone', { name: program.name }) },
      );
    } catch (error) {
      toast.show({ tone: 'error', message: describeError(error, t, language).message });
    }
  }

  async function exportIcs() {
    try {
      if (!exportFor) return;
      const result = await api.invoke('calendar:export', { ...exportFor, language });
      download(result.filename, result.ics, 'text/calendar;charset=utf-8');
      toast.show({ tone: 'success', message: t('schedule.exported', { count: result.events, file: result.filename }) });
    } catch (error) {
      toast.show({ tone: 'error', message: describeError(error, t, language).message });
    }
  }

  return (
    <div className="page programs-wide">
      <header className="page-header">
        <div>
          <PageTitle>{t('area.schedule')}</PageTitle>
          <p className="page-subtitle">{t('schedule.subtitle')}</p>
        </div>
        <div className="page-actions">
          <a className="button button--ghost" href="#/schedule?library=1">
            {t('library.link')}
          </a>
          <button
            type="button"
            className="button button--secondary"
            disabled={!exportFor}
            title={!exportFor ? t('schedule.exportHint') : undefined}
            onClick={() => void exportIcs()}
          >
            {t('schedule.export')}
          </button>
          {may('programs:create') ? (
            <a className="button button--primary" data-action="programs:create" href="#/schedule?edit=new">
              <PlusIcon /> {t('schedule.newProgram')}
            </a>
          ) : null}
        </div>
      </header>

      {me ? <UnconfirmedSessions me={me.id} /> : null}
      {programs.error ? <ErrorNotice error={programs.error} onRetry={programs.reload} /> : null}
      {programs.data && allPrograms.length === 0 ? (
        <EmptyState
          icon={<ScheduleIcon size={28} />}
          title={t('schedule.empty.title')}
          actions={
            may('programs:create') ? (
              <a className="button button--primary" data-action="programs:create" href="#/schedule?edit=new">
                <PlusIcon /> {t('schedule.newProgram')}
              </a>
            ) : undefined
          }
        >
          <p>{t('schedule.empty.body')}</p>
        </EmptyState>
      ) : null}

      {allPrograms.length ? (
        <ul className="programs-list" aria-label={t('schedule.programs')}>
          {allPrograms.map((p) => {
            const archived = p.reps.filter((r) => r.archived).length;
            return (
              <li key={p.id} className="card programs-list__item">
                <div>
                  <p className="programs-list__name">{p.name}</p>
                  <p className="muted">{t('schedule.programWhen', { day: t(`programs.weekdays.${p.weekday}`), time: formatWallTime(p.time), zone: p.timeZone })}</p>
                  <p className="muted">
                    {t('schedule.programReps', { count: p.reps.length })} · {t(`programs.strategy.${p.strategy}`)}
                  </p>
                  {archived ? <p className="programs-warning">{t('schedule.archivedReps', { count: archived })}</p> : null}
                </div>
                <div className="programs-list__actions">
                  {may('schedule:generate') ? (
                    <button type="button" className="button button--secondary button--small" data-action="schedule:generate" title={t('schedule.generateHint')} onClick={() => void generate(p)}>
                      {t('schedule.generate')}
                    </button>
                  ) : null}
                  {may('schedule:regenerate') ? (
                    <button type="button" className="button button--ghost button--small" data-action="schedule:regenerate" onClick={() => setReplanning(p)}>
                      {t('schedule.replan')}
                    </button>
                  ) : null}
                  {may('programs:update') ? (
                    <a className="button button--ghost button--small" data-action="programs:update" href={`#/schedule?edit=${encodeURIComponent(p.id)}`}>
                      <EditIcon /> {t('schedule.edit')}
                    </a>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      ) : null}

      {allPrograms.length ? (
        <div role="search" className="filter-bar" aria-label={t('schedule.filters')}>
          <label className="filter-select">
            <span className="filter-select__label">{t('schedule.filter.program')}</span>
            <select className="input input--compact" value={f.program} onChange={(e) => update({ program: e.target.value })}>
              <option value="">{t('schedule.filter.allPrograms')}</option>
              {allPrograms.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <div className="filter-select">
            <label className="filter-select__label" htmlFor={repId}>{t('schedule.filter.rep')}</label>
            <PersonPicker
              id={repId}
              compact
              value={f.rep}
              chosen={chosenRep.data ?? null}
              placeholder={t('schedule.filter.everyone')}
              searchLabel={t('schedule.filter.searchPeople')}
              onChange={(p) => update({ rep: p?.id ?? '' })}
            />
          </div>
          <div className="segmented" role="radiogroup" aria-label={t('schedule.view')}>
            {(['week', 'agenda'] as const).map((v) => (
              <label key={v} className={`segmented__option${f.view === v ? ' is-selected' : ''}`}>
                <input type="radio" name="schedule-view" checked={f.view === v} onChange={() => update({ view: v })} />
                {t(`schedule.view.${v}`)}
              </label>
            ))}
          </div>
          <label className="programs-check">
            <input type="checkbox" className="checkbox" checked={f.cancelled} onChange={(e) => update({ cancelled: e.target.checked })} />
            {t('schedule.showCancelled')}
          </label>
        </div>
      ) : null}

      {sessions.error ? <ErrorNotice error={sessions.error} onRetry={sessions.reload} /> : null}
      {allPrograms.length && f.view === 'week' ? (
        <WeekView monday={f.week} sessions={list} onOpen={setOpen} onWeek={(week) => update({ week })} locale={locale} />
      ) : null}
      {allPrograms.length && f.view === 'agenda' ? <Agenda sessions={list} onOpen={setOpen} locale={locale} /> : null}
      {open ? <SessionDialog id={open} onClose={() => setOpen(null)} /> : null}
      {replanning ? <ReplanDialog program={replanning} onClose={() => setReplanning(null)} /> : null}
    </div>
  );
}

function SessionChip({ session, onOpen }: { session: ProgramSession; onOpen(id: string): void }) {
  const { t, focusName, formatTime } = useI18n();
  return (
    <button type="button" className={`schedule-chip schedule-chip--${session.status}`} onClick={() => onOpen(session.id)}>
      <span className="schedule-chip__time">
        {formatTime(session.startsAt, session.timeZone)} · {focusName(session.focusAreaName)}
      </span>
      <span className="schedule-chip__program">{session.programName}</span>
      <span className="schedule-chip__people">
        {session.participants.map((p) => (
          <span key={p.repId} className="schedule-chip__person">
            {p.name} <span className="schedule-chip__role">{roleName(p.role, t)}</span>
          </span>
        ))}
      </span>
      {session.status !== 'scheduled' ? <span className="schedule-chip__status">{t(`schedule.status.${session.status}`)}</span> : null}
    </button>
  );
}

/**
 * One week as a list of the days that have sessions, each day's sessions side by side in as many
 * columns as the width allows: programs meet on one or two weekdays, so seven equal columns would
 * squeeze a whole week into one narrow strip.
 */
function WeekView({ monday, sessions, onOpen, onWeek, locale }: { monday: string; sessions: ProgramSession[]; onOpen(id: string): void; onWeek(week: string): void; locale: string }) {
  const { t } = useI18n();
  const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i)).filter((day) => sessions.some((s) => s.localDate === day));
  const dayName = new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });
  const weekName = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const today = localToday();
  return (
    <section aria-label={t('schedule.view.week')}>
      <div className="schedule-weeknav">
        <button type="button" className="button button--secondary button--small" onClick={() => onWeek(addDays(monday, -7))}>
          {t('schedule.prevWeek')}
        </button>
        <button type="button" className="button button--ghost button--small" onClick={() => onWeek(mondayOf(today))}>
          {t('schedule.thisWeek')}
        </button>
        <button type="button" className="button button--secondary button--small" onClick={() => onWeek(addDays(monday, 7))}>
          {t('schedule.nextWeek')}
        </button>
        <span className="muted">{t('schedule.weekOf', { date: weekName.format(new Date(`${monday}T00:00:00Z`)) })}</span>
      </div>
      {days.length ? (
        <ol className="schedule-week">
          {days.map((day) => (
            <li key={day} className={`schedule-day${day === today ? ' is-today' : ''}`}>
              <h2 className="schedule-day__name">
                {dayName.format(new Date(`${day}T00:00:00Z`))}
                {day === today ? <span className="badge badge--accent">{t('schedule.today')}</span> : null}
              </h2>
              <div className="schedule-day__sessions">
                {sessions
                  .filter((s) => s.localDate === day)
                  .map((s) => (
                    <SessionChip key={s.id} session={s} onOpen={onOpen} />
                  ))}
              </div>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted schedule-none">{t('schedule.noneThisWeek')}</p>
      )}
    </section>
  );
}

/** Re-planning asks first, in the app's own dialog, and says exactly what would change (counted by a dry run). */
function ReplanDialog({ program, onClose }: { program: Program; onClose(): void }) {
  const { t, language } = useI18n();
  const api = useApi();
  const toast = useToast();
  const request = { programId: program.id, from: addDays(localToday(), 1), weeks: 4 };
  const counts = useApiQuery(`schedule:replan-count:${program.id}:${request.from}`, (a) => a.invoke('schedule:regenerate', { ...request, dryRun: true }), ['sessions:changed', 'programs:changed']);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const c = counts.data;
  const nothing = c !== undefined && c.cancelled === 0 && c.created === 0;

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      const result = await api.invoke('schedule:regenerate', request);
      toast.show({ tone: 'success', message: t('schedule.replanned', { count: result.created, cancelled: result.cancelled }) });
      onClose();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  return (
    <Dialog
      title={t('schedule.replanTitle', { name: program.name })}
      description={t('schedule.replanBody')}
      onClose={onClose}
      busy={busy}
      footer={
        <>
          <button type="button" className="button button--secondary" onClick={onClose} disabled={busy}>
            {t('common.cancel')}
          </button>
          <button type="button" className="button button--primary" onClick={() => void confirm()} disabled={busy || !c || nothing}>
            {t('schedule.replanConfirm')}
          </button>
        </>
      }
    >
      {counts.error ? <ErrorNotice error={counts.error} onRetry={counts.reload} /> : null}
      {error ? (
        <p className="field__error" role="alert">
          {describeError(error, t, language).message}
        </p>
      ) : null}
      {!c && !counts.error ? (
        <p className="progress-line" role="status">
          <span className="spinner" aria-hidden="true" />
          {t('schedule.replanCounting')}
        </p>
      ) : null}
      {c ? (
        <ul className="schedule-replan" data-testid="replan-counts">
          {nothing ? <li>{t('schedule.replanNothing')}</li> : null}
          {c.cancelled ? <li>{t('schedule.replanCancels', { count: c.cancelled })}</li> : null}
          {c.created ? <li>{t('schedule.replanCreates', { count: c.created })}</li> : null}
          {c.kept ? <li>{t('schedule.replanKeeps', { count: c.kept })}</li> : null}
        </ul>
      ) : null}
    </Dialog>
  );
}

function Agenda({ sessions, onOpen, locale }: { sessions: ProgramSession[]; onOpen(id: string): void; locale: string }) {
  const { t, focusName, formatTime } = useI18n();
  if (sessions.length === 0) return <p className="muted schedule-none">{t('schedule.noneAhead')}</p>;
  const dates = [...new Set(sessions.map((s) => s.localDate))];
  const dayName = new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });
  return (
    <ol className="schedule-agenda" aria-label={t('schedule.view.agenda')}>
      {dates.map((date) => (
        <li key={date}>
          <h2 className="section-title">{dayName.format(new Date(`${date}T00:00:00Z`))}</h2>
          <ul className="plain-list schedule-agenda__list">
            {sessions
              .filter((s) => s.localDate === date)
              .map((s) => (
                <li key={s.id}>
                  <button type="button" className="schedule-agenda__row" onClick={() => onOpen(s.id)}>
                    <span className="schedule-agenda__time">
                      {formatTime(s.startsAt, s.timeZone)}
                    </span>
                    <span>
                      <strong>{focusName(s.focusAreaName)}</strong> · {s.programName}
                    </span>
                    <span>{s.participants.map((p) => `${p.name} (${roleName(p.role, t)})`).join(' · ')}</span>
                    {s.status !== 'scheduled' ? <span className="badge badge--neutral">{t(`schedule.status.${s.status}`)}</span> : null}
                  </button>
                </li>
              ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}
