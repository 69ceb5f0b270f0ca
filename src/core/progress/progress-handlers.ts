import type { Database } from 'better-sqlite3';
import type { Caller } from '../../shared/access';
import type { DomainHandlers } from '../../shared/contract';
import type { progressChannels } from '../../shared/progress';
import type { Audience } from '../access/audience';
import type { Clock } from '../clock';
import type { CoreEvents } from '../events';
import { importOutcomes } from './outcomes-import';
import type { ProgressService } from './progress-service';
import { isoDay } from './calendar';
import { quotaAttainment } from './quota-attainment';

export function progressHandlers(db: Database, progress: ProgressService, audience: Audience, events: CoreEvents, clock: Clock): DomainHandlers<typeof progressChannels> {
  // A manager sees their own tree, a coach the people they coach; admins and the local owner the whole team.
  const visibleTo = (caller: Caller) => {
    if (caller.kind !== 'person' || caller.role === 'admin') return null;
    const view = audience.view(caller.repId, caller.role);
    return caller.role === 'coach' ? view.coachedRepIds() : view.reportIds();
  };
  // Quotas: a rep sees their own, a coach or manager the people they lead, admins and the local owner everyone.
  const quotaAudience = (caller: Caller) => {
    if (caller.kind !== 'person') return caller.kind === 'owner' ? null : new Set<string>();
    if (caller.role === 'admin') return null;
    const view = audience.view(caller.repId, caller.role);
    return caller.role === 'rep' ? new Set([caller.repId]) : view.ledRepIds();
  };
  return {
    'outcomes:import': async ({ csv, mapping, encoding }) => {
      const report = { ...(await importOutcomes(db, csv, clock, mapping)), ...(encoding ? { encoding } : {}) };
      const count = report.created + report.updated + report.quotas;
      if (count) events.emit('outcomes:changed', { count });
      return report;
    },
    'progress:rep': ({ repId }) => progress.repArc(repId),
    'progress:team': (options, { caller }) => progress.teamInTurns(options, visibleTo(caller)),
    'progress:certified': (options, { caller }) => progress.certified(options, visibleTo(caller)),
    'progress:cell': (options, { caller }) => progress.cell(options, visibleTo(caller)),
    'progress:quotas': (options, { caller }) => quotaAttainment(db, options, quotaAudience(caller), isoDay(clock())),
  };
}
