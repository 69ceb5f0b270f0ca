import { useState } from 'react';
import type { AccessRole } from '../../../../shared/access';
import type { Device, Invite, OpenInvite } from '../../../../shared/hub';
import { useApi } from '../../api/api-context';
import { describeError } from '../../api/errors';
import { useApiQuery } from '../../api/use-api-query';
import { useI18n } from '../../i18n/i18n';
import { Dialog } from '../../ui/dialog';
import { EmptyState } from '../../ui/empty-state';
import { ErrorNotice } from '../../ui/error-notice';
import { useToast } from '../../ui/toast';
import { useAccess } from './access-gate';
import './hub.css';

const roles: AccessRole[] = ['admin', 'manager', 'coach', 'rep'];

/** Settings for a person signed in to a team hub: their devices and, for admins, roles and invitations. */
export function HubSettings() {
  const me = useAccess();
  if (me.kind !== 'person') return null;
  return (
    <>
      <DevicesSection admin={me.role === 'admin'} />
      {me.role === 'admin' ? <AdminSections /> : null}
    </>
  );
}

function DevicesSection({ admin }: { admin: boolean }) {
  const api = useApi();
  const toast = useToast();
  const { t, language, formatDateTime } = useI18n();
  const devices = useApiQuery('devices', (a) => a.invoke('devices:list', {}), ['devices:changed']);
  const [confirming, setConfirming] = useState<Device | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function revoke(device: Device) {
    setBusy(true);
    setError(null);
    try {
      await api.invoke('devices:revoke', { id: device.id });
      setConfirming(null);
      if (device.current) return window.location.reload();
      toast.show({ tone: 'success', message: t('hub.devices.revoked', { device: device.name }) });
      devices.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card settings-section" aria-labelledby="settings-devices">
      <h2 id="settings-devices" className="card__title">
        {admin ? t('hub.devices.titleAll') : t('hub.devices.title')}
      </h2>
      <p className="muted">{t('hub.devices.body')}</p>
      {devices.error && !devices.data ? (
        <ErrorNotice error={devices.error} onRetry={devices.reload} />
      ) : devices.data && devices.data.length === 0 ? (
        <EmptyState title={t('hub.devices.empty')} />
      ) : (
        <div className="table-wrap">
          <table className="table table--compact">
            <thead>
              <tr>
                {admin ? <th scope="col">{t('hub.devices.person')}</th> : null}
                <th scope="col">{t('hub.devices.name')}</th>
                <th scope="col">{t('hub.devices.since')}</th>
                <th scope="col">{t('hub.devices.lastSeen')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('hub.devices.revoke')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {(devices.data ?? []).map((d) => (
                <tr key={d.id}>
                  {admin ? <td>{d.repName}</td> : null}
                  <td>
                    {d.name}
                    {d.current ? <span className="badge badge--accent hub-this-device">{t('hub.devices.this')}</span> : null}
                  </td>
                  <td>{formatDateTime(d.createdAt)}</td>
                  <td>{d.lastSeenAt ? formatDateTime(d.lastSeenAt) : t('hub.devices.never')}</td>
                  <td className="table__actions">
                    <button type="button" className="button button--danger button--small" onClick={() => setConfirming(d)}>
                      {d.current ? t('hub.devices.revokeThis') : t('hub.devices.revoke')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {confirming ? (
        <Dialog
          title={t('hub.devices.confirmTitle', { device: confirming.name })}
          onClose={() => setConfirming(null)}
          busy={busy}
          footer={
            <>
              <button type="button" className="button button--secondary" onClick={() => setConfirming(null)} disabled={busy}>
                {t('common.cancel')}
              </button>
              <button type="button" className="button button--danger" onClick={() => void revoke(confirming)} disabled={busy} data-autofocus>
                {confirming.current ? t('hub.devices.revokeThis') : t('hub.devices.revoke')}
              </button>
            </>
          }
        >
          <p>{confirming.current ? t('hub.devices.confirmThisBody') : t('hub.devices.confirmBody')}</p>
          {error ? (
            <p className="field__error" role="alert">
              {describeError(error, t, language).message}
            </p>
          ) : null}
        </Dialog>
      ) : null}
    </section>
  );
}

/** Roles and the open invitations: one list of invitations, reloaded when an admin makes one (the hub pushes no event for them). */
function AdminSections() {
  const invites = useApiQuery('invites-open', (a) => a.invoke('invites:list', {}), ['access:changed', 'people:changed']);
  return (
    <>
      <TeamAccessSection onInvited={invites.reload} />
      <OpenInvitesSection invites={invites} />
    </>
  );
}

function TeamAccessSection({ onInvited }: { onInvited(): void }) {
  const api = useApi();
  const toast = useToast();
  const { t, language, formatDateTime } = useI18n();
  const entries = useApiQuery('access-roles', (a) => a.invoke('access:roles', {}), ['access:changed', 'people:changed']);
  const [invite, setInvite] = useState<Invite | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function setRole(repId: string, name: string, value: string) {
    setError(null);
    try {
      const entry = await api.invoke('access:set-role', { repId, role: value === '' ? null : (value as AccessRole) });
      toast.show({ tone: 'success', message: t('hub.team.roleSaved', { name, role: t(`hub.role.${entry.role}`) }) });
      entries.reload();
    } catch (failure) {
      setError(failure);
    }
  }

  async function makeInvite(repId: string) {
    setError(null);
    try {
      setInvite(await api.invoke('invites:create', { repId }));
      onInvited();
    } catch (failure) {
      setError(failure);
    }
  }

  async function copy(code: string) {
    try {
      await navigator.clipboard.writeText(code);
      toast.show({ tone: 'success', message: t('hub.invite.copied') });
    } catch {
      // Clipboard access can be refused (plain HTTP, permissions); the code stays on screen to copy by hand.
    }
  }

  return (
    <section className="card settings-section" aria-labelledby="settings-team">
      <h2 id="settings-team" className="card__title">
        {t('hub.team.title')}
      </h2>
      <p className="muted">{t('hub.team.body')}</p>
      {error ? (
        <p className="field__error" role="alert">
          {describeError(error, t, language).message}
        </p>
      ) : null}
      {entries.error && !entries.data ? (
        <ErrorNotice error={entries.error} onRetry={entries.reload} />
      ) : entries.data && entries.data.length === 0 ? (
        <EmptyState title={t('hub.team.empty')} />
      ) : (
        <div className="table-wrap">
          <table className="table table--compact">
            <thead>
              <tr>
                <th scope="col">{t('hub.team.person')}</th>
                <th scope="col">{t('hub.team.role')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('hub.team.invite')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {(entries.data ?? []).map((e) => (
                <tr key={e.repId}>
                  <td>
                    <div>{e.name}</div>
                    <div className="muted hub-email">{e.email}</div>
                  </td>
                  <td>
                    <select
                      className="input input--auto"
                      aria-label={t('hub.team.roleFor', { name: e.name })}
                      value={e.explicit ? e.role : ''}
                      onChange={(event) => void setRole(e.repId, e.name, event.target.value)}
                    >
                      <option value="">{t('hub.team.roleDerived', { role: t(`hub.role.${e.role}`) })}</option>
                      {roles.map((r) => (
                        <option key={r} value={r}>
                          {t(`hub.role.${r}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="table__actions">
                    <button type="button" className="button button--secondary button--small" aria-label={t('hub.team.inviteFor', { name: e.name })} onClick={() => void makeInvite(e.repId)}>
                      {t('hub.team.invite')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {invite ? (
        <Dialog
          title={t('hub.invite.title', { name: invite.name })}
          onClose={() => setInvite(null)}
          footer={
            <>
              <button type="button" className="button button--secondary" onClick={() => void copy(invite.code)}>
                {t('hub.invite.copy')}
              </button>
              <button type="button" className="button button--primary" onClick={() => setInvite(null)} data-autofocus>
                {t('common.done')}
              </button>
            </>
          }
        >
          <p>{t('hub.invite.body', { name: invite.name, email: invite.email, until: formatDateTime(invite.expiresAt) })}</p>
          <p className="hub-invite-code" aria-label={t('hub.signIn.code')}>
            {invite.code}
          </p>
        </Dialog>
      ) : null}
    </section>
  );
}

function OpenInvitesSection({ invites }: { invites: { data?: OpenInvite[]; error?: unknown; reload(): void } }) {
  const api = useApi();
  const toast = useToast();
  const { t, language, formatDateTime } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const { reload } = invites;

  async function revoke(invite: OpenInvite) {
    setError(null);
    try {
      await api.invoke('invites:revoke', { id: invite.id });
      toast.show({ tone: 'success', message: t('hub.invites.revoked', { name: invite.name }) });
      reload();
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <section className="card settings-section" aria-labelledby="settings-invites">
      <h2 id="settings-invites" className="card__title">
        {t('hub.invites.title')}
      </h2>
      <p className="muted">{t('hub.invites.body')}</p>
      {error ? (
        <p className="field__error" role="alert">
          {describeError(error, t, language).message}
        </p>
      ) : null}
      {invites.error && !invites.data ? (
        <ErrorNotice error={invites.error} onRetry={reload} />
      ) : invites.data && invites.data.length === 0 ? (
        <EmptyState title={t('hub.invites.empty')} />
      ) : (
        <div className="table-wrap">
          <table className="table table--compact">
            <thead>
              <tr>
                <th scope="col">{t('hub.invites.person')}</th>
                <th scope="col">{t('hub.invites.role')}</th>
                <th scope="col">{t('hub.invites.made')}</th>
                <th scope="col">{t('hub.invites.until')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('hub.invites.revoke')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {(invites.data ?? []).map((i) => (
                <tr key={i.id}>
                  <td>
                    <div>{i.name}</div>
                    <div className="muted hub-email">{i.email}</div>
                  </td>
                  <td>{t(`hub.role.${i.role}`)}</td>
                  <td>{i.createdByName ? t('hub.invites.madeBy', { when: formatDateTime(i.createdAt), name: i.createdByName }) : formatDateTime(i.createdAt)}</td>
                  <td>{formatDateTime(i.expiresAt)}</td>
                  <td className="table__actions">
                    <button type="button" className="button button--danger button--small" aria-label={t('hub.invites.revokeFor', { name: i.name })} onClick={() => void revoke(i)}>
                      {t('hub.invites.revoke')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
