/**
 * `dockhand store migrate`, as an operator runs it: a real SQLite store file written by the real
 * stores (a subscription, a claimed and posted tip, the rotation, questions, votes with a reason,
 * the weekly state and the person salt), copied by the CLI process into a real Postgres database
 * and read back through the Postgres stores; run twice (nothing changes), against a database the
 * new deployment already wrote to (refused, then --force), and with bad input.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openPgLearnStore } from '../../src/learn/pg-store.ts';
import { openSqliteLearnStore } from '../../src/learn/store.ts';
import { openPostgres } from '../../src/store/pg.ts';
import { createPgTipStore } from '../../src/tips/pg-store.ts';
import { openSqliteStore } from '../../src/tips/store.ts';
import { createTestDatabase, describePostgres, type TestDatabase } from '../support/postgres.ts';

const BIN = new URL('../../bin/dockhand.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'dockhand-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [BIN, 'store', ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, timeout: 60_000 });

/** A store file as a bot leaves it after a while. Returns the file and the person key of U1 in it. */
async function seedFile(name: string): Promise<{ path: string; u1: string }> {
  const path = join(dir, name);
  const tips = openSqliteStore(path);
  await tips.saveSubscription({ platform: 'slack', channelId: 'C1', time: '09:00', timezone: 'Asia/Shanghai', lang: 'zh' }, 1_000);
  await tips.saveSubscription({ platform: 'discord', channelId: '123456789012345678', time: '18:30', timezone: 'UTC', lang: 'en' }, 2_000);
  const claimed = await tips.claimDay({ platform: 'slack', channelId: 'C1', localDate: '2026-11-30' }, 'host-a:1', 3_000, () => ({ topicId: 'run-rm', lang: 'zh', rotation: { seed: 4_000_000_000, cycle: 2, shown: ['volumes', 'run-rm'] } }));
  expect(claimed).not.toBeNull();
  await tips.markPosted({ platform: 'slack', channelId: 'C1', localDate: '2026-11-30' }, '1700000000.000100', 3_500);
  await tips.close();
  const learn = openSqliteLearnStore(path);
  const u1 = learn.person('slack', 'U1');
  for (let i = 0; i < 1200; i++) {
    await learn.logQuestion({ answerId: `a${i}`, at: 10_000 + i, platform: i % 2 ? 'slack' : 'discord', lang: i % 3 ? 'en' : 'zh', outcome: i % 5 ? 'answered' : 'declined', topicId: i % 5 ? 'run-rm' : null, confidence: i / 1200, latencyMs: 0.125 + i, text: i === 7 ? 'paste with a NUL\0 and 容器 🐳' : `question ${i}`, asker: i % 4 ? u1 : null });
  }
  await learn.recordVote({ answerId: 'a1', voter: u1, platform: 'slack', topicId: 'run-rm', lang: 'en', vote: -1, reason: null, at: 20_000 });
  await learn.setReason('a1', u1, 'outdated');
  await learn.recordVote({ answerId: 'a2', voter: learn.person('discord', 'D9'), platform: 'discord', topicId: 'run-rm', lang: 'zh', vote: 1, reason: null, at: 20_001 });
  await learn.swapMeta('weekly_report', null, JSON.stringify({ week: '2026-11-30', status: 'posted', at: 5, attempts: 1, messageId: 'ts.1' }));
  await learn.close();
  return { path, u1 };
}

async function query<R extends object>(url: string, sql: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('dockhand store', () => {
  it('refuses bad usage with exit 2, never echoing a URL', () => {
    expect(cli([]).status).toBe(2);
    expect(cli(['copy']).stderr).toContain('usage: dockhand store migrate');
    const noTarget = cli(['migrate']);
    expect(noTarget.status).toBe(2);
    expect(noTarget.stderr).toContain('--to postgres://… or DATABASE_URL');
    const mysql = cli(['migrate', '--to', 'mysql://u:hunter2222@db/x']);
    expect(mysql.status).toBe(2);
    expect(mysql.stderr).not.toContain('hunter2222');
  });

  it('says which file is missing instead of creating one', () => {
    const run = cli(['migrate', '--to', 'postgres://u@127.0.0.1:1/x', '--db', join(dir, 'nope.sqlite')]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`no store at ${join(dir, 'nope.sqlite')}: set --db (or DOCKHAND_DB)`);
  });
});

describePostgres('dockhand store migrate into Postgres', (db) => {
  const extra: TestDatabase[] = [];
  afterAll(async () => {
    for (const d of extra) await d.drop();
  });

  it('copies every row, keeps people and the weekly state, and a second run changes nothing', async () => {
    const { path, u1 } = await seedFile('bot.sqlite');
    const url = new URL(db().url);
    url.password = 'pw-not-shown-77';
    const first = cli(['migrate', '--db', path], { DATABASE_URL: url.toString() });
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/subscriptions\s+2 in the file: 2 copied, 0 already there/);
    expect(first.stdout).toMatch(/questions\s+1200 in the file: 1200 copied/);
    expect(first.stdout).toMatch(/meta\s+2 in the file: 2 copied/);
    expect(first.stdout).toContain('done: 1208 row(s) copied');
    expect(first.stdout).not.toContain('pw-not-shown-77');

    // Read back through the Postgres stores, as a replica would.
    const database = await openPostgres(db().url);
    const tips = createPgTipStore(database);
    expect((await tips.listSubscriptions()).map((s) => [s.platform, s.channelId, s.time, s.timezone, s.lang, s.createdAt])).toEqual([
      ['discord', '123456789012345678', '18:30', 'UTC', 'en', 2_000],
      ['slack', 'C1', '09:00', 'Asia/Shanghai', 'zh', 1_000],
    ]);
    expect(await tips.getRotation({ platform: 'slack', channelId: 'C1' })).toEqual({ seed: 4_000_000_000, cycle: 2, shown: ['volumes', 'run-rm'] });
    expect(await tips.getEntry({ platform: 'slack', channelId: 'C1', localDate: '2026-11-30' })).toMatchObject({ status: 'posted', messageId: '1700000000.000100', topicId: 'run-rm', claimedBy: 'host-a:1' });
    // Postgres holds the day now: no replica claims it again.
    expect(await tips.claimDay({ platform: 'slack', channelId: 'C1', localDate: '2026-11-30' }, 'replica', 9, () => ({ topicId: 'x', lang: 'en', rotation: { seed: 1, cycle: 0, shown: [] } }))).toBeNull();
    await tips.close();
    const learn = await openPgLearnStore(await openPostgres(db().url));
    expect(learn.person('slack', 'U1')).toBe(u1);
    const questions = await learn.questionsSince(0);
    expect(questions).toHaveLength(1200);
    expect(questions.map((q) => q.answerId).slice(0, 3)).toEqual(['a0', 'a1', 'a2']);
    expect(questions[7]).toMatchObject({ text: 'paste with a NUL\uFFFD and 容器 🐳', latencyMs: 7.125, confidence: 7 / 1200 });
    expect(await learn.votesSince(0)).toMatchObject([{ answerId: 'a1', voter: u1, vote: -1, reason: 'outdated' }, { answerId: 'a2', vote: 1 }]);
    expect(JSON.parse((await learn.meta('weekly_report'))!)).toMatchObject({ week: '2026-11-30', status: 'posted' });
    await learn.close();

    // `dockhand report` reads Postgres when DATABASE_URL is set.
    const report = spawnSync(process.execPath, [BIN, 'report', '--json', '--since', '1970-01-01'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: db().url, DOCKHAND_DB: join(dir, 'absent.sqlite') }, timeout: 60_000 });
    expect(report.stderr).toBe('');
    expect(JSON.parse(report.stdout)).toMatchObject({ questions: 1200, votes: { up: 1, down: 1 }, downVoted: [{ id: 'run-rm', reasons: { outdated: 1 } }] });

    const second = cli(['migrate', '--to', db().url, '--db', path]);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('nothing to copy: Postgres already holds every row of the file.');
    expect(second.stdout).toMatch(/questions\s+1200 in the file: 0 copied, 1200 already there/);
    expect((await query<{ n: number }>(db().url, 'SELECT count(*)::int AS n FROM questions'))[0]!.n).toBe(1200);
  });

  it('refuses a database the new deployment already wrote different rows to, writing nothing; --force lets the file win and keeps the rest', async () => {
    const { path, u1 } = await seedFile('bot2.sqlite');
    const target = await createTestDatabase();
    extra.push(target);
    // A replica started on Postgres first: its own salt, its own question, another time for C1.
    const early = await openPgLearnStore(await openPostgres(target.url));
    await early.logQuestion({ answerId: 'pg-only', at: 1, platform: 'slack', lang: 'en', outcome: 'answered', topicId: 'run-rm', confidence: 1, latencyMs: 1, text: 'asked on postgres', asker: null });
    await early.close();
    const tips = createPgTipStore(await openPostgres(target.url));
    await tips.saveSubscription({ platform: 'slack', channelId: 'C1', time: '07:00', timezone: 'UTC', lang: 'en' }, 50);
    await tips.close();

    const refused = cli(['migrate', '--to', target.url, '--db', path]);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toMatch(/meta\s+2 in the file: 0 copied, 0 already there, 1 different in Postgres/);
    expect(refused.stdout).toMatch(/subscriptions\s+2 in the file: 0 copied, 0 already there, 1 different in Postgres/);
    expect(refused.stdout).toContain('nothing written: 2 row(s) in Postgres differ from the file');
    expect((await query<{ n: number }>(target.url, 'SELECT count(*)::int AS n FROM questions'))[0]!.n).toBe(1);

    const forced = cli(['migrate', '--to', target.url, '--db', path, '--force']);
    expect(forced.status).toBe(0);
    expect(forced.stdout).toContain('1 different in Postgres (overwritten: --force)');
    const learn = await openPgLearnStore(await openPostgres(target.url));
    expect(learn.person('slack', 'U1')).toBe(u1);
    expect(await learn.question('pg-only')).not.toBeNull();
    expect(await learn.questionsSince(0)).toHaveLength(1201);
    await learn.close();
    expect(await query(target.url, `SELECT time FROM subscriptions WHERE channel_id = 'C1'`)).toEqual([{ time: '09:00' }]);
    // And again: the forced copy is now simply there.
    expect(cli(['migrate', '--to', target.url, '--db', path]).stdout).toContain('nothing to copy');
  });
});
