import path from 'node:path';
import type { SpeechAnalysis } from '../../shared/analysis';
import { analyzeMedia, analyzeTracks, type AnalyzeOptions } from '../../core/analysis/analyze-media';
import { resolveFfmpeg } from '../../core/media/ffmpeg';
import { parseTracks } from './tracks';
import { expectArgs, UsageError, type Command } from './types';

function parseChannels(value: string | undefined): Pick<AnalyzeOptions, 'layout' | 'roles'> {
  if (value === undefined) return { layout: 'auto' };
  if (value === 'mono') return { layout: 'mono' };
  const pairs = new Map(value.split(',').map((part) => part.split('=').map((s) => s.trim()) as [string, string]));
  const left = pairs.get('left');
  const right = pairs.get('right');
  const voices = ['seller', 'buyer'];
  if (pairs.size !== 2 || !left || !right || !voices.includes(left) || !voices.includes(right) || left === right) {
    throw new UsageError('--channels takes left=seller,right=buyer (or left=buyer,right=seller), or mono.');
  }
  return { layout: 'stereo', roles: { left: left as 'seller' | 'buyer', right: right as 'seller' | 'buyer' } };
}

function parseSpeakers(speakers: string | undefined, first: string | undefined): Pick<AnalyzeOptions, 'speakers' | 'first'> {
  if (speakers !== undefined && speakers !== '1' && speakers !== '2') throw new UsageError('--speakers takes 1 or 2.');
  if (first !== undefined && first !== 'seller' && first !== 'buyer') throw new UsageError('--first takes seller or buyer.');
  if (first !== undefined && speakers !== '2') throw new UsageError('--first says who speaks first of two voices on one track; use it with --speakers 2.');
  return speakers === '2' ? { speakers: 2, first: (first ?? 'seller') as 'seller' | 'buyer' } : {};
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const percent = (ratio: number) => `${Math.round(ratio * 100)}%`;

function summary(a: SpeechAnalysis): string {
  const lines = [`Length ${seconds(a.durationMs)}, ${a.channels}; silence ${percent(a.silenceRatio)}, ${a.pauses.count} pause(s)`];
  if (a.identicalChannels) lines.push('Both channels carry the same sound, so the file was measured as one track.');
  if (a.diarization) {
    lines.push(
      `One track of two voices, told apart by pitch and timbre: the per-speaker numbers are estimates (confidence ${percent(a.diarization.confidence)}; the voice heard first is the ${a.diarization.first}).`,
    );
  }
  if (!a.speakers) {
    lines.push('Mono audio: who talked how much needs a call-mode take (you on the left channel, the other side on the right).');
  } else {
    for (const who of ['seller', 'buyer'] as const) {
      const s = a.speakers[who];
      lines.push(
        `${who.padEnd(6)}  talk ${percent(s.talkRatio).padStart(4)}  longest monologue ${seconds(s.longestMonologueMs)}  turns ${s.turns}  interruptions ${s.interruptions}  backchannels ${s.backchannels}`,
      );
    }
    lines.push(
      `Switches ${a.speakerSwitches} (${(a.interactivityPerMinute ?? 0).toFixed(1)} per minute); patience ${a.patienceMs === null ? '-' : seconds(a.patienceMs)}; overlap ${seconds(a.overlapMs ?? 0)}`,
    );
  }
  return lines.join('\n');
}

/** `reprise analyze`: any media file, nothing stored, no data folder (so it has its own quick entry). */
export const analyzeFileCommand: Command = {
  path: ['analyze'],
  usage: 'FILE [--channels left=seller,right=buyer|mono] [--speakers 2 [--first seller|buyer]] [--json]\n       | --track seller=A.m4a --track buyer=B.m4a [--json]',
  summary:
    'Measure who talked how much, monologues, patience and interruptions\nin any media file, without storing it (--speakers 2: split one track\ninto two voices; the numbers are then estimates)',
  flags: { channels: 'string', speakers: 'string', first: 'string', track: 'strings' },
  async run(ctx) {
    const tracks = parseTracks(ctx.lists.track);
    if (tracks) {
      expectArgs(ctx, 0, 'analyze takes either one FILE or a --track per voice, not both.');
      const analysis = await analyzeTracks(resolveFfmpeg(), tracks);
      ctx.io.out(ctx.flags.json ? JSON.stringify(analysis, null, 2) : summary(analysis));
      return 0;
    }
    const [file] = expectArgs(ctx, 1, 'analyze takes exactly one FILE.');
    const layout = parseChannels(ctx.flags.channels as string | undefined);
    const speakers = parseSpeakers(ctx.flags.speakers as string | undefined, ctx.flags.first as string | undefined);
    const analysis = await analyzeMedia(resolveFfmpeg(), path.resolve(file!), { ...layout, ...speakers });
    ctx.io.out(ctx.flags.json ? JSON.stringify(analysis, null, 2) : summary(analysis));
    return 0;
  },
};

export const analysisCommands: Command[] = [
  analyzeFileCommand,
  {
    path: ['recordings', 'analyze'],
    usage: 'ID [--force] [--json]',
    summary: "Analyse a recording's speech and store the result\n(a stored result of this version is reused unless --force)",
    flags: { force: 'boolean' },
    async run(ctx) {
      const [id] = expectArgs(ctx, 1, 'recordings analyze takes exactly one ID.');
      const analysis = await ctx.core().analysis.analyzeNow(id!, Boolean(ctx.flags.force));
      ctx.io.out(ctx.flags.json ? JSON.stringify(analysis, null, 2) : summary(analysis));
      return 0;
    },
  },
];
