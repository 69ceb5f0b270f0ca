import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import {
  certificationProgramFields,
  conversationMetricKey,
  type CertificationProgram,
  type CertificationProgramFields,
  type CertifierCalibration,
  type ConversationMetricKey,
  type ManagerReviews,
} from '../../../../shared/certification';
import { useApi } from '../../api/api-context';
import { fieldIssues, localizeServerMessage } from '../../api/errors';
import { useApiQuery } from '../../api/use-api-query';
import { useI18n } from '../../i18n/i18n';
import { Dialog } from '../../ui/dialog';
import { ErrorNotice } from '../../ui/error-notice';
import { Field, type ControlProps } from '../../ui/field';
import { useToast } from '../../ui/toast';
import { useMay } from '../hub/access-gate';
import { useLevelName } from './certification-path';
import { PersonPicker } from '../people/person-picker';

/** How many coaches the certifiers list holds before a search is the way to the rest. */
const coachesShown = 100;

/**
 * A focus area's certification program as a form holds it: numbers stay the text typed, so a
 * half-typed or wrong value is shown back with what to fix instead of being lost.
 */
interface DraftLevel {
  /** A stable React key while levels move. */
  key: number;
  name: string;
  roleplays: string;
  minScore: string;
  minDaysSincePrevious: string;
  expires: boolean;
  validDays: string;
  blockers: { criterionKey: string; minScore: string }[];
  metrics: { metricKey: ConversationMetricKey; min: string; max: string }[];
}

interface Draft {
  levels: DraftLevel[];
  renewalWindowDays: string;
  calibrationBand: string;
  calibrationMinComparisons: string;
  managerReviews: ManagerReviews;
}

const managerReviewsOptions: ManagerReviews[] = ['coach-flagged', 'always', 'never'];

let nextKey = 1;
const text = (n: number | null) => (n === null ? '' : String(n));

function toDraft(p: CertificationProgramFields): Draft {
  return {
    levels: p.levels.map((l) => ({
      key: nextKey++,
      name: l.name,
      roleplays: text(l.roleplays),
      minScore: text(l.minScore),
      minDaysSincePrevious: text(l.minDaysSincePrevious),
      expires: l.validDays !== null,
      validDays: l.validDays === null ? '90' : String(l.validDays),
      blockers: l.blockers.map((b) => ({ criterionKey: b.criterionKey, minScore: String(b.minScore) })),
      metrics: l.metrics.map((m) => ({ metricKey: m.metricKey, min: text(m.min), max: text(m.max) })),
    })),
    renewalWindowDays: text(p.renewalWindowDays),
    calibrationBand: text(p.calibrationBand),
    calibrationMinComparisons: text(p.calibrationMinComparisons),
    managerReviews: p.managerReviews,
  };
}

/** An empty field is missing (the schema says "Fill this in"); anything else is the number typed. */
const num = (s: string) => (s.trim() === '' ? undefined : Number(s));
const optionalNum = (s: string) => (s.trim() === '' ? null : Number(s));

/** What the draft asks the core to store, unchecked: the contract's schema checks it. */
function toFields(d: Draft): unknown {
  return {
    levels: d.levels.map((l) => ({
      name: l.name,
      roleplays: num(l.roleplays),
      minScore: num(l.minScore),
      minDaysSincePrevious: num(l.minDaysSincePrevious),
      validDays: l.expires ? num(l.validDays) : null,
      blockers: l.blockers.map((b) => ({ criterionKey: b.criterionKey, minScore: num(b.minScore) })),
      metrics: l.metrics.map((m) => ({ metricKey: m.metricKey, min: optionalNum(m.min), max: optionalNum(m.max) })),
    })),
    renewalWindowDays: num(d.renewalWindowDays),
    calibrationBand: num(d.calibrationBand),
    calibrationMinComparisons: num(d.calibrationMinComparisons),
    managerReviews: d.managerReviews,
  };
}

const emptyLevel = (): DraftLevel => ({
  key: nextKey++,
  name: '',
  roleplays: '2',
  minScore: '70',
  minDaysSincePrevious: '30',
  expires: false,
  validDays: '90',
  blockers: [],
  metrics: [],
});

/**
 * The levels and rules of each focus area's certification, and who may certify. Admins (and the
 * owner of a local data folder) edit them; everyone else reads them, as far as the core lets them.
 */
export function ProgramDialog({ onClose, focusAreaId }: { onClose(): void; focusAreaId?: string }) {
  const { t, focusName } = useI18n();
  const may = useMay();
  const admin = may('certifications:set-program');
  const areas = useApiQuery('cert:program:areas', (a) => a.invoke('focus-areas:list', {}), ['focus-areas:changed']);
  const [areaId, setAreaId] = useState<string | null>(focusAreaId ?? null);
  const [dirty, setDirty] = useState(false);
  const [confirmClose, setConfirmClose] = useState(false);
  const current = areaId ?? areas.data?.[0]?.id ?? null;

  const close = () => (dirty ? setConfirmClose(true) : onClose());

  return (
    <Dialog
      variant="panel"
      size="large"
      title={t('cert.program.title')}
      description={admin ? t('cert.program.subtitle.admin') : t('cert.program.subtitle.read')}
      onClose={close}
      footer={
        confirmClose ? (
          <div className="cert-program__confirm" role="alert">
            <p>{t('cert.program.discard.question')}</p>
            <button type="button" className="button button--secondary" onClick={() => setConfirmClose(false)}>
              {t('cert.program.discard.keep')}
            </button>
            <button type="button" className="button button--danger" onClick={onClose}>
              {t('cert.program.discard.confirm')}
            </button>
          </div>
        ) : (
          <button type="button" className="button button--secondary" onClick={close}>
            {t('common.close')}
          </button>
        )
      }
    >
      {areas.error && !areas.data ? <ErrorNotice error={areas.error} onRetry={areas.reload} /> : null}
      {areas.data && areas.data.length === 0 ? <p className="muted">{t('cert.program.noAreas')}</p> : null}
      {areas.data && current ? (
        <>
          <label className="field cert-program__area">
            <span className="field__label">{t('cert.program.area')}</span>
            <select className="input" value={current} disabled={dirty} aria-describedby={dirty ? 'cert-program-area-locked' : undefined} onChange={(e) => setAreaId(e.target.value)}>
              {areas.data.map((a) => (
                <option key={a.id} value={a.id}>
                  {focusName(a.name)}
                </option>
              ))}
            </select>
            {dirty ? (
              <span id="cert-program-area-locked" className="field__hint">
                {t('cert.program.areaLocked')}
              </span>
            ) : null}
          </label>
          <ProgramSection key={current} focusAreaId={current} editable={admin} onDirty={setDirty} />
          <CertifiersSection key={`c-${current}`} focusAreaId={current} editable={may('certifications:mark-certifier')} />
        </>
      ) : null}
    </Dialog>
  );
}

function ProgramSection({ focusAreaId, editable, onDirty }: { focusAreaId: string; editable: boolean; onDirty(dirty: boolean): void }) {
  const { t, shipped } = useI18n();
  const program = useApiQuery(`cert:program:${focusAreaId}`, (a) => a.invoke('certifications:program', { focusAreaId }), ['certifications:changed']);
  const templates = useApiQuery(`cert:program:templates:${focusAreaId}`, (a) => a.invoke('rubric-templates:list', { focusAreaId }), ['rubric-templates:changed']);
  const criteria = useMemo(() => {
    const byKey = new Map<string, string>();
    for (const tpl of templates.data ?? []) for (const c of tpl.criteria) if (!byKey.has(c.key)) byKey.set(c.key, shipped(c.name));
    return byKey;
  }, [templates.data, shipped]);

  if (program.error && !program.data) return <ErrorNotice error={program.error} onRetry={program.reload} />;
  if (!program.data)
    return (
      <p className="progress-line" role="status">
        <span className="spinner" aria-hidden="true" />
        {t('common.loading')}
      </p>
    );
  return editable ? (
    <ProgramForm program={program.data} criteria={criteria} onDirty={onDirty} />
  ) : (
    <ProgramRules program={program.data} criteria={criteria} />
  );
}

type Confirm = null | 'save' | 'reset';

function ProgramForm({ program, criteria, onDirty }: { program: CertificationProgram; criteria: Map<string, string>; onDirty(dirty: boolean): void }) {
  const { t, language } = useI18n();
  const api = useApi();
  const toast = useToast();
  const levelName = useLevelName();
  const [saved, setSaved] = useState(program);
  const [draft, setDraft] = useState(() => toDraft(program));
  const [baseline, setBaseline] = useState(() => JSON.stringify(toFields(toDraft(program))));
  const [showErrors, setShowErrors] = useState(false);
  const [serverError, setServerError] = useState<unknown>(null);
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [busy, setBusy] = useState(false);

  const dirty = JSON.stringify(toFields(draft)) !== baseline;
  useEffect(() => onDirty(dirty), [dirty, onDirty]);

  const parsed = useMemo(() => certificationProgramFields.safeParse(toFields(draft)), [draft]);
  const errors = useMemo(() => {
    const byPath = new Map<string, string>();
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path.join('.');
        if (!byPath.has(path)) byPath.set(path, localizeServerMessage(issue.message, language));
      }
    }
    for (const [path, message] of fieldIssues(serverError, language, ['fields.'])) if (!byPath.has(path)) byPath.set(path, message);
    return byPath;
  }, [parsed, serverError, language]);
  const err = (path: string) => (showErrors ? errors.get(path) : undefined);

  const update = (fn: (d: Draft) => Draft) => {
    setServerError(null);
    setConfirm(null);
    setDraft(fn);
  };
  const setLevel = (i: number, patch: Partial<DraftLevel>) => update((d) => ({ ...d, levels: d.levels.map((l, j) => (j === i ? { ...l, ...patch } : l)) }));
  // The moved level keeps the keyboard focus, on the same button unless it is now at that end.
  const formRef = useRef<HTMLFormElement>(null);
  const [moved, setMoved] = useState<{ key: number; dir: 'up' | 'down' } | null>(null);
  useEffect(() => {
    if (!moved) return;
    const li = formRef.current?.querySelector(`[data-level-key="${moved.key}"]`);
    const other = moved.dir === 'up' ? 'down' : 'up';
    const target = li?.querySelector<HTMLButtonElement>(`[data-move="${moved.dir}"]:not(:disabled)`) ?? li?.querySelector<HTMLButtonElement>(`[data-move="${other}"]`);
    target?.focus();
    setMoved(null);
  }, [moved]);
  // After adding or removing a level, the keyboard lands on a level's name instead of the page.
  const [focusName, setFocusName] = useState<number | null>(null);
  useEffect(() => {
    if (focusName === null) return;
    formRef.current?.querySelector<HTMLInputElement>(`[data-level-key="${focusName}"] input[data-level-name]`)?.focus();
    setFocusName(null);
  }, [focusName]);
  const move = (i: number, by: -1 | 1) => {
    setMoved({ key: draft.levels[i]!.key, dir: by < 0 ? 'up' : 'down' });
    update((d) => {
      const levels = [...d.levels];
      const [level] = levels.splice(i, 1);
      levels.splice(i + by, 0, level!);
      return { ...d, levels };
    });
  };

  const askSave = () => {
    setShowErrors(true);
    if (parsed.success) setConfirm('save');
  };

  const store = async (fields: CertificationProgramFields | null) => {
    setBusy(true);
    try {
      const next = await api.invoke('certifications:set-program', { focusAreaId: program.focusAreaId, fields });
      setSaved(next);
      setDraft(toDraft(next));
      setBaseline(JSON.stringify(toFields(toDraft(next))));
      setShowErrors(false);
      setConfirm(null);
      toast.show({ tone: 'success', message: t(fields === null ? 'cert.program.resetDone' : 'cert.program.saved') });
    } catch (error) {
      setServerError(error);
      setShowErrors(true);
      setConfirm(null);
    } finally {
      setBusy(false);
    }
  };

  const invalidCount = showErrors ? errors.size : 0;
  const last = draft.levels.length - 1;

  return (
    <form
      ref={formRef}
      className="cert-program"
      noValidate
      aria-labelledby="cert-program-levels"
      onSubmit={(e) => {
        e.preventDefault();
        askSave();
      }}
    >
      <h3 id="cert-program-levels" className="cert-program__heading">
        {t('cert.program.levels')}
      </h3>
      <p className="small muted">{saved.custom ? t('cert.program.custom') : t('cert.program.defaults')}</p>
      <ol className="cert-program__levels">
        {draft.levels.map((level, i) => {
          const label = level.name.trim() ? levelName(level.name.trim()) : t('cert.program.levelN', { n: i + 1 });
          const p = `levels.${i}`;
          return (
            <li key={level.key} className="cert-level" aria-label={label} data-level-key={level.key}>
              <div className="cert-level__head">
                <LevelField
                  label={t('cert.program.name')}
                  // A built-in name is stored in English and shown in the reader's language.
                  hint={levelName(level.name.trim()) !== level.name.trim() ? t('cert.program.name.shownAs', { name: levelName(level.name.trim()) }) : undefined}
                  error={err(`${p}.name`)}
                >
                  {(props) => <input {...props} className="input" data-level-name value={level.name} maxLength={60} onChange={(e) => setLevel(i, { name: e.target.value })} />}
                </LevelField>
                <div className="cert-level__moves" role="group" aria-label={t('cert.program.arrange', { level: label })}>
                  <button type="button" className="button button--secondary button--small" data-move="up" disabled={i === 0} onClick={() => move(i, -1)}>
                    {t('cert.program.up')}
                  </button>
                  <button type="button" className="button button--secondary button--small" data-move="down" disabled={i === last} onClick={() => move(i, 1)}>
                    {t('cert.program.down')}
                  </button>
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    disabled={draft.levels.length === 1}
                    onClick={() => {
                      setFocusName((draft.levels[i + 1] ?? draft.levels[i - 1])!.key);
                      update((d) => ({ ...d, levels: d.levels.filter((_, j) => j !== i) }));
                    }}
                  >
                    {t('cert.program.removeLevel')}
                  </button>
                </div>
              </div>
              <div className="cert-level__grid">
                <NumberField label={t('cert.program.roleplays')} value={level.roleplays} error={err(`${p}.roleplays`)} onChange={(v) => setLevel(i, { roleplays: v })} />
                <NumberField label={t('cert.program.minScore')} hint={t('cert.program.minScore.hint')} value={level.minScore} error={err(`${p}.minScore`)} onChange={(v) => setLevel(i, { minScore: v })} />
                {i === 0 ? (
                  // The core waits only after a previous level; the value is kept for when this level moves down.
                  <p className="small muted cert-level__note">{t('cert.program.firstNoWait')}</p>
                ) : (
                  <NumberField
                    label={t('cert.program.minDays')}
                    value={level.minDaysSincePrevious}
                    error={err(`${p}.minDaysSincePrevious`)}
                    onChange={(v) => setLevel(i, { minDaysSincePrevious: v })}
                  />
                )}
                <div className="cert-level__expiry">
                  <label className="programs-check">
                    <input type="checkbox" className="checkbox" checked={level.expires} onChange={(e) => setLevel(i, { expires: e.target.checked })} />
                    {t('cert.program.expires')}
                  </label>
                  {level.expires ? (
                    <NumberField label={t('cert.program.validDays')} value={level.validDays} error={err(`${p}.validDays`)} onChange={(v) => setLevel(i, { validDays: v })} />
                  ) : null}
                </div>
              </div>

              <fieldset className="cert-level__set">
                <legend>{t('cert.program.blockers')}</legend>
                <p className="small muted">{t('cert.program.blockers.hint')}</p>
                {level.blockers.map((b, k) => {
                  const bp = `${p}.blockers.${k}`;
                  const taken = new Set(level.blockers.filter((_, o) => o !== k).map((o) => o.criterionKey));
                  return (
                    <div key={k} className="cert-level__row cert-level__row--blocker">
                      <LevelField label={t('cert.program.criterion')} error={err(`${bp}.criterionKey`)}>
                        {(props) => (
                          <select
                            {...props}
                            className="input"
                            value={b.criterionKey}
                            onChange={(e) => setLevel(i, { blockers: level.blockers.map((o, q) => (q === k ? { ...o, criterionKey: e.target.value } : o)) })}
                          >
                            {!criteria.has(b.criterionKey) ? <option value={b.criterionKey}>{b.criterionKey}</option> : null}
                            {[...criteria].map(([key, name]) => (
                              <option key={key} value={key} disabled={taken.has(key)}>
                                {name}
                              </option>
                            ))}
                          </select>
                        )}
                      </LevelField>
                      <LevelField label={t('cert.program.blockerMin')} error={err(`${bp}.minScore`)}>
                        {(props) => (
                          <select
                            {...props}
                            className="input"
                            value={b.minScore}
                            onChange={(e) => setLevel(i, { blockers: level.blockers.map((o, q) => (q === k ? { ...o, minScore: e.target.value } : o)) })}
                          >
                            {['1', '2', '3', '4', '5'].map((s) => (
                              <option key={s} value={s}>
                                {s}
                              </option>
                            ))}
                          </select>
                        )}
                      </LevelField>
                      <button
                        type="button"
                        className="button button--secondary button--small"
                        aria-label={t('cert.program.removeBlocker', { criterion: criteria.get(b.criterionKey) ?? b.criterionKey })}
                        onClick={() => setLevel(i, { blockers: level.blockers.filter((_, q) => q !== k) })}
                      >
                        {t('cert.program.remove')}
                      </button>
                    </div>
                  );
                })}
                {criteria.size === 0 ? (
                  <p className="small muted">{t('cert.program.noCriteria')}</p>
                ) : (
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    disabled={level.blockers.length >= criteria.size}
                    onClick={() => {
                      const used = new Set(level.blockers.map((b) => b.criterionKey));
                      const free = [...criteria.keys()].find((key) => !used.has(key));
                      if (free) setLevel(i, { blockers: [...level.blockers, { criterionKey: free, minScore: '3' }] });
                    }}
                  >
                    {t('cert.program.addBlocker')}
                  </button>
                )}
              </fieldset>

              <fieldset className="cert-level__set">
                <legend>{t('cert.program.metrics')}</legend>
                <p className="small muted">{t('cert.program.metrics.hint')}</p>
                {level.metrics.map((m, k) => {
                  const mp = `${p}.metrics.${k}`;
                  const setMetric = (patch: Partial<DraftLevel['metrics'][number]>) => setLevel(i, { metrics: level.metrics.map((o, q) => (q === k ? { ...o, ...patch } : o)) });
                  return (
                    <div key={k} className="cert-level__row">
                      <LevelField label={t('cert.program.metric')} error={err(`${mp}.metricKey`)}>
                        {(props) => (
                          <select {...props} className="input" value={m.metricKey} onChange={(e) => setMetric({ metricKey: e.target.value as ConversationMetricKey })}>
                            {conversationMetricKey.options.map((key) => (
                              <option key={key} value={key}>
                                {t(`cert.metric.${key}`)}
                              </option>
                            ))}
                          </select>
                        )}
                      </LevelField>
                      <NumberField label={t('cert.program.metricMin')} value={m.min} error={err(`${mp}.min`)} onChange={(v) => setMetric({ min: v })} />
                      <NumberField label={t('cert.program.metricMax')} value={m.max} error={err(`${mp}.max`)} onChange={(v) => setMetric({ max: v })} />
                      <button
                        type="button"
                        className="button button--secondary button--small"
                        aria-label={t('cert.program.removeMetric', { metric: t(`cert.metric.${m.metricKey}`) })}
                        onClick={() => setLevel(i, { metrics: level.metrics.filter((_, q) => q !== k) })}
                      >
                        {t('cert.program.remove')}
                      </button>
                    </div>
                  );
                })}
                <button
                  type="button"
                  className="button button--secondary button--small"
                  disabled={level.metrics.length >= conversationMetricKey.options.length}
                  onClick={() => {
                    const used = new Set(level.metrics.map((m) => m.metricKey));
                    const free = conversationMetricKey.options.find((key) => !used.has(key));
                    if (free) setLevel(i, { metrics: [...level.metrics, { metricKey: free, min: '', max: '' }] });
                  }}
                >
                  {t('cert.program.addMetric')}
                </button>
              </fieldset>
            </li>
          );
        })}
      </ol>
      {err('levels') ? <p className="field__error">{err('levels')}</p> : null}
      <button type="button" className="button button--secondary" disabled={draft.levels.length >= 10} onClick={() => {
          const added = emptyLevel();
          setFocusName(added.key);
          update((d) => ({ ...d, levels: [...d.levels, added] }));
        }}
      >
        {t('cert.program.addLevel')}
      </button>

      <h3 className="cert-program__heading">{t('cert.program.general')}</h3>
      <div className="cert-level__grid">
        <NumberField
          label={t('cert.program.renewalWindow')}
          hint={t('cert.program.renewalWindow.hint')}
          value={draft.renewalWindowDays}
          error={err('renewalWindowDays')}
          onChange={(v) => update((d) => ({ ...d, renewalWindowDays: v }))}
        />
        <NumberField
          label={t('cert.program.band')}
          hint={t('cert.program.band.hint')}
          step="0.05"
          value={draft.calibrationBand}
          error={err('calibrationBand')}
          onChange={(v) => update((d) => ({ ...d, calibrationBand: v }))}
        />
        <NumberField
          label={t('cert.program.comparisons')}
          hint={t('cert.program.comparisons.hint')}
          value={draft.calibrationMinComparisons}
          error={err('calibrationMinComparisons')}
          onChange={(v) => update((d) => ({ ...d, calibrationMinComparisons: v }))}
        />
        <LevelField label={t('cert.managerReviews.label')} hint={t(`cert.managerReviews.rule.${draft.managerReviews}`)}>
          {(props) => (
            <select {...props} className="input" value={draft.managerReviews} onChange={(e) => update((d) => ({ ...d, managerReviews: e.target.value as ManagerReviews }))}>
              {managerReviewsOptions.map((option) => (
                <option key={option} value={option}>
                  {t(`cert.managerReviews.${option}`)}
                </option>
              ))}
            </select>
          )}
        </LevelField>
      </div>

      {/* A refusal that names no field (no right to edit, offline) is said as a whole. */}
      {serverError !== null && fieldIssues(serverError, language).size === 0 ? <ErrorNotice error={serverError} /> : null}
      {invalidCount > 0 ? (
        <p className="notice notice--error" role="alert">
          {t('cert.program.invalid', { count: invalidCount })}
        </p>
      ) : null}
      {confirm ? (
        <div className="cert-program__confirm" role="alert">
          <p>{t(confirm === 'save' ? 'cert.program.confirmSave' : 'cert.program.confirmReset')}</p>
          <button type="button" className="button button--secondary" disabled={busy} onClick={() => setConfirm(null)}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className={confirm === 'save' ? 'button button--primary' : 'button button--danger'}
            disabled={busy}
            onClick={() => void store(confirm === 'save' && parsed.success ? parsed.data : null)}
          >
            {busy ? t('common.saving') : t(confirm === 'save' ? 'cert.program.confirmSave.button' : 'cert.program.confirmReset.button')}
          </button>
        </div>
      ) : (
        <div className="cert-program__actions">
          <button type="submit" className="button button--primary" disabled={!dirty || busy}>
            {t('cert.program.save')}
          </button>
          <button
            type="button"
            className="button button--secondary"
            disabled={!dirty || busy}
            onClick={() => {
              setDraft(toDraft(saved));
              setShowErrors(false);
              setServerError(null);
            }}
          >
            {t('cert.program.undo')}
          </button>
          <button type="button" className="button button--secondary" disabled={busy || (!saved.custom && !dirty)} onClick={() => setConfirm('reset')}>
            {t('cert.program.reset')}
          </button>
        </div>
      )}
    </form>
  );
}

function NumberField({ label, hint, value, error, step, onChange }: { label: string; hint?: string; value: string; error?: string; step?: string; onChange(v: string): void }) {
  return (
    <LevelField label={label} hint={hint} error={error}>
      {(props) => <input {...props} className="input input--number" type="number" inputMode="decimal" step={step ?? '1'} value={value} onChange={(e) => onChange(e.target.value)} />}
    </LevelField>
  );
}

function LevelField(props: { label: string; hint?: string; error?: string; children(control: ControlProps): ReactNode }) {
  return (
    <Field label={props.label} hint={props.hint} error={props.error} className="cert-level__field">
      {props.children}
    </Field>
  );
}

/** The rules as a reader sees them: what each level needs, in sentences. */
function ProgramRules({ program, criteria }: { program: CertificationProgram; criteria: Map<string, string> }) {
  const { t } = useI18n();
  const levelName = useLevelName();
  return (
    <section className="cert-program" aria-labelledby="cert-program-levels">
      <h3 id="cert-program-levels" className="cert-program__heading">
        {t('cert.program.levels')}
      </h3>
      <ol className="cert-program__levels">
        {program.levels.map((l, i) => (
          <li key={i} className="cert-level">
            <h4 className="cert-level__title">{levelName(l.name)}</h4>
            <ul className="cert-level__rules">
              <li>{t('cert.program.rule.roleplays', { count: l.roleplays, score: l.minScore })}</li>
              {l.blockers.map((b) => (
                <li key={b.criterionKey}>{t('cert.item.blocker', { score: b.minScore, criterion: criteria.get(b.criterionKey) ?? b.criterionKey })}</li>
              ))}
              {l.metrics.map((m) => (
                <li key={m.metricKey}>
                  {t(m.min !== null && m.max !== null ? 'cert.item.metric.range' : m.min !== null ? 'cert.item.metric.min' : 'cert.item.metric.max', {
                    metric: t(`cert.metric.${m.metricKey}`),
                    min: m.min ?? '',
                    max: m.max ?? '',
                  })}
                </li>
              ))}
              {i > 0 && l.minDaysSincePrevious > 0 ? <li>{t('cert.program.rule.days', { count: l.minDaysSincePrevious })}</li> : null}
              <li>{l.validDays === null ? t('cert.program.rule.noExpiry') : t('cert.program.rule.valid', { count: l.validDays })}</li>
            </ul>
          </li>
        ))}
      </ol>
      <p className="small muted">{t('cert.program.rule.renewal', { count: program.renewalWindowDays })}</p>
      <p className="small muted">{t(`cert.managerReviews.rule.${program.managerReviews}`)}</p>
    </section>
  );
}

/** Who may certify on a focus area: coaches and admins to start with, anyone an admin marks, and everyone once they hold the level. */
function CertifiersSection({ focusAreaId, editable }: { focusAreaId: string; editable: boolean }) {
  const { t, language } = useI18n();
  const api = useApi();
  const levelName = useLevelName();
  // Coaches, the marked and the holders, never the whole roster: anyone else is found with the search below.
  const coaches = useApiQuery('cert:program:coaches', (a) => a.invoke('people:page', { filter: { coachesOnly: true }, limit: coachesShown }), ['people:changed']);
  const marked = useApiQuery(`cert:program:certifiers:${focusAreaId}`, (a) => a.invoke('certifications:certifiers', { focusAreaId }), ['certifications:changed']);
  const statuses = useApiQuery(`cert:program:statuses:${focusAreaId}`, (a) => a.invoke('certifications:list', { focusAreaId, held: true }), ['certifications:changed', 'scorecards:changed']);
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  if (!coaches.data || !marked.data) {
    const failed = coaches.error ?? marked.error;
    // A reader the core refuses the roster to simply does not see who certifies.
    return failed && editable ? <ErrorNotice error={failed} onRetry={() => (coaches.reload(), marked.reload())} /> : null;
  }
  const markedIds = new Set(marked.data.certifiers.map((c) => c.rep.id));
  const calibration = new Map(marked.data.calibration.filter((c) => c.focusAreaId === focusAreaId).map((c) => [c.reviewer.id, c]));
  const deviation = (n: number) => `${n > 0 ? '+' : n < 0 ? '−' : '±'}${new Intl.NumberFormat(language, { maximumFractionDigits: 2 }).format(Math.abs(n))}`;
  const held = new Map((statuses.data ?? []).filter((s) => s.level).map((s) => [s.rep.id, s]));
  const byId = new Map<string, { id: string; name: string; coach: boolean }>();
  for (const s of held.values()) byId.set(s.rep.id, { id: s.rep.id, name: s.rep.name, coach: false });
  for (const c of marked.data.certifiers) byId.set(c.rep.id, { id: c.rep.id, name: c.rep.name, coach: false });
  for (const p of coaches.data.items) byId.set(p.id, { id: p.id, name: p.name, coach: true });
  const rows = [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
  const moreCoaches = coaches.data.matching - coaches.data.items.length;

  const toggle = async (repId: string, certifier: boolean) => {
    setPending(repId);
    setError(null);
    try {
      await api.invoke('certifications:mark-certifier', { repId, focusAreaId, certifier });
      marked.reload();
    } catch (e) {
      setError(e);
    } finally {
      setPending(null);
    }
  };

  return (
    <section className="cert-program" aria-labelledby="cert-certifiers-title">
      <h3 id="cert-certifiers-title" className="cert-program__heading">
        {t('cert.certifiers.title')}
      </h3>
      <p className="small muted">
        {t('cert.certifiers.hint')}
        {editable ? ` ${t('cert.certifiers.calibration.hint')}` : ''}
      </p>
      {error ? <ErrorNotice error={error} /> : null}
      {editable ? (
        <div className="field">
          <label className="field__label" htmlFor="cert-certifier-add">
            {t('cert.certifiers.add')}
          </label>
          <PersonPicker
            id="cert-certifier-add"
            value=""
            placeholder={t('cert.certifiers.addChoose')}
            searchLabel={t('cert.certifiers.addSearch')}
            isDisabled={(p) => markedIds.has(p.id)}
            onChange={(p) => (p ? void toggle(p.id, true) : undefined)}
          />
        </div>
      ) : null}
      {editable && moreCoaches > 0 ? <p className="small muted">{t('cert.certifiers.moreCoaches', { count: moreCoaches })}</p> : null}
      {rows.length === 0 ? (
        <p className="muted">{t('cert.certifiers.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table table--compact cert-certifiers">
            <thead>
              <tr>
                <th scope="col">{t('cert.matrix.rep')}</th>
                <th scope="col">{t('cert.certifiers.level')}</th>
                <th scope="col">{t('cert.certifiers.marked')}</th>
                {editable ? <th scope="col">{t('cert.certifiers.calibration')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => {
                const s = held.get(p.id);
                return (
                  <tr key={p.id}>
                    <td>
                      {p.name}
                      {p.coach ? <div className="small muted">{t('cert.certifiers.coach')}</div> : null}
                    </td>
                    <td>{s?.level ? levelName(s.level) : <span className="muted">–</span>}</td>
                    <td>
                      {editable ? (
                        <label className="programs-check">
                          <input
                            type="checkbox"
                            className="checkbox"
                            checked={markedIds.has(p.id)}
                            disabled={pending !== null}
                            aria-label={t('cert.certifiers.mark', { name: p.name })}
                            onChange={(e) => void toggle(p.id, e.target.checked)}
                          />
                        </label>
                      ) : markedIds.has(p.id) ? (
                        t('cert.certifiers.yes')
                      ) : (
                        <span className="muted">–</span>
                      )}
                    </td>
                    {editable ? (
                      <td>
                        <CalibrationCell entry={calibration.get(p.id)} deviation={deviation} />
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function CalibrationCell({ entry, deviation }: { entry: CertifierCalibration | undefined; deviation(n: number): string }) {
  const { t } = useI18n();
  if (!entry) return <span className="muted">{t('cert.certifiers.calibration.none')}</span>;
  if (entry.standing === 'not-judged') return <span className="muted">{t('cert.certifiers.calibration.not-judged', { count: entry.comparisons })}</span>;
  return (
    <span className={`badge ${entry.standing === 'in-band' ? 'badge--success' : 'badge--danger'}`}>
      {t(`cert.certifiers.calibration.${entry.standing}`, { deviation: deviation(entry.meanDeviation) })}
    </span>
  );
}
