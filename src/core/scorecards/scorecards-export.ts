import { formatMoment } from '../../shared/rubrics';
import { writeCsv, type CsvCell, type CsvWriteOptions } from '../csv-write';
import type { ExportRow, SessionScorecards } from '../../shared/scorecards';

/** One row per criterion of every submitted scorecard (its latest revision), oldest session first. */
export function exportRows(groups: SessionScorecards[], emailOf: (repId: string) => string): ExportRow[] {
  const rows: ExportRow[] = [];
  for (const group of [...groups].reverse()) {
    for (const card of group.scorecards) {
      const overall = card.computation.normalized;
      card.template.criteria.forEach((criterion) => {
        const score = card.scores.find((s) => s.criterionId === criterion.id);
        rows.push({
          scorecardId: card.id,
          sessionId: group.session.id,
          sessionTitle: group.session.title,
          sessionStartsAt: group.session.startsAt,
          focusArea: group.session.focusAreaName,
          reviewer: card.reviewer.name,
          reviewerEmail: emailOf(card.reviewer.id),
          reviewee: group.reviewee.name,
          revieweeEmail: emailOf(group.reviewee.id),
          role: card.role,
          template: card.template.name,
          templateVersion: card.templateVersion,
          revision: card.revision,
          criterion: criterion.name,
          score: score?.score ?? null,
          weight: criterion.weight,
          comment: score?.comment ?? '',
          evidence: (score?.evidence ?? []).map((e) => `${formatMoment(e.atMs)}${e.note ? ` ${e.note}` : ''}`).join('; '),
          overall: overall === null ? null : Math.round(overall * 10) / 10,
          submittedAt: card.submittedAt,
        });
      });
    }
  }
  return rows;
}

const columns: [string, (row: ExportRow) => CsvCell][] = [
  ['session_id', (r) => r.sessionId],
  ['session_title', (r) => r.sessionTitle],
  ['session_starts_at', (r) => r.sessionStartsAt],
  ['focus_area', (r) => r.focusArea],
  ['reviewer', (r) => r.reviewer],
  ['reviewer_email', (r) => r.reviewerEmail],
  ['reviewee', (r) => r.reviewee],
  ['reviewee_email', (r) => r.revieweeEmail],
  ['role', (r) => r.role],
  ['template', (r) => r.template],
  ['template_version', (r) => r.templateVersion],
  ['revision', (r) => r.revision],
  ['criterion', (r) => r.criterion],
  ['score', (r) => r.score],
  ['weight', (r) => r.weight],
  ['comment', (r) => r.comment],
  ['evidence', (r) => r.evidence],
  ['overall', (r) => r.overall],
  ['submitted_at', (r) => r.submittedAt],
  ['scorecard_id', (r) => r.scorecardId],
];

export function toCsv(rows: ExportRow[], options: CsvWriteOptions = {}): string {
  return writeCsv(
    columns.map(([name]) => name),
    rows.map((row) => columns.map(([, get]) => get(row))),
    options,
  );
}
