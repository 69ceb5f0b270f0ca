import type { Caller, Guard } from '../../shared/access';
import { channels, contract, isChannel, type Channel } from '../../shared/contract';
import { rules, type Rule } from './rules';

/**
 * What the app may offer a caller, read from the rules the core enforces (rules.ts), so the
 * renderer never shows an action the core would refuse: `may` are the channels this caller may
 * call with any input; `perItem` those allowed for some things only (the renderer asks
 * `access:can` about the very thing before offering it).
 */
export function offersFor(caller: Caller): { may: Channel[]; perItem: Channel[] } {
  if (caller.kind === 'owner') return { may: [...channels], perItem: [] };
  if (caller.kind !== 'person') return { may: [], perItem: [] };
  const may: Channel[] = [];
  const perItem: Channel[] = [];
  for (const channel of channels) {
    const rule = rules[channel] as Rule<Channel>;
    if (rule.who === 'nobody') continue;
    if (caller.role === 'admin') may.push(channel);
    else if (rule.who === 'member') (rule.check ? perItem : may).push(channel);
  }
  return { may, perItem };
}

/** Whether the guard would let this caller make this call: the input parsed as dispatch() would, then the rule. */
export function mayCall(guard: Guard, caller: Caller, channel: string, input: unknown): boolean {
  if (!isChannel(channel)) return false;
  const parsed = contract[channel].input.safeParse(input ?? undefined);
  if (!parsed.success) return false;
  try {
    guard.allow(channel, caller, parsed.data);
    return true;
  } catch {
    return false;
  }
}
