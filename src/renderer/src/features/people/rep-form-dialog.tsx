import { localToday } from '../programs/format';
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Profile, RepDetail } from '../../../../shared/people';
import { useApi } from '../../api/api-context';
import { describeError, fieldIssues } from '../../api/errors';
import { useI18n } from '../../i18n/i18n';
import { Dialog } from '../../ui/dialog';
import { Field } from '../../ui/field';
import { useApiQuery } from '../../api/use-api-query';
import { PersonPicker } from './person-picker';

type LearningPreference = NonNullable<Profile['learningPreference']>;

// A local copy keeps zod out of the renderer bundle; the check below fails to compile if the lists drift apart.
const learningPreferences = ['doing', 'watching', 'reading', 'discussing', 'coaching'] as const satisfies readonly LearningPreference[];
type Missing = Exclude<LearningPreference, (typeof learningPreferences)[number]>;
const everyPreferenceListed: Missing extends never ? true : never = true;
void everyPreferenceListed;

interface FormValues {
  name: string;
  email: string;
  role: string;
  team: string;
  managerId: string;
  coachedById: string;
  hireDate: string;
  coach: boolean;
  careerGoals: string;
  motivators: string;
  learningPreference: LearningPreference | '';
  assessmentType: string;
  assessmentResult: string;
  notes: string;
}

type FieldName = keyof FormValues;

function valuesOf(rep: RepDetail | null): FormValues {
  return {
    name: rep?.name ?? '',
    email: rep?.email ?? '',
    role: rep?.role ?? '',
    team: rep?.team ?? '',
    managerId: rep?.managerId ?? '',
    coachedById: rep?.coachedById ?? '',
    hireDate: rep?.hireDate ?? '',
    coach: rep?.coach ?? false,
    careerGoals: rep?.profile.careerGoals ?? '',
    motivators: rep?.profile.motivators ?? '',
    learningPreference: rep?.profile.learningPreference ?? '',
    assessmentType: rep?.profile.assessmentType ?? '',
    assessmentResult: rep?.profile.assessmentResult ?? '',
    notes: rep?.profile.notes ?? '',
  };
}

/** Issue paths from the core (`profile.careerGoals`, `patch.email`) to the form's fields. */
const fieldForPath: Record<string, FieldName> = {
  name: 'name',
  email: 'email',
  role: 'role',
  team: 'team',
  managerId: 'managerId',
  coachedById: 'coachedById',
  hireDate: 'hireDate',
  coach: 'coach',
  'profile.careerGoals': 'careerGoals',
  'profile.motivators': 'motivators',
  'profile.learningPreference': 'learningPreference',
  'profile.assessmentType': 'assessmentType',
  'profile.assessmentResult': 'assessmentResult',
  'profile.notes': 'notes',
};

const looksLikeEmail = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface RepFormDialogProps {
  /** The rep to edit, or null to add a new one. */
  rep: RepDetail | null;
  onClose(): void;
  onSaved(rep: RepDetail, created: boolean): void;
}

export function RepFormDialog({ rep, onClose, onSaved }: RepFormDialogProps) {
  const api = useApi();
  const { t, language, formatDate } = useI18n();
  const formId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<FormValues>(() => valuesOf(rep));
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [generalError, setGeneralError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [attempt, setAttempt] = useState(0);
  // A hire date after today is usually a typo (2062 for 2026); it is kept only once confirmed.
  const [futureHire, setFutureHire] = useState<'asked' | 'confirmed' | null>(null);

  // After a failed attempt, the first field with an error takes focus so it is read out and fixable.
  useEffect(() => {
    if (attempt === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempt]);

  const set = <K extends keyof FormValues>(key: K, value: FormValues[K]) => {
    setValues((current) => ({ ...current, [key]: value }));
  };

  // Existing roles and teams are offered as suggestions, so "AE" and "Account executive" do not both creep in;
  // the core's roster page lists them without the roster itself. A manager and a coach are found by searching.
  const choices = useApiQuery('rep-form:choices', (a) => a.invoke('people:page', { filter: { includeArchived: true }, limit: 1 }), ['people:changed']);
  const roleSuggestions = choices.data?.roles ?? [];
  const teamSuggestions = choices.data?.teams ?? [];
  const notThisRep = (p: { id: string }) => p.id === rep?.id;

  function validate(): Partial<Record<FieldName, string>> {
    const found: Partial<Record<FieldName, string>> = {};
    if (!values.name.trim()) found.name = t('repForm.error.nameRequired');
    if (!values.email.trim()) found.email = t('repForm.error.emailRequired');
    else if (!looksLikeEmail.test(values.email.trim())) found.email = t('repForm.error.emailInvalid');
    return found;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (saving) return;
    const found = validate();
    setErrors(found);
    setGeneralError(null);
    if (Object.keys(found).length) {
      setAttempt((n) => n + 1);
      return;
    }
    if (values.hireDate && values.hireDate > localToday() && values.hireDate !== rep?.hireDate && futureHire !== 'confirmed') {
      setFutureHire('asked');
      return;
    }
    const fields = {
      name: values.name.trim(),
      email: values.email.trim(),
      role: values.role.trim(),
      team: values.team.trim(),
      managerId: values.managerId || null,
      coachedById: values.coachedById || null,
      hireDate: values.hireDate || null,
      coach: values.coach,
      profile: {
        careerGoals: values.careerGoals,
        motivators: values.motivators,
        learningPreference: values.learningPreference || null,
        assessmentType: values.assessmentType.trim(),
        assessmentResult: values.assessmentResult.trim(),
        notes: values.notes,
      },
    };
    setSaving(true);
    try {
      const saved = rep ? await api.invoke('people:update', { id: rep.id, patch: fields }) : await api.invoke('people:create', fields);
      onSaved(saved, rep === null);
    } catch (error) {
      const byPath = fieldIssues(error, language, ['patch.']);
      const mapped: Partial<Record<FieldName, string>> = {};
      let unmapped = byPath.size === 0;
      for (const [path, message] of byPath) {
        const field = fieldForPath[path];
        if (field) mapped[field] ??= message;
        else unmapped = true;
      }
      setErrors(mapped);
      setGeneralError(unmapped ? error : null);
      setSaving(false);
      setAttempt((n) => n + 1);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    // Enter adds a line in a text area; Ctrl/Cmd+Enter saves from anywhere in the form.
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      formRef.current?.requestSubmit();
    }
  }

  const general = generalError ? describeError(generalError, t, language) : null;
  const fieldCount = Object.keys(errors).length;

  return (
    <Dialog
      variant="panel"
      title={rep ? t('repForm.editTitle', { name: rep.name }) : t('repForm.addTitle')}
      onClose={onClose}
      busy={saving}
      footer={
        <>
          <button type="button" className="button button--secondary" onClick={onClose} disabled={saving}>
            {t('common.cancel')}
          </button>
          <button type="submit" form={formId} className="button button--primary" aria-disabled={saving || undefined}>
            {saving ? t('common.saving') : t('common.save')}
          </button>
        </>
      }
    >
      <form id={formId} ref={formRef} className="form" noValidate onSubmit={(e) => void submit(e)} onKeyDown={onKeyDown}>
        {general ? (
          <div className="notice notice--error" role="alert">
            <div className="notice__content">
              <p className="notice__title">{general.title}</p>
              <p>{general.message}</p>
            </div>
          </div>
        ) : fieldCount > 0 ? (
          <p className="form__summary" role="alert">
            {t('repForm.error.summary', { count: fieldCount })}
          </p>
        ) : null}

        <fieldset className="form__section">
          <legend className="form__legend">{t('repForm.section.basics')}</legend>
          <Field label={t('rep.name')} required error={errors.name}>
            {(control) => (
              <input
                {...control}
                className="input"
                type="text"
                autoComplete="off"
                value={values.name}
                onChange={(e) => set('name', e.target.value)}
                data-autofocus
              />
            )}
          </Field>
          <Field label={t('rep.email')} required error={errors.email}>
            {(control) => (
              <input
                {...control}
                className="input"
                type="email"
                autoComplete="off"
                spellCheck={false}
                value={values.email}
                onChange={(e) => set('email', e.target.value)}
              />
            )}
          </Field>
          <div className="form__row">
            <Field label={t('rep.role')} error={errors.role} hint={t('repForm.hint.role')}>
              {(control) => (
                <>
                  <input
                    {...control}
                    className="input"
                    type="text"
                    list={`${formId}-roles`}
                    autoComplete="off"
                    value={values.role}
                    onChange={(e) => set('role', e.target.value)}
                  />
                  <Suggestions id={`${formId}-roles`} values={roleSuggestions} />
                </>
              )}
            </Field>
            <Field label={t('rep.team')} error={errors.team}>
              {(control) => (
                <>
                  <input
                    {...control}
                    className="input"
                    type="text"
                    list={`${formId}-teams`}
                    autoComplete="off"
                    value={values.team}
                    onChange={(e) => set('team', e.target.value)}
                  />
                  <Suggestions id={`${formId}-teams`} values={teamSuggestions} />
                </>
              )}
            </Field>
          </div>
          <div className="form__row">
            <Field label={t('rep.manager')} error={errors.managerId}>
              {(control) => (
                <PersonPicker
                  id={control.id}
                  describedBy={control['aria-describedby']}
                  value={values.managerId}
                  chosen={rep?.managerId && rep.managerName ? { id: rep.managerId, name: rep.managerName } : null}
                  placeholder={t('repForm.noManager')}
                  searchLabel={t('repForm.findManager')}
                  isDisabled={notThisRep}
                  onChange={(p) => set('managerId', p?.id ?? '')}
                />
              )}
            </Field>
            <Field label={t('rep.hireDate')} error={errors.hireDate}>
              {(control) => (
                <input {...control} className="input" type="date" value={values.hireDate} onChange={(e) => (set('hireDate', e.target.value), setFutureHire(null))} />
              )}
            </Field>
            {futureHire === 'asked' ? (
              <div className="notice notice--warning" role="alert" data-testid="future-hire">
                <p>{t('repForm.futureHire', { date: formatDate(values.hireDate) })}</p>
                <button
                  type="button"
                  className="button button--secondary button--small"
                  onClick={() => {
                    setFutureHire('confirmed');
                    // Saved on the next render, once the confirmation is in the state submit reads.
                    setTimeout(() => formRef.current?.requestSubmit(), 0);
                  }}
                >
                  {t('repForm.futureHireConfirm')}
                </button>
              </div>
            ) : null}
          </div>
          <Field label={t('rep.coachedBy')} error={errors.coachedById} hint={t('repForm.hint.coachedBy')}>
            {(control) => (
              <PersonPicker
                id={control.id}
                describedBy={control['aria-describedby']}
                value={values.coachedById}
                chosen={rep?.coachedById && rep.coachedByName ? { id: rep.coachedById, name: rep.coachedByName } : null}
                placeholder={t('repForm.noCoach')}
                searchLabel={t('repForm.findCoach')}
                isDisabled={notThisRep}
                onChange={(p) => set('coachedById', p?.id ?? '')}
              />
            )}
          </Field>
          <Field label={t('rep.coach')} error={errors.coach} hint={t('repForm.hint.coach')} className="field--checkbox">
            {(control) => (
              <input {...control} className="checkbox" type="checkbox" checked={values.coach} onChange={(e) => set('coach', e.target.checked)} />
            )}
          </Field>
        </fieldset>

        <fieldset className="form__section">
          <legend className="form__legend">{t('profile.title')}</legend>
          <p className="form__intro">{t('repForm.profileIntro')}</p>
          <Field label={t('profile.careerGoals')} error={errors.careerGoals}>
            {(control) => (
              <textarea {...control} className="input" rows={3} value={values.careerGoals} onChange={(e) => set('careerGoals', e.target.value)} />
            )}
          </Field>
          <Field label={t('profile.motivators')} error={errors.motivators}>
            {(control) => (
              <textarea {...control} className="input" rows={3} value={values.motivators} onChange={(e) => set('motivators', e.target.value)} />
            )}
          </Field>
          <Field label={t('profile.learningPreference')} error={errors.learningPreference}>
            {(control) => (
              <select
                {...control}
                className="input"
                value={values.learningPreference}
                onChange={(e) => set('learningPreference', e.target.value as LearningPreference | '')}
              >
                <option value="">{t('learning.notSet')}</option>
                {learningPreferences.map((preference) => (
                  <option key={preference} value={preference}>
                    {t(`learning.${preference}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div className="form__row">
            <Field label={t('profile.assessmentType')} error={errors.assessmentType} hint={t('repForm.hint.assessmentType')}>
              {(control) => (
                <input
                  {...control}
                  className="input"
                  type="text"
                  value={values.assessmentType}
                  onChange={(e) => set('assessmentType', e.target.value)}
                />
              )}
            </Field>
            <Field label={t('profile.assessmentResult')} error={errors.assessmentResult} hint={t('repForm.hint.assessmentResult')}>
              {(control) => (
                <input
                  {...control}
                  className="input"
                  type="text"
                  value={values.assessmentResult}
                  onChange={(e) => set('assessmentResult', e.target.value)}
                />
              )}
            </Field>
          </div>
          <Field label={t('profile.notes')} error={errors.notes}>
            {(control) => <textarea {...control} className="input" rows={4} value={values.notes} onChange={(e) => set('notes', e.target.value)} />}
          </Field>
        </fieldset>
      </form>
    </Dialog>
  );
}

function Suggestions({ id, values }: { id: string; values: readonly string[] }) {
  return (
    <datalist id={id}>
      {values.map((value) => (
        <option key={value} value={value} />
      ))}
    </datalist>
  );
}
