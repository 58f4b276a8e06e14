import { afterEach, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../../adapters/slack/adapter.ts';
import { ACTIONS } from '../../../adapters/slack/render.ts';
import { startFakeSlack, type FakeSlack } from '../../support/fake-slack.ts';
import { SIGNING_SECRET, buttonPayload, sign, eventCallback, mentionEvent, postSigned, slashBody, slashPayload } from '../../support/fake-slack-requests.ts';
import { buttonsOf, realEngine, startRig, textOf, type Rig } from './harness.ts';
import { blockKitProblems } from './limits.ts';

let rig: Rig | null = null;
let fake: FakeSlack | null = null;
afterEach(async () => {
  await rig?.close();
  await fake?.close();
  rig = null;
  fake = null;
});

describe('HTTP mode: Bolt checks every request', () => {
  it('rejects a bad signature with 401 and answers nothing', async () => {
    rig = await startRig();
    const body = slashBody({ text: 'cmd vs entrypoint', responseUrl: rig.fake.responseUrl() });
    const wrongSecret = await postSigned(rig.appUrl, body, { secret: 'not-the-secret' });
    expect(wrongSecret.status).toBe(401);
    const garbage = await postSigned(rig.appUrl, body, { signature: 'v0=deadbeef' });
    expect(garbage.status).toBe(401);
    const now = Math.floor(Date.now() / 1000);
    const tampered = await postSigned(rig.appUrl, body.replace('cmd', 'run'), { timestamp: now, signature: sign(SIGNING_SECRET, now, body) });
    expect(tampered.status).toBe(401);
    const event = await postSigned(rig.appUrl, JSON.stringify(eventCallback('EvBad', mentionEvent('<@UBOT> cmd'))), { contentType: 'application/json', secret: 'nope' });
    expect(event.status).toBe(401);
    expect(rig.fake.responses).toHaveLength(0);
    expect(rig.fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('rejects a stale timestamp (replay) with 401 and answers nothing', async () => {
    rig = await startRig();
    const body = slashBody({ text: 'cmd vs entrypoint', responseUrl: rig.fake.responseUrl() });
    const stale = await postSigned(rig.appUrl, body, { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 });
    expect(stale.status).toBe(401);
    expect(rig.fake.responses).toHaveLength(0);
    // The same request, fresh, is answered: only the timestamp was wrong.
    expect((await postSigned(rig.appUrl, body)).status).toBe(200);
    await rig.adapter.idle();
    expect(rig.fake.responses).toHaveLength(1);
  });

  it('rejects a timestamp more than 5 minutes in the future with 401 and answers nothing', async () => {
    rig = await startRig();
    const body = slashBody({ text: 'cmd vs entrypoint', responseUrl: rig.fake.responseUrl() });
    const ahead = await postSigned(rig.appUrl, body, { timestamp: Math.floor(Date.now() / 1000) + 10 * 60 });
    expect(ahead.status).toBe(401);
    await rig.adapter.idle();
    expect(rig.fake.responses).toHaveLength(0);
    // A little clock skew is fine, as in Slack's own rule.
    expect((await postSigned(rig.appUrl, body, { timestamp: Math.floor(Date.now() / 1000) + 60 })).status).toBe(200);
    await rig.adapter.idle();
    expect(rig.fake.responses).toHaveLength(1);
  });

  it('answers Slack\'s URL verification challenge', async () => {
    rig = await startRig();
    const res = await postSigned(rig.appUrl, JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 't' }), { contentType: 'application/json' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('abc123');
  });

  it('listens on the port from options and frees it on stop', async () => {
    rig = await startRig();
    const port = rig.adapter.httpPort();
    expect(port).toBeGreaterThan(0);
    expect(rig.adapter.mode).toBe('http');
    await rig.adapter.stop();
    await rig.adapter.stop();
    expect(rig.adapter.httpPort()).toBeNull();
    await expect(fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST' })).rejects.toThrow();
  });
});

describe('Socket Mode', () => {
  it('connects with the app token, no public URL, and answers a slash command after acking it', async () => {
    rig = await startRig({ mode: 'socket' });
    expect(rig.adapter.mode).toBe('socket');
    expect(rig.adapter.httpPort()).toBeNull();
    const open = rig.fake.callsTo('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]!.token).toBe(rig.fake.options.appToken);
    await rig.fake.waitForSocket();
    const responseUrl = rig.fake.responseUrl();
    const ack = await rig.fake.sendEnvelope('slash_commands', slashPayload({ text: 'cmd vs entrypoint', responseUrl }));
    expect(ack).toEqual({});
    const reply = await rig.fake.waitFor(() => rig!.fake.repliesTo(responseUrl)[0], 'the slash answer');
    expect(reply.response_type).toBe('ephemeral');
    expect(textOf(reply)).toContain('CMD vs ENTRYPOINT');
    expect(blockKitProblems(reply)).toEqual([]);
  });

  it('answers a mention in a thread and a retried envelope of the same event once', async () => {
    rig = await startRig({ mode: 'socket' });
    await rig.fake.waitForSocket();
    const body = eventCallback('EvSock', mentionEvent('<@UBOT> 容器和虚拟机有什么区别'));
    await rig.fake.sendEnvelope('events_api', body);
    await rig.fake.sendEnvelope('events_api', body, { retry_attempt: 1, retry_reason: 'timeout' });
    const post = await rig.fake.waitFor(() => rig!.fake.callsTo('chat.postMessage')[0], 'the threaded answer');
    expect(post.params).toMatchObject({ channel: 'C0001', thread_ts: '1700000100.000100' });
    await rig.fake.sendEnvelope('events_api', eventCallback('EvSock2', mentionEvent('<@UBOT> docker logs', { ts: '1700000500.000500' })));
    await rig.fake.waitFor(() => rig!.fake.callsTo('chat.postMessage').some((c) => c.params.thread_ts === '1700000500.000500'), 'the second answer');
    // Give a wrongly answered retry time to show up before counting.
    await new Promise((r) => setTimeout(r, 200));
    expect(rig.fake.callsTo('chat.postMessage').map((c) => c.params.thread_ts).sort()).toEqual(['1700000100.000100', '1700000500.000500']);
  });

  it('handles the Share button over the socket, in the thread the answer was asked in', async () => {
    rig = await startRig({ mode: 'socket' });
    await rig.fake.waitForSocket();
    const responseUrl = rig.fake.responseUrl();
    await rig.fake.sendEnvelope('slash_commands', slashPayload({ text: 'cmd vs entrypoint', responseUrl }));
    const answer = await rig.fake.waitFor(() => rig!.fake.repliesTo(responseUrl)[0], 'answer');
    const share = buttonsOf(answer).find((b) => b.action_id === ACTIONS.share)!;
    await rig.fake.sendEnvelope('interactive', buttonPayload({ actionId: share.action_id, value: share.value, responseUrl: rig.fake.responseUrl(), threadTs: '1700000000.000009' }));
    const post = await rig.fake.waitFor(() => rig!.fake.callsTo('chat.postMessage')[0], 'the public share');
    expect(textOf(post.params)).toContain('Shared by alice');
    expect(post.params.thread_ts).toBe('1700000000.000009');
  });

  it('lets an answer in progress finish before disconnecting on stop', async () => {
    rig = await startRig({ mode: 'socket' });
    await rig.fake.waitForSocket();
    let release: () => void = () => undefined;
    rig.fake.on('users.info', () => new Promise((resolve) => (release = () => resolve({ ok: true, user: { id: 'U0001', name: 'alice', locale: 'zh-CN', profile: {} } }))));
    const responseUrl = rig.fake.responseUrl();
    await rig.fake.sendEnvelope('slash_commands', slashPayload({ text: '', responseUrl }));
    await rig.fake.waitFor(() => rig!.fake.callsTo('users.info').length, 'the locale lookup');
    const stopped = rig.adapter.stop();
    setTimeout(() => release(), 100);
    await stopped;
    const reply = rig.fake.repliesTo(responseUrl)[0];
    expect(reply, 'the help answer was sent before stop() resolved').toBeDefined();
    expect(textOf(reply)).toContain(realEngine().help('zh').title);
    await rig.fake.waitFor(() => rig!.fake.socketCount() === 0, 'the socket to close');
  });

  it('stops within one drainMs when an answer hangs, though it waits for answers twice', async () => {
    rig = await startRig({ mode: 'socket', adapter: { drainMs: 500 } });
    await rig.fake.waitForSocket();
    let release: () => void = () => undefined;
    rig.fake.on('users.info', () => new Promise((resolve) => (release = () => resolve({ ok: true, user: { id: 'U0001', name: 'alice', profile: {} } }))));
    await rig.fake.sendEnvelope('slash_commands', slashPayload({ text: '', responseUrl: rig.fake.responseUrl() }));
    await rig.fake.waitFor(() => rig!.fake.callsTo('users.info').length, 'the locale lookup');
    const started = performance.now();
    await rig.adapter.stop();
    const took = performance.now() - started;
    release();
    expect(took).toBeGreaterThanOrEqual(450);
    expect(took).toBeLessThan(900);
  });
});

describe('start and options', () => {
  it('fails start() clearly on a rejected bot token, without echoing it', async () => {
    fake = await startFakeSlack();
    const adapter = createSlackAdapter({ engine: realEngine(), botToken: 'xoxb-wrong-token-123', signingSecret: SIGNING_SECRET, port: 0, host: '127.0.0.1', apiUrl: fake.apiUrl });
    const error = (await adapter.start().catch((e: unknown) => e)) as Error;
    expect(error.message).toBe('Slack rejected the bot token (invalid_auth)');
    expect(error.message).not.toContain('xoxb-wrong');
    expect(adapter.httpPort()).toBeNull();
    await adapter.stop();
  });

  it('fails Socket Mode start() on a rejected app token', async () => {
    fake = await startFakeSlack();
    const adapter = createSlackAdapter({ engine: realEngine(), botToken: fake.options.botToken, appToken: 'xapp-wrong', apiUrl: fake.apiUrl });
    await expect(adapter.start()).rejects.toThrow(/invalid_auth/);
    await adapter.stop();
  });

  it('refuses incomplete or swapped credentials with a clear message', () => {
    const engine = realEngine();
    expect(() => createSlackAdapter({ engine, botToken: '' })).toThrow('bot token');
    expect(() => createSlackAdapter({ engine, botToken: 'xoxb-1' })).toThrow('app token (Socket Mode) or a signing secret (HTTP mode)');
    expect(() => createSlackAdapter({ engine, botToken: 'xapp-1', signingSecret: 's' })).toThrow('xoxb');
    expect(() => createSlackAdapter({ engine, botToken: 'xoxb-1', appToken: 'xoxb-2' })).toThrow('xapp');
  });

  it('can be started again after stop', async () => {
    rig = await startRig();
    await rig.adapter.stop();
    await rig.adapter.start();
    const url = `http://127.0.0.1:${rig.adapter.httpPort()}`;
    const responseUrl = rig.fake.responseUrl();
    expect((await postSigned(url, slashBody({ text: 'docker logs', responseUrl }))).status).toBe(200);
    await rig.adapter.idle();
    expect(rig.fake.responses).toHaveLength(1);
  });
});
