import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/host/cli';
import { buildTake, type Scene } from '../support/conversation';
import { makeMedia } from '../support/media';
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
