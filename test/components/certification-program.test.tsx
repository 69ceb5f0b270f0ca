import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/renderer/src/api/api';
import { AppProviders } from '../../src/renderer/src/app/providers';
import { ProgramDialog } from '../../src/renderer/src/features/certification/program-editor';
import { AccessGate } from '../../src/renderer/src/features/hub/access-gate';
import type { AccessRole } from '../../src/shared/access';
import type { CertificationProgram, CertificationProgramFields } from '../../src/shared/certification';
import type { RubricTemplate } from '../../src/shared/scorecards';
import { fakeApi, makeRep } from './fake-api';

const defaults: CertificationProgramFields = {
  levels: [
    { name: 'Beginner', roleplays: 2, minScore: 60, minDaysSincePrevious: 30, validDays: null, blockers: [], metrics: [] },
    { name: 'Intermediate', roleplays: 2, minScore: 70, minDaysSincePrevious: 30, validDays: null, blockers: [], metrics: [] },
    { name: 'Advanced', roleplays: 3, minScore: 80, minDaysSincePrevious: 30, validDays: 90, blockers: [], metrics: [] },
  ],
  renewalWindowDays: 14,
  calibrationBand: 0.75,
  calibrationMinComparisons: 3,
  managerReviews: 'coach-flagged',
};

const template = {
  id: 't1',
  focusAreaId: 'discovery',
  criteria: [
    { id: 'c1', key: 'questions', name: 'Open questions', description: '', weight: 1, required: true, anchors: [] },
    { id: 'c2', key: 'next-step', name: 'Agreed next step', description: '', weight: 1, required: true, anchors: [] },
  ],
} as unknown as RubricTemplate;

const coach = makeRep({ id: 'coach', name: 'Cole Coach', coach: true });
const rep = makeRep({ id: 'aino', name: 'Aino Virtanen' });

function setup(role: AccessRole | 'owner' = 'owner', language: 'en' | 'fi' = 'en', onClose: () => void = () => undefined, refuse = false) {
  let stored: CertificationProgramFields | null = null;
  const program = (): CertificationProgram => ({ ...(stored ?? defaults), focusAreaId: 'discovery', focusAreaName: 'Discovery', custom: stored !== null });
  let marked: string[] = [];
  const certifiers = () => marked.map((id) => ({ rep: { id, name: id === 'aino' ? rep.name : coach.name, email: '' }, focusAreaId: 'discovery', markedAt: '2026-11-01T00:00:00.000Z' }));
  const api = fakeApi({
    'access:me': () => (role === 'owner' ? { kind: 'owner', repId: null, name: null, role: null } : { kind: 'person', repId: 'aino', name: 'Aino Virtanen', role }),
    'focus-areas:list': () => [{ id: 'discovery', name: 'Discovery', description: '', position: 0, archived: false, builtin: true }] as never,
    'certifications:program': () => program(),
    'certifications:set-program': ({ fields }) => {
      if (refuse) throw new ApiError({ code: 'forbidden', message: 'Only an admin may do this.' });
      stored = fields as CertificationProgramFields | null;
      return program();
    },
    'rubric-templates:list': () => [template],
    'people:list': () => [coach, rep],
    'certifications:certifiers': () => ({
      certifiers: certifiers(),
      calibration: [
        { reviewer: { id: 'coach', name: coach.name }, focusAreaId: 'discovery', standing: 'out-of-band', comparisons: 8, meanDeviation: 1.25 },
        { reviewer: { id: 'aino', name: rep.name }, focusAreaId: 'discovery', standing: 'not-judged', comparisons: 2, meanDeviation: -0.5 },
      ],
      uncertifiable: [],
    }),
    'certifications:mark-certifier': ({ repId, certifier }) => {
      marked = certifier ? [...marked, repId] : marked.filter((id) => id !== repId);
      return certifiers();
    },
    'certifications:list': () => [],
  });
  render(
    <AppProviders api={api} language={language}>
      <AccessGate>
        <ProgramDialog onClose={onClose} />
      </AccessGate>
    </AppProviders>,
  );
  return { api, saved: () => stored };
}

const level = (name: string) => screen.getByRole('listitem', { name });

describe('the certification program editor', () => {
  it('edits a level’s bar, adds a blocker and saves the whole program after a confirmation that grants are unchanged', async () => {
    const { api, saved } = setup('admin');
    const intermediate = await screen.findByRole('listitem', { name: 'Intermediate' });
    fireEvent.change(within(intermediate).getByLabelText('Lowest overall score'), { target: { value: '75' } });
    fireEvent.click(within(intermediate).getByRole('button', { name: 'Add a blocker' }));
    fireEvent.change(within(intermediate).getByLabelText('Criterion'), { target: { value: 'next-step' } });
    fireEvent.change(within(intermediate).getByLabelText('Lowest score (1–5)'), { target: { value: '4' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save levels' }));
    expect(screen.getByRole('alert').textContent).toContain('each grant keeps the rules it was made under');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(saved()).not.toBeNull());
    expect(saved()!.levels[1]).toEqual({ ...defaults.levels[1], minScore: 75, blockers: [{ criterionKey: 'next-step', minScore: 4 }] });
    expect(saved()!.levels[0]).toEqual(defaults.levels[0]);
    expect(api.calls.filter((c) => c.channel === 'certifications:set-program')).toHaveLength(1);
    expect(await screen.findByText('Levels saved. Grants already made are unchanged.')).toBeTruthy();
  });

  it('renames, reorders, adds and removes levels with buttons, and undoes unsaved changes', async () => {
    setup();
    await screen.findByRole('listitem', { name: 'Advanced' });
    fireEvent.change(within(level('Advanced')).getByLabelText('Name'), { target: { value: 'Expert' } });
    fireEvent.click(within(level('Expert')).getByRole('button', { name: 'Move up' }));
    // The moved level keeps the focus; at the top, on the button that still works.
    expect(document.activeElement).toBe(within(level('Expert')).getByRole('button', { name: 'Move up' }));
    fireEvent.click(within(level('Expert')).getByRole('button', { name: 'Move up' }));
    expect(document.activeElement).toBe(within(level('Expert')).getByRole('button', { name: 'Move down' }));
    fireEvent.click(within(level('Expert')).getByRole('button', { name: 'Move down' }));
    const order = () => screen.getAllByRole('listitem').filter((li) => li.classList.contains('cert-level')).map((li) => li.getAttribute('aria-label'));
    expect(order()).toEqual(['Beginner', 'Expert', 'Intermediate']);
    fireEvent.click(screen.getByRole('button', { name: 'Add a level' }));
    expect(order()).toEqual(['Beginner', 'Expert', 'Intermediate', 'Level 4']);
    expect(document.activeElement).toBe(within(level('Level 4')).getByLabelText('Name'));
    fireEvent.click(within(level('Beginner')).getByRole('button', { name: 'Remove level' }));
    expect(order()).toEqual(['Expert', 'Intermediate', 'Level 3']);
    expect(document.activeElement).toBe(within(level('Expert')).getByLabelText('Name'));
    fireEvent.click(screen.getByRole('button', { name: 'Undo changes' }));
    expect(order()).toEqual(['Beginner', 'Intermediate', 'Advanced']);
    expect((screen.getByRole('button', { name: 'Save levels' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('says per field what to fix and does not save a wrong program', async () => {
    const { api } = setup('admin');
    await screen.findByRole('listitem', { name: 'Beginner' });
    const beginner = level('Beginner');
    fireEvent.change(within(beginner).getByLabelText('Lowest overall score'), { target: { value: '120' } });
    fireEvent.change(within(beginner).getByLabelText('Role-plays needed'), { target: { value: '' } });
    fireEvent.click(within(beginner).getByRole('button', { name: 'Add a metric range' }));
    fireEvent.change(within(beginner).getByLabelText('At most'), { target: { value: '140' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save levels' }));
    const score = within(beginner).getByLabelText('Lowest overall score');
    expect(score.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(score.getAttribute('aria-describedby')!.split(' ')[0]!)!.textContent).toBe('Enter 100 or less');
    expect(within(beginner).getByText('Fill this in')).toBeTruthy();
    expect(within(beginner).getByText('A talk ratio is a percentage from 0 to 100')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe('3 fields need fixing before saving.');
    expect(api.calls.some((c) => c.channel === 'certifications:set-program')).toBe(false);
  });

  it('words the same problems in Finnish', async () => {
    setup('admin', 'fi');
    const beginner = await screen.findByRole('listitem', { name: 'Aloittelija' });
    fireEvent.change(within(beginner).getByLabelText('Alin kokonaispistemäärä'), { target: { value: '120' } });
    fireEvent.change(within(beginner).getByLabelText('Nimi'), { target: { value: ' ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Tallenna tasot' }));
    expect(within(beginner).getByText('Anna enintään 100')).toBeTruthy();
    expect(within(beginner).getByText('Anna tasolle nimi')).toBeTruthy();
  });

  it('resets to the defaults after a confirmation and marks certifiers', async () => {
    const { saved, api } = setup('admin');
    await screen.findByRole('listitem', { name: 'Beginner' });
    fireEvent.change(within(level('Beginner')).getByLabelText('Role-plays needed'), { target: { value: '4' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save levels' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('This focus area has its own levels.');
    fireEvent.click(screen.getByRole('button', { name: 'Reset to defaults' }));
    expect(screen.getByRole('alert').textContent).toContain('Levels already granted stay as they are.');
    fireEvent.click(within(screen.getByRole('alert')).getByRole('button', { name: 'Reset to defaults' }));
    await screen.findByText('This focus area uses the default levels.');
    expect(saved()).toBeNull();

    const box = await screen.findByRole('checkbox', { name: 'Mark Aino Virtanen as a certifier' });
    const table = box.closest('table')!;
    expect(within(table).getByRole('row', { name: /Cole Coach/ }).textContent).toContain('Out of band +1.25');
    expect(within(table).getByRole('row', { name: /Aino Virtanen/ }).textContent).toContain('Not judged yet (2 scores compared)');
    fireEvent.click(box);
    await waitFor(() => expect((box as HTMLInputElement).checked).toBe(true));
    expect(api.calls.find((c) => c.channel === 'certifications:mark-certifier')!.input).toEqual({ repId: 'aino', focusAreaId: 'discovery', certifier: true });
  });

  it('asks before closing with unsaved changes, and says so when the core refuses the save', async () => {
    let closed = 0;
    setup('admin', 'en', () => (closed += 1), true);
    await screen.findByRole('listitem', { name: 'Beginner' });
    fireEvent.change(within(level('Beginner')).getByLabelText('Role-plays needed'), { target: { value: '3' } });
    fireEvent.click(screen.getAllByRole('button', { name: 'Close' }).at(-1)!);
    expect(screen.getByRole('alert').textContent).toContain('You have unsaved changes to the levels.');
    fireEvent.click(screen.getByRole('button', { name: 'Keep editing' }));
    expect(closed).toBe(0);
    expect((within(level('Beginner')).getByLabelText('Role-plays needed') as HTMLInputElement).value).toBe('3');

    fireEvent.click(screen.getByRole('button', { name: 'Save levels' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText(/Your role does not allow this\./)).toBeTruthy();
    expect((within(level('Beginner')).getByLabelText('Role-plays needed') as HTMLInputElement).value).toBe('3');

    fireEvent.click(screen.getAllByRole('button', { name: 'Close' }).at(-1)!);
    fireEvent.click(screen.getByRole('button', { name: 'Discard changes' }));
    expect(closed).toBe(1);
  });

  it('shows a rep the rules to read, with nothing to edit', async () => {
    setup('rep');
    expect(await screen.findByText('2 role-plays, each scored 70 or above by a certifier')).toBeTruthy();
    expect(screen.getByText('Holds for 90 days, then needs renewing')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Save levels' })).toBeNull();
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.queryByRole('checkbox')).toBeNull();
  });
});
