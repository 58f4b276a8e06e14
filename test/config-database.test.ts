import { describe, expect, it } from 'vitest';
import { ConfigError, describePlatforms, loadConfig, secretsOf } from '../src/config.ts';
import { createLogger } from '../src/log.ts';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
};

describe('DATABASE_URL', () => {
  it('selects Postgres with the pool size; without it the SQLite file stays the store', () => {
    expect(loadConfig({}).database).toBeNull();
    const config = loadConfig({ DATABASE_URL: 'postgresql://bot:p%40ss@db.internal:5433/dockhand?sslmode=require', DATABASE_POOL_MAX: '12' });
    expect(config.database).toEqual({ url: 'postgresql://bot:p%40ss@db.internal:5433/dockhand?sslmode=require', target: 'postgresql://bot@db.internal:5433/dockhand', poolMax: 12 });
    expect(loadConfig({ DATABASE_URL: 'postgres://db/dockhand' }).database?.poolMax).toBe(5);
    // An empty line in .env is "not set".
    expect(loadConfig({ DATABASE_URL: '', DATABASE_POOL_MAX: '' }).database).toBeNull();
  });

  it('refuses anything but a postgres URL with a host, without repeating the value', () => {
    for (const bad of ['mysql://u:hunter22@db/x', 'db.internal:5432', 'postgres://', 'sqlite:///data/x.db']) {
      const problems = problemsOf({ DATABASE_URL: bad });
      expect(problems.map((p) => p.variable), bad).toEqual(['DATABASE_URL']);
      expect(problems[0]!.message).not.toContain('hunter22');
    }
    expect(problemsOf({ DATABASE_URL: 'postgres://db/x', DATABASE_POOL_MAX: '0' }).map((p) => p.variable)).toEqual(['DATABASE_POOL_MAX']);
    expect(problemsOf({ DATABASE_POOL_MAX: '3' })[0]).toMatchObject({ variable: 'DATABASE_POOL_MAX', message: expect.stringContaining('DATABASE_URL is not') });
  });

  it('is a secret: the URL and its password never reach a log line, and check shows the host and database only', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://bot:s3cr%2Ft-pw@db.internal:5432/dockhand?sslpassword=keypw99' });
    expect(secretsOf(config)).toEqual(expect.arrayContaining(['postgres://bot:s3cr%2Ft-pw@db.internal:5432/dockhand?sslpassword=keypw99', 's3cr%2Ft-pw', 's3cr/t-pw']));
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', pretty: false, secrets: secretsOf(config), destination: { write: (l: string) => void lines.push(l) } });
    logger.error({ err: new Error('password authentication failed: s3cr/t-pw') }, `cannot reach ${config.database!.url}`);
    logger.flush();
    const text = lines.join('');
    expect(text).toContain('cannot reach [redacted]');
    expect(text).toContain('password authentication failed: [redacted]');
    expect(text).not.toContain('s3cr');
    // Without password or query string the URL names the database and hides nothing.
    expect(secretsOf(loadConfig({ DATABASE_URL: 'postgres://bot@db.internal/dockhand' }))).toEqual([]);
    const described = describePlatforms(config).join('\n');
    expect(described).toContain('tips: on, store postgres://bot@db.internal:5432/dockhand');
    expect(described).toContain('question log: kept 90 days in postgres://bot@db.internal:5432/dockhand');
    expect(described).not.toContain('s3cr');
    expect(described).not.toContain('keypw99');
  });
});
