import type { Database } from 'better-sqlite3';
import type { DomainHandlers } from '../../shared/contract';
import type { scorecardsChannels } from '../../shared/scorecards';
import { calibrate } from './calibration';
import { exportRows, toCsv } from './scorecards-export';
import type { Scorecards } from './scorecards-module';

export function scorecardsHandlers(db: Database, { templates, cards, notes, importCsv }: Scorecards): DomainHandlers<typeof scorecardsChannels> {
  const email = db.prepare('SELECT email FROM reps WHERE id = ?');
  return {
    'rubric-templates:list': (input) => templates.list(input),
    'rubric-templates:get': ({ id, version }) => templates.get(id, version),
    'rubric-templates:versions': ({ id }) => templates.versions(id),
    'rubric-templates:create': (fields) => templates.create(fields),
    'rubric-templates:update': ({ id, fields }) => templates.update(id, fields),
    'rubric-templates:archive': ({ id, archived }) => templates.setArchived(id, archived),
    'scorecards:start': (input) => cards.start(input),
    'scorecards:get': ({ id }) => cards.get(id),
    'scorecards:list': (filter) => cards.list(filter),
    'scorecards:save-draft': (input) => cards.saveDraft(input),
    'scorecards:submit': (input) => cards.submit(input),
    'scorecards:revise': ({ id }) => cards.revise(id),
    'scorecards:discard': ({ id }) => cards.discard(id),
    'scorecards:to-write': ({ reviewerId, days, limit, after }) => cards.toWrite(reviewerId, days, { limit, after }),
    'scorecards:about': ({ revieweeId }) => cards.about(revieweeId),
    'scorecards:for-session': ({ sessionId }) => cards.forSession(sessionId),
    'scorecards:calibration': ({ threshold, minComparisons, ...filter }) => calibrate(cards.submittedBySession(filter), threshold, minComparisons),
    'scorecards:export': ({ format, raw, excel, ...filter }) => {
      const rows = exportRows(cards.submittedBySession(filter), (id) => (email.get(id) as { email: string } | undefined)?.email ?? '');
      return { format, rowCount: rows.length, content: format === 'csv' ? toCsv(rows, { raw, ...(excel ? { excel } : {}) }) : JSON.stringify(rows, null, 2) };
    },
    'scorecards:import': async ({ csv, encoding }) => ({ ...(await importCsv(csv)), ...(encoding ? { encoding } : {}) }),
    'coaching-notes:list': (filter) => notes.list(filter),
    'coaching-notes:get': ({ id }) => notes.get(id),
    'coaching-notes:save': ({ id, fields, baseRevision }) => notes.save(id, fields, baseRevision),
    'coaching-notes:delete': ({ id }) => notes.delete(id),
  };
}
