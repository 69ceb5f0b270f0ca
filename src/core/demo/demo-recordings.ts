import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { AppError } from '../../shared/errors';
import { resolveFfmpeg, run } from '../media/ffmpeg';
import type { RecordingsService } from '../recordings/recordings-service';

const lines: [string, string][] = [
  ['What made you start looking at this now?', 'Our month-end close takes nine days, and the board wants it in five.'],
  ['What does a late close cost you today?', 'Two people on overtime every month, and decisions made on old numbers.'],
  ['Who else will weigh in on this decision?', 'Our CFO, and IT will want to see the security review.'],
  ['If nothing changes, what happens next quarter?', 'We miss the audit deadline again, honestly.'],
];

function onPath(binary: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, binary);
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return null;
}

/**
 * Short made-up role-play recordings for the demo's latest sessions, with a marked moment each:
 * two voices from espeak-ng where it is installed, else two tones, so the Library and the
 * scorecards have something to play. Needs ffmpeg; without it the demo has no recordings.
 */
export async function seedDemoRecordings(db: Database, recordings: RecordingsService, count = 4, onMade: (made: number, of: number) => void = () => undefined): Promise<number> {
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
      `SELECT s.id FROM sessions s WHERE s.status = 'done' AND NOT EXISTS (SELECT 1 FROM recordings r WHERE r.session_id = s.id)
       ORDER BY s.starts_at DESC LIMIT ?`,
    )
    .pluck()
    .all(count) as string[];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reprise-demo-'));
  let made = 0;
  try {
    for (const [i, sessionId] of sessions.entries()) {
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
        recordings.addMarker({ recordingId: recording.id, offsetMs: Math.round(recording.durationMs / 2), note: 'The buyer names the cost of waiting', tag: null });
      }
      made++;
      onMade(made, sessions.length);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return made;
}
