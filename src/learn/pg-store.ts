/**
 * The LearnStore contract on Postgres (DATABASE_URL), shared by every replica on the database.
 * Each decision that must hold across processes is one statement the database decides:
 * - `recordVote`: `INSERT … ON CONFLICT DO UPDATE … WHERE the vote or reason differs RETURNING`;
 *   a concurrent first vote of the same person waits for the other's row, so exactly one is `new`.
 * - `swapMeta`: an `INSERT … ON CONFLICT DO NOTHING` (expected absent) or an `UPDATE … WHERE value
 *   = expected` (re-checked by Postgres after a concurrent update), so one weekly claim wins.
 * The person salt is created once per database (`ON CONFLICT DO NOTHING`, then read back), so
 * every replica hashes people alike. Errors are StoreErrors (src/store/pg.ts).
 */
import { randomBytes } from 'node:crypto';
import type { PostgresDatabase, Queryable } from '../store/pg.ts';
import { MAX_LOGGED_TEXT, personKey, type LearnStore, type QuestionRecord, type VoteRecord, type VoteResult } from './store.ts';

/** Postgres text cannot hold NUL; SQLite can. A pasted NUL becomes U+FFFD instead of failing the row. */
export const pgText = (text: string | null): string | null => (text === null ? null : text.replace(/\0/g, '\uFFFD'));

const QUESTION_COLUMNS = 'answer_id AS "answerId", at, platform, lang, outcome, topic_id AS "topicId", confidence, latency_ms AS "latencyMs", text, asker';
const VOTE_COLUMNS = 'answer_id AS "answerId", voter, platform, topic_id AS "topicId", lang, vote, reason, at';

/** Inserts a question unless its answer id is logged already. Exported for `dockhand store migrate`. */
export const INSERT_QUESTION = `INSERT INTO questions (answer_id, at, platform, lang, outcome, topic_id, confidence, latency_ms, text, asker)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (answer_id) DO NOTHING`;

export const questionValues = (r: QuestionRecord): unknown[] => [r.answerId, r.at, r.platform, r.lang, r.outcome, r.topicId, r.confidence, r.latencyMs, pgText(r.text), r.asker];

/** What `recordVote` runs: no row back means the same vote and reason were there already. */
const UPSERT_VOTE = `INSERT INTO votes AS v (answer_id, voter, platform, topic_id, lang, vote, reason, at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
  ON CONFLICT (answer_id, voter) DO UPDATE SET vote = excluded.vote, reason = excluded.reason, at = excluded.at
    WHERE v.vote IS DISTINCT FROM excluded.vote OR v.reason IS DISTINCT FROM excluded.reason
  RETURNING (xmax = 0) AS inserted`;

/** The salt of this database's person keys: made by whichever replica opens it first. */
async function saltOf(db: Queryable): Promise<string> {
  await db.query(`INSERT INTO meta (key, value) VALUES ('person_salt', $1) ON CONFLICT (key) DO NOTHING`, [randomBytes(32).toString('base64url')]);
  const { rows } = await db.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'person_salt'`);
  return rows[0]!.value;
}

/**
 * The learn store over an open, migrated database (openPostgres). `close()` waits for the
 * operations in flight (the question log writes in the background) and then closes `database`;
 * pass a handle whose close leaves a shared pool to its owner (src/store/open.ts does).
 */
export async function openPgLearnStore(database: Pick<PostgresDatabase, 'run' | 'transaction' | 'target' | 'close'>): Promise<LearnStore> {
  const salt = await database.run(saltOf);
  const inFlight = new Set<Promise<unknown>>();
  let closing: Promise<void> | null = null;
  /** Runs one operation, remembered until it settles so `close` can wait for it. */
  const track = <R>(operation: Promise<R>): Promise<R> => {
    inFlight.add(operation);
    const forget = () => void inFlight.delete(operation);
    operation.then(forget, forget);
    return operation;
  };
  const run = <R>(operation: (db: Queryable) => Promise<R>) => track(database.run(operation));
  const rowsOf = <R extends object>(sql: string, values: unknown[]) => run(async (db) => (await db.query<R>(sql, values)).rows);

  return {
    path: database.target,
    person: (platform, userId) => personKey(salt, platform, userId),
    async logQuestion(record) {
      const text = record.text === null ? null : record.text.slice(0, MAX_LOGGED_TEXT);
      await run((db) => db.query(INSERT_QUESTION, questionValues({ ...record, text })));
    },
    recordVote: (v) =>
      run(async (db): Promise<VoteResult> => {
        const { rows } = await db.query<{ inserted: boolean }>(UPSERT_VOTE, [v.answerId, v.voter, v.platform, v.topicId, v.lang, v.vote, v.reason ?? null, v.at]);
        return rows.length === 0 ? 'same' : rows[0]!.inserted ? 'new' : 'changed';
      }),
    setReason: (answerId, voter, reason) =>
      run(async (db) => ((await db.query('UPDATE votes SET reason = $1 WHERE answer_id = $2 AND voter = $3 AND vote = -1', [reason, answerId, voter])).rowCount ?? 0) > 0),
    question: (answerId) => rowsOf<QuestionRecord>(`SELECT ${QUESTION_COLUMNS} FROM questions WHERE answer_id = $1`, [answerId]).then((rows) => rows[0] ?? null),
    questionsSince: (since) => rowsOf<QuestionRecord>(`SELECT ${QUESTION_COLUMNS} FROM questions WHERE at >= $1 ORDER BY at, id`, [since]),
    votesSince: (since) => rowsOf<VoteRecord>(`SELECT ${VOTE_COLUMNS} FROM votes WHERE at >= $1 ORDER BY at`, [since]),
    prune: (before) =>
      track(
        database.transaction(async (client) => {
          const questions = await client.query('DELETE FROM questions WHERE at < $1', [before]);
          const votes = await client.query('DELETE FROM votes WHERE at < $1', [before]);
          return (questions.rowCount ?? 0) + (votes.rowCount ?? 0);
        }),
      ),
    meta: (key) => rowsOf<{ value: string }>('SELECT value FROM meta WHERE key = $1', [key]).then((rows) => rows[0]?.value ?? null),
    swapMeta: (key, expected, value) =>
      run(async (db) => {
        const result =
          expected === null
            ? await db.query('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, value])
            : await db.query('UPDATE meta SET value = $3 WHERE key = $1 AND value = $2', [key, expected, value]);
        return result.rowCount === 1;
      }),
    close() {
      closing ??= Promise.allSettled([...inFlight]).then(() => database.close());
      return closing;
    },
  };
}
