import type { Database } from 'better-sqlite3';

/** One schema step. `up` is SQL or a function; either runs inside the migration's transaction. */
export interface Migration {
  version: number;
  name: string;
  up: string | ((db: Database) => void);
}
