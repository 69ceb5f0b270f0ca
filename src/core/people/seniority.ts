import type { Seniority } from '../../shared/people';

const DAY_MS = 86_400_000;

/** A rep is a new hire for `newHireDays` days from the hire date; without a hire date we cannot say. */
export function seniorityOf(hireDate: string | null, today: Date, newHireDays: number): Seniority {
  if (!hireDate) return 'unknown';
  const hired = Date.parse(`${hireDate}T00:00:00Z`);
  const day = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return (day - hired) / DAY_MS < newHireDays ? 'new_hire' : 'senior';
}
