import type { Database } from 'better-sqlite3';
import type { Clock } from '../clock';
import type { CoreEvents } from '../events';
import type { SessionsService } from '../sessions/sessions-service';
import { CoachingNotesService } from './coaching-notes-service';
import { ScorecardsService } from './scorecards-service';
import { TemplatesService } from './templates-service';

/** Rubric templates, scorecards and the weekly coaching notes: the peer-coaching forms. */
export interface Scorecards {
  templates: TemplatesService;
  cards: ScorecardsService;
  notes: CoachingNotesService;
}

export function createScorecards(db: Database, sessions: SessionsService, events: CoreEvents, clock: Clock): Scorecards {
  const templates = new TemplatesService(db, events, clock);
  return {
    templates,
    cards: new ScorecardsService(db, templates, sessions, events, clock),
    notes: new CoachingNotesService(db, events, clock),
  };
}
