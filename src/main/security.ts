import { desktopCapturer, dialog, session, shell, type BrowserWindow, type WebContents } from 'electron';
import { displayMediaAnswer, messagesForLocale, pickerChoices, shouldOfferPicker } from './display-media';
import { externalOpenFor } from './external-links';
import { isOwnUrl } from './own-url';

// Camera, microphone and screen for recording; notifications for session reminders.
const ownOriginPermissions = new Set(['media', 'display-capture', 'notifications']);

/**
 * Deny by default. Camera, microphone, screen capture and notifications are allowed only to our own page;
 * no navigation or redirect away, no new windows; a clicked help link opens in the user's browser.
 */
export function harden(window: BrowserWindow, rendererUrl: string, locale: string): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((contents, permission, callback) => {
    callback(ownOriginPermissions.has(permission) && isOwnUrl(contents.getURL(), rendererUrl));
  });
  ses.setPermissionCheckHandler((contents, permission) => {
    return ownOriginPermissions.has(permission) && contents !== null && isOwnUrl(contents.getURL(), rendererUrl);
  });
  ses.setDisplayMediaRequestHandler(
    (request, callback) => {
      const answer = { ownPage: isOwnUrl(request.frame?.url ?? '', rendererUrl), audioRequested: request.audioRequested, platform: process.platform };
      if (!shouldOfferPicker(answer)) return callback(null);
      void pickSource(window, locale).then(
        (chosen) => callback(displayMediaAnswer(chosen, answer)),
        () => callback(null),
      );
    },
    // macOS 15 has a system picker that also offers the shared app's sound; elsewhere ours is used.
    { useSystemPicker: true },
  );
  const contents: WebContents = window.webContents;
  contents.setWindowOpenHandler((details) => {
    if (externalOpenFor(details) === 'open-in-browser') void shell.openExternal(details.url);
    return { action: 'deny' };
  });
  const stayInside = (event: { preventDefault(): void }, url: string) => {
    if (!isOwnUrl(url, rendererUrl)) event.preventDefault();
  };
  contents.on('will-navigate', (event, url) => stayInside(event, url));
  contents.on('will-redirect', (event, url) => stayInside(event, url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

async function pickSource(window: BrowserWindow, locale: string): Promise<Electron.DesktopCapturerSource | null> {
  const sources = await desktopCapturer.getSources({ types: ['screen', 'window'], thumbnailSize: { width: 0, height: 0 } });
  const messages = messagesForLocale(locale);
  const choices = pickerChoices(
    sources.filter((s) => s.id.startsWith('screen:')),
    sources.filter((s) => s.id.startsWith('window:')),
    messages,
    [window.getMediaSourceId()],
  );
  if (choices.length === 0) return null;
  const { response } = await dialog.showMessageBox(window, {
    type: 'question',
    title: messages.title,
    message: messages.message,
    buttons: [...choices.map((c) => c.label), messages.cancel],
    cancelId: choices.length,
    defaultId: 0,
    noLink: false,
  });
  return choices[response]?.source ?? null;
}
