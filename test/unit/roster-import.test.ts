import { describe, expect, it } from 'vitest';
import { importRoster } from '../../src/core/people/roster-import';
import { AppError } from '../../src/shared/errors';
import { testCore } from '../support/core';

const header = 'name,email,role,team,hire_date,manager_email,coach';

async function run(csv: string, core = testCore()) {
  return { core, report: await importRoster(core.db, core.people, csv) };
}

describe('importRoster', () => {
  it('imports a comma-separated roster with managers defined later in the same file', async () => {
    const { core, report } = await run(
      [
        header,
        'Aino Virtanen,aino@example.com,AE,Nordics,2026-09-01,mika@example.com,no',
        'Mika Laine,mika@example.com,Sales Manager,Nordics,2018-02-01,,yes',
      ].join('\n'),
    );
    expect(report).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: [], warnings: [] });
    const [aino, mika] = core.people.list();
    expect(aino).toMatchObject({ name: 'Aino Virtanen', managerName: 'Mika Laine', seniority: 'new_hire', coach: false });
    expect(mika).toMatchObject({ name: 'Mika Laine', coach: true, seniority: 'senior', role: 'Sales Manager' });
  });

  it('names each rep\'s coach by coach_email, on the roster or later in the file, and rejects a coach nobody knows', async () => {
    const core = testCore();
    core.people.create({ name: 'Kim Coach', email: 'kim@example.com' });
    const { report } = await run(
      [
        'name,email,coach_email',
        'Aino Virtanen,aino@example.com,kim@example.com',
        'Ben Berg,ben@example.com,lea@example.com',
        'Lea Lind,lea@example.com,',
        'Cai Carr,cai@example.com,nobody@example.com',
        'Dan Dahl,dan@example.com,dan@example.com',
      ].join('\n'),
      core,
    );
    expect(report.created).toBe(3);
    expect(report.rejected.map((r) => [r.line, r.reason.slice(0, 40)])).toEqual([
      [5, 'coach_email nobody@example.com is neithe'],
      [6, 'coach_email is the rep themselves.'],
    ]);
    const byEmail = (email: string) => core.people.findByEmail(email)!;
    expect(byEmail('aino@example.com')).toMatchObject({ coachedByName: 'Kim Coach' });
    expect(byEmail('ben@example.com')).toMatchObject({ coachedByName: 'Lea Lind' });
    // Importing again with another coach updates; an empty cell keeps the coach as it is.
    const again = await importRoster(core.db, core.people, 'name,email,coach_email\nAino Virtanen,aino@example.com,lea@example.com\nBen Berg,ben@example.com,\n');
    expect(again).toMatchObject({ updated: 1, unchanged: 1 });
    expect(byEmail('aino@example.com')).toMatchObject({ coachedByName: 'Lea Lind' });
    expect(byEmail('ben@example.com')).toMatchObject({ coachedByName: 'Lea Lind' });
  });

  it('reads a Finnish-locale export: BOM, semicolons, CRLF, D.M.YYYY dates and kyllä/ei', async () => {
    const csv = '\uFEFFname;email;role;team;hire_date;manager_email;coach\r\n"Ääkkönen, Örjan";orjan@example.fi;AE;Myynti;1.3.2024;;kyllä\r\n';
    const { core, report } = await run(csv);
    expect(report.created).toBe(1);
    expect(core.people.list()[0]).toMatchObject({ name: 'Ääkkönen, Örjan', hireDate: '2024-03-01', coach: true, team: 'Myynti' });
  });

  it('reports every bad row with its line and reason and still imports the good ones', async () => {
    const csv = [
      header,
      'Good One,good@example.com,AE,A,,,',
      'No Email,,AE,A,,,',
      'Bad Email,not-an-email,AE,A,,,',
      '"Multi',
      'line name",multi@example.com,AE,A,2026-02-30,,',
      'Ghost Manager,ghost@example.com,AE,A,,nobody@example.com,',
      'Dup,good@example.com,AE,A,,,',
      'Coachy,coachy@example.com,AE,A,,,maybe',
      'Too,many@example.com,AE,A,,,,extra',
      'Self,self@example.com,AE,A,,self@example.com,',
      'Good Two,good2@example.com,AE,A,,good@example.com,',
    ].join('\n');
    const { core, report } = await run(csv);
    expect(report.created).toBe(2);
    expect(report.rejected.map((r) => [r.line, r.reason.slice(0, 30)])).toEqual([
      [3, 'The email is empty; every rep '],
      [4, '"not-an-email" is not a valid '],
      [5, 'hire_date "2026-02-30" is not '],
      [7, 'manager_email nobody@example.c'],
      [8, 'good@example.com appears alrea'],
      [9, 'coach "maybe" is not yes or no'],
      [10, 'Has 8 fields but the header ha'],
      [11, 'manager_email is the rep thems'],
    ]);
    expect(core.people.list().map((r) => r.email)).toEqual(['good@example.com', 'good2@example.com']);
    expect(core.people.findByEmail('good2@example.com')!.managerName).toBe('Good One');
  });

  it('rejects, in turn, a row whose manager was itself rejected', async () => {
    const { report } = await run([header, 'Lead,lead@example.com,,,,boss@nowhere.com,', 'Rep,rep@example.com,,,,lead@example.com,'].join('\n'));
    expect(report.created).toBe(0);
    expect(report.rejected.map((r) => r.line)).toEqual([2, 3]);
  });

  it('updates by email on re-import, leaves empty cells alone, and counts unchanged rows', async () => {
    const core = testCore();
    await run([header, 'Aino,aino@example.com,AE,Nordics,2026-01-10,,no', 'Ben,ben@example.com,AE,DACH,,,'].join('\n'), core);
    const id = core.people.findByEmail('aino@example.com')!.id;
    core.people.update(id, { profile: { notes: 'keep me' } });
    const { report } = await run([header, 'Aino Virtanen,AINO@example.com,Senior AE,,,,', 'Ben,ben@example.com,AE,DACH,,,'].join('\n'), core);
    expect(report).toMatchObject({ created: 0, updated: 1, unchanged: 1, rejected: [] });
    expect(core.people.get(id)).toMatchObject({
      name: 'Aino Virtanen',
      role: 'Senior AE',
      team: 'Nordics',
      hireDate: '2026-01-10',
      profile: { notes: 'keep me' },
    });
  });

  it('sets a manager on re-import even when nothing else changed', async () => {
    const core = testCore();
    await run([header, 'Aino,aino@example.com,,,,,', 'Mika,mika@example.com,,,,,'].join('\n'), core);
    const { report } = await run([header, 'Aino,aino@example.com,,,,mika@example.com,'].join('\n'), core);
    expect(report).toMatchObject({ updated: 1, unchanged: 0 });
    expect(core.people.findByEmail('aino@example.com')!.managerName).toBe('Mika');
  });

  it('keeps a reporting loop out and says so', async () => {
    const core = testCore();
    await run([header, 'Aino,aino@example.com,,,,mika@example.com,', 'Mika,mika@example.com,,,,,'].join('\n'), core);
    const { report } = await run([header, 'Mika,mika@example.com,,,,aino@example.com,'].join('\n'), core);
    expect(report.warnings.join(' ')).toMatch(/mika@example.com kept their previous manager/);
    expect(core.people.findByEmail('mika@example.com')!.managerId).toBeNull();
  });

  it('notifies once for the whole import', async () => {
    const { core } = await run([header, 'A,a@example.com,,,,,', 'B,b@example.com,,,,,'].join('\n'));
    expect(core.emitted.filter((e) => e.name === 'people:changed')).toHaveLength(1);
  });

  it('refuses a file without the required columns, naming them, and changes nothing', async () => {
    const core = testCore();
    let error: unknown;
    try {
      await importRoster(core.db, core.people, 'full name,mail\nA,a@example.com\n');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toMatch(/needs the columns name and email/);
    await expect(importRoster(core.db, core.people, '')).rejects.toThrow(/The file is empty/);
    expect(core.people.list()).toEqual([]);
  });

  it('accepts headers in any order and case, warns about unknown columns', async () => {
    const { core, report } = await run('Email;Name;Hire Date;Shoe size\nx@example.com;X;2020-01-01;44\n');
    expect(report.created).toBe(1);
    expect(report.warnings).toEqual(['Ignored unknown column: shoe_size.']);
    expect(core.people.list()[0]).toMatchObject({ name: 'X', hireDate: '2020-01-01' });
  });

  it('collapses line breaks and runs of spaces inside a cell, so a wrapped role stays one role', async () => {
    const { core, report } = await run(`${header}\n"Aino \t Virtanen",aino@example.com,"Account\r\nExecutive","  Nordics   East",,,\nBen,ben@example.com,Account Executive,,,,\n`);
    expect(report.created).toBe(2);
    expect(core.people.findByEmail('aino@example.com')).toMatchObject({ name: 'Aino Virtanen', role: 'Account Executive', team: 'Nordics East' });
    expect(new Set(core.people.list().map((r) => r.role))).toEqual(new Set(['Account Executive']));
  });

  it('refuses a value over the size limit with its line, keeping the rows before it', async () => {
    const { core, report } = await run(`${header}\nA,a@example.com,,,,,\nB,b@example.com,${'x"'.repeat(100_000)},,,,\nC,c@example.com,,,,,\n`);
    expect(core.people.list().map((r) => r.email)).toEqual(['a@example.com']);
    expect(report.rejected).toEqual([{ line: 3, email: null, reason: expect.stringMatching(/longer than 10,000 characters; the rest of the file was not read/) }]);
  });

  it('reports an unterminated quote and keeps the rows before it', async () => {
    const { report } = await run(`${header}\nA,a@example.com,,,,,\n"B,b@example.com,,,,,\n`);
    expect(report.created).toBe(1);
    expect(report.rejected).toEqual([{ line: 3, email: null, reason: expect.stringMatching(/never closed/) }]);
  });

  it('saves a hire date after today but says so, as the single-person form asks before saving one', async () => {
    // testCore's today is 2026-11-27.
    const { core, report } = await run(
      [header, 'Fia Future,fia@example.com,AE,Nordics,2027-06-01,,no', 'Tia Today,tia@example.com,AE,Nordics,2026-11-27,,no'].join('\n'),
    );
    expect(report.created).toBe(2);
    expect(report.warnings).toEqual(['Line 2: fia@example.com has the hire date 2027-06-01, which is after today. Check it if that is not right.']);
    expect(core.people.list().find((r) => r.email === 'fia@example.com')?.hireDate).toBe('2027-06-01');
  });
});
