import type { Database } from 'better-sqlite3';
import { settings as settingsSchema, type Settings } from '../shared/contract';
import { writeTransaction } from './db/open-database';

export const defaultSettings: Settings = { newHireDays: 180 };

export class SettingsService {
  private readonly selectAll;

  constructor(private readonly db: Database) {
    this.selectAll = db.prepare('SELECT key, value FROM settings');
  }

  get(): Settings {
    const rows = this.selectAll.all() as { key: string; value: string }[];
    const stored: Record<string, unknown> = {};
    for (const row of rows) stored[row.key] = JSON.parse(row.value);
    const merged = { ...defaultSettings, ...stored };
    const parsed = settingsSchema.safeParse(merged);
    return parsed.success ? parsed.data : defaultSettings;
  }

  update(patch: Partial<Settings>): Settings {
    const next = settingsSchema.parse({ ...this.get(), ...patch });
    const upsert = this.db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
    writeTransaction(this.db, () => {
      for (const [key, value] of Object.entries(patch)) {
        if (value !== undefined) upsert.run(key, JSON.stringify(next[key as keyof Settings]));
      }
    });
    return next;
  }
}
