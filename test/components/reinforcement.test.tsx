import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AppProviders } from '../../src/renderer/src/app/providers';
import { ReinforcementDue, ReinforcementSection } from '../../src/renderer/src/features/certification/reinforcement';
import type { ReinforcementCard, RepReinforcement } from '../../src/shared/certification';
import { fakeApi, type FakeApi } from './fake-api';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString();

function card(kind: ReinforcementCard['kind'], name: string, retrievability: number, dueInDays: number): ReinforcementCard {
  return { kind, key: name.toLowerCase(), name, reviews: 3, lastReviewAt: day(-30), stability: 20, difficulty: 5, retrievability, dueAt: day(dueInDays) };
}

const person = (id: string, name: string) => ({ id, name, email: `${id}@example.com` });

function renderWith(node: React.ReactNode, api: FakeApi, language: 'en' | 'fi' = 'en') {
  render(
    <AppProviders api={api} language={language}>
      {node}
    </AppProviders>,
  );
}

describe('reinforcement on a rep’s page', () => {
  it('shows each focus area and criterion with recall today in plain words and when to practise, overdue marked', async () => {
    const cards: RepReinforcement[] = [
      { rep: person('rep-1', 'Aino'), cards: [card('focus-area', 'Discovery', 0.62, -3), card('focus-area', 'Demo', 0.93, 20), card('criterion', 'Listening', 0.71, 5)] },
    ];
    renderWith(<ReinforcementSection repId="rep-1" />, fakeApi({ 'reinforcement:cards': () => cards }));
    const areas = within(await screen.findByRole('list', { name: 'Focus areas' })).getAllByRole('listitem');
    // Due first: Discovery is overdue, Demo is fresh.
    expect(areas[0]!.textContent).toMatch(/^Discovery.*about 62% likely to recall · practise by .* \(overdue\)$/);
    expect(areas[0]!.querySelector('.is-overdue')).toBeTruthy();
    expect(areas[1]!.textContent).toMatch(/^Demo.*about 93% likely to recall/);
    expect(areas[1]!.querySelector('.is-overdue')).toBeNull();
    expect(within(screen.getByRole('list', { name: 'Criteria' })).getByRole('listitem').textContent).toContain('Listeningabout 71% likely to recall');
  });

  it('says when there is nothing to estimate yet', async () => {
    renderWith(<ReinforcementSection repId="rep-1" />, fakeApi({ 'reinforcement:cards': () => [{ rep: person('rep-1', 'Aino'), cards: [] }] }));
    expect(await screen.findByTestId('reinforce-empty')).toBeTruthy();
  });
});

describe('Reinforcement due on Today', () => {
  it('lists my due areas first, then other reps with a link to their page, and leaves criteria out', async () => {
    const due: RepReinforcement[] = [
      { rep: person('rep-2', 'Ben Peer'), cards: [card('focus-area', 'Demo', 0.55, -10)] },
      { rep: person('rep-1', 'Aino'), cards: [card('focus-area', 'Discovery', 0.8, 0), card('criterion', 'Listening', 0.5, -1)] },
      { rep: person('rep-3', 'Cai Only Criteria'), cards: [card('criterion', 'Listening', 0.5, -1)] },
    ];
    renderWith(<ReinforcementDue me="rep-1" />, fakeApi({ 'reinforcement:due': () => due }));
    const section = await screen.findByTestId('reinforcement-due');
    const items = within(section).getAllByRole('listitem');
    expect(items[0]!.textContent).toBe('Your practice: Discovery, about 80% likely to recall, due today');
    expect(items[1]!.textContent).toMatch(/^Ben Peer: Demo \(due .*\)$/);
    expect(within(items[1]!).getByRole('link', { name: 'Ben Peer' }).getAttribute('href')).toBe('#/people/rep-2');
    expect(section.textContent).not.toContain('Listening');
    expect(section.textContent).not.toContain('Cai Only Criteria');
  });

  it('is calm when nothing is due, in Finnish too', async () => {
    renderWith(<ReinforcementDue me="rep-1" />, fakeApi({ 'reinforcement:due': () => [] }), 'fi');
    expect(await screen.findByText(/Tänään ei ole kerrattavaa/)).toBeTruthy();
  });
});
