import { createHash } from 'node:crypto';
import type { CallContext, Channel, Handlers } from '../shared/contract';
import { AppError, ErrorCode } from '../shared/errors';
import { creatingChannels } from '../shared/operations';
import type { Clock } from './clock';

/** How long a key's answer is kept: far longer than any double click or retried request. */
const keepMs = 24 * 60 * 60 * 1000;
/** Answers kept at most; the oldest go first. Each is one create's answer. */
const maxKept = 10_000;

interface Kept {
  channel: Channel;
  input: string;
  at: number;
  answer: Promise<unknown>;
}

/**
 * Runs each create once per operation key. A second call with the key (a double click, a request
 * the transport sent again) waits for the first if it is still running and gets its answer; a
 * failure is not kept, so a retry after one runs again. Keys belong to their caller: another
 * person's identical key is another operation. A key sent again with a different channel or input
 * is refused: it would otherwise answer with something that was not asked.
 *
 * Kept in memory: the answers are for repeats within one running core (the desktop, the browser
 * host, the hub). A hub also keeps each person's write answers under the key on disk, for a
 * desktop that retries after a restart.
 */
export function replayCreates(handlers: Handlers, clock: Clock): Handlers {
  const kept = new Map<string, Kept>();
  const prune = (now: number) => {
    for (const [key, entry] of kept) {
      if (kept.size <= maxKept && now - entry.at < keepMs) break;
      kept.delete(key);
    }
  };
  const wrapped = { ...handlers } as Record<Channel, (input: unknown, context: CallContext) => unknown>;
  for (const channel of creatingChannels) {
    const handler = handlers[channel] as (input: unknown, context: CallContext) => unknown;
    wrapped[channel] = (input, context) => {
      if (!context.operationKey) return handler(input, context);
      const now = clock().getTime();
      prune(now);
      const who = context.caller.kind === 'person' ? context.caller.repId : context.caller.kind;
      const key = `${who}\u0000${context.operationKey}`;
      const text = fingerprint(input);
      const previous = kept.get(key);
      if (previous && now - previous.at < keepMs) {
        if (previous.channel !== channel || previous.input !== text) {
          throw new AppError(ErrorCode.conflict, 'This request repeats the key of a different one. Reload the page and try again.');
        }
        return previous.answer;
      }
      const answer = Promise.resolve().then(() => handler(input, context));
      kept.set(key, { channel, input: text, at: now, answer });
      answer.catch(() => {
        if (kept.get(key)?.answer === answer) kept.delete(key);
      });
      return answer;
    };
  }
  return wrapped as unknown as Handlers;
}

function fingerprint(input: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(input ?? null))
    .digest('base64url');
}
