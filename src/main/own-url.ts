/**
 * Which pages are Reprise's own. Pure (no Electron), so the rules are tested without the binary.
 * The built renderer is served from `app://renderer/`; while developing, from the dev server.
 */
export const appScheme = 'app';
export const appHost = 'renderer';
export const appOrigin = `${appScheme}://${appHost}`;
export const appEntryUrl = `${appOrigin}/index.html`;

/**
 * The page the window loads: the dev server's address only in an unpackaged development run
 * (electron-vite sets ELECTRON_RENDERER_URL there); a packaged app always loads its own files, so
 * an environment variable cannot point it at someone else's page.
 */
export function rendererEntryUrl(options: { packaged: boolean; devServerUrl: string | undefined }): string {
  if (options.packaged || !options.devServerUrl) return appEntryUrl;
  try {
    const url = new URL(options.devServerUrl);
    const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
    return url.protocol === 'http:' && local ? url.href : appEntryUrl;
  } catch {
    return appEntryUrl;
  }
}

/** Is this URL one of our own pages: same origin as the page the window loads? */
export function isOwnUrl(url: string, rendererUrl: string): boolean {
  try {
    const target = new URL(url);
    const own = new URL(rendererUrl);
    // Custom schemes have an opaque `origin` ("null") in the URL parser, so compare the parts.
    return target.protocol === own.protocol && target.host === own.host && target.host !== '';
  } catch {
    return false;
  }
}
