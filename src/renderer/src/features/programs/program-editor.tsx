import { useEffect, useMemo, useRef, useState } from 'react';
import type { PlannedWeek, ProgramFields, Weekday } from '../../../../shared/programs';
import { focusStrategies, weekdays } from '../../../../shared/programs';
import type { FocusArea } from '../../../../shared/sessions';
import { ApiError } from '../../api/api';
import { useApi } from '../../api/api-context';
import { useApiQuery } from '../../api/use-api-query';
import { navigate } from '../../app/routes';
import { PageTitle } from '../../app/page-title';
import { useI18n } from '../../i18n/i18n';
import { CoachBadge, SeniorityBadge } from '../../ui/badge';
import { ErrorNotice } from '../../ui/error-notice';
import { Field } from '../../ui/field';
import { BackIcon } from '../../ui/icons';
import { useToast } from '../../ui/toast';
import { useDebouncedValue } from '../../ui/use-debounced-value';
import { PeopleMultiPicker } from '../people/people-multi-picker';
import type { PickedPerson } from '../people/person-picker';
import { focusText, pairingText, roleName } from './format';
import { checkDraft, fromProgram, newDraft, serverErrors, type Draft, type DraftField } from './program-draft';
import { ZoneInput } from './zone-input';
import './programs.css';

const zones = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
})();

/** Create or change a program, with the next weeks' pairings shown before anything is saved. */
export function ProgramEditor({ programId }: { programId: string | null }) {
  const { t, focusName } = useI18n();
  const api = useApi();
  const toast = useToast();
  // The names of the people chosen: the program's own, then whoever the pickers add (the roster is never loaded whole).
  const [named, setNamed] = useState<ReadonlyMap<string, PickedPerson>>(new Map());
  const focusAreas = useApiQuery('programs:focus', (a) => a.invoke('focus-areas:list', {}), ['focus-areas:changed']);
  const existing = useApiQuery(`program:${programId ?? 'new'}`, (a) => (programId ? a.invoke('programs:get', { id: programId }) : Promise.resolve(null)));
  const [draft, setDraft] = useState<Draft | null>(programId ? null : newDraft(t('programs.field.timePlaceholder')));
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  // The seed the first preview of a new program answered with: later previews and the saved program use it.
  const [seed, setSeed] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (programId && existing.data && draft === null) setDraft(fromProgram(existing.data));
  }, [programId, existing.data, draft]);
  // The program's people by id: each of a 5,000-person program's names was looked for in a list of 5,000.
  const members = useMemo(
    () => new Map([...(existing.data?.reps ?? []), ...(existing.data?.coaches ?? [])].map((m) => [m.repId, m.name] as const)),
    [existing.data],
  );

  const checked = useMemo(() => (draft ? checkDraft(draft, t, zones) : null), [draft, t]);
  // The preview needs people to pair, not a name yet.
  const previewFields = useMemo(() => (draft ? checkDraft({ ...draft, name: draft.name.trim() || 'Preview' }, t, zones).fields : null), [draft, t]);
  const wanted = JSON.stringify(previewFields);
  const typed = useDebouncedValue(wanted, 400);
  // The first preview (the program as opened, or a new one's first complete fields) is asked at
  // once; only later changes wait for the typing to pause.
  const [first, setFirst] = useState<string | null>(null);
  if (first === null && previewFields !== null) setFirst(wanted);
  const previewKey = typed === 'null' && wanted === first ? wanted : typed;
  const preview = useApiQuery(`programs:preview:${programId ?? ''}:${previewKey}`, (a) => {
    const fields = JSON.parse(previewKey) as ProgramFields | null;
    return fields
      ? a.invoke('programs:preview', { id: programId ?? undefined, fields: { ...fields, pairingSeed: seed ?? undefined }, weeks: 4 })
      : Promise.resolve({ weeks: [] as PlannedWeek[], pairingSeed: '' });
  });
  useEffect(() => {
    if (!programId && seed === null && preview.data?.pairingSeed) setSeed(preview.data.pairingSeed);
  }, [programId, seed, preview.data]);

  if (!draft || !checked) {
    return existing.error ? <ErrorNotice error={existing.error} onRetry={existing.reload} /> : <p className="progress-line" role="status"><span className="spinner" aria-hidden="true" />{t('common.loading')}</p>;
  }

  const set = (patch: Partial<Draft>) => {
    setDraft({ ...draft, ...patch });
    setTouched(new Set([...touched, ...Object.keys(patch)]));
  };
  // What the person sees is what is saved: Create waits until the preview shows the form as it is.
  const previewCurrent = previewFields !== null && previewKey === wanted && !preview.loading && !preview.error;
  const problem = saveError ?? preview.error;
  const fromCore = problem instanceof ApiError ? serverErrors(problem.issues, t) : new Map<DraftField, string>();
  const fieldError = (name: DraftField) => ((submitted || touched.has(name)) && checked.errors.get(name)) || fromCore.get(name);
  const invalidCount = [...new Set([...(submitted ? checked.errors.keys() : []), ...fromCore.keys()])].length;

  async function save() {
    setSubmitted(true);
    if (!checked!.fields) {
      // After React has drawn the messages: the first field to fix takes focus.
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], .field__error')?.focus());
      return;
    }
    setSaving(true);
    setSaveError(null);
    try {
      const program = programId
        ? await api.invoke('programs:update', { id: programId, patch: checked!.fields })
        : await api.invoke('programs:create', { ...checked!.fields, pairingSeed: preview.data?.pairingSeed || undefined });
      const scheduled = await api.invoke('schedule:generate', { programId: program.id, weeks: 4 });
      toast.show({ tone: 'success', message: t('programs.saved', { name: program.name, count: scheduled.created }) });
      navigate(`/schedule?program=${encodeURIComponent(program.id)}`);
    } catch (error) {
      setSaveError(error);
    } finally {
      setSaving(false);
    }
  }

  const areas: FocusArea[] = focusAreas.data ?? [];
  const personName = (id: string) => named.get(id)?.name ?? members.get(id) ?? null;
  const picked = (ids: readonly string[]): PickedPerson[] => ids.map((id) => ({ id, name: personName(id) ?? id }));
  const choose = (field: 'repIds' | 'coachIds', people: PickedPerson[]) => {
    setNamed(new Map([...named, ...people.map((p) => [p.id, p] as const)]));
    set({ [field]: people.map((p) => p.id) });
  };
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
  const areaName = (id: string) => {
    const area = areas.find((a) => a.id === id);
    return area ? focusName(area.name) : id;
  };

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
          ref={formRef}
          noValidate
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
              {(p) => <input {...p} className="input" inputMode="decimal" autoComplete="off" value={draft.time} onChange={(e) => set({ time: e.target.value })} placeholder={t('programs.field.timePlaceholder')} />}
            </Field>
            <Field label={t('programs.field.duration')} required error={fieldError('durationMinutes')}>
              {(p) => <input {...p} className="input input--number" type="number" min={10} max={240} step={5} value={draft.durationMinutes} onChange={(e) => set({ durationMinutes: e.target.value })} />}
            </Field>
          </div>
          <Field label={t('programs.field.timeZone')} required error={fieldError('timeZone')} hint={t('programs.field.timeZoneHint')}>
            {(p) => <ZoneInput control={p} value={draft.timeZone} zones={zones} onChange={(timeZone) => set({ timeZone })} suggestionsLabel={t('programs.field.timeZoneSuggestions')} />}
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
            {(p) => <input {...p} className="input" value={draft.skippedDates} onChange={(e) => set({ skippedDates: e.target.value })} placeholder={t('programs.field.skippedPlaceholder')} />}
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
            <label className="programs-check">
              <input type="checkbox" className="checkbox" checked={draft.pairAcrossTeams} onChange={(e) => set({ pairAcrossTeams: e.target.checked })} />
              {t('programs.field.acrossTeams')}
            </label>
            <p className="field__hint">{t('programs.field.acrossTeamsHint')}</p>
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
            <legend className="form__legend">{t(draft.focusStrategy === 'adaptive' ? 'programs.field.focusAdaptive' : 'programs.field.focus')}</legend>
            <div className="segmented" role="radiogroup" aria-label={t('programs.field.focusStrategy')}>
              {focusStrategies.map((s) => (
                <label key={s} className={`segmented__option${draft.focusStrategy === s ? ' is-selected' : ''}`}>
                  <input type="radio" name="focusStrategy" value={s} checked={draft.focusStrategy === s} onChange={() => set({ focusStrategy: s })} />
                  {t(`programs.focusStrategy.${s}`)}
                </label>
              ))}
            </div>
            <p className="field__hint">{t(`programs.focusStrategy.${draft.focusStrategy}.hint`)}</p>
            {fieldError('focusAreaIds') ? <p className="field__error" tabIndex={-1}>{fieldError('focusAreaIds')}</p> : null}
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
            {fieldError('repIds') ? <p className="field__error" tabIndex={-1}>{fieldError('repIds')}</p> : null}
            <PeopleMultiPicker id="program-reps" label={t('programs.findReps')} selected={picked(draft.repIds)} badge={(r) => <SeniorityBadge seniority={r.seniority} />} onChange={(people) => choose('repIds', people)} />
          </fieldset>

          <fieldset className="form__section">
            <legend className="form__legend">
              {t('programs.field.coaches')} <span className="muted">({draft.coachIds.length})</span>
            </legend>
            <p className="form__intro">{t('programs.field.coaches.hint')}</p>
            {fieldError('coachIds') ? <p className="field__error" tabIndex={-1}>{fieldError('coachIds')}</p> : null}
            <PeopleMultiPicker id="program-coaches" label={t('programs.findCoaches')} selected={picked(draft.coachIds)} badge={(r) => (r.coach ? <CoachBadge /> : null)} onChange={(people) => choose('coachIds', people)} />
          </fieldset>

          {saveError && !(saveError instanceof ApiError && saveError.issues.length) ? <ErrorNotice error={saveError} /> : null}
          {invalidCount ? (
            <p className="programs-form__summary" role="alert">
              {t('programs.error.summary', { count: invalidCount })}
            </p>
          ) : null}
          <div className="programs-form__actions">
            <button type="submit" className="button button--primary" disabled={saving || (checked.fields !== null && !previewCurrent && !preview.error)}>
              {saving ? t('programs.saving') : checked.fields !== null && !previewCurrent && !preview.error ? t('programs.waitPreview') : programId ? t('programs.saveChanges') : t('programs.create')}
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
          {previewFields === null ? (
            <p className="muted">{draft.repIds.length < 2 ? t('programs.preview.empty') : t('programs.preview.fixFields')}</p>
          ) : preview.error instanceof ApiError && preview.error.issues.length ? (
            <p className="muted">{t('programs.preview.fixFields')}</p>
          ) : preview.error ? (
            <ErrorNotice error={preview.error} onRetry={preview.reload} />
          ) : preview.loading && !preview.data?.weeks.length ? (
            // The form is there to work in meanwhile: a large program's weeks take a while to pair.
            // (The answer kept while this one comes may be the empty one from before the program had loaded.)
            <p className="progress-line programs-preview__loading" role="status">
              <span className="spinner" aria-hidden="true" />
              {t('programs.preview.loading')}
            </p>
          ) : (
            <PreviewWeeks weeks={preview.data?.weeks ?? []} areaName={areaName} personName={personName} timeZone={draft.timeZone} adaptive={draft.focusStrategy === 'adaptive'} />
          )}
        </section>
      </div>
    </div>
  );
}

/** Groups drawn per week at first: a 5,000-person program pairs 2,500 a week, and drawing them all took seconds. */
const groupsShown = 25;

/** Under the adaptive strategy each group has its own focus area and reason, so the week names none. */
function PreviewWeeks({
  weeks,
  areaName,
  personName,
  timeZone,
  adaptive,
}: {
  weeks: PlannedWeek[];
  areaName: (id: string) => string;
  personName: (id: string) => string | null;
  timeZone: string;
  adaptive: boolean;
}) {
  const { t } = useI18n();
  if (weeks.length === 0) return <p className="muted">{t('programs.preview.empty')}</p>;
  return (
    <ol className="programs-weeks" data-testid="program-preview">
      {weeks.map((w) => (
        <PreviewWeek key={w.weekIndex} week={w} areaName={areaName} personName={personName} timeZone={timeZone} adaptive={adaptive} />
      ))}
    </ol>
  );
}

function PreviewWeek({
  week: w,
  areaName,
  personName,
  timeZone,
  adaptive,
}: {
  week: PlannedWeek;
  areaName: (id: string) => string;
  personName: (id: string) => string | null;
  timeZone: string;
  adaptive: boolean;
}) {
  const coachName = (id: string | null, members: PlannedWeek['groups'][number]['members']) =>
    id === null ? null : (members.find((m) => m.repId === id)?.name ?? personName(id));
  const { t, formatSessionTime, formatWallTime, shipped } = useI18n();
  // More are drawn a page at a time on asking; the rest of a week is counted, not drawn.
  const [shown, setShown] = useState(groupsShown);
  const hidden = w.groups.length - shown;
  return (
    <li className="programs-week">
      <p className="programs-week__head">
        <strong>{formatSessionTime(w.startsAt, timeZone)}</strong>
        {adaptive ? null : ` · ${areaName(w.focusAreaId)}`}
        {w.groups.length > groupsShown ? <span className="muted"> · {t('programs.preview.groups', { count: w.groups.length })}</span> : null}
        {w.stored ? <span className="badge badge--neutral">{t('programs.preview.stored')}</span> : null}
      </p>
      {w.skipped ? <p className="muted">{t('programs.preview.skipped')}</p> : null}
      {w.shiftedFor ? <p className="programs-warning">{t('programs.preview.shifted', { requested: formatWallTime(w.shiftedFor.requested), actual: formatWallTime(w.shiftedFor.actual) })}</p> : null}
      <ul className="programs-groups">
        {w.groups.slice(0, shown).map((g, i) => (
          <li key={i}>
            <p className="programs-group__people">
              {g.members.map((m) => `${m.name} (${roleName(m.role, t)})`).join(' · ')}
            </p>
            <p className="programs-group__why">
              {/* A stored week's coach may be someone outside the pair (a coach assigned later); one nobody can name is left out. */}
              {[
                coachName(g.coachRepId, g.members) ? t('programs.coach', { name: coachName(g.coachRepId, g.members)! }) : null,
                g.scenarioTitle ? t('programs.scenario', { title: shipped(g.scenarioTitle) }) : null,
              ]
                .filter(Boolean)
                .join(' · ')}
            </p>
            {g.reason.focus ? (
              <p className="programs-group__focus">
                {focusText(g.reason.focus, areaName(g.reason.focus.focusAreaId), w.startsAt, t)}
              </p>
            ) : null}
            <p className="programs-group__why">{pairingText(g.reason, t)}</p>
          </li>
        ))}
      </ul>
      {hidden > 0 ? (
        <button type="button" className="button button--ghost button--small" onClick={() => setShown(shown + groupsPerClick)}>
          {t('programs.preview.more', { count: Math.min(hidden, groupsPerClick) })}
        </button>
      ) : null}
      {w.leftOut.length ? (
        <p className="muted">{w.leftOut.map((l) => t(`programs.leftOut.${l.why}`, { name: l.name })).join(' ')}</p>
      ) : null}
    </li>
  );
}

const groupsPerClick = 100;
