import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AppProviders } from '../../src/renderer/src/app/providers';
import { ClipDialog } from '../../src/renderer/src/features/clips/clip-dialog';
import { clipTitleMax } from '../../src/shared/clips';
import { fakeApi } from './fake-api';

describe('The clip dialog', () => {
  it('says how many characters the title has left near its limit, where the field stops taking more', async () => {
    const api = fakeApi({ 'focus-areas:list': () => [], 'rubric-templates:list': () => [] });
    render(
      <AppProviders api={api} language="en">
        <ClipDialog mode="new" recordingId="rec-1" range={{ startMs: 1000, endMs: 3000 }} focusAreaId="discovery" onClose={() => undefined} />
      </AppProviders>,
    );
    const title = await screen.findByLabelText(/Title/);
    expect(title.getAttribute('aria-describedby')).toBeTruthy();
    const hint = () => document.getElementById(title.getAttribute('aria-describedby')!)!.textContent;
    expect(hint()).toBe('What makes this moment worth watching');
    fireEvent.change(title, { target: { value: 'x'.repeat(clipTitleMax - 1) } });
    expect(hint()).toBe('1 character left');
    fireEvent.change(title, { target: { value: 'x'.repeat(clipTitleMax) } });
    expect(hint()).toBe('0 characters left');
  });
});
