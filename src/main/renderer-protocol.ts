import fs from 'node:fs';
import path from 'node:path';
import { appHost } from './own-url';
import { rendererContentTypes as contentTypes } from '../shared/content-types';

export function contentTypeFor(file: string): string {
  return contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file an `app://renderer/...` request asks for, or null when it names nothing we serve: another
 * host, a path that leaves the renderer folder (also through `%2e%2e` or a symlink, so the real path
 * is checked), or a file that does not exist. The renderer routes by hash, so `/` is index.html.
 */
export function resolveRendererFile(rendererDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.host !== appHost) return null;
  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (relative.includes('\0')) return null;
  if (relative === '/' || relative === '') relative = '/index.html';
  let root: string;
  try {
    root = fs.realpathSync(rendererDir);
  } catch {
    return null;
  }
  const candidate = path.resolve(root, `.${path.posix.normalize(relative.replace(/\\/g, '/'))}`);
  if (!inside(root, candidate)) return null;
  let real: string;
  try {
    real = fs.realpathSync(candidate);
  } catch {
    return null;
  }
  if (!inside(root, real) || !fs.statSync(real).isFile()) return null;
  return real;
}

function inside(root: string, file: string): boolean {
  return file.startsWith(root + path.sep);
}
