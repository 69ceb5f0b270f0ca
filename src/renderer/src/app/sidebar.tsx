import type { ComponentType } from 'react';
import { useAccess } from '../features/hub/access-gate';
import { SyncIndicator } from '../features/sync/sync-indicator';
import { useI18n } from '../i18n/i18n';
import {
  CoachingIcon,
  LibraryIcon,
  LogoMark,
  PeopleIcon,
  ProgressIcon,
  RecordIcon,
  ScheduleIcon,
  SettingsIcon,
  TodayIcon,
} from '../ui/icons';
import { hrefFor, type Area } from './routes';
import '../features/hub/hub.css';

const icons: Record<Area, ComponentType<{ size?: number }>> = {
  today: TodayIcon,
  schedule: ScheduleIcon,
  record: RecordIcon,
  library: LibraryIcon,
  coaching: CoachingIcon,
  people: PeopleIcon,
  progress: ProgressIcon,
  settings: SettingsIcon,
};

const mainAreas: readonly Area[] = ['today', 'schedule', 'record', 'library', 'coaching', 'people', 'progress'];

export function Sidebar({ current }: { current: Area | null }) {
  const { t } = useI18n();
  const me = useAccess();
  const item = (area: Area) => {
    const Icon = icons[area];
    return (
      <li key={area}>
        <a className="nav-link" href={hrefFor(`/${area}`)} aria-current={current === area ? 'page' : undefined}>
          <Icon size={18} />
          <span>{t(`area.${area}`)}</span>
        </a>
      </li>
    );
  };
  return (
    <aside className="sidebar">
      <div className="brand">
        <LogoMark />
        <span className="brand__name">{t('app.name')}</span>
      </div>
      <nav className="nav" aria-label={t('nav.label')}>
        <ul className="nav__list">{mainAreas.map(item)}</ul>
        <ul className="nav__list nav__list--bottom">{item('settings')}</ul>
      </nav>
      <SyncIndicator />
      {me.kind === 'person' && me.role ? (
        <p className="sidebar-me">
          <span className="sidebar-me__name">{t('hub.me.signedInAs', { name: me.name ?? '' })}</span>
          <span className="sidebar-me__role">{t(`hub.role.${me.role}`)}</span>
        </p>
      ) : null}
    </aside>
  );
}
