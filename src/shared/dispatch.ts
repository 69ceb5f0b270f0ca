import type { z } from 'zod';
import { contract, isChannel, type Handlers } from './contract';
import { AppError, ErrorCode, type ApiErrorShape, type Result } from './errors';

export function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

export function toErrorShape(error: unknown): ApiErrorShape {
  if (error instanceof AppError) return error.toShape();
  const message = error instanceof Error ? error.message : String(error);
  return { code: ErrorCode.internal, message };
}

/**
 * The one place where a call from outside meets the core: the channel is looked up,
 * the input parsed by the contract, the handler run, and any failure turned into the
 * `{ code, message, issues? }` shape. IPC, HTTP and the CLI all come through here.
 */
export async function dispatch(handlers: Handlers, channel: string, rawInput: unknown): Promise<Result<unknown>> {
  if (!isChannel(channel)) {
    return { ok: false, error: { code: ErrorCode.unknownChannel, message: `There is no channel named "${channel}".` } };
  }
  const spec = contract[channel];
  const parsed = spec.input.safeParse(rawInput ?? undefined);
  if (!parsed.success) {
    const issues = issuesOf(parsed.error);
    const first = issues[0];
    const message = first ? `Invalid input${first.path ? ` at ${first.path}` : ''}: ${first.message}` : 'Invalid input';
    return { ok: false, error: { code: ErrorCode.invalidInput, message, issues } };
  }
  try {
    const handler = handlers[channel] as (input: unknown) => unknown;
    const value = await handler(parsed.data);
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: toErrorShape(error) };
  }
}
