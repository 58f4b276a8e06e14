import { afterEach, describe, expect, it } from 'vitest';
import { NO_PORT, probe } from '../src/healthcheck.ts';
import { startHealthServer, type HealthServer } from '../src/health.ts';
import { createMetrics } from '../src/metrics.ts';

let server: HealthServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('health endpoint', () => {
  it('is ready only when every check is, and says which one is not', async () => {
    let connected = false;
    const metrics = createMetrics();
    server = await startHealthServer({ port: 0, host: '127.0.0.1', metrics, checks: [{ name: 'knowledge', ready: () => true }, { name: 'discord', ready: () => connected }] });
    const url = `http://127.0.0.1:${server.port}`;
    const down = await fetch(`${url}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ ok: false, checks: { knowledge: true, discord: false } });
    connected = true;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it('shows the knowledge version and the last reload error beside the checks, without changing the status', async () => {
    let lastError: unknown = null;
    server = await startHealthServer({ port: 0, host: '127.0.0.1', metrics: createMetrics(), checks: [{ name: 'knowledge', ready: () => true }], info: () => ({ knowledge: { version: 'abc123def456', notes: 2, lastError } }) });
    const url = `http://127.0.0.1:${server.port}/healthz`;
    expect(await (await fetch(url)).json()).toEqual({ ok: true, checks: { knowledge: true }, knowledge: { version: 'abc123def456', notes: 2, lastError: null } });
    lastError = { count: 1, problems: [{ file: 'cli/a.md', field: 'title.zh', message: 'must not be empty' }] };
    const res = await fetch(url);
    // A broken edit is ignored while the last good notes serve: still healthy, and it says why.
    expect(res.status).toBe(200);
    expect(((await res.json()) as { knowledge: { lastError: unknown } }).knowledge.lastError).toEqual(lastError);
  });

  it('serves Prometheus metrics and nothing else', async () => {
    const metrics = createMetrics();
    metrics.tipsPosted.inc({ platform: 'slack' });
    metrics.errors.inc({ where: 'slack' });
    server = await startHealthServer({ port: 0, host: '127.0.0.1', metrics, checks: [] });
    const url = `http://127.0.0.1:${server.port}`;
    const res = await fetch(`${url}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('dockhand_tips_posted_total{platform="slack"} 1');
    expect(text).toContain('dockhand_errors_total{where="slack"} 1');
    expect((await fetch(`${url}/nope`)).status).toBe(404);
    expect((await fetch(`${url}/healthz`, { method: 'POST' })).status).toBe(405);
  });
});

describe('the image HEALTHCHECK probe', () => {
  it('exits 0 for a ready bot, 1 for an unready or absent one, 1 with the reason when the endpoint is off', async () => {
    let ready = true;
    server = await startHealthServer({ port: 0, host: '127.0.0.1', metrics: createMetrics(), checks: [{ name: 'slack', ready: () => ready }] });
    const env = { HEALTH_PORT: String(server.port) };
    expect(await probe(env)).toBe(0);
    ready = false;
    expect(await probe(env)).toBe(1);
    await server.close();
    server = null;
    expect(await probe(env)).toBe(1);
    for (const port of ['off', '0']) {
      const said: string[] = [];
      expect(await probe({ HEALTH_PORT: port }, (m) => said.push(m))).toBe(1);
      expect(said).toEqual([NO_PORT]);
    }
  });
});
