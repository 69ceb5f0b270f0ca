import { session, shell, type BrowserWindow, type WebContents } from 'electron';

/** Is this URL one of our own pages (the built renderer, or the dev server while developing)? */
export function isOwnUrl(url: string, rendererUrl: string): boolean {
  try {
    const target = new URL(url);
    const own = new URL(rendererUrl);
    if (own.protocol === 'file:') return target.protocol === 'file:' && target.pathname === own.pathname;
    return target.origin === own.origin;
  } catch {
    return false;
  }
}

// Camera, microphone and screen for recording; notifications for session reminders.
const ownOriginPermissions = new Set(['media', 'display-capture', 'notifications']);

/**
 * Deny by default. Camera, microphone, screen capture and notifications are allowed only to our own page;
 * no navigation away, no new windows; http(s) links open in the user's browser.
 */
export function harden(window: BrowserWindow, rendererUrl: string): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((contents, permission, callback) => {
    callback(ownOriginPermissions.has(permission) && isOwnUrl(contents.getURL(), rendererUrl));
  });
  ses.setPermissionCheckHandler((contents, permission) => {
    return ownOriginPermissions.has(permission) && contents !== null && isOwnUrl(contents.getURL(), rendererUrl);
  });
  const contents: WebContents = window.webContents;
  contents.setWindowOpenHandler(({ url }) => {
    openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isOwnUrl(url, rendererUrl)) {
      event.preventDefault();
      openExternal(url);
    }
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

function openExternal(url: string): void {
  try {
    const { protocol } = new URL(url);
    if (protocol === 'https:' || protocol === 'http:') void shell.openExternal(url);
  } catch {
    // Not a URL: nothing to open.
  }
}
