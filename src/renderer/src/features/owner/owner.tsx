import { useId, useState, type ReactNode } from 'react';
import { useApiQuery } from '../../api/use-api-query';
import { hrefFor } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { useToast } from '../../ui/toast';
import { useCurrentPerson } from '../coaching/use-me';
import { PersonPicker, pickerLimit } from '../people/person-picker';
import './owner.css';

export const ownerSettingsPath = '/settings?section=owner';

/** A page's word on who "me" is: the name, and (in local mode) where to change it. */
export function CurrentPersonLabel() {
  const { t } = useI18n();
  const { me, signedIn } = useCurrentPerson();
  if (!me) return null;
  return (
    <p className="current-person">
      <span>{t('owner.you', { name: me.name })}</span>
      {signedIn ? null : (
        <a href={hrefFor(ownerSettingsPath)} title={t('owner.changeHint')}>
          {t('owner.change')}
        </a>
      )}
    </p>
  );
}

/**
 * The first-run question, asked once by the pages that need "me" until it is answered: whose
 * computer is this. Afterwards it is changed in Settings only.
 */
export function ChooseOwner({ icon }: { icon?: ReactNode }) {
  const { setMe, loading } = useCurrentPerson();
  return loading ? <Loading /> : <OwnerPrompt icon={icon} setMe={setMe} />;
}

function Loading() {
  const { t } = useI18n();
  return (
    <p className="progress-line" role="status">
      <span className="spinner" aria-hidden="true" />
      {t('common.loading')}
    </p>
  );
}

function OwnerPrompt({ icon, setMe }: { icon?: ReactNode; setMe: (id: string) => void }) {
  const { t } = useI18n();
  const selectId = useId();
  const [choice, setChoice] = useState('');
  const first = useApiQuery('owner:first', (a) => a.invoke('people:page', { limit: pickerLimit }), ['people:changed']);
  // The choice is asked with the people to choose from, not before they have arrived.
  if (!first.data && !first.error) return <Loading />;
  return (
    <section className="card choose-owner" aria-labelledby={`${selectId}-title`}>
      {icon ? <div className="choose-owner__icon">{icon}</div> : null}
      <h2 id={`${selectId}-title`} className="card__title">
        {t('owner.prompt.title')}
      </h2>
      <p className="muted">{t('owner.prompt.body')}</p>
      <form
        className="choose-owner__form"
        onSubmit={(e) => {
          e.preventDefault();
          if (choice) setMe(choice);
        }}
      >
        <div className="field">
          <label className="field__label" htmlFor={selectId}>
            {t('owner.settings.label')}
          </label>
          <PersonPicker id={selectId} value={choice} placeholder={t('owner.settings.choose')} firstPage={first.data} onChange={(p) => setChoice(p?.id ?? '')} />
        </div>
        <button type="submit" className="button button--primary" disabled={!choice}>
          {t('owner.prompt.save')}
        </button>
      </form>
    </section>
  );
}

/** Settings' "Your computer", in local mode only: on a hub the signed-in person is "me". */
export function OwnerSettingsSection({ focus = false }: { focus?: boolean }) {
  const { me, signedIn, setMe } = useCurrentPerson();
  if (signedIn) return null;
  return <OwnerChoice me={me} setMe={setMe} focus={focus} />;
}

function OwnerChoice({ me, setMe, focus }: { me: { id: string; name: string } | null; setMe: (id: string) => void; focus: boolean }) {
  const { t } = useI18n();
  const toast = useToast();
  const selectId = useId();
  // Whether anyone is on the roster: one row answers it.
  const anyone = useApiQuery('owner:anyone', (a) => a.invoke('people:page', { limit: 1 }), ['people:changed']);
  return (
    <section className="card settings-section" aria-labelledby="settings-owner">
      <h2 id="settings-owner" className="card__title">
        {t('owner.settings.title')}
      </h2>
      <p className="muted">{t('owner.settings.body')}</p>
      {anyone.data && anyone.data.active === 0 ? (
        <p>{t('owner.settings.noPeople')}</p>
      ) : (
        <div className="field">
          <label className="field__label" htmlFor={selectId}>
            {t('owner.settings.label')}
          </label>
          <PersonPicker
            id={selectId}
            value={me?.id ?? ''}
            chosen={me}
            // Arriving from a page's "Change" link puts the choice under the cursor.
            autoFocus={focus}
            {...(me ? {} : { placeholder: t('owner.settings.choose') })}
            onChange={(chosen) => {
              if (!chosen) return;
              setMe(chosen.id);
              toast.show({ tone: 'success', message: t('owner.settings.saved', { name: chosen.name }) });
            }}
          />
        </div>
      )}
    </section>
  );
}
