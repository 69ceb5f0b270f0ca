import type { Database } from 'better-sqlite3';
import type { QuotaAttainment, QuotaAttainmentInput } from '../../shared/progress';
import { statementCache } from '../db/statements';
import { quarterOf } from './calendar';

/** The first day of a quarter (`2026-Q4`) and the first day after it. */
function quarterRange(period: string): { from: string; to: string } {
  const year = Number(period.slice(0, 4));
  const quarter = Number(period.slice(6));
  const month = (q: number) => String((q - 1) * 3 + 1).padStart(2, '0');
  return { from: `${year}-${month(quarter)}-01`, to: quarter === 4 ? `${year + 1}-01-01` : `${year}-${month(quarter + 1)}-01` };
}

/**
 * Each rep's won amount against their quota in one quarter. Every rep in view has a row: one
 * without a quota row for the quarter has `quota: null` ("no quota"), and a quota of 0 gives no
 * attainment rather than a division by zero. Without a period asked, the current quarter when it
 * has quotas, else the latest quarter with quotas before it, else the earliest one after it.
 * `visible` limits the answer to the reps the caller may see (null: everyone).
 */
export function quotaAttainment(db: Database, input: QuotaAttainmentInput, visible: Set<string> | null, today: string): QuotaAttainment {
  const sql = statementCache(db);
  const current = quarterOf(today);
  // No quotas at all (deals imported without them, or none): nothing to read the roster for, which at 20,000 people was most of the call.
  if (!sql('SELECT 1 FROM quotas LIMIT 1').get()) return { period: null, periods: [], currentPeriod: current, rows: [] };
  const reps = (
    sql('SELECT id, name, email, team FROM reps WHERE archived_at IS NULL ORDER BY name COLLATE NOCASE, email').all() as { id: string; name: string; email: string; team: string }[]
  ).filter((r) => (input.team === undefined || r.team === input.team) && (!visible || visible.has(r.id)));
  const emails = JSON.stringify(reps.map((r) => r.email.toLowerCase()));
  const quotaRows = sql('SELECT lower(owner_email) AS email, period, amount FROM quotas WHERE lower(owner_email) IN (SELECT value FROM json_each(?))').all(emails) as {
    email: string;
    period: string;
    amount: number;
  }[];
  const periods = [...new Set(quotaRows.map((q) => q.period))].sort();
  const period = input.period ?? (periods.includes(current) ? current : (periods.filter((p) => p < current).at(-1) ?? periods[0] ?? null));
  if (period === null) return { period: null, periods, currentPeriod: current, rows: [] };

  const quotas = new Map(quotaRows.filter((q) => q.period === period).map((q) => [q.email, q.amount]));
  const { from, to } = quarterRange(period);
  const won = new Map(
    (
      sql(
        `SELECT lower(owner_email) AS email, COALESCE(SUM(amount), 0) AS amount, COUNT(*) AS deals FROM opportunities
         WHERE won = 1 AND close_date >= @from AND close_date < @to AND lower(owner_email) IN (SELECT value FROM json_each(@emails))
         GROUP BY lower(owner_email)`,
      ).all({ from, to, emails }) as { email: string; amount: number; deals: number }[]
    ).map((w) => [w.email, w]),
  );
  const rows = reps.map((rep) => {
    const email = rep.email.toLowerCase();
    const wonAmount = Math.round((won.get(email)?.amount ?? 0) * 100) / 100;
    const quota = quotas.get(email) ?? null;
    return {
      repId: rep.id,
      name: rep.name,
      team: rep.team,
      wonAmount,
      wonDeals: won.get(email)?.deals ?? 0,
      quota,
      attainment: quota ? Math.round((wonAmount / quota) * 10_000) / 10_000 : null,
    };
  });
  return { period, periods, currentPeriod: current, rows };
}
