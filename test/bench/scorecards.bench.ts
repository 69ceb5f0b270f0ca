import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, bench, describe } from 'vitest';
import { createCore, type Core } from '../../src/core/core';
import { calibrate } from '../../src/core/scorecards/calibration';
import { exportRows, toCsv } from '../../src/core/scorecards/scorecards-export';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A year of weekly role-plays for 20 reps: 10 pairs × 52 weeks, each scored by self, peer and coach. */
function year(): { core: Core; draftId: string; criterionIds: string[]; reps: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reprise-bench-'));
  dirs.push(dir);
  const core = createCore({ dataDir: dir });
  const coach = core.people.create({ name: 'Coach', email: 'coach@example.com', coach: true });
  const reps = Array.from({ length: 20 }, (_, i) => core.people.create({ name: `Rep ${i}`, email: `rep${i}@example.com`, managerId: coach.id }).id);
  const areas = ['discovery', 'demo', 'personas', 'objection-handling'];
  const start = Date.parse('2025-12-01T09:00:00Z');
  let draftId = '';
  core.db.transaction(() => {
    for (let week = 0; week < 52; week++) {
      for (let pair = 0; pair < 10; pair++) {
        const seller = reps[(pair * 2 + week) % 20]!;
        const buyer = reps[(pair * 2 + week + 1) % 20]!;
        const session = core.sessions.create(
          {
            focusAreaId: areas[week % 4]!,
            startsAt: new Date(start + week * 7 * 86_400_000).toISOString(),
            participants: [
              { repId: seller, role: 'seller' },
              { repId: buyer, role: 'buyer' },
            ],
          },
          { notify: false },
        );
        for (const [reviewerId, bias] of [
          [seller, 1],
          [buyer, 0],
          [coach.id, -1],
        ] as const) {
          const card = core.scorecards.cards.start({ sessionId: session.id, reviewerId });
          draftId = card.id;
          core.scorecards.cards.submit({
            id: card.id,
            scores: card.template.criteria.map((c, i) => ({ criterionId: c.id, score: Math.min(5, Math.max(1, 3 + bias + ((i + week) % 2))), comment: 'Asked about impact' })),
            sections: { 'practise-next': 'Quantify the pain' },
          });
        }
      }
    }
  })();
  const last = core.scorecards.cards.get(draftId);
  core.scorecards.cards.revise(draftId);
  return { core, draftId, criterionIds: last.template.criteria.map((c) => c.id), reps };
}

const data = year();
let tick = 0;

describe('scorecards (a year: 520 sessions, 1,560 submitted scorecards)', () => {
  bench('scorecards:save-draft (one keystroke pause)', () => {
    tick++;
    data.core.scorecards.cards.saveDraft({ id: data.draftId, scores: [{ criterionId: data.criterionIds[0]!, score: (tick % 5) + 1, comment: `typed ${tick}` }] });
  }, { iterations: 500 });
  bench('scorecards:get (open the form)', () => {
    data.core.scorecards.cards.get(data.draftId);
  }, { iterations: 200 });
  bench('scorecards:about (one rep, ~78 sessions side by side)', () => {
    data.core.scorecards.cards.about(data.reps[3]!);
  }, { iterations: 20 });
  bench('scorecards:to-write (one rep)', () => {
    data.core.scorecards.cards.toWrite(data.reps[3]!, 60);
  }, { iterations: 50 });
  bench('scorecards:calibration (all sessions)', () => {
    calibrate(data.core.scorecards.cards.submittedBySession({}), 0.75, 3);
  }, { iterations: 5, time: 0 });
  bench('scorecards:export csv (all, ~7,000 rows)', () => {
    toCsv(exportRows(data.core.scorecards.cards.submittedBySession({}), () => 'x@example.com'));
  }, { iterations: 5, time: 0 });
});
