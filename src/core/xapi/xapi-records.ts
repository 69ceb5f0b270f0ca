import type { Statement } from 'better-sqlite3';
import type { CertificationService } from '../certification/certification-service';
import type { FailedRecord, PassedRecord, ScoredRecord } from './statements';

/**
 * What the statements are made of, read from the records themselves. Only records without a
 * statement in the outbox yet are read, so catching up is cheap however long the history.
 * Grants and failed attempts are read from what certification answers (its table and its
 * verdicts), never by reaching into how it decides.
 */

const latestTake = `(SELECT id FROM recordings WHERE session_id = s.id AND status = 'ready' ORDER BY started_at DESC, id DESC LIMIT 1)`;

interface ScoredRow {
  id: string;
  revision: number;
  at: string;
  overall: number | null;
  content: string;
  role: 'peer' | 'self' | 'coach';
  session_id: string;
  version_id: string;
  recording_id: string | null;
  focus_id: string;
  focus_name: string;
  ee_name: string;
  ee_email: string;
  er_name: string;
  er_email: string;
}

export function scoredRecords(sql: (text: string) => Statement): ScoredRecord[] {
  const rows = sql(
    `SELECT sc.id, r.revision, coalesce(s.starts_at, r.submitted_at) AS at, r.overall, r.content, sc.role, sc.session_id, sc.version_id,
            coalesce(sc.recording_id, ${latestTake}) AS recording_id, f.id AS focus_id, f.name AS focus_name,
            ee.name AS ee_name, ee.email AS ee_email, er.name AS er_name, er.email AS er_email
       FROM scorecard_revisions r
       JOIN scorecards sc ON sc.id = r.scorecard_id
       JOIN sessions s ON s.id = sc.session_id
       JOIN focus_areas f ON f.id = s.focus_area_id
       JOIN reps ee ON ee.id = sc.reviewee_id
       JOIN reps er ON er.id = sc.reviewer_id
      WHERE NOT EXISTS (SELECT 1 FROM xapi_outbox o WHERE o.verb = 'scored' AND o.record_id = r.scorecard_id AND o.revision = r.revision)
      ORDER BY r.submitted_at, sc.id, r.revision`,
  ).all() as ScoredRow[];
  if (rows.length === 0) return [];
  const keyOf = new Map((sql('SELECT id, key FROM rubric_criteria').all() as { id: string; key: string }[]).map((c) => [c.id, c.key]));
  return rows.map((row) => {
    const content = JSON.parse(row.content) as { scores: { criterionId: string; score: number | null }[] };
    return {
      scorecardId: row.id,
      revision: row.revision,
      at: row.at,
      overall: row.overall,
      role: row.role,
      reviewee: { name: row.ee_name, email: row.ee_email },
      reviewer: { name: row.er_name, email: row.er_email },
      sessionId: row.session_id,
      focusArea: { id: row.focus_id, name: row.focus_name },
      templateVersionId: row.version_id,
      recordingId: row.recording_id,
      scores: content.scores.map((s) => ({ key: keyOf.get(s.criterionId) ?? s.criterionId, score: s.score })),
    };
  });
}

interface GrantRow {
  id: string;
  level_index: number;
  level_name: string;
  granted_at: string;
  expires_at: string | null;
  code: string;
  evidence: string;
  focus_id: string;
  focus_name: string;
  rep_name: string;
  rep_email: string;
  c_name: string | null;
  c_email: string | null;
}

export function passedRecords(sql: (text: string) => Statement, now: string): PassedRecord[] {
  const rows = sql(
    `SELECT g.id, g.level_index, g.level_name, g.granted_at, g.expires_at, g.code, g.evidence, f.id AS focus_id, f.name AS focus_name,
            r.name AS rep_name, r.email AS rep_email, c.name AS c_name, c.email AS c_email
       FROM certification_grants g
       JOIN reps r ON r.id = g.rep_id
       JOIN focus_areas f ON f.id = g.focus_area_id
       LEFT JOIN reps c ON c.id = g.certifier_id
      WHERE g.granted_at <= ? AND NOT EXISTS (SELECT 1 FROM xapi_outbox o WHERE o.verb = 'passed' AND o.record_id = g.id)
      ORDER BY g.granted_at, g.id`,
  ).all(now) as GrantRow[];
  const take = sql(`SELECT ${latestTake} FROM sessions s WHERE s.id = ?`).pluck();
  return rows.flatMap((row) => {
    const evidence = JSON.parse(row.evidence) as { sessionId: string }[];
    // The role-play that completed the level is the attempt the grant belongs to.
    const sessionId = evidence[evidence.length - 1]?.sessionId;
    if (!sessionId) return [];
    return [
      {
        grantId: row.id,
        rep: { name: row.rep_name, email: row.rep_email },
        focusArea: { id: row.focus_id, name: row.focus_name },
        levelIndex: row.level_index,
        levelName: row.level_name,
        grantedAt: row.granted_at,
        expiresAt: row.expires_at,
        code: row.code,
        certifier: row.c_name !== null && row.c_email !== null ? { name: row.c_name, email: row.c_email } : null,
        sessionId,
        recordingId: (take.get(sessionId) as string | null | undefined) ?? null,
      },
    ];
  });
}

/**
 * Role-plays evaluated against a level that did not meet its bar (the overall score or a blocker
 * criterion): what each rep's certification path shows as not counted for those reasons. A
 * scorecard that was only practice for another reason (a self-review, a reviewer who may not
 * certify) was no attempt at the level and is not a failure.
 */
export function failedRecords(sql: (text: string) => Statement, certification: CertificationService): FailedRecord[] {
  const statuses = certification.list();
  const known = sql(`SELECT 1 FROM xapi_outbox WHERE verb = 'failed' AND record_id = ? AND revision = ?`).pluck();
  const card = sql(
    `SELECT sc.revision, er.name AS er_name, er.email AS er_email, coalesce(sc.recording_id, ${latestTake}) AS recording_id
       FROM scorecards sc JOIN reps er ON er.id = sc.reviewer_id JOIN sessions s ON s.id = sc.session_id WHERE sc.id = ?`,
  );
  const levelsOf = new Map<string, string[]>();
  const out: FailedRecord[] = [];
  for (const status of statuses) {
    for (const v of status.verdicts) {
      if (v.counted || (v.reason !== 'score' && v.reason !== 'blocker')) continue;
      const row = card.get(v.scorecardId) as { revision: number; er_name: string; er_email: string; recording_id: string | null } | undefined;
      if (!row || known.get(v.scorecardId, row.revision)) continue;
      let levels = levelsOf.get(status.focusArea.id);
      if (!levels) {
        levels = certification.program(status.focusArea.id).levels.map((l) => l.name);
        levelsOf.set(status.focusArea.id, levels);
      }
      const levelIndex = levels.indexOf(v.level);
      if (levelIndex < 0) continue;
      out.push({
        scorecardId: v.scorecardId,
        revision: row.revision,
        rep: { name: status.rep.name, email: status.rep.email },
        reviewer: { name: row.er_name, email: row.er_email },
        focusArea: status.focusArea,
        levelIndex,
        levelName: v.level,
        at: v.at,
        sessionId: v.sessionId,
        overall: v.overall,
        reason: v.reason,
        criterionKey: v.criterionKey,
        recordingId: row.recording_id,
      });
    }
  }
  return out;
}
