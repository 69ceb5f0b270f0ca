import type { Database } from 'better-sqlite3';
import type { Clock } from '../clock';
import type { CoreEvents } from '../events';
import type { SessionsService } from '../sessions/sessions-service';
import type { SettingsService } from '../settings-service';
import type { RetentionOracle } from './plan';
import { LibraryService } from './library-service';
import { ProgramsService } from './programs-service';
import { ScheduleService, type RepCalendarDays } from './schedule-service';

/** Weekly role-play programs: the programs themselves, their schedule, and the persona library. */
export interface Programs {
  programs: ProgramsService;
  schedule: ScheduleService;
  library: LibraryService;
}

export function createPrograms(
  db: Database,
  sessions: SessionsService,
  settings: SettingsService,
  events: CoreEvents,
  clock: Clock,
  retention?: () => RetentionOracle,
  repDays?: RepCalendarDays,
): Programs {
  const programs = new ProgramsService(db, events, clock);
  const library = new LibraryService(db, events, clock);
  const schedule = new ScheduleService(db, programs, sessions, library, settings, events, clock, retention, repDays);
  return { programs, schedule, library };
}
