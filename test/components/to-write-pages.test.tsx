import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AppProviders } from '../../src/renderer/src/app/providers';
import { ToWriteTab } from '../../src/renderer/src/features/coaching/to-write';
import type { ToWriteItem } from '../../src/shared/scorecards';
import { fakeApi } from './fake-api';

/** 70 owed sessions, many starting at the same minute, served a page at a time as the core serves them (newest first by start, then id). */
function owed(): ToWriteItem[] {
  const items = Array.from({ length: 70 }, (_, i) => ({
    session: { id: `s-${String(i).padStart(2, '0')}`, title: `Role-play ${i}`, focusAreaId: 'discovery', focusAreaName: 'Discovery', startsAt: `2026-11-${String(10 + (i % 5)).padStart(2, '0')}T13:00:00.000Z`, status: 'done' as const },
    reviewee: { id: `r-${i}`, name: `Rep ${i}` },
    role: 'peer' as const,
    scorecardId: null,
    status: null,
  }));
  const key = (i: ToWriteItem) => `${i.session.startsAt ?? ''} ${i.session.id}`;
  return items.sort((a, b) => key(b).localeCompare(key(a)));
}

describe('To write', () => {
  it('loads the next page after the last one shown, until a short page ends the list', async () => {
    const all = owed();
    const api = fakeApi({
      'scorecards:to-write': ({ limit, after }) => {
        const start = after ? all.findIndex((i) => i.session.id === after.id) + 1 : 0;
        return all.slice(start, start + (limit ?? all.length));
      },
      'scorecards:list': () => [],
      'sessions:list': () => [],
      'sync:status': () => ({ state: 'local', hubUrl: null, repId: null, name: null, lastContactAt: null, uploads: { waiting: 0, uploading: 0, paused: 0, attention: 0, keptLocal: 0, done: 0 }, outbox: { pending: 0, refused: 0 } }),
    });
    render(
      <AppProviders api={api} language="en">
        <ToWriteTab me="me" />
      </AppProviders>,
    );
    const list = await screen.findByRole('list', { name: /./ });
    expect(within(list).getAllByRole('listitem')).toHaveLength(30);
    fireEvent.click(screen.getByRole('button', { name: 'Show more' }));
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(60));
    fireEvent.click(screen.getByRole('button', { name: 'Show more' }));
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(70));
    const shown = within(list).getAllByRole('listitem').map((li) => li.textContent);
    expect(shown).toHaveLength(70);
    expect(new Set(shown).size).toBe(70);
    expect(screen.queryByRole('button', { name: 'Show more' })).toBeNull();
    const asked = api.calls.filter((c) => c.channel === 'scorecards:to-write').map((c) => c.input as { limit: number; after?: { id: string } });
    expect(asked.map((a) => [a.limit, a.after?.id ?? null])).toEqual([
      [30, null],
      [30, all[29]!.session.id],
      [30, all[59]!.session.id],
    ]);
  }, 30_000);
});
