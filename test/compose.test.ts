/**
 * compose.yaml as Compose reads it (YAML with anchors and merge keys), for the single instance
 * and the `replicas` profile of issue #17. Where Compose is installed (`docker compose` or
 * `docker-compose`), it must also accept the file for both; elsewhere that test says it skipped.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import matter from 'gray-matter';
import { describe, expect, it } from 'vitest';
import { VARIABLES } from '../src/config.ts';

const refuse = () => {
  throw new Error('not YAML');
};

interface Service {
  profiles?: string[];
  image?: string;
  build?: string;
  env_file?: string;
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

const text = readFileSync(new URL('../compose.yaml', import.meta.url), 'utf8');
const compose = matter(`---\n${text}\n---\n`, { engines: { js: refuse, javascript: refuse } }).data as { services: Record<string, Service>; volumes: Record<string, unknown> };
const { services } = compose;
const replicas = Object.entries(services).filter(([name]) => name.startsWith('replica-'));

describe('compose.yaml', () => {
  it('keeps the single instance as it was: no profile, SQLite in a named volume', () => {
    const single = services.dockhand!;
    expect(single.profiles).toBeUndefined();
    expect(single.volumes).toEqual(['dockhand-data:/app/data']);
    expect(single.environment?.DATABASE_URL).toBeUndefined();
  });

  it('puts Postgres and two replicas in the replicas profile, and nothing else', () => {
    const profiled = Object.entries(services).filter(([, s]) => s.profiles?.includes('replicas')).map(([name]) => name);
    expect(profiled.sort()).toEqual(['postgres', 'replica-1', 'replica-2']);
  });

  it('gives Postgres a health check and a named volume where the image keeps its data', () => {
    const pg = services.postgres!;
    expect(pg.healthcheck?.test.join(' ')).toContain('pg_isready');
    const [volume] = pg.volumes ?? [];
    expect(volume).toMatch(/^[\w-]+:\/var\/lib\/postgresql$/);
    expect(Object.keys(compose.volumes)).toContain(volume!.split(':')[0]);
    // Only the replicas reach the database.
    expect(pg).not.toHaveProperty('ports');
  });

  it('runs each replica in Slack HTTP mode on the shared database, after Postgres is healthy, on its own host port', () => {
    expect(replicas).toHaveLength(2);
    const hostPorts = new Set<string>();
    for (const [name, replica] of replicas) {
      const env = replica.environment ?? {};
      expect(new URL(env.DATABASE_URL!).host, name).toBe('postgres:5432');
      expect(env.SLACK_APP_TOKEN, name).toBe('');
      expect(replica.depends_on?.postgres?.condition, name).toBe('service_healthy');
      const [port] = replica.ports ?? [];
      const [host, container] = port!.split(':');
      expect(container, name).toBe(env.SLACK_PORT);
      hostPorts.add(host!);
    }
    expect(hostPorts.size).toBe(2);
    expect(replicas[0]![1].environment).toEqual(replicas[1]![1].environment);
  });

  it('sets only variables dockhand reads, and no required ${VAR:?} (Compose interpolates every profile at once)', () => {
    for (const [name, replica] of replicas) {
      for (const key of Object.keys(replica.environment ?? {})) expect(key in VARIABLES, `${name}: ${key}`).toBe(true);
    }
    expect(text).not.toMatch(/\$\{[A-Z_]+:?\?/);
  });
});

/** The Compose command on this machine, or null. */
function composeCommand(): string[] | null {
  for (const command of [['docker', 'compose'], ['docker-compose']]) {
    const probe = spawnSync(command[0]!, [...command.slice(1), 'version'], { encoding: 'utf8' });
    if (probe.status === 0) return command;
  }
  return null;
}

const composeCli = composeCommand();
if (!composeCli) console.warn('compose.yaml: neither `docker compose` nor `docker-compose` is installed; `config` check skipped (the structure tests above still ran)');

describe.skipIf(!composeCli)('compose.yaml with Compose itself', () => {
  it('passes `config` for the single instance and for the replicas profile', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dockhand-compose-'));
    try {
      copyFileSync(new URL('../compose.yaml', import.meta.url), join(dir, 'compose.yaml'));
      writeFileSync(join(dir, '.env'), 'POSTGRES_PASSWORD=abc123\n');
      const run = (...args: string[]) => spawnSync(composeCli![0]!, [...composeCli!.slice(1), '-f', join(dir, 'compose.yaml'), '--project-directory', dir, ...args], { encoding: 'utf8', cwd: dir });
      // docker-compose 1.29 lists every service here whatever the profile; v2 only the active ones.
      const single = run('config', '--services');
      expect(single.status, single.stderr).toBe(0);
      expect(single.stdout).toContain('dockhand');
      const all = run('--profile', 'replicas', 'config', '--services');
      expect(all.status, all.stderr).toBe(0);
      expect(all.stdout.trim().split('\n').sort()).toEqual(['dockhand', 'postgres', 'replica-1', 'replica-2']);
      const resolved = run('--profile', 'replicas', 'config');
      expect(resolved.stdout).toContain('postgres://dockhand:abc123@postgres:5432/dockhand');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
