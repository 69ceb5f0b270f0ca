import type { Database, Statement } from 'better-sqlite3';

/**
 * Inserts many rows into one table, `rowsPerStatement` rows per INSERT: each statement run costs a
 * call into SQLite and a program start, which for a year of sessions (150,000 rows and more) was a
 * good part of the writes. Rows go in in the order they were added; `flush` writes what is left.
 * Call it inside the transaction that the rows belong to.
 *
 * Inside a transaction SQLite keeps a statement journal for a statement that inserts several rows:
 * a copy of each page that was there before the statement and that it changes (the last page of
 * the table and of each index, mostly), so that one statement can be taken back. It is written to a
 * temporary file and, unless a statement fails, never read. For a year of 2,000 reps' sessions,
 * participants and history that was some 100,000 writes and 214 MB at 64 rows a statement. Two
 * things make it smaller: the statements are `INSERT OR FAIL` (a row that breaks a constraint stops
 * its statement with the error, as a plain INSERT does, but the rows of that statement before it
 * are not taken back, so several of the constraints need no copy: 171 MB), and 512 rows a statement
 * copy the same pages for eight times as many rows (33,000 writes, 66 MB). A failed insert fails
 * the caller's transaction: roll it back whole (a write transaction does when the error leaves it).
 */
export class BulkInsert {
  private readonly full: Statement;
  private readonly head: string;
  private readonly row: string;
  private readonly width: number;
  private pending: unknown[] = [];
  private count = 0;

  /** `columns` as in `INSERT INTO table (columns)`; `values` is one row's `(?, ?, 'constant', ...)`. */
  constructor(
    private readonly db: Database,
    table: string,
    columns: string,
    values: string,
    private readonly rowsPerStatement = 512,
  ) {
    this.head = `INSERT OR FAIL INTO ${table} (${columns}) VALUES `;
    this.row = values;
    this.width = (values.match(/\?/g) ?? []).length;
    this.full = db.prepare(this.sql(rowsPerStatement));
    this.pending = new Array<unknown>(rowsPerStatement * this.width);
  }

  /** Adds a row; answers whether that wrote the rows waiting (so rows that refer to them may follow). */
  add(...values: unknown[]): boolean {
    const at = this.count * this.width;
    for (let k = 0; k < this.width; k++) this.pending[at + k] = values[k];
    if (++this.count < this.rowsPerStatement) return false;
    this.full.run(this.pending);
    this.count = 0;
    return true;
  }

  flush(): void {
    if (this.count === 0) return;
    this.db.prepare(this.sql(this.count)).run(this.pending.slice(0, this.count * this.width));
    this.count = 0;
  }

  private sql(rows: number): string {
    return this.head + Array.from({ length: rows }, () => this.row).join(', ');
  }
}
