import type { Caller, Guard } from '../../shared/access';
import { contract, isChannel, type Channel } from '../../shared/contract';
import { AppError, ErrorCode } from '../../shared/errors';
import { View, type Audience } from './audience';
import { rules, type Rule } from './rules';
import { eventRules } from './event-rules';

/** The person behind a caller, as the rules see them; null for the local owner (who may do anything). */
function viewOf(audience: Audience, caller: Caller): View | null {
  if (caller.kind === 'owner') return null;
  if (caller.kind === 'stranger') throw new AppError(ErrorCode.unauthenticated, 'Sign in to Reprise first.');
  return audience.view(caller.repId, caller.role);
}

function ruleOf(channel: string): Rule<Channel> {
  const rule = isChannel(channel) ? (rules[channel] as Rule<Channel> | undefined) : undefined;
  // A channel nobody declared a rule for does not run, whoever asks.
  if (!rule) throw new AppError(ErrorCode.forbidden, `No one may call ${channel}: it has no access rule.`);
  return rule;
}

/** The rules of src/core/access/rules.ts, applied around every handler by dispatch(). */
export function createGuard(audience: Audience): Guard {
  return {
    // The view made here goes back to dispatch() and on to scope(), so a call reads the caller's
    // relationships (reports, coached sessions) once, not once to allow and again to scope.
    allow(channel, caller, input) {
      const rule = ruleOf(channel);
      const view = viewOf(audience, caller);
      if (!view) return view;
      if (rule.who === 'nobody') throw new AppError(ErrorCode.forbidden, 'This is done in the app on your own computer, not on the team hub.');
      if (view.isAdmin) return view;
      const allowed = rule.who === 'member' && (rule.check ? rule.check(view, input as never) : true);
      if (!allowed) {
        throw new AppError(ErrorCode.forbidden, rule.who === 'admin' ? 'Only an admin of your team can do this.' : 'You do not have access to this.');
      }
      return view;
    },
    scope(channel, caller, output, allowed) {
      const rule = ruleOf(channel);
      const view = allowed instanceof View ? allowed : viewOf(audience, caller);
      if (!view || (view.isAdmin && !rule.scopeAdmins) || !rule.scope) return output;
      return rule.scope(view, output as never);
    },
    audit(channel, caller, input) {
      if (!isChannel(channel) || caller.kind !== 'person') return null;
      const audit = ruleOf(channel).audit;
      if (typeof audit !== 'function') return audit ?? null;
      const parsed = contract[channel].input.safeParse(input ?? undefined);
      return parsed.success ? audit(audience.view(caller.repId, caller.role), parsed.data as never) : null;
    },
    event(name, caller, payload) {
      if (caller.kind === 'stranger') return null;
      const view = viewOf(audience, caller);
      if (!view || view.isAdmin) return payload;
      const rule = Object.prototype.hasOwnProperty.call(eventRules, name) ? (eventRules[name as keyof typeof eventRules] as (v: View, p: unknown) => unknown) : null;
      // An event nobody declared a rule for reaches no one but admins and the owner.
      return rule ? rule(view, payload) : null;
    },
  };
}
