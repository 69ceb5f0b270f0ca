import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AppProviders } from '../../src/renderer/src/app/providers';
import { ImportDialog } from '../../src/renderer/src/features/people/import-dialog';
import { ImportReportView } from '../../src/renderer/src/features/people/import-report';
import type { ImportReport } from '../../src/shared/people';
import { fakeApi } from './fake-api';

const report: ImportReport = {
  created: 3,
  updated: 1,
  unchanged: 2,
  rejected: [
    { line: 4, email: 'hanna.salo@northwind', reason: '"hanna.salo@northwind" is not a valid email address.' },
    { line: 9, email: null, reason: 'The email is empty; every rep needs one.' },
  ],
  warnings: ['Ignored unknown column: region.', 'Line 5: fia@example.com has the hire date 2027-06-01, which is after today. Check it if that is not right.'],
};

describe('ImportReportView', () => {
  it('shows the counts, the warnings and every rejected row with its line and reason', () => {
    render(
      <AppProviders api={fakeApi({})} language="en">
        <ImportReportView report={report} fileName="roster.csv" />
      </AppProviders>,
    );
    const term = (label: string) => screen.getByText(label, { selector: 'dt' }).nextElementSibling?.textContent;
    expect([term('Added'), term('Updated'), term('Unchanged'), term('Skipped')]).toEqual(['3', '1', '2', '2']);
    expect(screen.getByText('Ignored unknown column: region.')).toBeTruthy();

    const rows = within(screen.getByRole('table')).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.textContent)).toEqual([
      'Line 4hanna.salo@northwind"hanna.salo@northwind" is not a valid email address.',
      'Line 9—The email is empty; every rep needs one.',
    ]);
  });

  it('gives the reasons in Finnish in the Finnish interface', () => {
    render(
      <AppProviders api={fakeApi({})} language="fi">
        <ImportReportView report={report} fileName="roster.csv" />
      </AppProviders>,
    );
    expect(screen.getByText('Tuntemattomat sarakkeet jätettiin huomiotta: region.')).toBeTruthy();
    expect(screen.getByText('Rivi 5: henkilön fia@example.com aloituspäivä 2027-06-01 on tämän päivän jälkeen. Tarkista se, jos se ei ole oikein.')).toBeTruthy();
    const cells = within(screen.getByRole('table'))
      .getAllByRole('row')
      .slice(1)
      .map((row) => row.lastElementChild?.textContent);
    expect(cells).toEqual(['"hanna.salo@northwind" ei ole kelvollinen sähköpostiosoite.', 'Sähköposti puuttuu; jokaisella myyntiedustajalla on oltava sellainen.']);
  });
});

function csvFile(bytes: Uint8Array<ArrayBuffer>, name = 'roster.csv'): File {
  const file = new File([bytes], name, { type: 'text/csv' });
  // jsdom's File has no arrayBuffer(); Chromium's (and Electron's) does.
  Object.defineProperty(file, 'arrayBuffer', { value: async () => bytes.slice().buffer });
  return file;
}

describe('ImportDialog', () => {
  it('explains the columns, imports the chosen file and shows the report', async () => {
    const api = fakeApi({ 'people:import': () => report });
    render(
      <AppProviders api={api} language="en">
        <ImportDialog onClose={() => undefined} />
      </AppProviders>,
    );
    for (const column of ['name', 'email', 'role', 'team', 'hire_date', 'manager_email', 'coach']) {
      expect(screen.getByText(column, { selector: 'code' })).toBeTruthy();
    }
    const csv = 'name,email\nAino Virtanen,aino@example.com\n';
    fireEvent.change(screen.getByLabelText('CSV file'), { target: { files: [csvFile(new TextEncoder().encode(csv))] } });

    expect(await screen.findByRole('heading', { name: 'Import report' })).toBeTruthy();
    expect(screen.getByText('Line 4')).toBeTruthy();
    expect(api.calls).toEqual([{ channel: 'people:import', input: { csv, encoding: 'UTF-8' } }]);
  });

  it('reads a file that is not UTF-8 as Windows-1252 (Finnish Excel\'s "CSV") and says so in the report', async () => {
    const api = fakeApi({ 'people:import': (input) => ({ ...report, ...(input.encoding ? { encoding: input.encoding } : {}) }) });
    render(
      <AppProviders api={api} language="en">
        <ImportDialog onClose={() => undefined} />
      </AppProviders>,
    );
    // "Jörg" in Latin-1: 0xF6 is not valid UTF-8 on its own.
    const latin1 = Uint8Array.from([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0x4a, 0xf6, 0x72, 0x67, 0x0a]);
    fireEvent.change(screen.getByLabelText('CSV file'), { target: { files: [csvFile(latin1)] } });

    expect(await screen.findByRole('heading', { name: 'Import report' })).toBeTruthy();
    expect(api.calls).toEqual([{ channel: 'people:import', input: { csv: 'name\nJörg\n', encoding: 'Windows-1252' } }]);
    expect(screen.getByText(/characters read as Windows-1252/)).toBeTruthy();
  });
});
