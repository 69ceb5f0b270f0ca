import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { app, BrowserWindow, dialog, Notification, protocol, safeStorage } from 'electron';
import { contentSecurityPolicy } from '../shared/content-security-policy';
import { createCore } from '../core/core';
import { Workspace } from '../core/demo/demo-workspace';
import { resolveDataDir } from '../core/data-dir';
import { mayClose } from '../core/recordings/close-guard';
import { mediaConditions, serveClip, serveMedia } from '../core/recordings/media-route';
import { closeTakeText } from './close-text';
import { registerIpc } from './ipc';
import { noticesFor, type Notice } from './reminder-notices';
import { safeTokenStore } from './safe-token-store';
import { appScheme, rendererEntryUrl } from './own-url';
import { contentTypeFor, resolveRendererFile } from './renderer-protocol';
import { harden } from './security';

function dataDirFlag(argv: string[]): string | undefined {
  const index = argv.findIndex((a) => a === '--data-dir' || a.startsWith('--data-dir='));
  if (index < 0) return undefined;
  const arg = argv[index]!;
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[index + 1];
}

const rendererDir = path.join(__dirname, '../renderer');
const rendererUrl = rendererEntryUrl({ packaged: app.isPackaged, devServerUrl: process.env.ELECTRON_RENDERER_URL });
// Packaged, resources/ sits beside the app; unpackaged, at the project root.
const iconPath = path.join(app.isPackaged ? process.resourcesPath : path.join(__dirname, '../../resources'), 'icon.png');

/** The real data folder or the demo, switched while the app runs (see Workspace). */
let workspace: Workspace | null = null;

// media://recording/<id>, media://thumbnail/<id> and media://clip/<id>: the same handler as the browser host's /media route.
// app://renderer/<file>: the built renderer, served with its CSP instead of from file://.
protocol.registerSchemesAsPrivileged([
  { scheme: 'media', privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true } },
  // corsEnabled: Vite marks its module scripts crossorigin, which makes even our own scripts CORS requests.
  { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
]);

function registerAppProtocol(): void {
  const csp = contentSecurityPolicy({ mediaScheme: true });
  protocol.handle(appScheme, (request) => {
    const file = resolveRendererFile(rendererDir, request.url);
    if (!file) return new Response('Not found.', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    return new Response(Readable.toWeb(fs.createReadStream(file)) as ReadableStream<Uint8Array>, {
      status: 200,
      headers: { 'content-type': contentTypeFor(file), 'content-security-policy': csp, 'x-content-type-options': 'nosniff' },
    });
  });
}

function registerMediaProtocol(shown: Workspace): void {
  protocol.handle('media', async (request) => {
    const current = shown.core;
    const url = new URL(request.url);
    const kind = url.hostname;
    const id = url.pathname.replace(/^\//, '');
    // A take recorded elsewhere on the team lives on the hub: fetched from there with this device's token.
    if (current.link && (kind === 'recording' || kind === 'thumbnail' || kind === 'clip') && current.link.mediaIsRemote(kind, id)) {
      return current.link.fetchMedia(kind, id, (name) => request.headers.get(name) ?? undefined, request.method === 'HEAD');
    }
    // A download of a clip (`?download`) opens Electron's save dialog, where the person picks the place.
    const conditions = mediaConditions((name) => request.headers.get(name) ?? undefined);
    const answer =
      kind === 'clip'
        ? await serveClip(current.clips, id, conditions, request.method === 'HEAD', url.searchParams.has('download'))
        : await serveMedia(current.recordings, kind, id, conditions, request.method === 'HEAD');
    const body =
      answer.body === null ? null : typeof answer.body === 'string' ? answer.body : (Readable.toWeb(answer.body) as ReadableStream<Uint8Array>);
    return new Response(body, { status: answer.status, headers: answer.headers });
  });
}

/** A system notification; a click brings the window forward on the page it names. */
function notify(notice: Notice): void {
  if (!Notification.isSupported()) return;
  const notification = new Notification({ title: notice.title, body: notice.body, icon: iconPath });
  notification.on('click', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
    void window.webContents.executeJavaScript(`window.location.hash = ${JSON.stringify(notice.hash)}`).catch(() => undefined);
  });
  notification.show();
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Reprise',
    // macOS takes the app bundle's icon; Linux and Windows show this one in the title bar and task bar.
    ...(process.platform === 'darwin' ? {} : { icon: iconPath }),
    webPreferences: {
      preload: path.join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
    },
  });
  harden(window, rendererUrl, app.getLocale());
  guardRunningTake(window);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(rendererUrl);
  return window;
}

async function askToStopTake(window: BrowserWindow): Promise<boolean> {
  const language = await window.webContents.executeJavaScript('document.documentElement.lang').then(String, () => app.getLocale());
  const text = closeTakeText(language);
  const { response } = await dialog.showMessageBox(window, {
    type: 'warning',
    message: text.message,
    detail: text.detail,
    buttons: [text.keep, text.stop],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  });
  return response === 1;
}

/** Closing the window mid-take asks first; closing anyway stops the take and finishes it, then closes. */
function guardRunningTake(window: BrowserWindow): void {
  let approved = false;
  let asking = false;
  window.on('close', (event) => {
    if (approved || !workspace || workspace.core.recordings.liveTakes().length === 0) return;
    event.preventDefault();
    if (asking) return;
    asking = true;
    const current = workspace.core;
    void mayClose({ recordings: current.recordings, events: current.events, ask: () => askToStopTake(window) })
      .then((close) => {
        if (!close || window.isDestroyed()) return;
        approved = true;
        window.close();
      })
      .finally(() => {
        asking = false;
      });
  });
  // The page's own "leave this page?" prompt was answered by the dialog above.
  window.webContents.on('will-prevent-unload', (event) => {
    if (approved) event.preventDefault();
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });

  void app.whenReady().then(() => {
    const dataDir = resolveDataDir(dataDirFlag(process.argv), process.env, () => app.getPath('userData'));
    const open = (folder: string, kind: 'real' | 'demo') =>
      createCore({
        dataDir: folder,
        tokenStore: safeTokenStore(folder, safeStorage),
        xapiSecretStore: safeTokenStore(folder, safeStorage, 'xapi-secret'),
        backups: kind === 'real',
      });
    // Takes left unfinished by a crash or power cut are finalized now; the window hears of them.
    // Then every take not analysed yet (or by an older analyser) is, in the background.
    // A data folder joined to a team hub sends its takes and changes by itself while the app runs.
    const started = (core: ReturnType<typeof open>) => {
      void core.recordings.recover().finally(() => core.analysis.catchUp());
      core.link?.start();
      // A connected desktop's team data lives on the hub, which sends it to the LRS itself.
      if (!core.link) core.xapi.start();
    };
    try {
      workspace = new Workspace({ dataDir, core: open(dataDir, 'real'), open, started, tokenStore: (folder) => safeTokenStore(folder, safeStorage) });
    } catch (error) {
      dialog.showErrorBox('Reprise cannot open its data', error instanceof Error ? error.message : String(error));
      app.quit();
      return;
    }
    registerIpc(workspace, rendererUrl, () => BrowserWindow.getAllWindows(), (channel, result) => noticesFor(channel, result).forEach(notify));
    registerMediaProtocol(workspace);
    registerAppProtocol();
    createWindow();
    started(workspace.core);
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => workspace?.close());
}
