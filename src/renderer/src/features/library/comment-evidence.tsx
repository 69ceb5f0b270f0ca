import type { Comment } from '../../../../shared/comments';
import { formatMoment } from '../../../../shared/rubrics';
import { useApiQuery } from '../../api/use-api-query';
import { useI18n } from '../../i18n/i18n';

/**
 * The take's comments beside a scorecard, so what others noticed can become evidence: each
 * thread's moment seeks the player, and while a criterion has focus it can be added to it.
 */
export function CommentEvidence({
  recordingId,
  onSeek,
  criterionName,
  onUse,
}: {
  recordingId: string;
  onSeek(ms: number): void;
  /** The criterion a comment would be added to; null when none can take it. */
  criterionName: string | null;
  onUse(comment: Comment): void;
}) {
  const { t } = useI18n();
  const threads = useApiQuery(`evidence-comments:${recordingId}`, (a) => a.invoke('comments:list', { recordingId }), ['comments:changed']);
  const list = threads.data ?? [];
  if (list.length === 0) return null;
  return (
    <ol className="coaching-markers" aria-label={t('comments.evidence.list')}>
      {list.map((c) => (
        <li key={c.id}>
          <button type="button" className="button button--ghost button--small" onClick={() => onSeek(c.atMs)}>
            {formatMoment(c.atMs)}
          </button>
          <span className="coaching-markers__note">{c.authorName ? `${c.authorName}: ${c.body}` : c.body}</span>
          {criterionName ? (
            <button type="button" className="button button--ghost button--small" onClick={() => onUse(c)}>
              {t('coaching.recording.useAsEvidence', { criterion: criterionName })}
            </button>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
