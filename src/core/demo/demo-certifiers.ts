import type { Database } from 'better-sqlite3';
import type { CertificationService } from '../certification/certification-service';

/**
 * The demo's experienced account executives certify their peers too (besides the managers, who
 * coach), so certification levels are granted across the team and Progress has results around
 * them to show. Marked through the certification service, as an admin would.
 */
export function markDemoCertifiers(db: Database, certification: Pick<CertificationService, 'markCertifier'>): number {
  const seniors = db.prepare(`SELECT id FROM reps WHERE role = 'Account executive' AND archived_at IS NULL`).pluck().all() as string[];
  const areas = db.prepare('SELECT id FROM focus_areas WHERE archived_at IS NULL').pluck().all() as string[];
  for (const repId of seniors) for (const focusAreaId of areas) certification.markCertifier({ repId, focusAreaId, certifier: true }, null);
  return seniors.length;
}
