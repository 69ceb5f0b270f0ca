import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n/i18n';

/**
 * The end of a paged list: the next page loads as it scrolls into view, and the button does the
 * same for keyboards and for windows that cannot tell what is in view.
 */
export function LoadMore({ onMore, loading }: { onMore: () => void; loading: boolean }) {
  const { t } = useI18n();
  const ref = useRef<HTMLButtonElement>(null);
  const onMoreRef = useRef(onMore);
  useEffect(() => {
    onMoreRef.current = onMore;
  });
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof IntersectionObserver === 'undefined') return undefined;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && onMoreRef.current(), { rootMargin: '400px 0px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return (
    <button ref={ref} type="button" className="button button--secondary button--small" onClick={onMore} disabled={loading}>
      {loading ? t('common.loading') : t('common.showMore')}
    </button>
  );
}
