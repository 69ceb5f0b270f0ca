import os from 'node:os';
import path from 'node:path';

export const productName = 'Reprise';

/**
 * Where Electron keeps `userData` for this app on each platform; the CLI and the browser
 * host use the same folder so that all three doors see one set of data.
 */
export function defaultUserDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', productName);
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), productName);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), productName);
}

/** `--data-dir` wins, then REPRISE_DATA_DIR, then the fallback (Electron's userData). */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv, fallback: () => string): string {
  const chosen = flag ?? env.REPRISE_DATA_DIR;
  return path.resolve(chosen && chosen.trim() ? chosen : fallback());
}
