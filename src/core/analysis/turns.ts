import type { SpeechAnalysis, SpeechSpan, SpeakerMetrics } from '../../shared/analysis';

export type Span = { startMs: number; endMs: number };
type Voice = 'seller' | 'buyer';

/** An utterance shorter than this, entirely inside the other speaker's turn, is a backchannel ("mm-hm"). */
export const backchannelMaxMs = 1000;
/**
 * A turn that starts while the other is still speaking counts as an interruption only when the
 * overlap lasts this long: a quick hand-over where the end of one word touches the start of the
 * next is not an interruption.
 */
export const interruptionMinOverlapMs = 250;

interface Turn extends Span {
  speaker: Voice;
  interruption: boolean;
}

const length = (s: Span) => s.endMs - s.startMs;

/** Total time covered by the union of spans (any order, may overlap). */
export function unionMs(spans: Span[]): number {
  const sorted = [...spans].sort((a, b) => a.startMs - b.startMs);
  let total = 0;
  let end = -Infinity;
  for (const s of sorted) {
    if (s.startMs >= end) {
      total += length(s);
      end = s.endMs;
    } else if (s.endMs > end) {
      total += s.endMs - end;
      end = s.endMs;
    }
  }
  return total;
}

/** Time during which both lists have speech; each list is sorted and its spans do not overlap. */
export function intersectionMs(a: Span[], b: Span[]): number {
  let i = 0;
  let j = 0;
  let total = 0;
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i]!.startMs, b[j]!.startMs);
    const end = Math.min(a[i]!.endMs, b[j]!.endMs);
    if (end > start) total += end - start;
    if (a[i]!.endMs < b[j]!.endMs) i++;
    else j++;
  }
  return total;
}

function pausesOf(spans: Span[]): SpeechAnalysis['pauses'] {
  const sorted = [...spans].sort((a, b) => a.startMs - b.startMs);
  const gaps: number[] = [];
  let end = sorted[0]?.endMs ?? 0;
  for (const s of sorted.slice(1)) {
    if (s.startMs > end) gaps.push(s.startMs - end);
    end = Math.max(end, s.endMs);
  }
  return {
    count: gaps.length,
    meanMs: gaps.length ? Math.round(gaps.reduce((a, b) => a + b, 0) / gaps.length) : null,
    longestMs: gaps.length ? Math.max(...gaps) : 0,
  };
}

/**
 * Turns from each speaker's speech. A speaker holds the turn, pauses included, until the other
 * speaker says something that is not a backchannel: an utterance under a second after which the
 * holder speaks again before the other does.
 */
export function buildTurns(seller: Span[], buyer: Span[]): { turns: Turn[]; backchannels: (Span & { speaker: Voice })[] } {
  const all = [
    ...seller.map((s) => ({ ...s, speaker: 'seller' as const })),
    ...buyer.map((s) => ({ ...s, speaker: 'buyer' as const })),
  ].sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  const own = { seller: [...seller].sort((a, b) => a.startMs - b.startMs), buyer: [...buyer].sort((a, b) => a.startMs - b.startMs) };
  const turns: Turn[] = [];
  const backchannels: (Span & { speaker: Voice })[] = [];
  let current: Turn | null = null;
  for (const s of all) {
    if (!current) {
      current = { startMs: s.startMs, endMs: s.endMs, speaker: s.speaker, interruption: false };
      continue;
    }
    if (s.speaker === current.speaker) {
      current.endMs = Math.max(current.endMs, s.endMs);
      continue;
    }
    if (length(s) < backchannelMaxMs) {
      const holder = current.speaker;
      const nextOwn = own[s.speaker].find((o) => o.startMs > s.startMs)?.startMs ?? Infinity;
      const holderResumes = current.endMs > s.endMs || own[holder].some((h) => h.endMs > s.endMs && h.startMs < nextOwn);
      if (holderResumes) {
        backchannels.push({ startMs: s.startMs, endMs: s.endMs, speaker: s.speaker });
        continue;
      }
    }
    turns.push(current);
    current = { startMs: s.startMs, endMs: s.endMs, speaker: s.speaker, interruption: current.endMs - s.startMs >= interruptionMinOverlapMs };
  }
  if (current) turns.push(current);
  return { turns, backchannels };
}

/** Every metric of a stereo take from each speaker's speech (sorted, non-overlapping spans per speaker). */
export function stereoMetrics(
  seller: Span[],
  buyer: Span[],
  durationMs: number,
  analyzerVersion: number,
): SpeechAnalysis {
  const { turns, backchannels } = buildTurns(seller, buyer);
  const talk = { seller: 0, buyer: 0 };
  for (const t of turns) talk[t.speaker] += length(t);
  const totalTalk = talk.seller + talk.buyer;
  const metricsOf = (who: Voice): SpeakerMetrics => {
    const mine = turns.filter((t) => t.speaker === who);
    return {
      talkMs: Math.round(talk[who]),
      talkRatio: totalTalk ? talk[who] / totalTalk : 0,
      longestMonologueMs: Math.round(Math.max(0, ...mine.map(length))),
      turns: mine.length,
      interruptions: mine.filter((t) => t.interruption).length,
      backchannels: backchannels.filter((b) => b.speaker === who).length,
    };
  };
  const patience: number[] = [];
  for (let i = 1; i < turns.length; i++) {
    // An interruption leaves no pause; it counts as none rather than as a negative one.
    if (turns[i - 1]!.speaker === 'buyer' && turns[i]!.speaker === 'seller') patience.push(Math.max(0, turns[i]!.startMs - turns[i - 1]!.endMs));
  }
  const switches = Math.max(0, turns.length - 1);
  const speechMs = unionMs([...seller, ...buyer]);
  const round = (s: Span & { speaker: SpeechSpan['speaker'] }) => ({ speaker: s.speaker, startMs: Math.round(s.startMs), endMs: Math.round(s.endMs) });
  return {
    durationMs: Math.round(durationMs),
    channels: 'stereo',
    speakers: { seller: metricsOf('seller'), buyer: metricsOf('buyer') },
    speakerSwitches: switches,
    interactivityPerMinute: durationMs > 0 ? switches / (durationMs / 60_000) : 0,
    patienceMs: patience.length ? Math.round(patience.reduce((a, b) => a + b, 0) / patience.length) : null,
    overlapMs: Math.round(intersectionMs(seller, buyer)),
    silenceRatio: durationMs > 0 ? Math.max(0, 1 - speechMs / durationMs) : 1,
    speechMs: Math.round(speechMs),
    pauses: pausesOf([...seller, ...buyer]),
    segments: [
      ...seller.map((s) => round({ ...s, speaker: 'seller' })),
      ...buyer.map((s) => round({ ...s, speaker: 'buyer' })),
    ].sort((a, b) => a.startMs - b.startMs),
    turns: turns.map((t) => ({ ...round(t), interruption: t.interruption })),
    backchannels: backchannels.map(round),
    analyzerVersion,
  };
}

/** A mono take: speech, silence and pauses only. */
export function monoMetrics(speech: Span[], durationMs: number, analyzerVersion: number): SpeechAnalysis {
  const speechMs = unionMs(speech);
  return {
    durationMs: Math.round(durationMs),
    channels: 'mono',
    speakers: null,
    speakerSwitches: null,
    interactivityPerMinute: null,
    patienceMs: null,
    overlapMs: null,
    silenceRatio: durationMs > 0 ? Math.max(0, 1 - speechMs / durationMs) : 1,
    speechMs: Math.round(speechMs),
    pauses: pausesOf(speech),
    segments: speech.map((s) => ({ speaker: 'unknown', startMs: Math.round(s.startMs), endMs: Math.round(s.endMs) })),
    turns: [],
    backchannels: [],
    analyzerVersion,
  };
}
