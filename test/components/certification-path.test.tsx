import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AppProviders } from '../../src/renderer/src/app/providers';
import { CertificationPath } from '../../src/renderer/src/features/certification/certification-path';
import type { CertificationStatus } from '../../src/shared/certification';
import { fakeApi } from './fake-api';

const rep = { id: 'rep-1', name: 'Aino Virtanen', email: 'aino@example.com', team: 'Nordics' };

function status(overrides: Partial<CertificationStatus> & { focus?: string }): CertificationStatus {
  const { focus = 'discovery', ...rest } = overrides;
  return {
    rep,
    focusArea: { id: focus, name: focus === 'discovery' ? 'Discovery' : 'Demo' },
    level: null,
    levelIndex: null,
    state: 'in-progress',
    grantedAt: null,
    expiresAt: null,
    certifier: null,
    code: null,
    missing: [{ kind: 'roleplays', level: 'Beginner', required: 2, remaining: 2, minScore: 60, blockers: [] }],
    nextOpensAt: null,
    history: [],
    verdicts: [],
    ...rest,
  };
}

function renderPath(list: CertificationStatus[], language: 'en' | 'fi' = 'en') {
  const api = fakeApi({ 'certifications:list': () => list });
  render(
    <AppProviders api={api} language={language}>
      <CertificationPath repId="rep-1" />
    </AppProviders>,
  );
  return api;
}

describe("a rep's certification path", () => {
  it('says what the first level needs when nothing is held or scored yet', async () => {
    renderPath([status({}), status({ focus: 'demo' })]);
    expect(await screen.findByText('No certification yet')).toBeTruthy();
    expect(screen.getByText(/The first level, Beginner, needs 2 role-plays scored 60 or above by a certifier/)).toBeTruthy();
    expect(screen.queryAllByTestId('cert-area')).toHaveLength(0);
  });

  it('shows a held level with its dates, what the next still needs (met and missing), and why a scorecard was practice only', async () => {
    renderPath([
      status({
        level: 'Beginner',
        levelIndex: 0,
        state: 'certified',
        grantedAt: '2026-09-01T12:00:00.000Z',
        expiresAt: null,
        certifier: { id: 'rep-2', name: 'Maija Coach' },
        code: 'ABCD-EFGH-JKMN',
        missing: [
          { kind: 'roleplays', level: 'Intermediate', required: 2, remaining: 0, minScore: 70, blockers: [{ criterionKey: 'next-step', minScore: 3, criterionName: 'Next step' }], metrics: [{ metricKey: 'seller-talk-ratio', min: null, max: 60 }] },
          { kind: 'wait', level: 'Intermediate', until: '2027-01-14T12:00:00.000Z' },
        ],
        nextOpensAt: '2027-01-14T12:00:00.000Z',
        history: [
          { level: 'Beginner', kind: 'grant', grantedAt: '2026-09-01T12:00:00.000Z', expiresAt: null, expiredAt: null, code: 'ABCD-EFGH-JKMN', evidence: [{ scorecardId: 'sc-0', at: '2026-09-01T12:00:00.000Z', reviewer: { id: 'rep-2', name: 'Maija Coach' }, overall: 81 }] },
        ],
        verdicts: [
          { scorecardId: 'sc-1', sessionId: 's1', at: '2026-10-01T12:00:00.000Z', reviewer: { id: 'rep-2', name: 'Maija Coach' }, overall: 84, level: 'Intermediate', counted: true, reason: null, criterionKey: null, criterionName: null, metricKey: null },
          { scorecardId: 'sc-2', sessionId: 's2', at: '2026-10-08T12:00:00.000Z', reviewer: { id: 'rep-1', name: 'Aino Virtanen' }, overall: 90, level: 'Intermediate', counted: false, reason: 'self', criterionKey: null, criterionName: null, metricKey: null },
          { scorecardId: 'sc-3', sessionId: 's3', at: '2026-10-15T12:00:00.000Z', reviewer: { id: 'rep-3', name: 'Ben Peer' }, overall: 77, level: 'Intermediate', counted: false, reason: 'calibration', criterionKey: null, criterionName: null, metricKey: null },
          { scorecardId: 'sc-4', sessionId: 's4', at: '2026-10-22T12:00:00.000Z', reviewer: { id: 'rep-2', name: 'Maija Coach' }, overall: 88, level: 'Intermediate', counted: false, reason: 'blocker', criterionKey: 'next-step', criterionName: 'Next step', metricKey: null },
          { scorecardId: 'sc-5', sessionId: 's5', at: '2026-10-29T12:00:00.000Z', reviewer: { id: 'rep-2', name: 'Maija Coach' }, overall: 91, level: 'Intermediate', counted: false, reason: 'metric', criterionKey: null, criterionName: null, metricKey: 'seller-talk-ratio' },
        ],
      }),
      status({ focus: 'demo', level: 'Advanced', levelIndex: 2, state: 'expired', grantedAt: '2026-01-01T12:00:00.000Z', expiresAt: '2026-04-01T12:00:00.000Z', code: 'WXYZ-0000-1111', missing: [{ kind: 'renewal', level: 'Advanced', minScore: 80, blockers: [] }], history: [{ level: 'Advanced', kind: 'grant', grantedAt: '2026-01-01T12:00:00.000Z', expiresAt: '2026-04-01T12:00:00.000Z', expiredAt: '2026-04-01T12:00:00.000Z', code: 'WXYZ-0000-1111', evidence: [] }] }),
    ]);
    const [discovery, demo] = await screen.findAllByTestId('cert-area');
    const d = within(discovery!);
    expect(d.getByText('Certified')).toBeTruthy();
    expect(d.getByText(/Granted Sep 1, 2026 by Maija Coach · does not expire/)).toBeTruthy();
    // The certificate opens from its level; the code that verifies it stands beside the link.
    expect(discovery!.querySelector('[data-certificate-code="ABCD-EFGH-JKMN"]')).toBeTruthy();
    expect(d.getByRole('link', { name: 'Open the certificate' }).getAttribute('href')).toBe('#/certificates/ABCD-EFGH-JKMN');
    expect(d.getByText('Next: Intermediate')).toBeTruthy();
    const met = discovery!.querySelector('.cert-check.is-met')!;
    expect(met.textContent).toContain('Met: Role-plays scored 70 or above by a certifier: 2 of 2');
    expect(d.getByText(/At least 3 on “Next step” in each of them/)).toBeTruthy();
    const missing = discovery!.querySelector('.cert-check.is-missing')!;
    expect(missing.textContent).toContain('Still needed: Opens on Jan 14, 2027');
    expect(d.getByRole('link', { name: 'Oct 1, 2026 · Maija Coach · 84' }).getAttribute('href')).toBe('#/coaching?scorecard=sc-1');
    expect(d.getByText(/a self-review never certifies/)).toBeTruthy();
    expect(d.getByText(/Ben Peer scores outside the team’s calibration band/)).toBeTruthy();
    expect(d.getByText(/“Next step” below its minimum/)).toBeTruthy();
    expect(d.getByText(/Seller talk time \(%\) at most 60/)).toBeTruthy();
    expect(d.getByText(/Seller talk time \(%\) outside the level’s range/)).toBeTruthy();

    const x = within(demo!);
    expect(x.getByText('Expired')).toBeTruthy();
    expect(x.getByText(/Granted Jan 1, 2026 · expired Apr 1, 2026/)).toBeTruthy();
    expect(x.getByText('To renew Advanced')).toBeTruthy();
    expect(x.getByText(/One role-play scored 80 or above by a certifier/)).toBeTruthy();
    expect(x.getByText('Advanced granted Jan 1, 2026')).toBeTruthy();
  });

  it('shows a level that is due for renewal, in Finnish', async () => {
    renderPath([status({ level: 'Advanced', levelIndex: 2, state: 'due', grantedAt: '2026-01-01T12:00:00.000Z', expiresAt: '2026-04-01T12:00:00.000Z', code: 'C', missing: [{ kind: 'renewal', level: 'Advanced', minScore: 80, blockers: [] }] })], 'fi');
    const area = await screen.findByTestId('cert-area');
    expect(within(area).getByText('Uusittava')).toBeTruthy();
    expect(within(area).getByText('Tason Edistynyt uusiminen')).toBeTruthy();
  });

  it('shows nothing when the core refuses the viewer', async () => {
    const { ApiError } = await import('../../src/renderer/src/api/api');
    const api = fakeApi({
      'certifications:list': () => {
        throw new ApiError({ code: 'forbidden', message: 'Not yours' });
      },
    });
    const { container } = render(
      <AppProviders api={api} language="en">
        <CertificationPath repId="rep-1" />
      </AppProviders>,
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(container.querySelector('.cert-path')).toBeNull();
  });
});
