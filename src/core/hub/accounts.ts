import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { AccessRole, Caller } from '../../shared/access';
import type { DomainHandlers } from '../../shared/contract';
import { AppError, ErrorCode, type Result } from '../../shared/errors';
import type { AuditEntry, Device, Invite, OpenInvite, hubChannels } from '../../shared/hub';
import type { AccessService } from '../access/access-service';
import type { Clock } from '../clock';
import { statementCache } from '../db/statements';
import type { CoreEvents } from '../events';
import { uuidv7 } from '../ids';

/** Letters and digits people cannot misread (no 0/O, 1/I/L, U/V). */
const codeAlphabet = 'ABCDEFGHJKMNPQRSTWXYZ23456789';
const codeLength = 12;
/** A device seen again within this long is not written back: sign-ins stay reads. */
const lastSeenEveryMs = 60_000;

/** How long a hub remembers the answer to a write sent with an Idempotency-Key. */
export const idempotencyKeepMs = 24 * 3_600_000;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function inputHash(input: unknown): string {
  return sha256(JSON.stringify(input ?? null));
}

/** Upper case, no spaces or dashes: the form a code is hashed in, however it was typed. */
/** After a restore from a backup: the database is a new generation, whatever the backup remembered. */
export function startNewGeneration(db: Database, now: Date): void {
  db.prepare(`INSERT INTO hub_state (key, value) VALUES ('generation', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(uuidv7(now.getTime()));
}

export function normalizeCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

function newCode(): string {
  let raw = '';
  for (let i = 0; i < codeLength; i++) raw += codeAlphabet[randomInt(codeAlphabet.length)];
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
}

interface DeviceRow {
  id: string;
  rep_id: string;
  rep_name: string;
  name: string;
  kind: 'browser' | 'desktop';
  created_at: string;
  last_seen_at: string | null;
  revoked_at: string | null;
}

export interface AuditInput {
  actorId?: string | null;
  deviceId?: string | null;
  action: string;
  subject?: string;
  detail?: string;
  address?: string;
}

export interface SignedIn {
  caller: Caller & { kind: 'person' };
  deviceId: string;
}

/**
 * Accounts of the team hub. The roster is the account list: an admin invites a person, the person
 * redeems the one-time code on a device, and the device holds a random token the hub keeps only as
 * a hash. Roles come from AccessService, read at every request, so a role change applies at once.
 */
export class HubAccounts {
  private readonly sql;

  constructor(
    db: Database,
    private readonly access: AccessService,
    private readonly events: CoreEvents,
    private readonly clock: Clock,
  ) {
    this.sql = statementCache(db);
  }

  createInvite(repId: string, role: AccessRole | null | undefined, hours: number, createdBy: string | null): Invite {
    const rep = this.sql('SELECT id, name, email FROM reps WHERE id = ? AND archived_at IS NULL').get(repId) as
      | { id: string; name: string; email: string }
      | undefined;
    if (!rep) throw new AppError(ErrorCode.notFound, 'Invite someone who is on the roster and not archived.');
    const now = this.clock();
    const code = newCode();
    const expiresAt = new Date(now.getTime() + hours * 3_600_000).toISOString();
    this.sql(
      `INSERT INTO hub_invites (id, code_hash, rep_id, role, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(uuidv7(now.getTime()), sha256(normalizeCode(code)), repId, role ?? null, createdBy, now.toISOString(), expiresAt);
    this.audit({ actorId: createdBy, action: 'invite-created', subject: rep.email, detail: role ? `role ${role}` : '' });
    // A role given with the invite is the person's role from now on, like one set in Settings:
    // signing in later never sets a role again, so a change made meanwhile is not undone.
    if (role) {
      this.access.setRole(repId, role);
      this.audit({ actorId: createdBy, action: 'role-changed', subject: repId, detail: `${role} (with the invite)` });
    }
    return { code, repId, name: rep.name, email: rep.email, role: this.roleOf(repId), expiresAt };
  }

  /** Invitations not yet used and not expired, newest first, with the role each person has now. */
  openInvites(): OpenInvite[] {
    const rows = this.sql(
      `SELECT i.id, i.rep_id AS repId, r.name, r.email, i.created_at AS createdAt, c.name AS createdByName, i.expires_at AS expiresAt
       FROM hub_invites i JOIN reps r ON r.id = i.rep_id LEFT JOIN reps c ON c.id = i.created_by
       WHERE i.used_at IS NULL AND i.expires_at > ? AND r.archived_at IS NULL
       ORDER BY i.created_at DESC, i.id DESC`,
    ).all(this.clock().toISOString()) as Omit<OpenInvite, 'role'>[];
    return rows.map((r) => ({ ...r, role: this.roleOf(r.repId) }));
  }

  /** Takes back an open invitation so its code no longer signs anyone in. */
  revokeInvite(ref: { id?: string; code?: string }, actorId: string | null): OpenInvite {
    const id = ref.id ?? (this.sql('SELECT id FROM hub_invites WHERE code_hash = ?').pluck().get(sha256(normalizeCode(ref.code ?? ''))) as string | undefined);
    const open = this.openInvites().find((i) => i.id === id);
    if (!open) throw new AppError(ErrorCode.notFound, 'There is no open invitation like that: it may have been used, expired or taken back already.');
    this.sql('DELETE FROM hub_invites WHERE id = ?').run(open.id);
    this.audit({ actorId, action: 'invite-revoked', subject: open.email, detail: `made ${open.createdAt}` });
    return open;
  }

  private roleOf(repId: string): AccessRole {
    const caller = this.access.callerFor(repId);
    return caller.kind === 'person' ? caller.role : 'rep';
  }

  /**
   * Exchanges a one-time code for a device token. The code is spent whether or not the caller
   * keeps the answer, so a code seen twice is refused the second time.
   */
  redeem(code: string, kind: 'browser' | 'desktop', deviceName: string, address = ''): { token: string; device: Device } {
    const now = this.clock();
    const hash = sha256(normalizeCode(code));
    const row = this.sql('SELECT id, rep_id, expires_at, used_at FROM hub_invites WHERE code_hash = ?').get(hash) as
      | { id: string; rep_id: string; expires_at: string; used_at: string | null }
      | undefined;
    const refuse = (why: string): never => {
      this.audit({ action: 'sign-in-refused', subject: row?.rep_id ?? '', detail: why, address });
      throw new AppError(ErrorCode.inviteInvalid, 'That code is not valid: it may have expired or been used already. Ask your admin for a new one.');
    };
    if (!row) return refuse('unknown code');
    if (row.used_at) return refuse('code already used');
    if (row.expires_at <= now.toISOString()) return refuse('code expired');
    if (this.access.callerFor(row.rep_id).kind !== 'person') return refuse('person archived');
    const token = randomBytes(32).toString('base64url');
    const deviceId = uuidv7(now.getTime());
    const redeem = this.sql('UPDATE hub_invites SET used_at = ? WHERE id = ? AND used_at IS NULL');
    const insert = this.sql(
      `INSERT INTO hub_devices (id, rep_id, token_hash, name, kind, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const spent = redeem.run(now.toISOString(), row.id).changes === 1;
    if (!spent) return refuse('code already used');
    insert.run(deviceId, row.rep_id, sha256(token), deviceName.slice(0, 200), kind, now.toISOString(), now.toISOString());
    this.audit({ actorId: row.rep_id, deviceId, action: 'sign-in', subject: kind, detail: deviceName.slice(0, 200), address });
    this.events.emit('devices:changed', { ids: [deviceId] });
    return { token, device: this.device(deviceId, deviceId) };
  }

  /** The person and device behind a token, or null for an unknown, forged or revoked one. */
  authenticate(token: string | undefined | null): SignedIn | null {
    if (!token || token.length > 200) return null;
    const hash = sha256(token);
    const row = this.sql('SELECT id, rep_id, token_hash, last_seen_at, revoked_at FROM hub_devices WHERE token_hash = ?').get(hash) as
      | { id: string; rep_id: string; token_hash: string; last_seen_at: string | null; revoked_at: string | null }
      | undefined;
    // The lookup is by hash already; the constant-time compare keeps it that way if it ever changes.
    if (!row || row.revoked_at || !timingSafeEqual(Buffer.from(row.token_hash), Buffer.from(hash))) return null;
    const caller = this.access.callerFor(row.rep_id);
    if (caller.kind !== 'person') return null;
    const now = this.clock();
    if (!row.last_seen_at || now.getTime() - Date.parse(row.last_seen_at) > lastSeenEveryMs) {
      this.sql('UPDATE hub_devices SET last_seen_at = ? WHERE id = ?').run(now.toISOString(), row.id);
    }
    return { caller: { ...caller, deviceId: row.id }, deviceId: row.id };
  }

  devices(caller: Caller, includeRevoked = false): Device[] {
    const all = caller.kind === 'owner' || (caller.kind === 'person' && caller.role === 'admin');
    const mine = caller.kind === 'person' ? caller.repId : null;
    const rows = this.sql(
      `SELECT d.*, r.name AS rep_name FROM hub_devices d JOIN reps r ON r.id = d.rep_id
       WHERE (? OR d.rep_id = ?) AND (? OR d.revoked_at IS NULL)
       ORDER BY r.name COLLATE NOCASE, d.created_at DESC`,
    ).all(all ? 1 : 0, mine, includeRevoked ? 1 : 0) as DeviceRow[];
    const current = caller.kind === 'person' ? caller.deviceId : undefined;
    return rows.map((r) => this.toDevice(r, current));
  }

  revoke(id: string, caller: Caller): Device {
    const row = this.sql('SELECT rep_id, revoked_at FROM hub_devices WHERE id = ?').get(id) as { rep_id: string; revoked_at: string | null } | undefined;
    if (!row) throw new AppError(ErrorCode.notFound, 'There is no such device.');
    const isAdmin = caller.kind === 'owner' || (caller.kind === 'person' && caller.role === 'admin');
    if (!isAdmin && !(caller.kind === 'person' && caller.repId === row.rep_id)) {
      throw new AppError(ErrorCode.forbidden, 'You can sign out only your own devices.');
    }
    if (!row.revoked_at) {
      this.sql('UPDATE hub_devices SET revoked_at = ? WHERE id = ?').run(this.clock().toISOString(), id);
      this.audit({
        actorId: caller.kind === 'person' ? caller.repId : null,
        deviceId: caller.kind === 'person' ? (caller.deviceId ?? null) : null,
        action: 'device-revoked',
        subject: id,
      });
      this.events.emit('devices:changed', { ids: [id] });
    }
    return this.device(id, caller.kind === 'person' ? caller.deviceId : undefined);
  }

  /** The devices of one person (or every person) on the roster: revoked when they are archived, say. */
  revokeAllOf(repId: string): number {
    return this.sql('UPDATE hub_devices SET revoked_at = ? WHERE rep_id = ? AND revoked_at IS NULL').run(this.clock().toISOString(), repId).changes;
  }

  /**
   * The generation of this hub's database, sent with every answer: a desktop that sees it change
   * knows the hub was restored from a backup and sends again what the hub may have lost.
   */
  generation(): string {
    // A restore is refused while the hub runs, so one read per process is enough.
    if (this.knownGeneration === null) {
      this.sql(`INSERT OR IGNORE INTO hub_state (key, value) VALUES ('generation', ?)`).run(uuidv7(this.clock().getTime()));
      this.knownGeneration = this.sql(`SELECT value FROM hub_state WHERE key = 'generation'`).pluck().get() as string;
    }
    return this.knownGeneration;
  }
  private knownGeneration: string | null = null;

  /**
   * The answer already given to this write: the same key from the same person on the same device,
   * for the same channel and input, within a day. The same key sent with another channel or input
   * is a mistake of the sender's, refused rather than answered with someone else's result.
   */
  remembered(key: string, caller: Caller, channel: string, input: unknown): Result<unknown> | null {
    if (caller.kind !== 'person') return null;
    const row = this.sql(
      `SELECT channel, input_hash AS inputHash, result FROM hub_idempotency
       WHERE rep_id = ? AND device_id = ? AND key = ? AND created_at > ?`,
    ).get(caller.repId, caller.deviceId ?? '', key, this.idempotencyCutoff()) as { channel: string; inputHash: string; result: string } | undefined;
    if (!row) return null;
    if (row.channel !== channel || row.inputHash !== inputHash(input)) {
      return { ok: false, error: { code: ErrorCode.conflict, message: 'This request repeats the key of a different one. Send it with a new Idempotency-Key.' } };
    }
    return JSON.parse(row.result) as Result<unknown>;
  }

  /** Keeps a write's answer under its key for a day: a success, or a refusal that would be the same next time. */
  remember(key: string, caller: Caller, channel: string, input: unknown, result: Result<unknown>): void {
    if (caller.kind !== 'person') return;
    // A fault, or an edit on a stale revision that the writer may send again on the new one, is not the final answer.
    if (!result.ok && (result.error.code === ErrorCode.internal || result.error.code === ErrorCode.staleRevision)) return;
    this.sql('DELETE FROM hub_idempotency WHERE created_at <= ?').run(this.idempotencyCutoff());
    this.sql(
      `INSERT OR IGNORE INTO hub_idempotency (rep_id, device_id, key, channel, input_hash, result, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(caller.repId, caller.deviceId ?? '', key, channel, inputHash(input), JSON.stringify(result), this.clock().toISOString());
  }

  private idempotencyCutoff(): string {
    return new Date(this.clock().getTime() - idempotencyKeepMs).toISOString();
  }

  audit(entry: AuditInput): void {
    const now = this.clock();
    this.sql(
      `INSERT INTO audit_log (id, at, actor_id, device_id, action, subject, detail, address) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      uuidv7(now.getTime()),
      now.toISOString(),
      entry.actorId ?? null,
      entry.deviceId ?? null,
      entry.action,
      (entry.subject ?? '').slice(0, 300),
      (entry.detail ?? '').slice(0, 1000),
      (entry.address ?? '').slice(0, 100),
    );
  }

  auditLog(limit: number): AuditEntry[] {
    const rows = this.sql(
      `SELECT a.id, a.at, a.actor_id AS actorId, r.name AS actorName, a.action, a.subject, a.detail, a.address
       FROM audit_log a LEFT JOIN reps r ON r.id = a.actor_id ORDER BY a.at DESC, a.id DESC LIMIT ?`,
    ).all(limit) as AuditEntry[];
    return rows;
  }

  private device(id: string, current: string | undefined): Device {
    const row = this.sql('SELECT d.*, r.name AS rep_name FROM hub_devices d JOIN reps r ON r.id = d.rep_id WHERE d.id = ?').get(id) as DeviceRow;
    return this.toDevice(row, current);
  }

  private toDevice(row: DeviceRow, current: string | undefined): Device {
    return {
      id: row.id,
      repId: row.rep_id,
      repName: row.rep_name,
      name: row.name,
      kind: row.kind,
      createdAt: row.created_at,
      lastSeenAt: row.last_seen_at,
      revokedAt: row.revoked_at,
      current: row.id === current,
    };
  }
}

export function hubHandlers(accounts: HubAccounts): DomainHandlers<typeof hubChannels> {
  return {
    'devices:list': ({ includeRevoked }, { caller }) => accounts.devices(caller, includeRevoked ?? false),
    'devices:revoke': ({ id }, { caller }) => accounts.revoke(id, caller),
    'invites:create': ({ repId, role, hours }, { caller }) => accounts.createInvite(repId, role, hours, caller.kind === 'person' ? caller.repId : null),
    'invites:list': () => accounts.openInvites(),
    'invites:revoke': (ref, { caller }) => accounts.revokeInvite(ref, caller.kind === 'person' ? caller.repId : null),
    'audit:list': ({ limit }) => accounts.auditLog(limit),
  };
}
