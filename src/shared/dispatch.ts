import type { z } from 'zod';
import { ownerCaller, type Caller, type Guard } from './access';
import { contract, isChannel, type CallContext, type Handlers } from './contract';
import { validOperationKey } from './operations';
import { AppError, ErrorCode, type ApiErrorShape, type Result } from './errors';
import { excerpt } from './text';

export function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

export function toErrorShape(error: unknown): ApiErrorShape {
  if (error instanceof AppError) return error.toShape();
  const message = error instanceof Error ? error.message : String(error);
  return { code: ErrorCode.internal, message };
}

export interface Access {
  caller: Caller;
  guard: Guard;
}

/** What a door passes along beside the input: the operation key of a create (see shared/operations.ts). */
export interface CallOptions {
  operationKey?: string | null;
}

/**
 * The headline of a refused input, for a person: the first problem in the schema's own words
 * (the field it belongs to is in `issues`, where a form shows it next to the field) and how
 * many more there are. The renderer translates this form too.
 */
export function summaryOf(issues: { message: string }[]): string {
  const [first, ...rest] = issues;
  if (!first) return 'Something in the request is not valid';
  if (rest.length === 0) return first.message;
  return `${first.message} (and ${rest.length} more to fix)`;
}

/**
 * The one place where a call from outside meets the core: the channel is looked up,
 * the input parsed by the contract, the caller checked by the core's guard, the handler run,
 * its answer scoped to what the caller may see, and any failure turned into the
 * `{ code, message, issues? }` shape. IPC, HTTP and the CLI all come through here.
 * Without `access` the caller is the owner of a local data folder (every channel open).
 */
export async function dispatch(handlers: Handlers, channel: string, rawInput: unknown, access?: Access, options: CallOptions = {}): Promise<Result<unknown>> {
  if (!isChannel(channel)) {
    return { ok: false, error: { code: ErrorCode.unknownChannel, message: `There is no channel named "${excerpt(channel, 60)}".` } };
  }
  if (access?.caller.kind === 'stranger') {
    return { ok: false, error: { code: ErrorCode.unauthenticated, message: 'Sign in to Reprise first.' } };
  }
  const spec = contract[channel];
  const parsed = spec.input.safeParse(rawInput ?? undefined);
  if (!parsed.success) {
    const issues = issuesOf(parsed.error);
    return { ok: false, error: { code: ErrorCode.invalidInput, message: summaryOf(issues), issues } };
  }
  try {
    const caller = access?.caller ?? ownerCaller;
    const allowed = access ? await access.guard.allow(channel, caller, parsed.data) : undefined;
    const handler = handlers[channel] as (input: unknown, context: CallContext) => unknown;
    const operationKey = validOperationKey(options.operationKey) ? options.operationKey : undefined;
    const value = await handler(parsed.data, operationKey ? { caller, operationKey } : { caller });
    return { ok: true, value: access ? access.guard.scope(channel, caller, value, allowed) : value };
  } catch (error) {
    return { ok: false, error: toErrorShape(error) };
  }
}
