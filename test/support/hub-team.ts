import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, expect } from 'vitest';
import { createCore, type Core } from '../../src/core/core';
import { runCli } from '../../src/host/cli';
import type { UploadLimits } from '../../src/host/hub-uploads';
import { startHost, type Host } from '../../src/host/server';
import { makeMedia } from './media';
import { testCore } from './core';
import { tempDir } from './temp-dir';

const open: { hosts: Host[]; cores: Core[]; children: ChildProcess[] } = { hosts: [], cores: [], children: [] };
afterEach(async () => {
  for (const child of open.children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const host of open.hosts.splice(0)) await host.close();
  for (const core of open.cores.splice(0)) core.close();
});

export const owner = { caller: { kind: 'owner' as const } };

/** The CLI, in this process, with its own environment (REPRISE_NOW, say). */
export async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, env);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** Starts the hub's HTTP door on `core` (again on `port` after a stop, as a restarted hub would). */
export async function serveHub(core: Core, port = 0, uploads: Partial<UploadLimits> = {}): Promise<Host> {
  const host = await startHost({ core, rendererDir: tempDir(), port, hub: { secure: false, trustProxy: false, uploads } });
  open.hosts.push(host);
  return host;
}

export async function stopHost(host: Host): Promise<void> {
  await host.close();
  open.hosts.splice(open.hosts.indexOf(host), 1);
}

/** A hub with Ada (admin), Aino (rep, sells), Cole (coach of the session), Cai (rep, not in it). */
export async function team(uploads: Partial<UploadLimits> = {}) {
  const hub = testCore();
  const ada = hub.people.create({ name: 'Ada', email: 'ada@example.com' });
  const aino = hub.people.create({ name: 'Aino', email: 'aino@example.com' });
  const cole = hub.people.create({ name: 'Cole', email: 'cole@example.com', coach: true });
  const cai = hub.people.create({ name: 'Cai', email: 'cai@example.com' });
  hub.access.setRole(ada.id, 'admin');
  const session = hub.sessions.create({
    focusAreaId: 'discovery',
    title: 'Aino practises discovery',
    participants: [
      { repId: aino.id, role: 'seller' },
      { repId: cole.id, role: 'buyer' },
    ],
  });
  hub.db.prepare('UPDATE sessions SET coach_rep_id = ? WHERE id = ?').run(cole.id, session.id);
  const host = await serveHub(hub, 0, uploads);
  const desktop = async (repId: string, url = host.url) => {
    const dir = tempDir();
    const connected = await cli(['--data-dir', dir, 'connect', url, '--code', hub.accounts.createInvite(repId, null, 24, null).code, '--device', 'Laptop']);
    expect(connected.code, connected.stderr).toBe(0);
    return dir;
  };
  return { hub, host, ada, aino, cole, cai, session, desktop };
}

export function desktopCore(dir: string, options: Partial<Parameters<typeof createCore>[0]> = {}): Core {
  const core = createCore({ dataDir: dir, ...options });
  open.cores.push(core);
  return core;
}

export function closeCore(core: Core): void {
  core.close();
  open.cores.splice(open.cores.indexOf(core), 1);
}

export const bearerOf = (dir: string) => ({ authorization: `Bearer ${fs.readFileSync(`${dir}/hub-token`, 'utf8').trim()}` });

/** Records a take through the desktop's own channels, as the recorder does, and waits until it is finished. */
export async function recordTake(core: Core, sessionId: string, consents: { repId: string; share: boolean }[], seconds = 2): Promise<string> {
  const take = await core.handlers['recordings:start']({ sessionId, mode: 'microphone', mimeType: 'audio/webm', consents, confirmedBy: 'Aino', channelMap: null }, owner);
  const bytes = fs.readFileSync(makeMedia('webm-audio', seconds));
  await core.handlers['recordings:append']({ id: take.id, seq: 0, data: bytes.toString('base64') }, owner);
  await core.handlers['recordings:stop']({ id: take.id, reason: 'user' }, owner);
  await core.recordings.whenFinalized(take.id);
  return take.id;
}

export type ProxyMode = 'pass' | 'fail-all' | 'fail-writes';

/**
 * A hub behind a proxy that can go bad: `fail-all` answers every request with a 500 (a hub whose
 * disk is full), `fail-writes` lets the status check through and fails every other call and upload.
 */
export async function faultyProxy(target: string): Promise<{ url: string; mode: ProxyMode; requests: number; close(): Promise<void> }> {
  const state = { mode: 'pass' as ProxyMode, requests: 0 };
  const server = http.createServer((req, res) => {
    state.requests++;
    const fails = state.mode === 'fail-all' || (state.mode === 'fail-writes' && req.url !== '/rpc/access:me');
    if (fails) {
      req.resume();
      res.writeHead(500, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ ok: false, error: { code: 'internal', message: 'database or disk is full' } }));
    }
    const upstream = http.request(`${target}${req.url}`, { method: req.method, headers: { ...req.headers, host: new URL(target).host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/*
 * A hub and its desktops as real processes (the built CLI, `npm run build` first): for the
 * end-to-end tests that kill one side mid-upload or run the hub against a real object store.
 */

/** The built command line. */
export const builtCli = path.resolve(__dirname, '../../out/main/cli.js');
const execFileAsync = promisify(execFile);

/** The built CLI as its own process, without blocking this one (a proxy in this test must keep answering); its stdout. */
export async function runProcess(dataDir: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return (await execFileAsync(process.execPath, [builtCli, '--data-dir', dataDir, ...args], { encoding: 'utf8', env: { ...process.env, ...env } })).stdout;
}

/** `reprise sync --once` as its own process, to be killed if need be (killed after each test at the latest). */
export function startSync(dataDir: string): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [builtCli, '--data-dir', dataDir, 'sync', '--once', '--json'], { stdio: 'ignore' });
  open.children.push(child);
  return { child, exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
}

/** A channel called over HTTP as the person the token signs in; throws with the hub's message when refused. */
export async function rpcAs<T>(url: string, token: string, channel: string, input: unknown): Promise<T> {
  const response = await fetch(`${url}/rpc/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${channel}: ${body.error?.message}`);
  return body.value;
}

/** A desktop's token for a sign-in code. */
export async function redeem(url: string, code: string): Promise<string> {
  const response = await fetch(`${url}/auth/redeem`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, kind: 'desktop' }) });
  return ((await response.json()) as { value: { token: string } }).value.token;
}

/** A sign-in code made by `reprise hub invite` on the hub's data folder. */
export async function invite(hubDir: string, email: string, role?: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  return (JSON.parse(await runProcess(hubDir, ['hub', 'invite', email, ...(role ? ['--role', role] : []), '--json'], env)) as { code: string }).code;
}
