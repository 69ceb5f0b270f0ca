import type { Database, Statement } from 'better-sqlite3';

/**
 * Inserts many rows into one table, `rowsPerStatement` rows per INSERT: each statement run costs a
 * call into SQLite and a program start, which for a year of sessions (150,000 rows and more) was a
 * good part of the writes. Rows go in in the order they were added; `flush` writes what is left.
 * Call it inside the transaction that the rows belong to.
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
    private readonly rowsPerStatement = 64,
  ) {
    this.head = `INSERT INTO ${table} (${columns}) VALUES `;
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
