import type { Database, Statement } from 'better-sqlite3';
import { reminderDays, type CertificationReminder, type CertificationStatus, type DocumentLanguage, type ReminderNotification } from '../../shared/certification';
import type { Clock } from '../clock';
import { writeTransaction } from '../db/open-database';
import { statementCache } from '../db/statements';
import type { AllDayIcsEvent } from '../programs/ics';
import type { CertificationService } from './certification-service';
import { localDate, longDate, reminderWords, shippedName } from './certificate-text';

const dayMs = 86_400_000;
const firstPoint = Math.max(...reminderDays);

/**
 * Reminders before a current grant expires, at 30, 7 and 1 days: in the app (a card on Today),
 * as a desktop notification handed out once per reminder point and grant (what was handed out is
 * kept in the database, so neither a second window nor a restart repeats it), and as all-day
 * entries in the rep's calendar feed.
 */
export class CertificationReminders {
  private readonly sql: (text: string) => Statement;

  constructor(
    private readonly db: Database,
    private readonly certification: CertificationService,
    private readonly clock: Clock,
  ) {
    this.sql = statementCache(db);
  }

  /**
   * Grants of `repId` and of everyone below them in the manager tree (everyone's without `repId`) that expire within 30 days.
   * Days are counted by the calendar in the reader's time zone (UTC without one), as people count them: on the day
   * before the expiry one day is left and the 1-day point is reached, on the day itself none.
   */
  due(filter: { repId?: string; timeZone?: string } = {}): CertificationReminder[] {
    const now = this.clock().getTime();
    const today = Date.parse(`${localDate(new Date(now).toISOString(), filter.timeZone)}T00:00:00Z`);
    const reps = filter.repId === undefined ? null : this.selfAndReports(filter.repId);
    const out: CertificationReminder[] = [];
    for (const status of this.current(reps)) {
      const expires = Date.parse(status.expiresAt!);
      const daysLeft = Math.round((Date.parse(`${localDate(status.expiresAt!, filter.timeZone)}T00:00:00Z`) - today) / dayMs);
      if (daysLeft > firstPoint || now >= expires) continue;
      const reached = reminderDays.filter((days) => daysLeft <= days);
      const reminder = this.reminder(status, Math.min(...reached), daysLeft);
      if (reminder) out.push(reminder);
    }
    return out.sort((a, b) => a.expiresAt.localeCompare(b.expiresAt) || a.rep.name.localeCompare(b.rep.name));
  }

  /**
   * The rep's own reminders that were never handed out, recorded as handed out now. A reminder point
   * passed while nobody asked (the app was closed for weeks) is recorded with the nearer one, so
   * the rep hears once, about the nearest point, and never about an earlier one afterwards.
   */
  claim(repId: string, language: DocumentLanguage, timeZone?: string): ReminderNotification[] {
    const now = this.clock();
    const due = this.due({ repId, timeZone }).filter((r) => r.rep.id === repId);
    const fresh: CertificationReminder[] = [];
    writeTransaction(this.db, () => {
      const insert = this.sql('INSERT OR IGNORE INTO certification_reminders_sent (grant_id, days_before, sent_at) VALUES (?, ?, ?)');
      for (const reminder of due) {
        const handedOut = insert.run(reminder.grantId, reminder.daysBefore, now.toISOString()).changes === 1;
        for (const days of reminderDays) if (days > reminder.daysBefore) insert.run(reminder.grantId, days, now.toISOString());
        if (handedOut) fresh.push(reminder);
      }
    });
    const w = reminderWords[language];
    return fresh.map((r) => {
      const area = shippedName(r.focusArea.name, language);
      const opensOn = r.renewalOpen ? null : longDate(r.renewalOpensAt, language, timeZone);
      return {
        ...r,
        title: w.title(area, r.daysLeft),
        body: w.body(shippedName(r.level, language), longDate(r.expiresAt, language, timeZone), r.minScore, opensOn),
      };
    });
  }

  /**
   * All-day entries for the rep's calendar: each reminder point and the expiry day of every current
   * grant. The UID names the rep, the focus area and the point (not the grant), so after a renewal
   * a calendar that imports the feed again moves the entries instead of adding a second set.
   */
  calendarEvents(repId: string, language: DocumentLanguage, timeZone: string): AllDayIcsEvent[] {
    const w = reminderWords[language];
    const events: AllDayIcsEvent[] = [];
    for (const status of this.current(new Set([repId]))) {
      const facts = this.facts(status);
      if (!facts) continue;
      const expires = Date.parse(status.expiresAt!);
      const area = shippedName(status.focusArea.name, language);
      const level = shippedName(status.level!, language);
      const description = w.eventDescription(facts.minScore, longDate(facts.renewalOpensAt, language, timeZone));
      const points: { key: string; at: number; summary: string }[] = [
        ...reminderDays.map((days) => ({ key: `${days}d`, at: expires - days * dayMs, summary: w.eventBefore(area, level, days) })),
        { key: 'expiry', at: expires, summary: w.eventExpiry(area, level) },
      ];
      for (const point of points) {
        // A grant that holds for less than 30 days has no 30-day reminder.
        if (point.at < Date.parse(status.grantedAt!)) continue;
        events.push({
          uid: `certification-${status.rep.id}-${status.focusArea.id}-${point.key}@reprise.app`,
          // Each grant of the area moves the entries: the count of grants only grows.
          sequence: facts.grants,
          date: localDate(new Date(point.at).toISOString(), timeZone),
          summary: point.summary,
          description,
          categories: [w.category],
          createdAt: status.grantedAt!,
          updatedAt: status.grantedAt!,
        });
      }
    }
    return events;
  }

  /** The top grant of each (rep, focus area) that holds now and has an expiry. */
  private current(reps: Set<string> | null): CertificationStatus[] {
    if (reps?.size === 1) {
      const [repId] = reps;
      // An archived rep holds nothing current (and still has a calendar of past sessions).
      const active = this.sql('SELECT 1 FROM reps WHERE id = ? AND archived_at IS NULL').get(repId);
      if (!active) return [];
    }
    // Only a held level has a date to remind of: nobody else's path is worked out.
    const statuses = reps?.size === 1 ? this.certification.list({ repId: [...reps][0]!, held: true }) : this.certification.list({ held: true, ...(reps ? { repIds: reps } : {}) });
    return statuses.filter(
      (s) => (reps === null || reps.has(s.rep.id)) && (s.state === 'certified' || s.state === 'due') && s.expiresAt !== null && s.code !== null && s.level !== null,
    );
  }

  private facts(status: CertificationStatus): { grantId: string; grants: number; renewalOpensAt: string; minScore: number } | null {
    const grant = this.sql('SELECT id FROM certification_grants WHERE code = ?').pluck().get(status.code) as string | undefined;
    if (grant === undefined) return null;
    const program = this.certification.program(status.focusArea.id);
    const level = status.levelIndex === null ? undefined : program.levels[status.levelIndex];
    const grants = this.sql('SELECT count(*) FROM certification_grants WHERE rep_id = ? AND focus_area_id = ?').pluck().get(status.rep.id, status.focusArea.id) as number;
    return {
      grantId: grant,
      grants,
      renewalOpensAt: new Date(Date.parse(status.expiresAt!) - program.renewalWindowDays * dayMs).toISOString(),
      minScore: level?.minScore ?? 0,
    };
  }

  private reminder(status: CertificationStatus, daysBefore: number, daysLeft: number): CertificationReminder | null {
    const facts = this.facts(status);
    if (!facts) return null;
    return {
      grantId: facts.grantId,
      code: status.code!,
      rep: { id: status.rep.id, name: status.rep.name },
      focusArea: status.focusArea,
      level: status.level!,
      expiresAt: status.expiresAt!,
      daysBefore,
      daysLeft,
      renewalOpensAt: facts.renewalOpensAt,
      renewalOpen: Date.parse(facts.renewalOpensAt) <= this.clock().getTime(),
      minScore: facts.minScore,
    };
  }

  private selfAndReports(repId: string): Set<string> {
    const ids = this.sql(
      `WITH RECURSIVE tree(id) AS (SELECT ? UNION SELECT r.id FROM reps r JOIN tree t ON r.manager_id = t.id) SELECT id FROM tree`,
    )
      .pluck()
      .all(repId) as string[];
    return new Set(ids);
  }
}
