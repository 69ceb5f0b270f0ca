import { useState } from 'react';
import type { Session } from '../../../../shared/sessions';
import { useApi } from '../../api/api-context';
import { useApiQuery } from '../../api/use-api-query';
import { useI18n } from '../../i18n/i18n';
import { ErrorNotice } from '../../ui/error-notice';
import { Field } from '../../ui/field';
import { useToast } from '../../ui/toast';

/** An imported call's session has nobody in it yet: say afterwards who played the seller and the buyer. */
export function SetParticipants({ session, onSaved }: { session: Session; onSaved(): void }) {
  const { t } = useI18n();
  const api = useApi();
  const toast = useToast();
  const reps = useApiQuery('reps:active', (a) => a.invoke('people:list', {}), ['people:changed']);
  const [sellerId, setSellerId] = useState('');
  const [buyerId, setBuyerId] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await api.invoke('sessions:update', {
        id: session.id,
        patch: { participants: [{ repId: sellerId, role: 'seller' }, ...(buyerId ? [{ repId: buyerId, role: 'buyer' as const }] : [])] },
      });
      toast.show({ tone: 'success', message: t('library.participants.saved') });
      onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };

  const options = (other: string) =>
    (reps.data ?? []).map((r) => (
      <option key={r.id} value={r.id} disabled={r.id === other}>
        {r.name}
      </option>
    ));

  return (
    <section className="card" aria-labelledby="participants-title">
      <h2 id="participants-title" className="card__title">{t('library.participants.title')}</h2>
      <p className="muted">{t('library.participants.body')}</p>
      <form
        className="form-grid participants-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Field label={t('record.setup.seller')} required>
          {(p) => (
            <select {...p} className="input" value={sellerId} onChange={(e) => setSellerId(e.target.value)} required>
              <option value="">{t('record.setup.choose')}</option>
              {options(buyerId)}
            </select>
          )}
        </Field>
        <Field label={t('record.setup.buyer')}>
          {(p) => (
            <select {...p} className="input" value={buyerId} onChange={(e) => setBuyerId(e.target.value)}>
              <option value="">{t('record.setup.noBuyer')}</option>
              {options(sellerId)}
            </select>
          )}
        </Field>
        <div className="participants-form__actions">
          <button type="submit" className="button button--primary" disabled={!sellerId || saving}>
            {saving ? t('common.saving') : t('library.participants.save')}
          </button>
        </div>
      </form>
      {error ? <ErrorNotice error={error} /> : null}
    </section>
  );
}
