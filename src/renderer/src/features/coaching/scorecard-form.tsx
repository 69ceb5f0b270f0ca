import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { computeOverall, formatMoment, parseMoment } from '../../../../shared/rubrics';
import type { Marker } from '../../../../shared/recordings';
import type { Criterion, CriterionScore, Scorecard } from '../../../../shared/scorecards';
import { ApiError } from '../../api/api';
import { useApi } from '../../api/api-context';
import { describeError } from '../../api/errors';
import { useApiQuery } from '../../api/use-api-query';
import { PageTitle } from '../../app/page-title';
import { hrefFor } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { localizeTemplate } from '../../i18n/shipped-content';
import { Badge } from '../../ui/badge';
import { ErrorNotice } from '../../ui/error-notice';
import { Dialog } from '../../ui/dialog';
import { AlertIcon, BackIcon } from '../../ui/icons';
import { useToast } from '../../ui/toast';
import { ComputationTable } from './computation-table';
import { coachingPath, goTo, tabPath } from './paths';
import { CommentEvidence } from '../library/comment-evidence';
import { NoRecordingNotice, RecordingPlayer, usePlayer, type Player } from './recording-player';
import { sessionLabel } from './session-label';
import { useQueuedIsSaved } from '../sync/use-queued';
import { useAutosave } from './use-autosave';
import { useFocusHeadingIfLost } from './use-focus-heading';
import { OfflineNote, WaitingBadge } from '../sync/offline-note';
import { isConnected, useSyncStatus, useWaiting } from '../sync/use-sync';

interface FormState {
  scores: Record<string, CriterionScore>;
  sections: Record<string, string>;
}

function initialState(card: Scorecard): FormState {
  return {
    scores: Object.fromEntries(card.scores.map((s) => [s.criterionId, s])),
    sections: { ...card.sections },
  };
}

function toInput(id: string, state: FormState) {
  return { id, scores: Object.values(state.scores), sections: state.sections };
}

/** Typing a digit into a text field is text, not a score. */
function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLTextAreaElement || target.isContentEditable) return true;
  return target instanceof HTMLInputElement && !['radio', 'checkbox', 'button'].includes(target.type);
}

export function ScorecardPage({ id }: { id: string }) {
  const { t, shipped } = useI18n();
  // A take recorded while the form is open becomes the card's recording, so the card follows recordings too.
  const card = useApiQuery(`scorecard:${id}`, (a) => a.invoke('scorecards:get', { id }), ['recordings:changed']);
  const shown = useMemo(
    () => (card.data ? { ...card.data, templateName: shipped(card.data.templateName), template: localizeTemplate(card.data.template, shipped) } : null),
    [card.data, shipped],
  );
  if (card.error && !card.data) {
    return (
      <div className="page">
        <BackToCoaching />
        <PageTitle className="visually-hidden">{t('coaching.form.title')}</PageTitle>
        <ErrorNotice error={card.error} onRetry={card.reload} />
      </div>
    );
  }
  if (!card.data || card.data.id !== id) {
    return (
      <div className="page">
        <p className="progress-line" role="status">
          <span className="spinner" aria-hidden="true" />
          {t('common.loading')}
        </p>
      </div>
    );
  }
  // A new status or revision starts the form again from what the core holds.
  return <ScorecardForm key={`${card.data.status}:${card.data.revision}`} card={shown ?? card.data} onChanged={card.reload} />;
}

function BackToCoaching() {
  const { t } = useI18n();
  return (
    <a className="back-link" href={hrefFor(coachingPath())}>
      <BackIcon size={16} /> {t('area.coaching')}
    </a>
  );
}

function ScorecardForm({ card, onChanged }: { card: Scorecard; onChanged(): void }) {
  const { t, formatDateTime, formatSessionTime, focusName, shipped } = useI18n();
  const api = useApi();
  const toast = useToast();
  const player = usePlayer();
  // Only a desktop joined to a hub has an outbox; a hub refuses the question (and logs the refusal). Not known yet: ask.
  const syncStatus = useSyncStatus();
  const connected = syncStatus === null || isConnected(syncStatus);
  useFocusHeadingIfLost();
  const [state, setState] = useState<FormState>(() => initialState(card));
  const [focused, setFocused] = useState<string | null>(card.template.criteria[0]?.id ?? null);
  const [problems, setProblems] = useState<Map<string, string>>(new Map());
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [confirmingDiscard, setConfirmingDiscard] = useState(false);
  const editable = card.status !== 'submitted';
  const queued = useQueuedIsSaved();
  const autosave = useAutosave((value: FormState) => queued(api.invoke('scorecards:save-draft', toInput(card.id, value))));

  const computation = useMemo(() => computeOverall(card.template.criteria, Object.values(state.scores)), [card.template.criteria, state.scores]);

  function update(next: FormState) {
    setState(next);
    autosave.schedule(next);
  }

  function clearProblem(key: string) {
    setProblems((p) => {
      if (!p.has(key)) return p;
      const copy = new Map(p);
      copy.delete(key);
      return copy;
    });
  }

  function setScore(criterionId: string, patch: Partial<CriterionScore>) {
    if (patch.score != null) clearProblem(criterionId);
    update({ ...state, scores: { ...state.scores, [criterionId]: { ...state.scores[criterionId]!, ...patch } } });
  }

  function setSection(key: string, text: string) {
    if (text.trim()) clearProblem(`section:${key}`);
    update({ ...state, sections: { ...state.sections, [key]: text } });
  }

  async function submit() {
    setBusy(true);
    setSubmitError(null);
    try {
      autosave.schedule(state);
      await autosave.flush();
      const submitted = await queued(api.invoke('scorecards:submit', { ...toInput(card.id, state), reason }));
      // Kept in the outbox while the hub is away: said by the calm notice, not as submitted yet.
      if (!submitted) return;
      // Offline the card waits on this computer: nobody sees it yet, so the toast must not say they do.
      const waitingHere = connected && (await api.invoke('sync:outbox', {}).catch(() => [])).some((item) => item.subjectId === card.id);
      if (waitingHere) toast.show({ tone: 'info', message: t('coaching.form.submittedWaitingToast', { name: card.reviewee.name }) });
      else if (card.revision) toast.show({ tone: 'success', message: t('coaching.form.revisedToast') });
      else if (card.role === 'self') {
        // The reviewer is the reviewee: say where their own scorecard now sits, next to the others'.
        toast.show({ tone: 'success', message: t('coaching.form.submittedSelfToast'), action: { label: t('coaching.form.openAboutMe'), onAction: () => goTo(tabPath('about')) } });
      } else toast.show({ tone: 'success', message: t('coaching.form.submittedToast', { name: card.reviewee.name }) });
      onChanged();
    } catch (error) {
      setSubmitError(error);
      if (error instanceof ApiError) setProblems(problemsFrom(error, card));
    } finally {
      setBusy(false);
    }
  }

  async function revise() {
    setBusy(true);
    try {
      await api.invoke('scorecards:revise', { id: card.id });
      onChanged();
    } catch (error) {
      setSubmitError(error);
    } finally {
      setBusy(false);
    }
  }

  async function discard() {
    setConfirmingDiscard(false);
    setBusy(true);
    try {
      await autosave.flush();
      const result = await api.invoke('scorecards:discard', { id: card.id });
      if (result.deleted) {
        toast.show({ message: t('coaching.form.discardedToast') });
        goTo(coachingPath());
      } else onChanged();
    } catch (error) {
      setSubmitError(error);
    } finally {
      setBusy(false);
    }
  }

  const focusedCriterion = card.template.criteria.find((c) => c.id === focused) ?? null;
  // A marker dropped with a criterion's tag while recording belongs to that criterion, whichever one has focus now.
  // Tags are stored as written (a shipped criterion in English); the form may show it in Finnish.
  const criterionOf = (tag: string | null) => (tag ? (card.template.criteria.find((c) => sameName(c.name, tag) || sameName(c.name, shipped(tag))) ?? null) : null);

  function addMarkerAsEvidence(m: Marker) {
    const own = criterionOf(m.tag);
    const criterion = own ?? focusedCriterion;
    if (!criterion) return;
    // Added to its own criterion, the tag would only repeat the criterion's name.
    const tag = m.tag ? shipped(m.tag) : null;
    const note = (own ? m.note : [tag, m.note].filter(Boolean).join(': ')) || (tag ?? '');
    const current = state.scores[criterion.id]!;
    setScore(criterion.id, { evidence: [...current.evidence, { atMs: m.offsetMs, note }].sort((a, b) => a.atMs - b.atMs) });
  }
  const waiting = useWaiting();
  const missing = [...problems.entries()].map(([key, name]) => ({ key, name, kind: key.startsWith('section:') ? ('write' as const) : ('score' as const) }));
  const when = card.sessionStartsAt ? formatSessionTime(card.sessionStartsAt, card.sessionTimeZone) : null;

  return (
    <div className="page coaching-wide">
      <BackToCoaching />
      <header className="page-header">
        <div>
          <p className="eyebrow">{t(`coaching.role.${card.role}.long`)}</p>
          <PageTitle>{t('coaching.form.heading', { name: card.reviewee.name, focus: focusName(card.focusAreaName) })}</PageTitle>
          <p className="page-subtitle">
            {[sessionLabel(card.sessionTitle, when), t('coaching.form.by', { name: card.reviewer.name }), t('coaching.template.versioned', { name: card.templateName, version: card.templateVersion })]
              .filter(Boolean)
              .join(' · ')}
          </p>
        </div>
        <div className="coaching-status">
          <StatusBadge status={card.status} revision={card.revision} />
          <WaitingBadge id={card.id} waiting={waiting} />
          {editable ? <SaveIndicator state={autosave.state} /> : null}
        </div>
      </header>
      <OfflineNote />

      {card.status === 'submitted' ? (
        <div className="notice notice--muted coaching-banner" role="status">
          <p>{t('coaching.form.locked', { at: formatDateTime(card.submittedAt ?? card.updatedAt) })}</p>
          <button type="button" className="button button--secondary button--small" onClick={() => void revise()} disabled={busy}>
            {t('coaching.form.revise')}
          </button>
        </div>
      ) : null}
      {card.status === 'revising' ? (
        <div className="notice notice--muted coaching-banner" role="status">
          <p>{t('coaching.form.revising', { revision: card.revision })}</p>
        </div>
      ) : null}

      <div className="coaching-form">
        <div className="coaching-form__main">
          <p className="muted coaching-form__help">{editable ? t('coaching.form.keyboardHint') : null}</p>
          {card.template.criteria.map((criterion, index) => (
            <CriterionCard
              key={criterion.id}
              index={index}
              criterion={criterion}
              value={state.scores[criterion.id]!}
              editable={editable}
              problem={problems.get(criterion.id)}
              player={card.recordingId ? player : null}
              onFocus={() => setFocused(criterion.id)}
              onChange={(patch) => setScore(criterion.id, patch)}
            />
          ))}

          {card.template.sections.map((section) => (
            <div key={section.key} className={`card coaching-section${problems.has(`section:${section.key}`) ? ' is-invalid' : ''}${editable ? '' : ' is-readonly'}`}>
              <label className="coaching-section__title" htmlFor={`section-${section.key}`}>
                {section.title}
                {section.required ? <span className="field__required" aria-hidden="true"> *</span> : null}
              </label>
              {section.prompt ? <p className="muted" id={`section-${section.key}-hint`}>{section.prompt}</p> : null}
              {!editable && !(state.sections[section.key] ?? '').trim() ? (
                <p className="muted">{t('coaching.section.empty')}</p>
              ) : (
                <textarea
                  id={`section-${section.key}`}
                  className="input coaching-textarea"
                  rows={3}
                  value={state.sections[section.key] ?? ''}
                  readOnly={!editable}
                  aria-required={section.required || undefined}
                  aria-invalid={problems.has(`section:${section.key}`) || undefined}
                  aria-describedby={section.prompt ? `section-${section.key}-hint` : undefined}
                  onChange={(e) => setSection(section.key, e.target.value)}
                />
              )}
              {problems.has(`section:${section.key}`) ? <p className="field__error">{t('coaching.section.missing')}</p> : null}
            </div>
          ))}

          {editable ? (
            <div className="card coaching-submit">
              {card.status === 'revising' ? (
                <div className="field">
                  <label className="field__label" htmlFor="revision-reason">
                    {t('coaching.form.reason')}
                  </label>
                  <input id="revision-reason" className="input" value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} />
                  <p className="field__hint">{t('coaching.form.reasonHint')}</p>
                </div>
              ) : null}
              {submitError ? (
                missing.length ? (
                  <div className="notice notice--error" role="alert">
                    <AlertIcon className="notice__icon" />
                    <div className="notice__content">
                      <p className="notice__title">{t('coaching.form.incompleteTitle')}</p>
                      <p>{t('coaching.form.incomplete')}</p>
                      <ul className="coaching-incomplete">
                        {missing.map((m) => (
                          <li key={m.key}>
                            <button type="button" onClick={() => focusField(m.key)}>
                              {m.kind === 'score' ? t('coaching.form.todoScore', { name: m.name }) : t('coaching.form.todoWrite', { name: m.name })}
                            </button>
                          </li>
                        ))}
                      </ul>
                    </div>
                  </div>
                ) : (
                  <ErrorNotice error={submitError} />
                )
              ) : null}
              <div className="coaching-submit__actions">
                <button type="button" className="button button--primary" onClick={() => void submit()} disabled={busy}>
                  {card.status === 'revising' ? t('coaching.form.submitRevision') : t('coaching.form.submit')}
                </button>
                <button type="button" className="button button--danger" onClick={() => setConfirmingDiscard(true)} disabled={busy}>
                  {card.status === 'revising' ? t('coaching.form.discardRevision') : t('coaching.form.discardDraft')}
                </button>
              </div>
              <p className="muted">{card.status === 'revising' ? t('coaching.form.revisionNote') : card.role === 'self' ? t('coaching.form.submitNoteSelf') : t('coaching.form.submitNote', { name: card.reviewee.name })}</p>
            </div>
          ) : null}

          {card.revisions.length > 0 ? <RevisionHistory card={card} /> : null}
          {confirmingDiscard ? (
            <Dialog
              title={card.status === 'revising' ? t('coaching.form.discardRevisionTitle') : t('coaching.form.discardDraftTitle')}
              onClose={() => setConfirmingDiscard(false)}
              footer={
                <>
                  <button type="button" className="button button--secondary" onClick={() => setConfirmingDiscard(false)} data-autofocus>
                    {t('common.cancel')}
                  </button>
                  <button type="button" className="button button--danger" onClick={() => void discard()}>
                    {card.status === 'revising' ? t('coaching.form.discardRevision') : t('coaching.form.discardDraft')}
                  </button>
                </>
              }
            >
              <p>
                {card.status === 'revising'
                  ? t('coaching.form.discardRevisionBody', { revision: card.revision })
                  : t('coaching.form.discardDraftBody')}
              </p>
            </Dialog>
          ) : null}
        </div>

        <aside className="coaching-form__aside">
          {card.recordingId ? (
            <section className="card" aria-labelledby="recording-title">
              <h2 id="recording-title" className="card__title">
                {t('coaching.recording.title')}
              </h2>
              <RecordingPlayer recordingId={card.recordingId} player={player}>
                {(markers) =>
                  markers.length ? (
                    <ol className="coaching-markers" aria-label={t('coaching.recording.markers')}>
                      {markers.map((m) => (
                        <li key={m.id}>
                          <button type="button" className="button button--ghost button--small" onClick={() => player.seek(m.offsetMs)}>
                            {formatMoment(m.offsetMs)}
                          </button>
                          <span className="coaching-markers__note">{[m.tag && shipped(m.tag), m.note].filter(Boolean).join(': ') || t('coaching.recording.marker')}</span>
                          {editable && (criterionOf(m.tag) ?? focusedCriterion) ? (
                            <button type="button" className="button button--ghost button--small" onClick={() => addMarkerAsEvidence(m)}>
                              {t('coaching.recording.useAsEvidence', { criterion: (criterionOf(m.tag) ?? focusedCriterion)!.name })}
                            </button>
                          ) : null}
                        </li>
                      ))}
                    </ol>
                  ) : null
                }
              </RecordingPlayer>
              <CommentEvidence
                recordingId={card.recordingId}
                onSeek={(ms) => player.seek(ms)}
                criterionName={editable && focusedCriterion ? focusedCriterion.name : null}
                onUse={(c) => {
                  if (!focusedCriterion) return;
                  const current = state.scores[focusedCriterion.id]!;
                  setScore(focusedCriterion.id, { evidence: [...current.evidence, { atMs: c.atMs, note: c.body.slice(0, 500) }].sort((a, b) => a.atMs - b.atMs) });
                }}
              />
            </section>
          ) : (
            <NoRecordingNotice sessionId={card.sessionId} />
          )}
          <section className="card" aria-labelledby="overall-title">
            <h2 id="overall-title" className="card__title">
              {t('coaching.overall.title')}
            </h2>
            <ComputationTable computation={computation} />
          </section>
        </aside>
      </div>
    </div>
  );
}

function sameName(a: string, b: string): boolean {
  return a.trim().localeCompare(b.trim(), undefined, { sensitivity: 'accent' }) === 0;
}

/** Takes the reviewer to a field the submit found missing: the criterion's first level, or the section's text. */
function focusField(key: string): void {
  const field = key.startsWith('section:')
    ? document.getElementById(`section-${key.slice('section:'.length)}`)
    : document.querySelector<HTMLInputElement>(`input[type=radio][name="criterion-${CSS.escape(key)}"]`);
  field?.focus();
}

function problemsFrom(error: ApiError, card: Scorecard): Map<string, string> {
  const problems = new Map<string, string>();
  for (const issue of error.issues) {
    const score = /^scores\.(\d+)\.score$/.exec(issue.path);
    if (score) {
      const criterion = card.template.criteria[Number(score[1])];
      if (criterion) problems.set(criterion.id, criterion.name);
    }
    const section = /^sections\.(.+)$/.exec(issue.path);
    if (section) {
      const found = card.template.sections.find((s) => s.key === section[1]);
      if (found) problems.set(`section:${found.key}`, found.title);
    }
  }
  return problems;
}

function StatusBadge({ status, revision }: { status: Scorecard['status']; revision: number }) {
  const { t } = useI18n();
  if (status === 'draft') return <Badge tone="neutral">{t('coaching.status.draft')}</Badge>;
  if (status === 'revising') return <Badge tone="warning">{t('coaching.status.revising')}</Badge>;
  return <Badge tone="success">{revision > 1 ? t('coaching.status.submittedRevision', { revision }) : t('coaching.status.submitted')}</Badge>;
}

function SaveIndicator({ state }: { state: ReturnType<typeof useAutosave>['state'] }) {
  const { t, language, locale } = useI18n();
  let text: string;
  switch (state.kind) {
    case 'idle':
      text = t('coaching.save.idle');
      break;
    case 'pending':
      text = t('coaching.save.pending');
      break;
    case 'saving':
      text = t('common.saving');
      break;
    case 'saved':
      text = t('coaching.save.saved', { time: new Intl.DateTimeFormat(locale, { timeStyle: 'short' }).format(state.at) });
      break;
    case 'error':
      text = t('coaching.save.error', { message: describeError(state.error, t, language).message });
      break;
  }
  return (
    <p className={`coaching-save${state.kind === 'error' ? ' coaching-save--error' : ''}`} role="status" data-save-state={state.kind}>
      {text}
    </p>
  );
}

function CriterionCard({
  index,
  criterion,
  value,
  editable,
  problem,
  player,
  onFocus,
  onChange,
}: {
  index: number;
  criterion: Criterion;
  value: CriterionScore;
  editable: boolean;
  problem: string | undefined;
  player: Player | null;
  onFocus(): void;
  onChange(patch: Partial<CriterionScore>): void;
}) {
  const { t, locale } = useI18n();
  const group = `criterion-${criterion.id}`;
  const radios = useRef<(HTMLInputElement | null)[]>([]);

  function onKeyDown(event: KeyboardEvent<HTMLFieldSetElement>) {
    if (!editable || isTextEntry(event.target) || event.altKey || event.ctrlKey || event.metaKey) return;
    const level = Number(event.key);
    if (Number.isInteger(level) && level >= 1 && level <= 5) {
      event.preventDefault();
      onChange({ score: level });
      radios.current[level - 1]?.focus();
    } else if ((event.key === 'Delete' || event.key === 'Backspace') && !criterion.required) {
      event.preventDefault();
      onChange({ score: null });
    }
  }

  return (
    <fieldset
      className={`card coaching-criterion${problem ? ' is-invalid' : ''}${editable ? '' : ' is-readonly'}`}
      onFocus={onFocus}
      onKeyDown={onKeyDown}
      aria-describedby={criterion.description ? `${group}-description` : undefined}
      data-criterion={criterion.key}
    >
      <legend className="coaching-criterion__legend">
        <span className="coaching-criterion__number" aria-hidden="true">
          {index + 1}
        </span>
        <span className="coaching-criterion__name">{criterion.name}</span>
        <span className="coaching-criterion__meta">
          {t('coaching.criterion.weight', { weight: formatWeight(criterion.weight, locale) })}
          {criterion.required ? ` · ${t('coaching.criterion.required')}` : ` · ${t('coaching.criterion.optional')}`}
        </span>
      </legend>
      {criterion.description ? (
        <p id={`${group}-description`} className="muted">
          {criterion.description}
        </p>
      ) : null}
      <div className="coaching-scale" role="radiogroup" aria-label={t('coaching.criterion.scale', { name: criterion.name })} aria-required={criterion.required || undefined}>
        {criterion.anchors.map((anchor, level) => {
          const score = level + 1;
          const checked = value.score === score;
          return (
            <label key={score} className={`coaching-level${checked ? ' is-checked' : ''}`}>
              <input
                ref={(node) => {
                  radios.current[level] = node;
                }}
                type="radio"
                className="visually-hidden"
                name={group}
                value={score}
                checked={checked}
                disabled={!editable && !checked}
                onChange={() => editable && onChange({ score })}
              />
              <span className="coaching-level__score">{score}</span>
              <span className="coaching-level__anchor">{anchor}</span>
            </label>
          );
        })}
      </div>
      {problem ? <p className="field__error">{t('coaching.criterion.missing')}</p> : null}
      {editable && value.score !== null && !criterion.required ? (
        <button type="button" className="button button--ghost button--small" onClick={() => onChange({ score: null })}>
          {t('coaching.criterion.clear')}
        </button>
      ) : null}
      {editable || value.comment ? (
        <div className="field">
          <label className="field__label" htmlFor={`${group}-comment`}>
            {t('coaching.criterion.comment')}
          </label>
          <textarea
            id={`${group}-comment`}
            className="input coaching-textarea"
            rows={2}
            value={value.comment}
            readOnly={!editable}
            onChange={(e) => onChange({ comment: e.target.value })}
          />
        </div>
      ) : null}
      <Evidence value={value} editable={editable} player={player} onChange={(evidence) => onChange({ evidence })} />
    </fieldset>
  );
}

function formatWeight(weight: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(weight);
}

function Evidence({
  value,
  editable,
  player,
  onChange,
}: {
  value: CriterionScore;
  editable: boolean;
  player: Player | null;
  onChange(evidence: CriterionScore['evidence']): void;
}) {
  const { t } = useI18n();
  const [adding, setAdding] = useState(false);
  const [time, setTime] = useState('');
  const [note, setNote] = useState('');
  const [invalid, setInvalid] = useState(false);
  const timeInput = useRef<HTMLInputElement>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  // Closing the little form unmounts the focused field; focus goes back to "Add a moment" instead of the page.
  const refocus = useRef(false);

  useEffect(() => {
    if (adding) timeInput.current?.focus();
    else if (refocus.current) {
      refocus.current = false;
      addButton.current?.focus();
    }
  }, [adding]);

  function close() {
    refocus.current = true;
    setAdding(false);
  }

  function start() {
    const now = player?.currentMs();
    setTime(now != null ? formatMoment(now) : '');
    setNote('');
    setInvalid(false);
    setAdding(true);
  }

  function add() {
    const atMs = parseMoment(time);
    if (atMs === null) {
      setInvalid(true);
      timeInput.current?.focus();
      return;
    }
    onChange([...value.evidence, { atMs, note: note.trim() }].sort((a, b) => a.atMs - b.atMs));
    close();
  }

  return (
    <div className="coaching-evidence">
      {value.evidence.length ? (
        <ul className="coaching-evidence__list" aria-label={t('coaching.evidence.list')}>
          {value.evidence.map((e, i) => (
            <li key={`${e.atMs}-${i}`}>
              <MomentLink atMs={e.atMs} player={player} />
              <span>{e.note}</span>
              {editable ? (
                <button
                  type="button"
                  className="button button--ghost button--small"
                  aria-label={t('coaching.evidence.remove', { at: formatMoment(e.atMs) })}
                  onClick={() => onChange(value.evidence.filter((_, j) => j !== i))}
                >
                  ×
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {editable && !adding ? (
        <button ref={addButton} type="button" className="button button--ghost button--small" onClick={start}>
          {t('coaching.evidence.add')}
        </button>
      ) : null}
      {adding ? (
        <div
          className="coaching-evidence__form"
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            } else if (e.key === 'Escape') {
              e.stopPropagation();
              close();
            }
          }}
        >
          <label className="filter-select">
            <span className="filter-select__label">{t('coaching.evidence.time')}</span>
            <input
              ref={timeInput}
              className="input input--compact coaching-evidence__time"
              value={time}
              placeholder="1:23"
              inputMode="numeric"
              aria-invalid={invalid || undefined}
              onChange={(e) => {
                setTime(e.target.value);
                setInvalid(false);
              }}
            />
          </label>
          <label className="filter-select coaching-evidence__note">
            <span className="filter-select__label">{t('coaching.evidence.note')}</span>
            <input className="input input--compact" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
          </label>
          <button type="button" className="button button--secondary button--small" onClick={add}>
            {t('coaching.evidence.save')}
          </button>
          <button type="button" className="button button--ghost button--small" onClick={close}>
            {t('common.cancel')}
          </button>
          {invalid ? <p className="field__error">{t('coaching.evidence.badTime')}</p> : null}
        </div>
      ) : null}
    </div>
  );
}

/** A moment in the recording: seeks the player when there is one, else just says when. */
export function MomentLink({ atMs, player }: { atMs: number; player: Player | null }) {
  const { t } = useI18n();
  if (!player) return <span className="coaching-moment">{formatMoment(atMs)}</span>;
  return (
    <button type="button" className="button button--ghost button--small coaching-moment" onClick={() => player.seek(atMs)} aria-label={t('coaching.evidence.seek', { at: formatMoment(atMs) })}>
      {formatMoment(atMs)}
    </button>
  );
}

function RevisionHistory({ card }: { card: Scorecard }) {
  const { t, formatDateTime } = useI18n();
  return (
    <section className="card" aria-labelledby="history-title">
      <h2 id="history-title" className="card__title">
        {t('coaching.history.title')}
      </h2>
      <ol className="coaching-history">
        {[...card.revisions].reverse().map((r) => {
          const changed = r.revision > 1 ? changedCriteria(card, r.revision) : [];
          return (
            <li key={r.revision}>
              <p>
                <strong>{t('coaching.history.revision', { revision: r.revision })}</strong> · {formatDateTime(r.submittedAt)} ·{' '}
                {r.overall === null ? '—' : t('coaching.overall.value', { value: Math.round(r.overall) })}
              </p>
              {r.reason ? <p className="muted">{t('coaching.history.reason', { reason: r.reason })}</p> : null}
              {changed.length ? <p className="muted">{t('coaching.history.changed', { list: changed.join(', ') })}</p> : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function changedCriteria(card: Scorecard, revision: number): string[] {
  const before = card.revisions.find((r) => r.revision === revision - 1);
  const after = card.revisions.find((r) => r.revision === revision);
  if (!before || !after) return [];
  return card.template.criteria
    .filter((c) => {
      const a = before.scores.find((s) => s.criterionId === c.id);
      const b = after.scores.find((s) => s.criterionId === c.id);
      return a?.score !== b?.score;
    })
    .map((c) => {
      const a = before.scores.find((s) => s.criterionId === c.id)?.score;
      const b = after.scores.find((s) => s.criterionId === c.id)?.score;
      return `${c.name} ${a ?? '—'} → ${b ?? '—'}`;
    });
}
