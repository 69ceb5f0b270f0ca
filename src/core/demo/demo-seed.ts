import type { Database } from 'better-sqlite3';
import { AppError, ErrorCode } from '../../shared/errors';
import { normalize } from '../../shared/scorecards';
import type { Clock } from '../clock';
import { writeTransaction } from '../db/open-database';
import { uuidv7 } from '../ids';
import { addDays, daysBetween, isoDay, quarterOf, weekStart } from '../progress/calendar';
import { zonedToInstant } from '../programs/time-zones';

export interface DemoOptions {
  reps: number;
  weeks: number;
  /**
   * The benchmark's team: everyone hired before the program starts, every session also scored
   * by the seller (self) and the coach, and about twice the deals. The demo spreads hires instead.
   */
  dense?: boolean;
}

export interface DemoReport {
  reps: number;
  sessions: number;
  scorecards: number;
  coachingNotes: number;
  opportunities: number;
}

/** A small seeded generator, so the demo team is the same every time it is made. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const firstNames = ['Aino', 'Mikko', 'Sara', 'Jonas', 'Elina', 'Lukas', 'Noora', 'Felix', 'Hanna', 'Oskari', 'Lena', 'Ville', 'Iida', 'Tobias', 'Emma', 'Paul', 'Veera', 'Jakob', 'Siiri', 'Max'];
const lastNames = ['Virtanen', 'Müller', 'Korhonen', 'Schmidt', 'Mäkinen', 'Weber', 'Nieminen', 'Fischer', 'Laine', 'Wagner', 'Heikkinen', 'Becker'];
const preferences = ['doing', 'watching', 'discussing', 'reading', 'coaching'] as const;
const assessments = ['DISC', 'CliftonStrengths', 'DISC', 'Hogan'];
const goals = ['Run my own discovery calls without help', 'Lead enterprise deals', 'Become a team lead within two years', 'Coach new hires', 'Move into solutions consulting'];
const motivators = ['Mastery and feedback', 'Winning as a team', 'Recognition', 'Autonomy', 'Helping customers succeed'];
const focusAreas = ['discovery', 'demo', 'personas', 'objection-handling'];
const actions = ['Ask one more "why" before pitching', 'Quantify the pain in euros', 'Check in after each demo section', 'Name the persona\'s top priority first', 'Summarize the objection before answering'];

/**
 * Fills an empty data folder with a believable team: two teams with their managers (who coach),
 * reps hired across two years with profiles, a weekly program with its weeks held (and some
 * missed), peer and coach scorecards with trends (most reps improving, one slipping in days
 * 46–179 after the hire), coaching notes with agreed actions, and CRM opportunities and quotas.
 * Everything is made up; the emails are at example.com.
 */
export function seedDemo(db: Database, clock: Clock, options: DemoOptions): DemoReport {
  if ((db.prepare('SELECT count(*) FROM reps').pluck().get() as number) > 0) {
    throw new AppError(ErrorCode.notEmpty, 'This data folder already has a team. Make the demo in a new, empty folder (--data-dir).');
  }
  const rand = random(20261130 + options.reps * 31 + options.weeks);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const noise = () => (rand() + rand() + rand() - 1.5) * 0.6;
  const today = isoDay(clock());
  const now = clock().toISOString();
  const report: DemoReport = { reps: 0, sessions: 0, scorecards: 0, coachingNotes: 0, opportunities: 0 };

  const insertRep = db.prepare(
    `INSERT INTO reps (id, name, email, role, team, manager_id, hire_date, coach, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertProfile = db.prepare(
    `INSERT INTO rep_profiles (rep_id, career_goals, motivators, learning_preference, assessment_type, assessment_result, notes) VALUES (?, ?, ?, ?, ?, ?, '')`,
  );
  const insertSession = db.prepare(
    `INSERT INTO sessions (id, program_id, focus_area_id, title, starts_at, ends_at, status, sequence, program_week, local_date, coach_rep_id, created_at, updated_at)
     VALUES (?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertParticipant = db.prepare('INSERT INTO session_participants (session_id, rep_id, role) VALUES (?, ?, ?)');
  const insertCard = db.prepare(
    `INSERT INTO scorecards (id, session_id, version_id, reviewer_id, reviewee_id, role, status, revision, sections, submitted_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'submitted', 1, ?, ?, ?, ?)`,
  );
  const insertScore = db.prepare('INSERT INTO scorecard_scores (scorecard_id, criterion_id, score) VALUES (?, ?, ?)');
  const insertRevision = db.prepare('INSERT INTO scorecard_revisions (scorecard_id, revision, submitted_at, overall, content) VALUES (?, 1, ?, ?, ?)');
  const insertNote = db.prepare(
    `INSERT INTO coaching_notes (id, coach_id, rep_id, week_of, session_id, goals_reviewed, practised, actions, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertOpp = db.prepare(
    `INSERT INTO opportunities (id, owner_email, created_date, close_date, amount, stage, closed, won, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertQuota = db.prepare('INSERT OR IGNORE INTO quotas (owner_email, period, amount) VALUES (?, ?, ?)');
  const criteria = new Map(
    focusAreas.map((area) => [
      area,
      db.prepare('SELECT id, key FROM rubric_criteria WHERE version_id = ? ORDER BY position').all(`builtin-${area}-v1`) as { id: string; key: string }[],
    ]),
  );

  return writeTransaction(db, () => {
    // Two teams, each with a manager who also coaches.
    const teams = ['Nordics', 'DACH'];
    const managers = teams.map((team, i) => {
      const id = uuidv7();
      const name = i === 0 ? 'Kaisa Lehtonen' : 'Stefan Braun';
      insertRep.run(id, name, `${name.split(' ')[0]!.toLowerCase()}@example.com`, 'Sales manager', team, null, addDays(today, -1200 - i * 90), 1, now, now);
      insertProfile.run(id, 'Grow the team\'s coaching habit', 'Seeing people grow', 'coaching', 'DISC', 'D/I');
      report.reps++;
      return { id, team };
    });

    interface DemoRep { id: string; email: string; hire: string; base: number; growth: number; slipping: boolean; attendance: number }
    const reps: DemoRep[] = [];
    const count = Math.max(2, options.reps);
    // Hired from about two years ago up to three weeks ago; the rep at ~40% of the list is
    // 100–150 days in, and slips in days 46–179.
    const slipIndex = Math.floor(count * 0.6);
    for (let i = 0; i < count; i++) {
      const id = uuidv7();
      const first = firstNames[i % firstNames.length]!;
      const last = lastNames[(i * 7) % lastNames.length]!;
      const suffix = i >= firstNames.length ? String(Math.floor(i / firstNames.length) + 1) : '';
      const email = `${first.toLowerCase()}.${last.toLowerCase().replace('ü', 'ue').replace('ä', 'a')}${suffix}@example.com`;
      const daysAgo = options.dense ? options.weeks * 7 + 30 + i : i === slipIndex ? 130 : Math.round(730 - (710 * i) / Math.max(1, count - 1));
      const hire = addDays(today, -daysAgo);
      const manager = managers[i % managers.length]!;
      insertRep.run(id, `${first} ${last}${suffix ? ` ${suffix}` : ''}`, email, daysAgo > 365 ? 'Account executive' : 'Sales development rep', manager.team, manager.id, hire, i % 5 === 0 ? 1 : 0, now, now);
      insertProfile.run(id, pick(goals), pick(motivators), preferences[i % preferences.length]!, pick(assessments), '');
      reps.push({ id, email, hire, base: 2.2 + rand() * 0.8, growth: 0.6 + rand() * 1.2, slipping: i === slipIndex, attendance: 0.82 + rand() * 0.15 });
      report.reps++;
    }

    const programId = uuidv7();
    const start = weekStart(addDays(today, -7 * options.weeks));
    db.prepare(
      `INSERT INTO programs (id, name, weekday, time, duration_minutes, time_zone, start_date, strategy, pairing_seed, created_at, updated_at)
       VALUES (?, 'Weekly role-play', 2, '15:00', 45, 'Europe/Helsinki', ?, 'mixed', ?, ?, ?)`,
    ).run(programId, start, programId, now, now);
    reps.forEach((r, i) => db.prepare('INSERT INTO program_reps (program_id, rep_id, position) VALUES (?, ?, ?)').run(programId, r.id, i));
    focusAreas.forEach((area, i) => db.prepare('INSERT INTO program_focus_areas (program_id, position, focus_area_id) VALUES (?, ?, ?)').run(programId, i, area));

    const managerOf = (repIndex: number) => managers[repIndex % managers.length]!.id;
    const skill = (rep: DemoRep, date: string) => {
      const day = daysBetween(rep.hire, date);
      let s = rep.base + rep.growth * Math.min(1, day / 365);
      if (rep.slipping && day >= 46) s -= Math.min(1.4, ((day - 46) / 80) * 1.4);
      return s;
    };
    // Weeks are counted from 0 as the schedule counts them (its first session is week 0), so that
    // planning from the demo goes on with the coming week; each session is at its first version.
    for (let week = 0; week < options.weeks; week++) {
      const date = addDays(start, week * 7 + 2);
      if (date > today) break;
      const startsAt = new Date(zonedToInstant('Europe/Helsinki', date, '15:00').epochMs);
      const focus = focusAreas[week % focusAreas.length]!;
      const active = reps.map((r, i) => ({ r, i })).filter(({ r }) => r.hire <= date);
      // Shuffle, then pair neighbours; the seller alternates by week.
      for (let k = active.length - 1; k > 0; k--) {
        const j = Math.floor(rand() * (k + 1));
        [active[k], active[j]] = [active[j]!, active[k]!];
      }
      const cancelledWeek = rand() < 0.03;
      for (let k = 0; k + 1 < active.length; k += 2) {
        const [a, b] = week % 2 ? [active[k]!, active[k + 1]!] : [active[k + 1]!, active[k]!];
        const seller = a.r;
        const coachId = managerOf(a.i);
        const inBand = seller.slipping && daysBetween(seller.hire, date) >= 46;
        // After the first 45 days practice thins out for everyone (the gap the team view shows), and much more for the slipping rep.
        const band = (r: DemoRep) => {
          const day = daysBetween(r.hire, date);
          return day >= 46 && day <= 179 ? 0.12 : 0;
        };
        const attendance = Math.min(seller.attendance - band(seller), b.r.attendance - band(b.r)) - (inBand ? 0.4 : 0);
        const status = cancelledWeek ? 'cancelled' : date === today || rand() < attendance ? 'done' : 'missed';
        const sessionId = uuidv7(startsAt.getTime());
        insertSession.run(sessionId, programId, focus, startsAt.toISOString(), new Date(startsAt.getTime() + 45 * 60_000).toISOString(), status, 0, week, date, coachId, now, now);
        insertParticipant.run(sessionId, seller.id, 'seller');
        insertParticipant.run(sessionId, b.r.id, 'buyer');
        report.sessions++;
        if (status !== 'done') continue;
        const reviewers: [string, 'peer' | 'coach' | 'self'][] = [[b.r.id, 'peer']];
        if (options.dense || rand() < 0.4) reviewers.push([coachId, 'coach']);
        if (options.dense) reviewers.push([seller.id, 'self']);
        for (const [reviewerId, role] of reviewers) {
          const cardId = uuidv7(startsAt.getTime());
          const submittedAt = new Date(startsAt.getTime() + 2 * 3600_000).toISOString();
          const level = skill(seller, date) + (role === 'coach' ? 0 : 0.3);
          const scores = criteria.get(focus)!.map((c) => ({ criterionId: c.id, score: Math.max(1, Math.min(5, Math.round(level + noise()))), comment: '', evidence: [] }));
          const sections = { 'practise-next': pick(actions) };
          insertCard.run(cardId, sessionId, `builtin-${focus}-v1`, reviewerId, seller.id, role, JSON.stringify(sections), submittedAt, submittedAt, submittedAt);
          for (const s of scores) insertScore.run(cardId, s.criterionId, s.score);
          const average = scores.reduce((sum, s) => sum + s.score, 0) / scores.length;
          insertRevision.run(cardId, submittedAt, normalize(average), JSON.stringify({ scores, sections }));
          report.scorecards++;
        }
        if (week % 2 === 0) {
          const agreed = [{ text: pick(actions), done: rand() < 0.6 }];
          insertNote.run(uuidv7(), coachId, seller.id, weekStart(date), sessionId, 'Went through last week\'s action', `Practised ${focus}`, JSON.stringify(agreed), now, now);
          report.coachingNotes++;
        }
      }
    }

    // Deals from the hire date on: better-practised reps win more often.
    let n = 0;
    for (const rep of reps) {
      for (let created = addDays(rep.hire, 10 + Math.floor(rand() * 10)); created <= today; created = addDays(created, options.dense ? 1 + Math.floor(rand() * 5) : 6 + Math.floor(rand() * 10))) {
        const cycle = 20 + Math.floor(rand() * 70);
        const close = addDays(created, cycle);
        const closed = close <= today;
        const won = closed && rand() < Math.max(0.08, Math.min(0.6, 0.12 + (skill(rep, created) - 2.2) * 0.18));
        const amount = Math.round((5000 + rand() * 35000) / 100) * 100;
        insertOpp.run(`DEMO-${String(++n).padStart(5, '0')}`, rep.email, created, closed ? close : null, amount, closed ? (won ? 'Closed Won' : 'Closed Lost') : 'Negotiation', closed ? 1 : 0, won ? 1 : 0, now);
        report.opportunities++;
        insertQuota.run(rep.email, quarterOf(created), 90000);
      }
    }
    return report;
  });
}
