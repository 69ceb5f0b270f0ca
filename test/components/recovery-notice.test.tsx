import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AppProviders } from '../../src/renderer/src/app/providers';
import { RecoveryNotice } from '../../src/renderer/src/features/library/recovery-notice';
import { fakeApi } from './fake-api';

describe('the notice after a start that found unfinished work', () => {
  it('says, in Finnish too, that an import of one file per voice cut off before the join was dropped whole', async () => {
    const api = fakeApi({});
    render(
      <AppProviders api={api} language="fi">
        <RecoveryNotice />
      </AppProviders>,
    );
    act(() => api.emit('recordings:recovered', { recordings: [], droppedPairs: 1 }));
    expect(
      await screen.findByText(
        'Tuonti, jossa oli yksi tiedosto kummallekin äänelle, keskeytyi ennen kuin tiedostot yhdistettiin, joten siitä ei säilytetty mitään. Tuo molemmat tiedostot uudelleen.',
      ),
    ).toBeTruthy();
  });
});
