import type { Database } from 'better-sqlite3';
import type { Clock } from '../clock';
import type { CoreEvents } from '../events';
import type { SessionsService } from '../sessions/sessions-service';
import type { ScorecardImportReport } from '../../shared/scorecards';
import { CoachingNotesService } from './coaching-notes-service';
import { importScorecards } from './scorecards-import';
import { ScorecardsService } from './scorecards-service';
import { TemplatesService } from './templates-service';

/** Rubric templates, scorecards and the weekly coaching notes: the peer-coaching forms. */
export interface Scorecards {
  templates: TemplatesService;
  cards: ScorecardsService;
  notes: CoachingNotesService;
  /** Submitted scorecards from a spreadsheet (see importScorecards). */
  importCsv(csv: string): Promise<ScorecardImportReport>;
}

export function createScorecards(db: Database, sessions: SessionsService, events: CoreEvents, clock: Clock): Scorecards {
  const templates = new TemplatesService(db, events, clock);
  const cards = new ScorecardsService(db, templates, sessions, events, clock);
  return {
    templates,
    cards,
    notes: new CoachingNotesService(db, events, clock),
    importCsv: (csv) => importScorecards(db, { cards, templates, sessions, clock }, csv),
  };
}
