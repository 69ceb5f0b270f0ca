import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/renderer/src/api/api';
import { AppProviders } from '../../src/renderer/src/app/providers';
import { ErrorNotice } from '../../src/renderer/src/ui/error-notice';
import { fakeApi } from './fake-api';

function show(error: unknown) {
  render(
    <AppProviders api={fakeApi({})} language="en">
      <ErrorNotice error={error} onRetry={() => undefined} />
    </AppProviders>,
  );
}

describe('a failed call', () => {
  it('offers Try again when trying again can help', () => {
    show(new ApiError({ code: 'offline', message: 'The network is down' }));
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('offers no Try again when the role does not allow it: the answer would be the same', () => {
    show(new ApiError({ code: 'forbidden', message: 'Not allowed' }));
    expect(screen.getByText('Not allowed')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
  });
});
