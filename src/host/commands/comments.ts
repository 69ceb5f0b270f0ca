import type { CommentThread } from '../../shared/comments';
import { formatMoment } from '../../shared/rubrics';
import { call } from './call';
import { expectArgs, UsageError, type Command } from './types';

function whole(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${flag} takes milliseconds into the take, a whole number such as 83500.`);
  return n;
}

function text(threads: CommentThread[]): string {
  if (threads.length === 0) return 'No comments yet.';
  return threads
    .flatMap((c) => [
      `${formatMoment(c.atMs)}${c.toMs !== null ? `–${formatMoment(c.toMs)}` : ''}  ${c.authorName ?? 'Owner'}: ${c.body}${c.resolvedAt ? '  (resolved)' : ''}  [${c.id}]`,
      ...c.replies.map((r) => `    ${r.authorName ?? 'Owner'}: ${r.body}  [${r.id}]`),
    ])
    .join('\n');
}

export const commentsCommands: Command[] = [
  {
    path: ['comments', 'add'],
    usage: '--recording ID --at MS [--to MS] --text TEXT ...',
    summary: 'Comment on a moment (or a range) of a take:\n[--reply-to ID] [--author EMAIL] [--json]',
    flags: { recording: 'string', at: 'string', to: 'string', text: 'string', author: 'string', 'reply-to': 'string' },
    async run(ctx) {
      expectArgs(ctx, 0, `Unexpected argument: ${ctx.args[0]}`);
      const recordingId = ctx.flags.recording as string | undefined;
      const body = ctx.flags.text as string | undefined;
      const parentId = ctx.flags['reply-to'] as string | undefined;
      if (!recordingId || !body) throw new UsageError('comments add needs --recording ID and --text TEXT.');
      const atMs = whole(ctx.flags.at, 'at');
      if ((atMs === undefined) === (parentId === undefined)) throw new UsageError('Give --at MS for a new comment, or --reply-to ID for a reply.');
      const added = await call(ctx.core(), 'comments:add', {
        recordingId,
        body,
        ...(atMs !== undefined ? { atMs } : {}),
        ...(ctx.flags.to !== undefined ? { toMs: whole(ctx.flags.to, 'to') } : {}),
        ...(parentId ? { parentId } : {}),
        ...(ctx.flags.author ? { author: ctx.flags.author as string } : {}),
      });
      ctx.io.out(ctx.flags.json ? JSON.stringify(added, null, 2) : `Added comment ${added.id} at ${formatMoment(added.atMs)}.`);
      return 0;
    },
  },
  {
    path: ['comments', 'list'],
    usage: '--recording ID [--json]',
    summary: 'List a take’s comments by their moment, each with its replies',
    flags: { recording: 'string' },
    async run(ctx) {
      expectArgs(ctx, 0, `Unexpected argument: ${ctx.args[0]}`);
      const recordingId = ctx.flags.recording as string | undefined;
      if (!recordingId) throw new UsageError('comments list needs --recording ID.');
      const threads = await call(ctx.core(), 'comments:list', { recordingId });
      ctx.io.out(ctx.flags.json ? JSON.stringify(threads, null, 2) : text(threads));
      return 0;
    },
  },
];
