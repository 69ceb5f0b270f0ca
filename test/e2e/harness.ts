import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';

const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'out/main/cli.js');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface RunningHost {
  url: string;
  dataDir: string;
  process: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts the built browser host (or, with `command`, another serving command such as a team hub)
 * as its own process, as a user would, and waits for its address. `openFiles` raises the process's
 * file-descriptor limit first (`ulimit -n`, as a service's start script would), for benches that
 * hold more connections than the default limit allows.
 */
export function startHostProcess(
  dataDir: string,
  env: NodeJS.ProcessEnv = {},
  command: string[] = ['serve', '--port', '0'],
  /** `cli`: another build of the app (a bench's A/B), the built one by default. */
  options: { openFiles?: number; cli?: string; nodeArgs?: string[] } = {},
): Promise<RunningHost> {
  if (!fs.existsSync(path.join(root, 'out/renderer/index.html')) || !fs.existsSync(cli)) {
    throw new Error('The app is not built: run `npm run build` (npm test does) before the end-to-end tests.');
  }
  const args = [...(options.nodeArgs ?? []), options.cli ?? cli, ...command, '--data-dir', dataDir];
  // The shell raises the limit and becomes the host (exec), so the child's pid stays the host's.
  const [file, argv] = options.openFiles ? ['/bin/sh', ['-c', `ulimit -n ${Math.floor(options.openFiles)} && exec "$0" "$@"`, process.execPath, ...args]] : [process.execPath, args];
  const child = spawn(file, argv, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    let stdout = '';
    const onData = (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /Listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (!match) return;
      child.stdout!.off('data', onData);
      resolve({
        url: match[1]!,
        dataDir,
        process: child,
        stop: (signal = 'SIGTERM') =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill(signal);
          }),
      });
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`The host exited (${code}) before listening:\n${stdout}\n${stderr}`)));
  });
}

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`No Chromium at ${chromiumPath}: run \`bash scripts/setup-system.sh\` (installs Debian's chromium).`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      ...extraArgs,
    ],
  });
}

/** A page on the app, with console errors and failed requests collected so a test can insist on none. */
export async function openApp(
  browser: Browser,
  url: string,
  options: BrowserContextOptions = {},
): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', ...options });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.goto(url);
  return { page, problems };
}

/**
 * One Chromium for a test file and every host a test starts, stopped after each test (killed:
 * nothing a test leaves running may outlive it).
 */
export function useBrowserAndHosts(extraArgs: string[] = []): {
  browser(): Browser;
  startHost(dataDir: string, env?: NodeJS.ProcessEnv, command?: string[]): Promise<RunningHost>;
} {
  let browser: Browser | null = null;
  const hosts: RunningHost[] = [];
  beforeAll(async () => {
    browser = await launchChromium(extraArgs);
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    for (const host of hosts.splice(0)) await host.stop('SIGKILL');
  });
  return {
    browser: () => {
      if (!browser) throw new Error('Chromium is not running yet: call browser() inside a test.');
      return browser;
    },
    startHost: async (dataDir, env, command) => {
      const host = await startHostProcess(dataDir, env, command);
      hosts.push(host);
      return host;
    },
  };
}

/** Calls a channel on a running host the way the renderer does; throws with the core's message. */
export async function rpc<T>(url: string, channel: string, input: unknown): Promise<T> {
  const send = () => fetch(`${url}/rpc/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
  // A synchronous step just before (ffmpeg making the media, the CLI) can block this process past
  // the host's keep-alive: the host closed the kept connection, which fetch reuses and finds reset
  // before the host read a byte of the call. Asked once more on a new connection.
  const response = await send().catch((error: Error & { cause?: { code?: string } }) => {
    if (error.cause?.code !== 'ECONNRESET' && error.cause?.code !== 'UND_ERR_SOCKET') throw error;
    return send();
  });
  const body = (await response.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${channel}: ${body.error?.message ?? 'failed'}`);
  return body.value;
}

/**
 * Records `file` as a take of `sessionId` the way the recorder does (start with everyone's
 * consent, the file's bytes as three chunks, stop), so a test can start from a finished take.
 */
export async function recordTake(
  url: string,
  input: { sessionId: string; file: string; consents: { repId: string }[]; confirmedBy: string; mode?: string; mimeType?: string; channelMap?: unknown },
): Promise<{ id: string }> {
  const take = await rpc<{ id: string }>(url, 'recordings:start', {
    sessionId: input.sessionId,
    mode: input.mode ?? 'microphone',
    mimeType: input.mimeType ?? 'audio/webm',
    consents: input.consents,
    confirmedBy: input.confirmedBy,
    ...(input.channelMap ? { channelMap: input.channelMap } : {}),
  });
  const bytes = fs.readFileSync(input.file);
  const size = Math.ceil(bytes.length / 3);
  for (let seq = 0; seq * size < bytes.length; seq++) {
    await rpc(url, 'recordings:append', { id: take.id, seq, data: bytes.subarray(seq * size, (seq + 1) * size).toString('base64') });
  }
  await rpc(url, 'recordings:stop', { id: take.id });
  return take;
}
