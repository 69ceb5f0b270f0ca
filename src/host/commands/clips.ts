import path from 'node:path';
import type { Clip } from '../../shared/clips';
import { formatMoment } from '../../shared/rubrics';
import { call } from './call';
import { expectArgs, UsageError, type Command } from './types';

/** What scripts get: stable names, the focus area by its key. */
function plain(c: Clip) {
  return {
    id: c.id,
    recordingId: c.recordingId,
    sessionId: c.sessionId,
    focusArea: c.focusAreaId,
    startMs: c.startMs,
    endMs: c.endMs,
    title: c.title,
    criteria: c.criteria,
    createdBy: c.createdBy,
  };
}

export const clipsCommands: Command[] = [
  {
    path: ['clips', 'list'],
    usage: '[--focus KEY] [--json]',
    summary: 'List the Great moments (clips), newest first, of one focus area or all',
    flags: { focus: 'string' },
    async run(ctx) {
      expectArgs(ctx, 0, `Unexpected argument: ${ctx.args[0]}`);
      const focusAreaId = ctx.flags.focus as string | undefined;
      const clips: Clip[] = [];
      for (let offset = 0; ; offset += 200) {
        const page = await call(ctx.core(), 'clips:list', { ...(focusAreaId ? { focusAreaId } : {}), limit: 200, offset });
        clips.push(...page.rows);
        if (clips.length >= page.total || page.rows.length === 0) break;
      }
      if (ctx.flags.json) ctx.io.out(JSON.stringify(clips.map(plain), null, 2));
      else if (clips.length === 0) ctx.io.out(focusAreaId ? `No clips in ${focusAreaId} yet.` : 'No clips yet.');
      else {
        for (const c of clips) {
          const tags = c.criteria.length ? `  (${c.criteria.join(', ')})` : '';
          ctx.io.out(`${c.focusAreaId}  ${formatMoment(c.startMs)}–${formatMoment(c.endMs)}  ${c.title}${tags}  [${c.id}]`);
        }
      }
      return 0;
    },
  },
  {
    path: ['clips', 'save'],
    usage: 'ID --out FILE [--force] [--json]',
    summary: 'Cut a clip into a file of its own (same format as the take), outside the data folder;\n--force replaces an existing FILE',
    flags: { out: 'string', force: 'boolean' },
    async run(ctx) {
      const [id] = expectArgs(ctx, 1, 'clips save needs the clip id: reprise clips save ID --out FILE');
      const out = ctx.flags.out as string | undefined;
      if (!out) throw new UsageError('clips save needs --out FILE.');
      const core = ctx.core();
      let shown = -10;
      const result = await core.clips.saveAs(id!, path.resolve(out), {
        force: ctx.flags.force === true,
        onProgress: (fraction) => {
          const percent = Math.floor(fraction * 100);
          if (ctx.flags.json || percent < shown + 10) return;
          shown = percent;
          ctx.io.err(`Cutting… ${percent}%`);
        },
      });
      const answer = { id, file: path.resolve(out), mode: result.mode, durationMs: result.durationMs, bytes: result.bytes };
      ctx.io.out(
        ctx.flags.json
          ? JSON.stringify(answer, null, 2)
          : `Saved ${answer.file} (${result.mode === 'copy' ? 'copied as recorded' : 'encoded again: the range starts between keyframes'}).`,
      );
      return 0;
    },
  },
];
