import type { Database } from 'better-sqlite3';
import type { AccessEntry, AccessRole, Caller, Guard } from '../../shared/access';
import type { DomainHandlers } from '../../shared/contract';
import type { accessChannels } from '../../shared/access';
import { AppError, ErrorCode } from '../../shared/errors';
import { statementCache } from '../db/statements';
import type { CoreEvents } from '../events';
import type { Audience } from './audience';
import { mayCall, offersFor } from './offers';

/** Roles on the roster: who is what, and the caller a signed-in person becomes. */
export class AccessService {
  private readonly sql;

  constructor(
    db: Database,
    private readonly audience: Audience,
    private readonly events: CoreEvents,
  ) {
    this.sql = statementCache(db);
  }

  /** The caller a signed-in person is, with the role they have now (so a role change applies at once). */
  callerFor(repId: string): Caller {
    const role = this.audience.roleOf(repId);
    return role ? { kind: 'person', repId, role } : { kind: 'stranger' };
  }

  list(): AccessEntry[] {
    const rows = this.sql(
      `SELECT id, name, email, access_role AS explicitRole FROM reps WHERE archived_at IS NULL ORDER BY name COLLATE NOCASE, email`,
    ).all() as { id: string; name: string; email: string; explicitRole: AccessRole | null }[];
    return rows.map((r) => this.entry(r));
  }

  setRole(repId: string, role: AccessRole | null): AccessEntry {
    const row = this.sql('SELECT id, name, email, access_role AS explicitRole FROM reps WHERE id = ? AND archived_at IS NULL').get(repId) as
      | { id: string; name: string; email: string; explicitRole: AccessRole | null }
      | undefined;
    if (!row) throw new AppError(ErrorCode.notFound, 'There is no active person with that id.');
    this.sql('UPDATE reps SET access_role = ? WHERE id = ?').run(role, repId);
    this.events.emit('access:changed', { repIds: [repId] });
    return this.entry({ ...row, explicitRole: role });
  }

  private entry(row: { id: string; name: string; email: string; explicitRole: AccessRole | null }): AccessEntry {
    return { repId: row.id, name: row.name, email: row.email, role: this.audience.roleOf(row.id) ?? 'rep', explicit: row.explicitRole !== null };
  }

  personName(repId: string): string | null {
    return (this.sql('SELECT name FROM reps WHERE id = ?').pluck().get(repId) as string | undefined) ?? null;
  }
}

export function accessHandlers(access: AccessService, guard: Guard): DomainHandlers<typeof accessChannels> {
  return {
    'access:me': (_input, { caller }) =>
      caller.kind === 'person'
        ? { kind: 'person', repId: caller.repId, name: access.personName(caller.repId), role: caller.role, ...offersFor(caller) }
        : { kind: 'owner', repId: null, name: null, role: null, ...offersFor(caller) },
    'access:can': ({ checks }, { caller }) => checks.map(({ channel, input }) => mayCall(guard, caller, channel, input)),
    'access:roles': () => access.list(),
    'access:set-role': ({ repId, role }) => access.setRole(repId, role),
  };
}
