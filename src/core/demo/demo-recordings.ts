import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { AppError } from '../../shared/errors';
import { resolveFfmpeg, run } from '../media/ffmpeg';
import type { ClipsService } from '../recordings/clips-service';
import type { RecordingsService } from '../recordings/recordings-service';

const lines: [string, string][] = [
  ['What made you start looking at this now?', 'Our month-end close takes nine days, and the board wants it in five.'],
  ['What does a late close cost you today?', 'Two people on overtime every month, and decisions made on old numbers.'],
  ['Who else will weigh in on this decision?', 'Our CFO, and IT will want to see the security review.'],
  ['If nothing changes, what happens next quarter?', 'We miss the audit deadline again, honestly.'],
];

/**
 * Great moments from each take, as a coach would clip them: the seller's question, then the buyer's
 * answer. The lines are discovery, whatever the session practised, so they are filed under it.
 */
const moments: [question: { title: string; criteria: string[] }, answer: { title: string; criteria: string[] }][] = [
  [
    { title: 'Asks why now before asking what they need', criteria: ['open-questions'] },
    { title: 'The buyer names the deadline behind the project', criteria: ['pain-and-impact', 'listening'] },
  ],
  [
    { title: 'Puts a price on the late close', criteria: ['quantifying', 'open-questions'] },
    { title: 'Overtime and old numbers: the cost in the buyer’s words', criteria: ['pain-and-impact', 'quantifying'] },
  ],
  [
    { title: 'Finds out who else decides', criteria: ['open-questions', 'next-step'] },
    { title: 'The CFO and IT come into the deal early', criteria: ['listening', 'next-step'] },
  ],
  [
    { title: 'Asks what happens if nothing changes', criteria: ['pain-and-impact', 'open-questions'] },
    { title: 'The buyer admits the audit risk', criteria: ['pain-and-impact', 'listening'] },
  ],
];
const clipFocus = 'discovery';
/** Enough Great moments to browse and filter, not so many that the demo looks made up. */
const mostClips = 6;

function onPath(binary: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, binary);
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return null;
}

/**
 * Short made-up role-play recordings for the demo's latest sessions, with a marked moment each
 * and clips of the question and the answer (so Great moments has something to show): two voices
 * from espeak-ng where it is installed, else two tones, so the Library and the scorecards have
 * something to play. Needs ffmpeg; without it the demo has no recordings.
 */
export async function seedDemoRecordings(
  db: Database,
  core: { recordings: RecordingsService; clips: ClipsService },
  count = 4,
  onMade: (made: number, of: number) => void = () => undefined,
): Promise<number> {
  const { recordings, clips } = core;
  let ffmpeg: string;
  try {
    ffmpeg = resolveFfmpeg().ffmpeg;
  } catch (error) {
    if (error instanceof AppError) return 0;
    throw error;
  }
  const espeak = onPath('espeak-ng');
  const sessions = db
    .prepare(
      `SELECT s.id, s.coach_rep_id AS coach FROM sessions s WHERE s.status = 'done' AND NOT EXISTS (SELECT 1 FROM recordings r WHERE r.session_id = s.id)
       ORDER BY s.starts_at DESC LIMIT ?`,
    )
    .all(count) as { id: string; coach: string | null }[];
  // Only criteria in the focus area's rubric as it stands may tag a clip.
  const rubric = new Set(
    db
      .prepare(
        `SELECT c.key FROM rubric_criteria c JOIN rubric_template_versions v ON v.id = c.version_id JOIN rubric_templates t ON t.id = v.template_id
         WHERE t.focus_area_id = ? AND t.is_default = 1 AND v.version = (SELECT max(version) FROM rubric_template_versions WHERE template_id = t.id)`,
      )
      .pluck()
      .all(clipFocus) as string[],
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reprise-demo-'));
  let made = 0;
  let clipped = 0;
  try {
    for (const [i, { id: sessionId, coach }] of sessions.entries()) {
      const [question, answer] = lines[i % lines.length] as [string, string];
      const parts = [path.join(dir, `${i}-a.wav`), path.join(dir, `${i}-b.wav`)];
      if (espeak) {
        await run(espeak, ['-v', 'en+m3', '-s', '150', '-w', parts[0]!, question]);
        await run(espeak, ['-v', 'en+f3', '-s', '150', '-w', parts[1]!, answer]);
      } else {
        await run(ffmpeg, ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=220:duration=3', parts[0]!]);
        await run(ffmpeg, ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=330:duration=3', parts[1]!]);
      }
      const take = path.join(dir, `role-play-${i + 1}.m4a`);
      await run(ffmpeg, [
        '-v', 'error', '-y', '-i', parts[0]!, '-i', parts[1]!,
        '-filter_complex', '[0:a]aresample=48000[a];[1:a]aresample=48000[b];[a][b]concat=n=2:v=0:a=1[out]',
        '-map', '[out]', '-c:a', 'aac', '-b:a', '64k', take,
      ]);
      const recording = await recordings.importFile({ sessionId, file: take });
      if (recording.durationMs && recording.durationMs > 1500) {
        const half = Math.round(recording.durationMs / 2);
        recordings.addMarker({ recordingId: recording.id, offsetMs: half, note: 'The buyer names the cost of waiting', tag: null });
        const [asked, answered] = moments[i % moments.length]!;
        for (const [moment, startMs, endMs] of [
          [asked, 0, half],
          [answered, half, recording.durationMs],
        ] as const) {
          if (clipped >= mostClips) break;
          clips.create(
            { recordingId: recording.id, startMs, endMs, title: moment.title, focusAreaId: clipFocus, criteria: moment.criteria.filter((c) => rubric.has(c)) },
            coach,
          );
          clipped++;
        }
      }
      made++;
      onMade(made, sessions.length);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return made;
}
