import { useState } from 'react';
import type { Session } from '../../../../shared/sessions';
import { useApi } from '../../api/api-context';
import { useI18n } from '../../i18n/i18n';
import { ErrorNotice } from '../../ui/error-notice';
import { Field } from '../../ui/field';
import { useToast } from '../../ui/toast';
import { PersonPicker } from '../people/person-picker';

/** An imported call's session has nobody in it yet: say afterwards who played the seller and the buyer. */
export function SetParticipants({ session, onSaved }: { session: Session; onSaved(): void }) {
  const { t } = useI18n();
  const api = useApi();
  const toast = useToast();
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
            <PersonPicker
              id={p.id}
              describedBy={p['aria-describedby']}
              required
              value={sellerId}
              placeholder={t('record.setup.choose')}
              searchLabel={t('record.setup.sellerSearch')}
              isDisabled={(r) => r.id === buyerId}
              onChange={(r) => setSellerId(r?.id ?? '')}
            />
          )}
        </Field>
        <Field label={t('record.setup.buyer')}>
          {(p) => (
            <PersonPicker
              id={p.id}
              describedBy={p['aria-describedby']}
              value={buyerId}
              placeholder={t('record.setup.noBuyer')}
              searchLabel={t('record.setup.buyerSearch')}
              isDisabled={(r) => r.id === sellerId}
              onChange={(r) => setBuyerId(r?.id ?? '')}
            />
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
