import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeMedia, type AnalyzeOptions } from '../../src/core/analysis/analyze-media';
import { resolveFfmpeg } from '../../src/core/media/ffmpeg';
import type { SpeechAnalysis } from '../../src/shared/analysis';
import { buildTake, type Conditions } from '../support/conversation';
import { otherEngines } from '../support/other-engines';
import { pairScenes } from '../support/voice-pairs';

/**
 * Two voices told apart on one mixed track: the takes of analysis-conditions (flite and Festival
 * voices) mixed down to mono and encoded as AAC, as a Zoom or Teams recording or a room microphone
 * would give them. The truth is where each line was placed. Below, many more pairs (two men of
 * one engine at the same pitch, two engines' men, one voice twice) built at test time calibrate
 * the confidence against the error it makes.
 */
type Tolerance = { ratio: number; monologueMs: number; switches: number; patienceMs: number };

function errorsOf(got: SpeechAnalysis, truth: SpeechAnalysis) {
  return {
    ratio: Math.abs(got.speakers!.seller.talkRatio - truth.speakers!.seller.talkRatio) * 100,
    monologueMs: Math.max(...(['seller', 'buyer'] as const).map((w) => Math.abs(got.speakers![w].longestMonologueMs - truth.speakers![w].longestMonologueMs))),
    switches: Math.abs(got.speakerSwitches! - truth.speakerSwitches!),
    patienceMs: Math.abs((got.patienceMs ?? 0) - (truth.patienceMs ?? 0)),
  };
}

/** Takes built once for the whole file, in a folder of its own: the tolerance, comparison and calibration tests share several. */
const takes = new Map<string, { file: string; truth: SpeechAnalysis }>();
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'reprise-diarize-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

function monoTake(conditions: Conditions, i: number, scene = otherEngines[i]!) {
  const key = JSON.stringify([conditions, i, scene]);
  const built = takes.get(key);
  if (built) return built;
  const dir = path.join(folder, String(takes.size));
  fs.mkdirSync(dir);
  const take = buildTake(scene, { ...conditions, format: 'wav', seed: 900 + i }, dir);
  const file = path.join(dir, 'mono.m4a');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', take.file, '-ac', '1', '-c:a', 'aac', '-b:a', '64k', file]);
  takes.set(key, { file, truth: take.truth });
  return takes.get(key)!;
}

const analyses = new Map<string, Promise<SpeechAnalysis>>();

/** One analysis per take and options: the comparison test reads the tolerance tests' results. */
function analysed(file: string, options: AnalyzeOptions): Promise<SpeechAnalysis> {
  const key = JSON.stringify([file, options]);
  if (!analyses.has(key)) analyses.set(key, analyzeMedia(resolveFfmpeg(), file, options));
  return analyses.get(key)!;
}

const cases: [string, Conditions, Tolerance][] = [
  ['clean', {}, { ratio: 4, monologueMs: 1500, switches: 2, patienceMs: 400 }],
  ['pink noise at 20 dB', { snrDb: 20, pink: true }, { ratio: 6, monologueMs: 2500, switches: 3, patienceMs: 600 }],
];

describe('two voices from one track', () => {
  for (const [label, conditions, t] of cases) {
    it.each([0, 1])(`${label}, mono AAC take %i: within ±${t.ratio} points, ±${t.monologueMs / 1000} s, ±${t.switches} switches, ±${t.patienceMs / 1000} s`, async (i) => {
      const take = monoTake(conditions, i);
      const got = await analysed(take.file, { speakers: 2, first: otherEngines[i]!.lines[0]!.who });
      expect(got.channels).toBe('mono');
      expect(got.diarization!.confidence).toBeGreaterThan(0);
      expect(got.diarization!.confidence).toBeLessThanOrEqual(1);
      const e = errorsOf(got, take.truth);
      expect({ ...e, ok: e.ratio <= t.ratio && e.monologueMs <= t.monologueMs && e.switches <= t.switches && e.patienceMs <= t.patienceMs }).toMatchObject({ ok: true });
    });
  }
});

describe('how sure the split is', () => {
  it('is less sure of two men\'s voices, which pitch hardly tells apart, than of a woman\'s and a man\'s', async () => {
    const sure = await Promise.all([0, 1].map((i) => analysed(monoTake({}, i).file, { speakers: 2, first: otherEngines[i]!.lines[0]!.who })));
    const similar = await analysed(monoTake({}, 2).file, { speakers: 2 });
    for (const s of sure) expect(similar.diarization!.confidence).toBeLessThan(s.diarization!.confidence);
  });
});

describe('the confidence, calibrated on many generated pairs', () => {
  it('is 0.7 or more only where the split holds the tolerances, under 0.5 where it misses them and for one voice split in two', async () => {
    const rows: { label: string; same: boolean; noisy: boolean; confidence: number; e: ReturnType<typeof errorsOf> }[] = [];
    for (const [noisy, conditions] of [[false, {}], [true, { snrDb: 20, pink: true }]] as const) {
      for (const [k, { pair, scene, script }] of pairScenes().entries()) {
        const take = monoTake(conditions, k, scene);
        const got = await analysed(take.file, { speakers: 2, first: scene.lines[0]!.who });
        rows.push({ label: `${pair.label}, script ${script}`, same: pair.same, noisy, confidence: got.diarization!.confidence, e: errorsOf(got, take.truth) });
      }
    }
    // The relation, for the reader: confidence against the error it came with.
    console.log(rows.map((r) => `${r.confidence.toFixed(2)}  ${r.e.ratio.toFixed(1).padStart(5)} pts  ${(r.e.monologueMs / 1000).toFixed(1)} s  ${r.e.switches} sw  ${(r.e.patienceMs / 1000).toFixed(2)} s  ${r.noisy ? 'pink 20 dB' : 'clean'}  ${r.same ? 'one voice twice: ' : ''}${r.label}`).join('\n'));
    const sure = rows.filter((r) => r.confidence >= 0.7);
    expect(sure.filter((r) => r.e.ratio > 6).map((r) => r.label)).toEqual([]);
    const t = (noisy: boolean) => (noisy ? cases[1]![2] : cases[0]![2]);
    const misses = (r: (typeof rows)[number]) =>
      r.e.ratio > t(r.noisy).ratio || r.e.monologueMs > t(r.noisy).monologueMs || r.e.switches > t(r.noisy).switches || r.e.patienceMs > t(r.noisy).patienceMs;
    expect(sure.filter(misses).map((r) => r.label)).toEqual([]);
    // Where a split of two different voices misses the tolerances the result says so: under 0.5.
    // Two espeak-ng men of one engine at one pitch (en-us against en-gb+m3, en-us+m1 against +m7)
    // are the usual case: their spectra differ by less than the sounds of speech move them.
    const missed = rows.filter((r) => !r.same && misses(r));
    expect(missed.filter((r) => r.confidence >= 0.5).map((r) => r.label)).toEqual([]);
    expect(rows.filter((r) => r.same && r.confidence >= 0.5).map((r) => r.label)).toEqual([]);
    // Not a confidence that is never sure: a fair share of the different pairs are told apart surely.
    expect(sure.length).toBeGreaterThanOrEqual(6);
  }, 600_000);

  it('gives the same numbers for the same bytes', async () => {
    const tools = resolveFfmpeg();
    const { scene } = pairScenes()[2]!;
    const take = monoTake({ snrDb: 20, pink: true }, 2, scene);
    const once = await analyzeMedia(tools, take.file, { speakers: 2 });
    const again = await analyzeMedia(tools, take.file, { speakers: 2 });
    expect(again).toEqual(once);
  });
});
