import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCore } from '../../src/core/core';
import { demoDirOf, removeDemoDir, Workspace } from '../../src/core/demo/demo-workspace';
import { dispatch } from '../../src/shared/dispatch';
import type { EventName } from '../../src/shared/contract';
import { tempDir } from '../support/temp-dir';

const clock = () => new Date('2026-11-30T09:00:00Z');
const open: Workspace[] = [];

function workspaceOn(dataDir: string) {
  const core = createCore({ dataDir, clock, backups: false });
  const workspace = new Workspace({ dataDir, core, clock, reps: 6, weeks: 10, open: (dir) => createCore({ dataDir: dir, clock, backups: false }) });
  const emitted: { name: EventName; payload: unknown }[] = [];
  workspace.events.onAny((name, payload) => emitted.push({ name, payload }));
  open.push(workspace);
  return { workspace, emitted };
}

async function people(workspace: Workspace): Promise<string[]> {
  const result = await dispatch(workspace.handlers, 'people:list', {});
  if (!result.ok) throw new Error(result.error.message);
  return (result.value as { email: string }[]).map((p) => p.email);
}

afterEach(() => {
  for (const w of open.splice(0)) w.close();
});

describe('switching between the real data and the demo', () => {
  it('makes the demo in its own folder, switches to it and back, and leaves the real data as it was', async () => {
    const dataDir = tempDir();
    const { workspace, emitted } = workspaceOn(dataDir);
    expect((await dispatch(workspace.handlers, 'demo:status', {})).ok && workspace.status()).toMatchObject({ active: false, seeded: false, firstRun: true });
    workspace.core.people.create({ name: 'Real Person', email: 'real@example.org' });
    expect(workspace.status().firstRun).toBe(false);

    const entered = await dispatch(workspace.handlers, 'demo:enter', { fast: true });
    expect(entered).toMatchObject({ ok: true, value: { active: true, seeded: true, demoDir: path.join(dataDir, 'demo') } });
    expect(workspace.core.dataDir).toBe(path.join(dataDir, 'demo'));
    const demoPeople = await people(workspace);
    expect(demoPeople.length).toBeGreaterThan(6);
    expect(demoPeople).not.toContain('real@example.org');
    expect(demoPeople.every((e) => e.endsWith('@example.com'))).toBe(true);
    expect(emitted.filter((e) => e.name === 'demo:progress').map((e) => (e.payload as { step: string }).step)).toEqual(['team', 'recordings', 'opening']);
    expect(emitted.at(-1)).toMatchObject({ name: 'demo:switched', payload: { active: true } });

    const left = await dispatch(workspace.handlers, 'demo:leave', {});
    expect(left).toMatchObject({ ok: true, value: { active: false, seeded: true } });
    expect(await people(workspace)).toEqual(['real@example.org']);

    // Entering again opens the demo made before instead of making another.
    await workspace.enter();
    expect((await people(workspace)).sort()).toEqual([...demoPeople].sort());
    expect(emitted.filter((e) => e.name === 'demo:progress')).toHaveLength(3);
  });

  it('refuses to switch while a take is being recorded', async () => {
    const { workspace } = workspaceOn(tempDir());
    vi.spyOn(workspace.core.recordings, 'liveTakes').mockReturnValue(['take']);
    const refused = await dispatch(workspace.handlers, 'demo:enter', { fast: true });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/take is being recorded/) } });
    expect(workspace.active).toBe(false);
    expect(fs.existsSync(demoDirOf(workspace.realDir))).toBe(false);
  });

  it('removes the demo folder and nothing else', async () => {
    const dataDir = tempDir();
    const { workspace } = workspaceOn(dataDir);
    workspace.core.people.create({ name: 'Real Person', email: 'real@example.org' });
    await workspace.enter({ fast: true });
    const removed = await dispatch(workspace.handlers, 'demo:remove', {});
    expect(removed).toMatchObject({ ok: true, value: { active: false, seeded: false } });
    expect(fs.existsSync(path.join(dataDir, 'demo'))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'reprise.sqlite'))).toBe(true);
    expect(await people(workspace)).toEqual(['real@example.org']);
  });

  it('refuses to delete a path that is not the demo folder, or a folder Reprise did not make as one', () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, 'keep.txt'), 'real');
    expect(() => removeDemoDir(dataDir, dataDir)).toThrow(/Only the demo folder/);
    expect(() => removeDemoDir(dataDir, path.join(dataDir, 'demo', '..'))).toThrow(/Only the demo folder/);
    const other = tempDir();
    expect(() => removeDemoDir(dataDir, other)).toThrow(/Only the demo folder/);
    fs.mkdirSync(path.join(dataDir, 'demo'));
    fs.writeFileSync(path.join(dataDir, 'demo', 'reprise.sqlite'), 'someone put real data here');
    expect(() => removeDemoDir(dataDir, path.join(dataDir, 'demo'))).toThrow(/not made by Reprise/);
    expect(fs.existsSync(path.join(dataDir, 'demo', 'reprise.sqlite'))).toBe(true);
    expect(fs.existsSync(other)).toBe(true);
    expect(fs.readFileSync(path.join(dataDir, 'keep.txt'), 'utf8')).toBe('real');
  });

  it('a plain core (the CLI, a hub) offers no switch', async () => {
    const core = createCore({ dataDir: tempDir(), clock, backups: false });
    try {
      expect(await dispatch(core.handlers, 'demo:enter', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await dispatch(core.handlers, 'demo:status', {})).toMatchObject({ ok: true, value: { active: false, firstRun: true } });
    } finally {
      core.close();
    }
  });
});
