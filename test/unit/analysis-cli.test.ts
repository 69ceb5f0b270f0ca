import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SpeechAnalysis } from '../../src/shared/analysis';
import { runAnalyzeCli } from '../../src/host/analyze-cli';
import { runCli } from '../../src/host/cli';
import { buildTake, type Scene } from '../support/conversation';
import { makeMedia } from '../support/media';
import { otherEngines } from '../support/other-engines';
import { tempDir } from '../support/temp-dir';

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, {});
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const scene: Scene = {
  seller: { name: 'en-us+m4', speed: 160, pitch: 50 },
  buyer: { name: 'en-gb-x-rp+f1', speed: 175, pitch: 60 },
  leadMs: 1500,
  tailMs: 1500,
  lines: [
    { who: 'buyer', text: 'Can you send me the pricing sheet after this call?' },
    { who: 'seller', text: 'Of course. Before I do, who else will look at it on your side?', after: 1000 },
    { who: 'buyer', text: 'Our finance lead and probably the head of sales.', after: 700 },
  ],
};

describe('reprise analyze', () => {
  it('answers the same through its own quick entry as through the whole CLI, and refuses what is not analyze', async () => {
    const dir = tempDir();
    const take = buildTake(scene, { seed: 3 }, dir);
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
    expect(await runAnalyzeCli(['--data-dir', dir, 'analyze', take.file, '--json'], io, {})).toBe(0);
    expect(JSON.parse(out.join('\n'))).toEqual(JSON.parse((await cli(['--data-dir', dir, 'analyze', take.file, '--json'])).stdout));
    expect(await runAnalyzeCli(['recordings', 'list'], io, {})).toBe(2);
    expect(err.join('\n')).toMatch(/Unknown command: recordings list/);
  });

  it('prints the promised JSON for any media file and stores nothing', async () => {
    const dir = tempDir();
    const take = buildTake(scene, { seed: 3 }, dir);
    const result = await cli(['--data-dir', dir, 'analyze', take.file, '--json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as Record<string, unknown> & { speakers: Record<'seller' | 'buyer', Record<string, number>> };
    for (const key of ['durationMs', 'channels', 'speakers', 'speakerSwitches', 'interactivityPerMinute', 'patienceMs', 'overlapMs', 'silenceRatio', 'segments', 'analyzerVersion']) {
      expect(json).toHaveProperty(key);
    }
    for (const key of ['talkMs', 'talkRatio', 'longestMonologueMs', 'turns', 'interruptions', 'backchannels']) {
      expect(json.speakers.seller).toHaveProperty(key);
      expect(json.speakers.buyer).toHaveProperty(key);
    }
    expect(json.channels).toBe('stereo');
    expect(Math.abs(json.speakers.seller.talkRatio! - take.truth.speakers!.seller.talkRatio)).toBeLessThan(0.02);
    expect(json.speakerSwitches).toBe(take.truth.speakerSwitches);
    const swapped = JSON.parse((await cli(['analyze', take.file, '--channels', 'left=buyer,right=seller', '--json'])).stdout) as typeof json;
    expect(swapped.speakers.buyer.talkRatio).toBeCloseTo(json.speakers.seller.talkRatio!, 5);
    expect((await cli(['--data-dir', dir, 'recordings', 'list'])).stdout).toBe('No recordings yet.');
  });

  it('says what it found in words without --json, and why a mono file has no per-speaker numbers', async () => {
    const result = await cli(['analyze', makeMedia('m4a', 2)]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Mono audio: who talked how much needs a call-mode take/);
  });

  it('exits 1 with a clear message for a file without audio, and 2 for channels it cannot read', async () => {
    const silent = await cli(['analyze', makeMedia('webm-video-only', 1), '--json']);
    expect(silent.code).toBe(1);
    expect(silent.stderr).toMatch(/has no audio track/);
    const bad = await cli(['analyze', makeMedia('m4a', 1), '--channels', 'left=seller,right=seller']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--channels takes left=seller,right=buyer/);
  });
});

describe('reprise analyze --speakers 2', () => {
  it('splits one track into two voices and answers the two-channel shape with how sure it is', async () => {
    const dir = tempDir();
    const take = buildTake(otherEngines[1]!, { seed: 12 }, dir);
    const mono = path.join(dir, 'mono.m4a');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', take.file, '-ac', '1', '-c:a', 'aac', mono]);
    // The buyer opens this scene.
    const result = await cli(['analyze', mono, '--speakers', '2', '--first', 'buyer', '--json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as SpeechAnalysis;
    expect(json.channels).toBe('mono');
    expect(json.diarization!.first).toBe('buyer');
    expect(json.diarization!.confidence).toBeGreaterThan(0);
    expect(json.diarization!.confidence).toBeLessThanOrEqual(1);
    expect(Math.abs(json.speakers!.seller.talkRatio - take.truth.speakers!.seller.talkRatio)).toBeLessThan(0.04);
    expect(json.turns[0]!.speaker).toBe('buyer');
    const words = await cli(['analyze', mono, '--speakers', '2']);
    expect(words.stdout).toMatch(/the per-speaker numbers are estimates \(confidence \d+%; the voice heard first is the seller\)/);
  });

  it('refuses --first without --speakers 2, and a number of voices it cannot split into', async () => {
    const file = makeMedia('m4a', 1);
    const lone = await cli(['analyze', file, '--first', 'buyer']);
    expect(lone.code).toBe(2);
    expect(lone.stderr).toMatch(/use it with --speakers 2/);
    expect((await cli(['analyze', file, '--speakers', '3'])).stderr).toMatch(/--speakers takes 1 or 2/);
  });
});

describe('reprise analyze --track', () => {
  it('analyses one file per voice (Zoom\'s separate audio) as two channels, aligned by their start', async () => {
    const dir = tempDir();
    const take = buildTake(otherEngines[0]!, { snrDb: 30, seed: 14 }, dir);
    const seller = path.join(dir, 'seller.m4a');
    const buyer = path.join(dir, 'buyer.m4a');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', take.file, '-af', 'pan=mono|c0=c0', '-c:a', 'aac', seller]);
    // The buyer's file ends at their last word: shorter than the seller's, as Zoom saves them.
    const lastBuyerMs = take.spans.buyer.at(-1)!.endMs + 300;
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', take.file, '-af', 'pan=mono|c0=c1', '-t', String(lastBuyerMs / 1000), '-ac', '2', '-c:a', 'aac', buyer]);
    const result = await cli(['analyze', '--track', `buyer=${buyer}`, '--track', `seller=${seller}`, '--json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as SpeechAnalysis;
    expect(json.channels).toBe('stereo');
    expect(json.speakerSwitches).toBe(take.truth.speakerSwitches);
    expect(Math.abs(json.speakers!.seller.talkRatio - take.truth.speakers!.seller.talkRatio)).toBeLessThan(0.02);
    expect(Math.abs(json.patienceMs! - take.truth.patienceMs!)).toBeLessThanOrEqual(150);
    const bad = await cli(['analyze', '--track', `seller=${seller}`]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--track takes seller=FILE and buyer=FILE/);
  });
});

describe('reprise recordings analyze', () => {
  it('analyses an imported recording and stores it; a second run reuses it unless --force', async () => {
    const dir = tempDir();
    const take = buildTake(scene, { seed: 4 }, tempDir());
    const imported = JSON.parse((await cli(['--data-dir', dir, 'recordings', 'import', take.file, '--json'])).stdout) as { id: string };
    const first = await cli(['--data-dir', dir, 'recordings', 'analyze', imported.id, '--json']);
    expect(first.code).toBe(0);
    const analysis = JSON.parse(first.stdout) as { channels: string; speakerSwitches: number };
    expect(analysis).toMatchObject({ channels: 'stereo', speakerSwitches: take.truth.speakerSwitches });
    const stored = await cli(['--data-dir', dir, 'recordings', 'analyze', imported.id]);
    expect(stored.stdout).toMatch(/seller\s+talk/);
    expect((await cli(['--data-dir', dir, 'recordings', 'analyze', imported.id, '--force', '--json'])).code).toBe(0);
    const missing = await cli(['--data-dir', dir, 'recordings', 'analyze', 'nope']);
    expect(missing.code).toBe(1);
  });
});
