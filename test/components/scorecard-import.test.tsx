import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { localizeServerMessage } from '../../src/renderer/src/api/errors';
import { ScorecardImportReportView } from '../../src/renderer/src/features/coaching/scorecards-import-dialog';
import { I18nProvider } from '../../src/renderer/src/i18n/i18n';

describe('the scorecards import report', () => {
  it('names each skipped scorecard by its lines, in Finnish when that is the language', async () => {
    render(
      <I18nProvider language="fi">
        <ScorecardImportReportView
          fileName="pisteet.csv"
          report={{
            created: 3,
            revised: 1,
            unchanged: 0,
            sessionsCreated: 2,
            warnings: [],
            rejected: [{ lines: [7, 8, 9, 11], reasons: ['score "9" is not a whole number from 1 to 5.'] }],
          }}
        />
      </I18nProvider>,
    );
    const row = screen.getByRole('row', { name: /7–9, 11/ });
    expect(within(row).getByText('score "9" ei ole kokonaisluku 1–5.')).toBeTruthy();
    expect(screen.getByText('1 arvio ohitettiin')).toBeTruthy();
    expect(localizeServerMessage('Line 20: score "7" is not a whole number from 1 to 5.', 'fi')).toBe('Rivi 20: score "7" ei ole kokonaisluku 1–5.');
  });
});
