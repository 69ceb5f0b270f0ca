import { useI18n } from '../../i18n/i18n';
import { Dialog } from '../../ui/dialog';

const rows = [
  ['{space} / K', 'player.key.play'],
  ['J / L', 'player.key.ten'],
  ['← / →', 'player.key.five'],
  ['Shift + ← / →', 'player.key.one'],
  ['[ / ]', 'player.key.speed'],
  ['N / P', 'player.key.moment'],
  ['C', 'player.key.comment'],
  ['M', 'player.key.marker'],
  ['+ / −', 'player.key.zoom'],
  ['I / O', 'player.key.inOut'],
  ['X', 'player.key.clip'],
  ['Esc', 'player.key.clear'],
  ['?', 'player.key.help'],
] as const;

/** The player's keys, opened with ? or the button under the player. */
export function ShortcutsSheet({ onClose }: { onClose(): void }) {
  const { t } = useI18n();
  return (
    <Dialog
      title={t('player.shortcuts')}
      onClose={onClose}
      footer={<button type="button" className="button button--primary" onClick={onClose} data-autofocus>{t('common.close')}</button>}
    >
      <dl className="details-list shortcuts-list">
        {rows.map(([keys, what]) => (
          <div key={keys} className="shortcuts-list__row">
            <dt><kbd>{keys.replace('{space}', t('player.key.space'))}</kbd></dt>
            <dd>{t(what)}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
