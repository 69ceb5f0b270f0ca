/**
 * A role-play that left a take happened, whatever its stored status says: nobody has to mark it
 * held, and a desktop that recorded it while its hub was away, or a take uploaded later, counts
 * the same. Takes shorter than this are false starts, not practice.
 */
export const minPractiseMs = 60_000;

/**
 * A session's status as what happened, for SQL over `sessions` aliased `alias`: 'done' once it has
 * a finished take of at least a minute (a "missed" or "scheduled" mark gives way to the take);
 * otherwise the stored status.
 */
export function heldStatusSql(alias = 's'): string {
  return `CASE WHEN ${alias}.status IN ('scheduled', 'missed') AND EXISTS (
      SELECT 1 FROM recordings held_r WHERE held_r.session_id = ${alias}.id AND held_r.status = 'ready'
        AND COALESCE(held_r.duration_ms, ${minPractiseMs}) >= ${minPractiseMs}
    ) THEN 'done' ELSE ${alias}.status END`;
}
