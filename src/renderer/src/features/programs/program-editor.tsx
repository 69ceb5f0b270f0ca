import { useEffect, useMemo, useState } from 'react';
import type { PlannedWeek, Program, ProgramFields, Weekday } from '../../../../shared/programs';
import { weekdays } from '../../../../shared/programs';
import type { FocusArea } from '../../../../shared/sessions';
import type { Rep } from '../../../../shared/people';
import { ApiError } from '../../api/api';
import { useApi } from '../../api/api-context';
import { useApiQuery } from '../../api/use-api-query';
import { navigate } from '../../app/routes';
import { PageTitle } from '../../app/page-title';
import { useI18n } from '../../i18n/i18n';
import { SeniorityBadge } from '../../ui/badge';
import { ErrorNotice } from '../../ui/error-notice';
import { Field } from '../../ui/field';
import { BackIcon } from '../../ui/icons';
import { useToast } from '../../ui/toast';
import { useDebouncedValue } from '../../ui/use-debounced-value';
import { localToday, pairingText, roleName, sessionTime, viewerZone } from './format';
import './programs.css';

interface Draft {
  name: string;
  weekday: Weekday;
  time: string;
  durationMinutes: string;
  timeZone: string;
  startDate: string;
  endDate: string;
  skippedDates: string;
  repIds: string[];
  focusAreaIds: string[];
  strategy: 'mixed' | 'cohort' | 'rotate';
  repeatWindowWeeks: string;
  reminderMinutes: string;
}

function weekdayOf(date: string): Weekday {
  return weekdays[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7]!;
}

function newDraft(): Draft {
  const today = localToday();
  return {
    name: '',
    weekday: weekdayOf(today),
    time: '15:00',
    durationMinutes: '45',
    timeZone: viewerZone(),
    startDate: today,
    endDate: '',
    skippedDates: '',
    repIds: [],
    focusAreaIds: ['discovery', 'demo', 'personas'],
    strategy: 'mixed',
    repeatWindowWeeks: '3',
    reminderMinutes: '15',
  };
}

function fromProgram(p: Program): Draft {
  return {
    name: p.name,
    weekday: p.weekday,
    time: p.time,
    durationMinutes: String(p.durationMinutes),
    timeZone: p.timeZone,
    startDate: p.startDate,
    endDate: p.endDate ?? '',
    skippedDates: p.skippedDates.join(', '),
    repIds: p.reps.map((r) => r.repId),
    focusAreaIds: p.focusAreaIds,
    strategy: p.strategy,
    repeatWindowWeeks: String(p.repeatWindowWeeks),
    reminderMinutes: String(p.reminderMinutes),
  };
}

function toFields(d: Draft): ProgramFields {
  const number = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));
  return {
    name: d.name,
    weekday: d.weekday,
    time: d.time,
    durationMinutes: number(d.durationMinutes),
    timeZone: d.timeZone,
    startDate: d.startDate,
    endDate: d.endDate || null,
    skippedDates: d.skippedDates.split(/[\s,;]+/).filter(Boolean),
    repIds: d.repIds,
    focusAreaIds: d.focusAreaIds,
    strategy: d.strategy,
    repeatWindowWeeks: number(d.repeatWindowWeeks),
    reminderMinutes: number(d.reminderMinutes),
  };
}

const zones = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
})();

/** Create or change a program, with the next weeks' pairings shown before anything is saved. */
export function ProgramEditor({ programId }: { programId: string | null }) {
  const { t, locale, focusName } = useI18n();
  const api = useApi();
  const toast = useToast();
  const reps = useApiQuery('programs:reps', (a) => a.invoke('people:list', {}), ['people:changed']);
  const focusAreas = useApiQuery('programs:focus', (a) => a.invoke('focus-areas:list', {}), ['focus-areas:changed']);
  const existing = useApiQuery(`program:${programId ?? 'new'}`, (a) => (programId ? a.invoke('programs:get', { id: programId }) : Promise.resolve(null)));
  const [draft, setDraft] = useState<Draft | null>(programId ? null : newDraft());
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);

  useEffect(() => {
    if (programId && existing.data && draft === null) setDraft(fromProgram(existing.data));
  }, [programId, existing.data, draft]);

  const fields = useMemo(() => (draft ? toFields(draft) : null), [draft]);
  const debounced = useDebouncedValue(fields, 400);
  const previewKey = JSON.stringify(debounced);
  // The preview needs people to pair, not a name yet; until there are two reps there is nothing to ask.
  const preview = useApiQuery(`programs:preview:${programId ?? ''}:${previewKey}`, (a) =>
    debounced && debounced.repIds.length >= 2
      ? a.invoke('programs:preview', { id: programId ?? undefined, fields: { ...debounced, name: debounced.name.trim() || 'Preview' }, weeks: 4 })
      : Promise.resolve({ weeks: [] as PlannedWeek[] }),
  );

  if (!draft || !fields) {
    return existing.error ? <ErrorNotice error={existing.error} onRetry={existing.reload} /> : <p className="progress-line" role="status"><span className="spinner" aria-hidden="true" />{t('common.loading')}</p>;
  }

  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const issues = new Map<string, string>();
  const problem = saveError ?? preview.error;
  // Preview errors from the contract are under `fields.`; the core's own checks name the field directly.
  if (problem instanceof ApiError) for (const issue of problem.issues) issues.set(issue.path.replace(/^fields\./, '').split('.')[0]!, issue.message);
  const fieldError = (name: string) => issues.get(name);

  async function save() {
    setSaving(true);
    setSaveError(null);
    try {
      const program = programId
        ? await api.invoke('programs:update', { id: programId, patch: fields! })
        : await api.invoke('programs:create', fields!);
      const scheduled = await api.invoke('schedule:generate', { programId: program.id, weeks: 4 });
      toast.show({ tone: 'success', message: t('programs.saved', { name: program.name, count: scheduled.created }) });
      navigate(`/schedule?program=${encodeURIComponent(program.id)}`);
    } catch (error) {
      setSaveError(error);
    } finally {
      setSaving(false);
    }
  }

  const activeReps: Rep[] = (reps.data ?? []).filter((r) => !r.archived);
  const areas: FocusArea[] = focusAreas.data ?? [];
  const toggleRep = (id: string) => set({ repIds: draft.repIds.includes(id) ? draft.repIds.filter((r) => r !== id) : [...draft.repIds, id] });
  const toggleFocus = (id: string) =>
    set({ focusAreaIds: draft.focusAreaIds.includes(id) ? draft.focusAreaIds.filter((f) => f !== id) : [...draft.focusAreaIds, id] });
  const moveFocus = (id: string, by: -1 | 1) => {
    const list = [...draft.focusAreaIds];
    const i = list.indexOf(id);
    const j = i + by;
    if (i < 0 || j < 0 || j >= list.length) return;
    [list[i], list[j]] = [list[j]!, list[i]!];
    set({ focusAreaIds: list });
  };
  const areaName = (id: string) => areas.find((a) => a.id === id)?.name ?? id;

  return (
    <div className="page programs-editor-page">
      <a className="back-link" href="#/schedule">
        <BackIcon /> {t('area.schedule')}
      </a>
      <header className="page-header">
        <div>
          <PageTitle>{programId ? t('programs.editTitle') : t('programs.newTitle')}</PageTitle>
          <p className="page-subtitle">{t('programs.editorSubtitle')}</p>
        </div>
      </header>
      <div className="programs-editor">
        <form
          className="form programs-form"
          aria-label={t('programs.formLabel')}
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <Field label={t('programs.field.name')} required error={fieldError('name')}>
            {(p) => <input {...p} className="input" value={draft.name} onChange={(e) => set({ name: e.target.value })} placeholder={t('programs.field.namePlaceholder')} />}
          </Field>
          <div className="form__row">
            <Field label={t('programs.field.weekday')} required error={fieldError('weekday')}>
              {(p) => (
                <select {...p} className="input" value={draft.weekday} onChange={(e) => set({ weekday: e.target.value as Weekday })}>
                  {weekdays.map((d) => (
                    <option key={d} value={d}>
                      {t(`programs.weekday.${d}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('programs.field.time')} required error={fieldError('time')}>
              {(p) => <input {...p} className="input" type="time" value={draft.time} onChange={(e) => set({ time: e.target.value })} />}
            </Field>
            <Field label={t('programs.field.duration')} required error={fieldError('durationMinutes')}>
              {(p) => <input {...p} className="input input--number" type="number" min={10} max={240} step={5} value={draft.durationMinutes} onChange={(e) => set({ durationMinutes: e.target.value })} />}
            </Field>
          </div>
          <Field label={t('programs.field.timeZone')} required error={fieldError('timeZone')} hint={t('programs.field.timeZoneHint')}>
            {(p) => (
              <>
                <input {...p} className="input" list="programs-zones" value={draft.timeZone} onChange={(e) => set({ timeZone: e.target.value })} />
                <datalist id="programs-zones">
                  {zones.map((z) => (
                    <option key={z} value={z} />
                  ))}
                </datalist>
              </>
            )}
          </Field>
          <div className="form__row">
            <Field label={t('programs.field.startDate')} required error={fieldError('startDate')}>
              {(p) => <input {...p} className="input" type="date" value={draft.startDate} onChange={(e) => set({ startDate: e.target.value })} />}
            </Field>
            <Field label={t('programs.field.endDate')} error={fieldError('endDate')}>
              {(p) => <input {...p} className="input" type="date" value={draft.endDate} onChange={(e) => set({ endDate: e.target.value })} />}
            </Field>
          </div>
          <Field label={t('programs.field.skipped')} error={fieldError('skippedDates')} hint={t('programs.field.skippedHint')}>
            {(p) => <input {...p} className="input" value={draft.skippedDates} onChange={(e) => set({ skippedDates: e.target.value })} placeholder="2026-12-23, 2026-12-30" />}
          </Field>

          <fieldset className="form__section">
            <legend className="form__legend">{t('programs.field.strategy')}</legend>
            <div className="segmented" role="radiogroup" aria-label={t('programs.field.strategy')}>
              {(['mixed', 'cohort', 'rotate'] as const).map((s) => (
                <label key={s} className={`segmented__option${draft.strategy === s ? ' is-selected' : ''}`}>
                  <input type="radio" name="strategy" value={s} checked={draft.strategy === s} onChange={() => set({ strategy: s })} />
                  {t(`programs.strategy.${s}`)}
                </label>
              ))}
            </div>
            <p className="field__hint">{t(`programs.strategy.${draft.strategy}.hint`)}</p>
            <div className="form__row">
              <Field label={t('programs.field.window')} error={fieldError('repeatWindowWeeks')} hint={t('programs.field.windowHint')}>
                {(p) => <input {...p} className="input input--number" type="number" min={0} max={52} value={draft.repeatWindowWeeks} onChange={(e) => set({ repeatWindowWeeks: e.target.value })} />}
              </Field>
              <Field label={t('programs.field.reminder')} error={fieldError('reminderMinutes')} hint={t('programs.field.reminderHint')}>
                {(p) => <input {...p} className="input input--number" type="number" min={0} step={5} value={draft.reminderMinutes} onChange={(e) => set({ reminderMinutes: e.target.value })} />}
              </Field>
            </div>
          </fieldset>

          <fieldset className="form__section">
            <legend className="form__legend">{t('programs.field.focus')}</legend>
            {fieldError('focusAreaIds') ? <p className="field__error">{fieldError('focusAreaIds')}</p> : null}
            <ol className="programs-rotation">
              {draft.focusAreaIds.map((id, i) => (
                <li key={id}>
                  <span className="programs-rotation__n">{i + 1}</span>
                  <span className="programs-rotation__name">{areaName(id)}</span>
                  <button type="button" className="icon-button icon-button--small" aria-label={t('programs.focus.up', { name: areaName(id) })} disabled={i === 0} onClick={() => moveFocus(id, -1)}>
                    ↑
                  </button>
                  <button type="button" className="icon-button icon-button--small" aria-label={t('programs.focus.down', { name: areaName(id) })} disabled={i === draft.focusAreaIds.length - 1} onClick={() => moveFocus(id, 1)}>
                    ↓
                  </button>
                </li>
              ))}
            </ol>
            <div className="programs-checks">
              {areas.map((a) => (
                <label key={a.id} className="programs-check">
                  <input type="checkbox" className="checkbox" checked={draft.focusAreaIds.includes(a.id)} onChange={() => toggleFocus(a.id)} />
                  {focusName(a.name)}
                </label>
              ))}
            </div>
          </fieldset>

          <fieldset className="form__section">
            <legend className="form__legend">
              {t('programs.field.reps')} <span className="muted">({draft.repIds.length})</span>
            </legend>
            {fieldError('repIds') ? <p className="field__error">{fieldError('repIds')}</p> : null}
            {activeReps.length === 0 ? <p className="muted">{t('programs.noReps')}</p> : null}
            <div className="programs-reps">
              {activeReps.map((r) => (
                <label key={r.id} className="programs-check">
                  <input type="checkbox" className="checkbox" checked={draft.repIds.includes(r.id)} onChange={() => toggleRep(r.id)} />
                  <span>{r.name}</span>
                  <SeniorityBadge seniority={r.seniority} />
                </label>
              ))}
            </div>
            {activeReps.length > 1 ? (
              <button type="button" className="button button--ghost button--small" onClick={() => set({ repIds: activeReps.map((r) => r.id) })}>
                {t('programs.allReps')}
              </button>
            ) : null}
          </fieldset>

          {saveError && !(saveError instanceof ApiError && saveError.issues.length) ? <ErrorNotice error={saveError} /> : null}
          <div className="programs-form__actions">
            <button type="submit" className="button button--primary" disabled={saving}>
              {saving ? t('programs.saving') : programId ? t('programs.saveChanges') : t('programs.create')}
            </button>
            <a className="button button--secondary" href="#/schedule">
              {t('common.cancel')}
            </a>
          </div>
          {programId ? <p className="field__hint">{t('programs.editKeepsWeeks')}</p> : null}
        </form>

        <section className="programs-preview card" aria-labelledby="programs-preview-title" aria-busy={preview.loading}>
          <h2 id="programs-preview-title" className="card__title">
            {t('programs.preview.title')}
          </h2>
          {preview.error ? (
            <div className="notice notice--muted" role="status">
              <div className="notice__content">
                <p className="notice__title">{t('programs.preview.blocked')}</p>
                <p>{preview.error instanceof Error ? preview.error.message : String(preview.error)}</p>
              </div>
            </div>
          ) : (
            <PreviewWeeks weeks={preview.data?.weeks ?? []} areaName={areaName} timeZone={draft.timeZone} locale={locale} />
          )}
        </section>
      </div>
    </div>
  );
}

function PreviewWeeks({ weeks, areaName, timeZone, locale }: { weeks: PlannedWeek[]; areaName: (id: string) => string; timeZone: string; locale: string }) {
  const { t, shipped } = useI18n();
  if (weeks.length === 0) return <p className="muted">{t('programs.preview.empty')}</p>;
  return (
    <ol className="programs-weeks" data-testid="program-preview">
      {weeks.map((w) => (
        <li key={w.weekIndex} className="programs-week">
          <p className="programs-week__head">
            <strong>{sessionTime(w.startsAt, timeZone, locale)}</strong> · {areaName(w.focusAreaId)}
            {w.stored ? <span className="badge badge--neutral">{t('programs.preview.stored')}</span> : null}
          </p>
          {w.skipped ? <p className="muted">{t('programs.preview.skipped')}</p> : null}
          {w.shiftedFor ? <p className="programs-warning">{t('programs.preview.shifted', { requested: w.shiftedFor.requested, actual: w.shiftedFor.actual })}</p> : null}
          <ul className="programs-groups">
            {w.groups.map((g, i) => (
              <li key={i}>
                <p className="programs-group__people">
                  {g.members.map((m) => `${m.name} (${roleName(m.role, t)})`).join(' · ')}
                </p>
                <p className="programs-group__why">
                  {t('programs.coach', { name: g.members.find((m) => m.repId === g.coachRepId)?.name ?? '' })}
                  {g.scenarioTitle ? ` · ${t('programs.scenario', { title: shipped(g.scenarioTitle) })}` : ''}
                </p>
                <p className="programs-group__why">{pairingText(g.reason, t)}</p>
              </li>
            ))}
          </ul>
          {w.leftOut.length ? (
            <p className="muted">{w.leftOut.map((l) => t(`programs.leftOut.${l.why}`, { name: l.name })).join(' ')}</p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
