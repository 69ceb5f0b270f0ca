import type { Database } from 'better-sqlite3';
import { AppError, ErrorCode } from '../../shared/errors';
import type { LibraryHitKind, LibraryPage, LibraryRow, ParsedLibraryFilter } from '../../shared/library';
import type { Participant } from '../../shared/sessions';
import { statementCache } from '../db/statements';

/**
 * What a signed-in member may find: the sessions they may see and the people whose submitted
 * scorecards they may read (besides their own). Null: everything (the local owner, an admin).
 */
export interface LibraryVisibility {
  repId: string;
  sessions: ReadonlySet<string>;
  leads: ReadonlySet<string>;
}

const roleOrder: Record<Participant['role'], number> = { seller: 0, buyer: 1, observer: 2 };

/**
 * Free text as FTS5 terms that cannot be a syntax error: each run of letters or digits becomes a
 * quoted term, and one of three or more characters also finds longer words (Finnish inflects:
 * "käyttöönot" finds "käyttöönotosta"). A shorter prefix would match half the index.
 * Empty when nothing is left to find.
 */
export function ftsTerms(text: string): string[] {
  const words = text.normalize('NFC').match(/[\p{L}\p{N}]+/gu)?.slice(0, 8) ?? [];
  return words.map((w) => `"${w}"${[...w].length >= 3 ? '*' : ''}`);
}

/**
 * How far past a page's start a search by date counts its sessions before saying "or more". Each
 * session counted is walked, and counting a thousand was a large part of a search of two common
 * words at 50,000 sessions. Scrolling counts on, so the number grows as the list is read.
 */
export const libraryCountStep = 200;
/**
 * When every word is in at least this many texts, a search by date walks the sessions newest
 * first; a rarer word has few hits, and grouping them by session is cheaper than walking every
 * session to find a few. A rough line, not tuned by a bench.
 */
export const defaultWalkFrom = 2000;

/**
 * A word in fewer texts than this is rare: a search with one starts from its sessions. Counting a
 * word's texts stops here, so the count is cheap for any word.
 */
export const defaultRareBelow = 2000;

/**
 * Sorted by relevance, a word in very many texts (every word common, see `defaultWalkFrom`) is
 * ranked among its newest this many texts only: ranking every text of a word in most sessions
 * cost far more than the rest of the search at 50,000 sessions. The sessions those texts are in come first, best ranked first;
 * the other sessions that match follow newest first.
 */
export const defaultRankAmong = 1000;

/**
 * A walk by date reads a word's hits between a batch's first and last text unless they are
 * further apart than this share of all texts; then it reads each word's every hit once (see
 * `walkByDate`). A search from a rare word reads the other words' hits between its candidates'
 * first and last text unless the rare word's hits are further apart than this (see `search`).
 */
export const defaultWalkSpan = 0.25;

/** A prefix that stands for more index terms than this is asked as a prefix (see `exactTerms`). */
const maxExactTerms = 8;

interface PageKey {
  id: string;
  at: string;
  reviews: number;
  score: number | null;
  docId: number | null;
  kind: LibraryHitKind | null;
  recordingId: string | null;
  atMs: number | null;
}


/** The Library's one query: sessions that have takes, narrowed by filters and words, a page at a time. */
export class LibrarySearch {
  private readonly sql;

  /**
   * `walkFrom`: how many texts make a word common (see `defaultWalkFrom`); `rareBelow`: in fewer
   * texts than this a word is rare and a search starts from it (see `defaultRareBelow`);
   * `rankAmong`: how many of a common word's newest texts are ranked (see `defaultRankAmong`);
   * `walkSpan`: how spread a walk's batch of texts may be (see `defaultWalkSpan`). Tests move them.
   */
  constructor(
    private readonly db: Database,
    private readonly walkFrom = defaultWalkFrom,
    private readonly rareBelow = defaultRareBelow,
    private readonly rankAmong = defaultRankAmong,
    private readonly walkSpan = defaultWalkSpan,
  ) {
    this.sql = statementCache(db);
    this.termsView();
  }

  /**
   * A view of the index's terms for this connection only (nothing is stored): see `exactTerms`.
   * Made again when gone: changing `temp_store` deletes every temporary table.
   */
  private termsView(): void {
    if (this.sql("SELECT 1 FROM temp.sqlite_master WHERE name = 'library_search_terms'").get()) return;
    this.db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.library_search_terms USING fts5vocab('main', 'library_search', 'instance')`);
  }

  search(filter: ParsedLibraryFilter, visibility: LibraryVisibility | null = null): LibraryPage {
    const params: Record<string, unknown> = {};
    const where: string[] = [];
    // Every word must be somewhere in the session (a name in its people, a word in a marker), not
    // all in one text. The hit that gives the snippet and the moment to open is found for the last
    // word (people type the name first, the thing said last): the best one when sorted by
    // relevance, else the first indexed (ranking every hit of a common word costs more than the rest).
    const terms = ftsTerms(filter.query);
    const match = terms.length ? terms.join(' OR ') : null;
    const relevance = filter.sort === 'relevance' && match !== null;
    // Which texts hold a word is asked with its index terms (see `exactTerms`); relevance is
    // ranked with the word as typed, so its score is what it always was.
    terms.forEach((term, i) => {
      params[`term${i}`] = this.exactTerms(term);
      params[`typed${i}`] = term;
    });
    // Newest first with common words: walk the sessions by date and stop after the page, testing
    // each session's texts against the words' hits, instead of grouping every hit by session
    // (most of a search's time at 50,000 sessions). A rare word has few hits to start from, and
    // walking every session to find a few would cost more.
    // How many texts hold each word (counted only as far as it matters): once per search.
    const counts = terms.map((_, i) => this.hitsUpTo(params[`term${i}`] as string, Math.max(this.walkFrom, this.rareBelow)));
    const common = match !== null && counts.every((n) => n >= this.walkFrom);
    // By relevance with common words, only the last word's newest texts are ranked; the sessions
    // left over are walked by date as a search by date does.
    const bounded = relevance && common;
    const walk = common && (filter.sort === 'date' || bounded);
    let hits = '';
    let hidden = '';
    let candidatesFirst = '';
    if (match && visibility) {
      // A submitted scorecard is read by its writer, the person it is about and those who lead them.
      hidden = `AND (d.kind <> 'scorecard' OR EXISTS (SELECT 1 FROM scorecards c WHERE c.id = d.source_id
                  AND (c.reviewer_id = @me OR c.reviewee_id = @me OR c.reviewee_id IN (SELECT value FROM json_each(@leads)))))`;
    }
    // A walk's words: each word's hits become one set, built once per query (`+d.id` keeps SQLite
    // from probing the index once per hit), in which a session's few texts are looked up. Within
    // `@lo`..`@hi` (a batch of sessions' texts, see `walkByDate`) only those hits are read.
    const walkWords = (within: boolean) => {
      const has = (i: number) => `FROM library_search_docs d WHERE d.session_id = l.session_id
                    AND +d.id IN (SELECT rowid FROM library_search WHERE library_search MATCH @term${i}${within ? ' AND rowid BETWEEN @lo AND @hi' : ''}) ${hidden}`;
      return {
        where: terms.slice(0, -1).map((_, i) => `EXISTS (SELECT 1 ${has(i)})`),
        hits: `CROSS JOIN library_search_docs hd ON hd.id = (SELECT min(d.id) ${has(terms.length - 1)})`,
      };
    };
    if (walk) {
      // See `walkByDate`: the words are tested there, a batch of sessions at a time.
    } else if (match) {
      // A search that has a rare word starts from it: its few sessions are the only ones that can
      // match, so every other word's hits are tested against their texts alone (one pass over each
      // word's hit list, no grouping), and only their texts are ranked. Without a rare word, the
      // sessions that have each word but the last, and the last word's hits grouped only for those.
      const rarest = counts.indexOf(Math.min(...counts));
      const rare = counts[rarest]! < this.rareBelow;
      if (rare) {
        // The rarest word's sessions and every text of theirs, gathered once (`+f.rowid` keeps
        // FTS5 from matching again for each candidate text).
        candidatesFirst = `WITH candidates AS MATERIALIZED (SELECT DISTINCT d.session_id FROM library_search f JOIN library_search_docs d ON d.id = f.rowid
                   WHERE library_search MATCH @term${rarest} ${hidden}),
                 candidate_docs AS MATERIALIZED (SELECT d.id FROM library_search_docs d WHERE d.session_id IN candidates) `;
        where.push('l.session_id IN candidates');
      }
      // The other words' hits are read only between the candidates' first and last text when
      // those lie close (a session's texts are mostly written in the days around it). A bounded
      // read lists a common word's hits no faster than an unbounded one and checks each against
      // the bounds, so when the rare word's own hits are already spread over more than
      // `walkSpan` of all texts (a name on sessions of every month), the bounds are left out.
      const spread = rare && this.spread(params[`term${rarest}`] as string);
      const among = rare
        ? `${spread ? '' : 'AND f.rowid BETWEEN (SELECT min(id) FROM candidate_docs) AND (SELECT max(id) FROM candidate_docs)'} AND +f.rowid IN candidate_docs`
        : '';
      const others: string[] = [];
      for (let i = 0; i < terms.length - 1; i++) {
        if (rare && i === rarest) continue;
        others.push(`(SELECT d.session_id FROM library_search f JOIN library_search_docs d ON d.id = f.rowid
                      WHERE library_search MATCH @term${i} ${among} ${hidden})`);
      }
      for (const sessions of others) where.push(`l.session_id IN ${sessions}`);
      // The hit shown: the last word's best-ranked text when sorted by relevance (the first indexed
      // among equals), else its first indexed text.
      const gathered = `SELECT d.session_id, ${relevance ? 'd.id AS doc_id, min(f.rank) AS rank' : 'min(d.id) AS doc_id'}
                    FROM library_search f JOIN library_search_docs d ON d.id = f.rowid
                    WHERE library_search MATCH @${relevance ? 'typed' : 'term'}${terms.length - 1} ${among} ${hidden} ${rare ? '' : others.map((o) => `AND d.session_id IN ${o}`).join(' ')}
                    GROUP BY d.session_id`;
      hits = `JOIN (${gathered}) h ON h.session_id = l.session_id JOIN library_search_docs hd ON hd.id = h.doc_id`;
    }
    if (visibility) {
      params.me = visibility.repId;
      params.sessions = JSON.stringify([...visibility.sessions]);
      params.leads = JSON.stringify([...visibility.leads]);
      where.push('l.session_id IN (SELECT value FROM json_each(@sessions))');
    }
    if (filter.rep) {
      const rep = this.sql('SELECT id FROM reps WHERE id = ? OR email = ? COLLATE NOCASE').pluck().get(filter.rep, filter.rep) as string | undefined;
      if (!rep) throw new AppError(ErrorCode.notFound, `No one in the roster has the email or id "${filter.rep.slice(0, 80)}".`);
      params.rep = rep;
      const role = filter.repRole === 'either' ? '' : `AND sp.role = '${filter.repRole}'`;
      where.push(`EXISTS (SELECT 1 FROM session_participants sp WHERE sp.session_id = l.session_id AND sp.rep_id = @rep ${role})`);
    }
    if (filter.team) {
      params.team = filter.team;
      where.push(`EXISTS (SELECT 1 FROM session_participants sp JOIN reps r ON r.id = sp.rep_id
                          WHERE sp.session_id = l.session_id AND r.team = @team COLLATE NOCASE)`);
    }
    if (filter.focus) {
      params.focus = filter.focus;
      where.push('s.focus_area_id = @focus');
    }
    if (filter.program) {
      params.program = filter.program;
      where.push('s.program_id = @program');
    }
    if (filter.from) {
      params.from = filter.from;
      where.push('l.at >= @from');
    }
    if (filter.to) {
      // Any time on that day: the next day's date sorts after every instant of this one.
      params.to = `${filter.to}\uffff`;
      where.push('l.at <= @to');
    }
    if (filter.review === 'unreviewed') where.push('l.reviews = 0');
    if (filter.review === 'reviewed') where.push('l.reviews > 0');
    if (filter.minScore !== undefined) {
      params.minScore = filter.minScore;
      where.push('l.score >= @minScore');
    }
    if (filter.maxScore !== undefined) {
      params.maxScore = filter.maxScore;
      where.push('l.score <= @maxScore');
    }

    const filters = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const join = walk ? 'CROSS JOIN' : 'JOIN';
    const from = `FROM library_sessions l ${join} sessions s ON s.id = l.session_id ${hits} ${filters}`;
    const order = relevance && !walk
      ? 'h.rank, l.at DESC, l.session_id DESC'
      : filter.sort === 'score'
        ? 'l.score IS NULL, l.score DESC, l.at DESC, l.session_id DESC'
        : 'l.at DESC, l.session_id DESC';
    const hit = match ? 'hd.id AS docId, hd.kind, hd.recording_id AS recordingId, hd.at_ms AS atMs' : 'NULL AS docId, NULL AS kind, NULL AS recordingId, NULL AS atMs';
    // Without words the page is an index walk and the count its own query; when every hit is
    // sorted anyway, the count comes from the same pass.
    const counted = match !== null && !walk;
    const page = `${candidatesFirst}SELECT l.session_id AS id, l.at, l.reviews, l.score, ${hit}${counted ? ', count(*) OVER () AS total' : ''} ${from}`;
    let keys: (PageKey & { total?: number })[];
    let total: number | undefined;
    let capped = false;
    if (bounded) {
      // The sessions of the last word's newest texts, best ranked first: all of them, as few as
      // `rankAmong`. A page past them walks the other sessions newest first.
      // Every other word is tested against each session there (ranking reads few sessions).
      const others = [...where, ...walkWords(false).where];
      const ranked = this.ranked(terms.length - 1, hidden, others.length ? `WHERE ${others.join(' AND ')}` : '', params);
      const more = (counts[terms.length - 1]! > this.rankAmong ? counts[terms.length - 1]! : this.hitsUpTo(params[`term${terms.length - 1}`] as string, this.rankAmong + 1)) > this.rankAmong;
      keys = ranked.slice(filter.offset, filter.offset + filter.limit);
      total = ranked.length;
      if (more && keys.length < filter.limit) {
        const skip = Math.max(0, filter.offset - ranked.length);
        const cap = skip + libraryCountStep;
        const walked = this.walkByDate([...where, 'l.session_id NOT IN (SELECT value FROM json_each(@ranked))'], walkWords, hit, { ...params, ranked: JSON.stringify(ranked.map((k) => k.id)) }, cap + 1);
        keys = keys.concat(walked.slice(skip, skip + filter.limit - keys.length));
        total += Math.min(walked.length, cap);
        capped = walked.length > cap;
      } else {
        // The page is among the ranked: the sessions after them are not counted until a page
        // reaches them, so the count is where it stopped.
        capped = more;
      }
    } else if (walk) {
      // One walk gives the page and the count, so each word's hits are read once. A common word
      // is in most sessions: counting them all would walk all of them, so the count stops
      // `libraryCountStep` past the page's start and says so ("200+"); scrolling on counts on.
      const cap = filter.offset + libraryCountStep;
      const walked = this.walkByDate(where, walkWords, hit, params, cap + 1);
      keys = walked.slice(filter.offset, filter.offset + filter.limit);
      total = Math.min(walked.length, cap);
      capped = walked.length > cap;
    } else {
      keys = this.sql(`${page} ORDER BY ${order} LIMIT @limit OFFSET @offset`).all({
        ...params,
        limit: filter.limit,
        offset: filter.offset,
      }) as (PageKey & { total?: number })[];
      total =
        keys[0]?.total ??
        (keys.length < filter.limit && (keys.length > 0 || filter.offset === 0)
          ? filter.offset + keys.length
          : (this.sql(`${candidatesFirst}SELECT count(*) ${from}`).pluck().get(params) as number));
    }
    // The snippets too are found with the words' index terms: with a prefix FTS5 would gather its
    // every hit again.
    const snippets = match ? this.snippets(terms.map((_, i) => params[`term${i}`] as string).join(' OR '), keys) : new Map<number, string>();
    const rows = keys.map((key) => this.row(key, key.docId === null ? null : (snippets.get(key.docId) ?? null)));
    return capped ? { total, capped, rows } : { total, rows };
  }

  /**
   * The first `limit` sessions newest first that pass `where` and hold every word (`words`, see
   * `search`), each with its hit. Gathering each word's every hit up front cost most of a search
   * of common words at 50,000 sessions (a common word is in most sessions, and its set was built
   * to test the first few hundred). Instead the sessions are taken a batch at a time, as many as
   * the page and its count should need, and only the hits among the batch's texts (the rowids
   * between its first and last text) are read; a batch comes up short only when few sessions
   * hold every word, and the next one is four times larger. When a batch's texts are spread over
   * more than `walkSpan` of the index (texts written long after their session), reading between
   * them would cost about as much as every hit, so the rest is walked with each word's every hit.
   */
  private walkByDate(
    where: string[],
    words: (within: boolean) => { where: string[]; hits: string },
    hit: string,
    params: Record<string, unknown>,
    limit: number,
  ): PageKey[] {
    const order = 'ORDER BY l.at DESC, l.session_id DESC';
    const sessions = 'FROM library_sessions l CROSS JOIN sessions s ON s.id = l.session_id';
    const filters = (more: string[]) => (more.length ? `WHERE ${more.join(' AND ')}` : '');
    const texts = (this.sql('SELECT max(id) FROM library_search_docs').pluck().get() as number | null) ?? 0;
    const found: PageKey[] = [];
    let size = Math.ceil(limit * 1.25) + 16;
    let after: { at: string; id: string } | null = null;
    for (;;) {
      const past = after ? ['(l.at, l.session_id) < (@afterAt, @afterId)'] : [];
      const keyset = after ? { afterAt: after.at, afterId: after.id } : {};
      const batch = this.sql(`SELECT l.session_id AS id, l.at ${sessions} ${filters([...where, ...past])} ${order} LIMIT @size`).all({
        ...params,
        ...keyset,
        size,
      }) as { id: string; at: string }[];
      if (batch.length === 0) return found;
      const ids = JSON.stringify(batch.map((b) => b.id));
      const span = this.sql('SELECT min(id) AS lo, max(id) AS hi FROM library_search_docs WHERE session_id IN (SELECT value FROM json_each(?))').get(ids) as {
        lo: number | null;
        hi: number | null;
      };
      const left = limit - found.length;
      if (span.lo === null || span.hi === null) {
        // No texts at all: none of these sessions can hold a word.
      } else if (span.hi - span.lo > texts * this.walkSpan) {
        const w = words(false);
        const rest = this.sql(`SELECT l.session_id AS id, l.at, l.reviews, l.score, ${hit} ${sessions} ${w.hits} ${filters([...where, ...past, ...w.where])} ${order} LIMIT @left`);
        return found.concat(rest.all({ ...params, ...keyset, left }) as PageKey[]);
      } else {
        const w = words(true);
        const rows = this.sql(
          `SELECT l.session_id AS id, l.at, l.reviews, l.score, ${hit} ${sessions} ${w.hits}
           ${filters(['l.session_id IN (SELECT value FROM json_each(@batch))', ...w.where])} ${order} LIMIT @left`,
        ).all({ ...params, batch: ids, lo: span.lo, hi: span.hi, left }) as PageKey[];
        found.push(...rows);
      }
      if (found.length >= limit || batch.length < size) return found;
      after = batch[batch.length - 1]!;
      size = Math.min(size * 4, 20_000);
    }
  }

  /**
   * Every session whose hit is among the newest `rankAmong` texts of word `last`, best ranked
   * first (then newest); a session's hit is its best-ranked text there, the first indexed among equals.
   */
  private ranked(last: number, hidden: string, filters: string, params: Record<string, unknown>): PageKey[] {
    const best = `SELECT d.session_id, d.id AS doc_id, r.rank, row_number() OVER (PARTITION BY d.session_id ORDER BY r.rank, d.id) AS n
                  FROM recent r JOIN library_search_docs d ON d.id = r.id WHERE 1 ${hidden}`;
    return this.sql(
      `WITH recent AS MATERIALIZED (SELECT rowid AS id, rank FROM library_search WHERE library_search MATCH @typed${last} ORDER BY rowid DESC LIMIT @among)
       SELECT l.session_id AS id, l.at, l.reviews, l.score, hd.id AS docId, hd.kind, hd.recording_id AS recordingId, hd.at_ms AS atMs
       FROM library_sessions l JOIN sessions s ON s.id = l.session_id JOIN (${best}) h ON h.session_id = l.session_id AND h.n = 1
         JOIN library_search_docs hd ON hd.id = h.doc_id ${filters}
       ORDER BY h.rank, l.at DESC, l.session_id DESC`,
    ).all({ ...params, among: this.rankAmong }) as PageKey[];
  }

  /**
   * A word that also finds longer words ("budjetti"*) as the index terms it stands for, when they
   * are few: ("budjetti" OR "budjettia"). FTS5 gathers a prefix's every hit into memory whenever
   * it is asked, even for a few rowids; index terms are read lazily, so a search asking about a
   * page's texts reads only those. Many terms (a short number) stay a prefix. The terms are
   * listed from the index itself (`library_search_terms`, one seek per term).
   */
  private exactTerms(term: string): string {
    const word = /^"(.*)"\*$/u.exec(term)?.[1];
    if (word === undefined) return term;
    // The index folds case and diacritics (`remove_diacritics 2`); a word that does not fold to
    // plain letters and digits this way stays a prefix rather than risk missing a term.
    const folded = word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    if (!/^[a-z0-9]+$/u.test(folded)) return term;
    this.termsView();
    const next = this.sql('SELECT term FROM temp.library_search_terms WHERE term >= ? AND term < ? LIMIT 1').pluck();
    const end = `${folded}\u{10FFFF}`;
    const found: string[] = [];
    // Terms are letters and digits only, so none lies between a term and the term with "0" added.
    for (let t = next.get(folded, end) as string | undefined; t !== undefined; t = next.get(`${t}0`, end) as string | undefined) {
      if (found.length === maxExactTerms) return term;
      found.push(t);
    }
    return found.length ? `(${found.map((t) => `"${t}"`).join(' OR ')})` : term;
  }

  /**
   * How many texts hold a word, counted no further than `cap`: FTS5 stops listing its hits there,
   * which costs far less than the search itself.
   */
  private hitsUpTo(term: string, cap: number): number {
    if (cap <= 0) return 0;
    return this.sql('SELECT count(*) FROM (SELECT 1 FROM library_search WHERE library_search MATCH ? LIMIT ?)').pluck().get(term, cap) as number;
  }

  /**
   * Whether the hits of `term` (a rare word's, so few) lie further apart than `walkSpan` of all
   * texts: then the texts of the sessions they are in lie at least as far apart.
   */
  private spread(term: string): boolean {
    const texts = (this.sql('SELECT max(id) FROM library_search_docs').pluck().get() as number | null) ?? 0;
    const span = this.sql('SELECT max(rowid) - min(rowid) FROM library_search WHERE library_search MATCH ?').pluck().get(term) as number | null;
    return span !== null && span > texts * this.walkSpan;
  }

  /**
   * The page's snippets. FTS5 lists a word's every hit whatever rowids it is asked about (a
   * bounded read costs as much as an unbounded one), so matching the words in the index again
   * for the page read every hit of every word once more; asking for each text by rowid made it
   * gather a prefix's whole hit list for every row. Instead the page's few texts are copied into
   * a table of their own and matched there.
   */
  private snippets(match: string, keys: PageKey[]): Map<number, string> {
    const ids = [...new Set(keys.map((k) => k.docId).filter((id): id is number => id !== null))];
    if (ids.length === 0) return new Map();
    this.snippetTable();
    // Written to this connection's temporary database only: no lock on the library is taken.
    let found: { id: number; snippet: string }[];
    try {
      this.sql('INSERT INTO temp.library_snippets (rowid, body) SELECT rowid, body FROM library_search WHERE rowid IN (SELECT value FROM json_each(?))').run(
        JSON.stringify(ids),
      );
      found = this.sql(
        `SELECT rowid AS id, snippet(library_snippets, 0, '', '', '…', 16) AS snippet FROM temp.library_snippets WHERE library_snippets MATCH ?`,
      ).all(match) as { id: number; snippet: string }[];
    } finally {
      this.sql('DELETE FROM temp.library_snippets').run();
    }
    return new Map(found.map((r) => [r.id, r.snippet]));
  }

  /**
   * The page's texts are matched again in a table of their own (for this connection only, made
   * again when gone as `termsView` is), tokenized as the index is: a snippet is drawn from its
   * own text and the words' places in it alone, so it is the one the index would give.
   */
  private snippetTable(): void {
    if (this.sql("SELECT 1 FROM temp.sqlite_master WHERE name = 'library_snippets'").get()) return;
    this.db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.library_snippets USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')`);
  }

  private row(key: PageKey, snippet: string | null): LibraryRow {
    const session = this.sql(
      `SELECT s.title, s.focus_area_id AS focusArea, f.name AS focusAreaName, s.program_id AS programId, pr.time_zone AS timeZone,
              (SELECT count(*) FROM markers m JOIN recordings r ON r.id = m.recording_id WHERE r.session_id = s.id) AS markers,
              (SELECT count(*) FROM comments c JOIN recordings r ON r.id = c.recording_id WHERE r.session_id = s.id) AS comments
       FROM sessions s JOIN focus_areas f ON f.id = s.focus_area_id LEFT JOIN programs pr ON pr.id = s.program_id WHERE s.id = ?`,
    ).get(key.id) as { title: string; focusArea: string; focusAreaName: string; programId: string | null; timeZone: string | null; markers: number; comments: number };
    const participants = (
      this.sql(
        `SELECT sp.rep_id AS repId, r.name, r.email, sp.role FROM session_participants sp JOIN reps r ON r.id = sp.rep_id WHERE sp.session_id = ?`,
      ).all(key.id) as Participant[]
    ).sort((a, b) => roleOrder[a.role] - roleOrder[b.role] || a.name.localeCompare(b.name));
    const takes = (
      this.sql(
        `SELECT id, status, duration_ms AS durationMs, has_thumbnail AS hasThumbnail, has_video AS hasVideo, recovered, started_at AS startedAt
         FROM recordings WHERE session_id = ? ORDER BY started_at, id`,
      ).all(key.id) as { id: string; status: string; durationMs: number | null; hasThumbnail: number; hasVideo: number; recovered: number; startedAt: string }[]
    ).map((t) => ({ ...t, hasThumbnail: t.hasThumbnail === 1, hasVideo: t.hasVideo === 1, recovered: t.recovered === 1 }));
    return {
      sessionId: key.id,
      recordingId: key.recordingId ?? takes[takes.length - 1]!.id,
      focusArea: session.focusArea,
      focusAreaName: session.focusAreaName,
      programId: session.programId,
      title: session.title,
      startsAt: key.at,
      timeZone: session.timeZone,
      participants,
      takes,
      reviews: key.reviews,
      score: key.score,
      markers: session.markers,
      comments: session.comments,
      recovered: takes.some((t) => t.recovered),
      snippet,
      hitKind: key.kind,
      atMs: key.atMs,
    };
  }
}
