import type { Core } from '../../src/core/core';
import { uuidv7 } from '../../src/core/ids';

export const dayMs = 86_400_000;
export const addDays = (iso: string, days: number) => new Date(Date.parse(iso) + days * dayMs).toISOString();

/**
 * Stores a grant as the certification service would after a rep met a level (how grants are
 * earned is tested in certification.test.ts); `reviewers` are the certifiers whose scorecards
 * are the evidence.
 */
export function storeGrant(
  core: Core,
  grant: { repId: string; focusAreaId?: string; levelIndex?: number; levelName?: string; kind?: 'grant' | 'renewal'; grantedAt: string; validDays?: number | null; code: string; reviewers?: string[] },
): string {
  const id = uuidv7(Date.parse(grant.grantedAt));
  const validDays = grant.validDays === undefined ? 90 : grant.validDays;
  const evidence = (grant.reviewers ?? []).map((reviewerId, i) => ({
    scorecardId: `card-${id}-${i}`,
    revision: 1,
    sessionId: `session-${i}`,
    templateVersionId: 'v1',
    reviewerId,
    overall: 85,
    at: grant.grantedAt,
  }));
  core.db
    .prepare(
      `INSERT INTO certification_grants (id, rep_id, focus_area_id, level_index, level_name, kind, granted_at, expires_at, certifier_id, code, requirement, evidence, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', ?, ?)`,
    )
    .run(
      id,
      grant.repId,
      grant.focusAreaId ?? 'demo',
      grant.levelIndex ?? 2,
      grant.levelName ?? 'Advanced',
      grant.kind ?? 'grant',
      grant.grantedAt,
      validDays === null ? null : addDays(grant.grantedAt, validDays),
      grant.reviewers?.[0] ?? null,
      grant.code,
      JSON.stringify(evidence),
      grant.grantedAt,
    );
  return id;
}
