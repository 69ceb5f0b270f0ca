/**
 * The one Content-Security-Policy for the app's pages, sent as a header by the browser host and by
 * the desktop app's `app://` protocol. Styles come only from the built stylesheet: React's `style`
 * props go through the CSSOM, which a CSP does not block, so no `'unsafe-inline'` is needed.
 * The desktop app also reads recordings from `media:`; a hub's pages play takes from its media
 * storage's origin when the hub sends players there.
 */
export function contentSecurityPolicy(options: { mediaScheme?: boolean; mediaOrigins?: readonly string[] } = {}): string {
  const media = options.mediaScheme ? ' media:' : '';
  // A hub whose takes are in a bucket sends players there (a presigned address): they may follow.
  const storage = options.mediaOrigins?.length ? ` ${options.mediaOrigins.join(' ')}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data: blob:${media}`,
    `media-src 'self' blob:${media}${storage}`,
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}
