import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Handlers } from '../shared/contract';
import { systemClock, type Clock } from './clock';
import { openDatabase } from './db/open-database';
import { CoreEvents } from './events';
import { PeopleService } from './people/people-service';
import { peopleHandlers } from './people/people-handlers';
import { SessionsService } from './sessions/sessions-service';
import { sessionsHandlers } from './sessions/sessions-handlers';
import { SettingsService } from './settings-service';
import { version } from './version';

export interface CoreOptions {
  dataDir: string;
  clock?: Clock;
}

export interface Core {
  dataDir: string;
  db: Database;
  events: CoreEvents;
  people: PeopleService;
  sessions: SessionsService;
  settings: SettingsService;
  handlers: Handlers;
  close(): void;
}

/** Everything Reprise does, behind one object; Electron, the browser host and the CLI each wrap it. */
export function createCore(options: CoreOptions): Core {
  const clock = options.clock ?? systemClock;
  const databasePath = path.join(options.dataDir, 'reprise.sqlite');
  const db = openDatabase(databasePath);
  const events = new CoreEvents();
  const settings = new SettingsService(db);
  const people = new PeopleService(db, settings, events, clock);
  const sessions = new SessionsService(db, events, clock);

  const handlers: Handlers = {
    'app:info': () => ({
      version,
      dataDir: options.dataDir,
      databasePath,
      schemaVersion: db.pragma('user_version', { simple: true }) as number,
    }),
    'settings:get': () => settings.get(),
    'settings:update': (patch) => {
      const next = settings.update(patch);
      events.emit('settings:changed', next);
      return next;
    },
    ...peopleHandlers(db, people),
    ...sessionsHandlers(sessions),
  };

  return {
    dataDir: options.dataDir,
    db,
    events,
    people,
    sessions,
    settings,
    handlers,
    close: () => db.close(),
  };
}
