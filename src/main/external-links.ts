/**
 * Which links may leave the app for the user's browser: https only, and only to the help pages
 * Reprise points people to (camera, microphone and screen permissions on each system). Anything
 * else a page asks to open is dropped, so a compromised page cannot use the app to launch URLs.
 */
export const helpHosts: readonly string[] = ['support.apple.com', 'support.microsoft.com', 'help.ubuntu.com', 'help.gnome.org'];

export function isAllowedExternalUrl(url: string): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  if (target.protocol !== 'https:' || target.username || target.password || target.port) return false;
  return helpHosts.includes(target.hostname.toLowerCase());
}

/**
 * What to do with a page's request for a new window. Only what a link opens as a new tab (a click on
 * an `target="_blank"` link) may reach the browser; a popup with window features does not, and a
 * navigation or redirect of the app's own window never opens anything (see security.ts).
 */
export function externalOpenFor(details: { url: string; disposition: string }): 'open-in-browser' | 'deny' {
  const fromLinkClick = details.disposition === 'foreground-tab' || details.disposition === 'background-tab';
  return fromLinkClick && isAllowedExternalUrl(details.url) ? 'open-in-browser' : 'deny';
}
