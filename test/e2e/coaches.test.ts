import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { makeMedia } from '../support/media';
import { tempDir } from '../support/temp-dir';
import { useBrowserAndHosts } from './harness';

const e2e = useBrowserAndHosts();
const cli = path.resolve(__dirname, '../../out/main/cli.js');

function reprise(dataDir: string, ...args: string[]): string {
  return execFileSync(process.execPath, [cli, '--data-dir', dataDir, ...args], { encoding: 'utf8' });
}

/**
 * The same, without blocking this process while it runs: a test that sat blocked past the hub's
 * keep-alive would send its next request down a connection the hub has already closed.
 */
const repriseAsync = (dataDir: string, ...args: string[]) => promisify(execFile)(process.execPath, [cli, '--data-dir', dataDir, ...args]);

function invite(dataDir: string, email: string, role?: string): string {
  return (JSON.parse(reprise(dataDir, 'hub', 'invite', email, ...(role ? ['--role', role] : []), '--json')) as { code: string }).code;
}

async function desktopToken(url: string, code: string): Promise<string> {
  const response = await fetch(`${url}/auth/redeem`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, kind: 'desktop' }) });
  return ((await response.json()) as { value: { token: string } }).value.token;
}

async function rpcAs<T>(url: string, token: string, channel: string, input: unknown): Promise<T> {
  const response = await fetch(`${url}/rpc/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${channel}: ${body.error?.message}`);
  return body.value;
}

type Card = { id: string; role: string; template: { criteria: { id: string }[]; sections: { key: string; required: boolean }[] } };

describe('a coach on a team hub', () => {
  it('sees the recorded sessions of the rep the roster names them coach of, opens the take, and certifies them', async () => {
    const dataDir = tempDir();
    fs.writeFileSync(
      path.join(dataDir, 'roster.csv'),
      [
        'name,email,role,team,manager_email,coach,coach_email',
        'Ada Admin,ada@example.com,Enablement,Ops,,,',
        'Kim Coach,kim@example.com,Sales coach,Ops,,,',
        'Sam Seller,sam@example.com,AE,North,,,kim@example.com',
        'Bea Buyer,bea@example.com,AE,North,,,',
      ].join('\n'),
    );
    reprise(dataDir, 'reps', 'import', path.join(dataDir, 'roster.csv'));
    const take = makeMedia('webm-audio', 1);
    const hub = await e2e.startHost(dataDir, {}, ['hub', '--listen', '127.0.0.1:0']);
    const ada = await desktopToken(hub.url, invite(dataDir, 'ada@example.com', 'admin'));
    const kim = await desktopToken(hub.url, invite(dataDir, 'kim@example.com', 'coach'));
    const people = await rpcAs<{ id: string; email: string; coachedByName: string | null }[]>(hub.url, ada, 'people:list', {});
    const id = (email: string) => people.find((p) => p.email === email)!.id;
    expect(people.find((p) => p.email === 'sam@example.com')!.coachedByName).toBe('Kim Coach');
    expect(await rpcAs(hub.url, kim, 'access:me', {})).toMatchObject({ role: 'coach' });

    // Two role-plays in which Sam sells, each recorded (imported on the hub's own folder, as a take finished there would be).
    const sessions: string[] = [];
    for (const title of ['First discovery call', 'Second discovery call']) {
      const session = await rpcAs<{ id: string }>(hub.url, ada, 'sessions:create', {
        focusAreaId: 'discovery',
        title,
        participants: [
          { repId: id('sam@example.com'), role: 'seller' },
          { repId: id('bea@example.com'), role: 'buyer' },
        ],
      });
      await repriseAsync(dataDir, 'recordings', 'import', take, '--session', session.id);
      sessions.push(session.id);
    }

    // Kim owes both a review, opens the take, and reviews as Sam's coach.
    const toWrite = await rpcAs<{ session: { id: string }; reviewee: { name: string }; role: string }[]>(hub.url, kim, 'scorecards:to-write', { reviewerId: id('kim@example.com') });
    expect(toWrite.map((i) => i.session.id).sort()).toEqual([...sessions].sort());
    expect(toWrite.every((i) => i.reviewee.name === 'Sam Seller' && i.role === 'coach')).toBe(true);
    for (const sessionId of sessions) {
      const [take] = await rpcAs<{ id: string }[]>(hub.url, kim, 'recordings:list', { sessionId });
      const media = await fetch(`${hub.url}/media/recording/${take!.id}`, { headers: { authorization: `Bearer ${kim}`, range: 'bytes=0-99' } });
      expect(media.status).toBe(206);
      await media.arrayBuffer();
      const card = await rpcAs<Card>(hub.url, kim, 'scorecards:start', { sessionId, reviewerId: id('kim@example.com') });
      expect(card.role).toBe('coach');
      await rpcAs(hub.url, kim, 'scorecards:submit', {
        id: card.id,
        scores: card.template.criteria.map((c) => ({ criterionId: c.id, score: 4 })),
        sections: Object.fromEntries(card.template.sections.filter((s) => s.required).map((s) => [s.key, 'Ask about budget earlier'])),
      });
    }
    expect(await rpcAs(hub.url, kim, 'scorecards:to-write', { reviewerId: id('kim@example.com') })).toEqual([]);

    // Kim's reviews count: Sam is a Beginner, and Kim sees it on his certification path.
    const [sam] = await rpcAs<{ level: string | null; certifier: { name: string } | null }[]>(hub.url, kim, 'certifications:list', {
      repId: id('sam@example.com'),
      focusAreaId: 'discovery',
    });
    expect(sam).toMatchObject({ level: 'Beginner', certifier: { name: 'Kim Coach' } });
    // Bea is nobody Kim coaches: her path stays closed to him.
    await expect(rpcAs(hub.url, kim, 'certifications:list', { repId: id('bea@example.com') })).rejects.toThrow(/certifications:list/);
  });
});
