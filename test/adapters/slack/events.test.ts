import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { ACTIONS } from '../../../adapters/slack/render.ts';
import { createMetrics, instrumentEngine } from '../../../src/metrics.ts';
import { createTipsService } from '../../../src/tips/service.ts';
import { openSqliteStore } from '../../../src/tips/store.ts';
import { buttonBody, dmEvent, eventCallback, mentionEvent, postSigned, slashBody } from '../../support/fake-slack-requests.ts';
import { blocksOf, buttonsOf, click, knowledge, questionOfKind, realEngine, sendEvent, slash, startRig, textOf, type Rig } from './harness.ts';
import { blockKitProblems } from './limits.ts';

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

const event = sendEvent;

const header = (message: Record<string, unknown> | undefined) => (blocksOf(message).find((b) => b.type === 'header')?.text as { text: string } | undefined)?.text;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('acknowledgement comes first, whatever Slack\'s API does', () => {
  // Before the fix the 200 waited for delivery: it came after SLOW, past Slack's 3 seconds in real life.
  const SLOW = 2000;
  // Well under SLOW, with room for a loaded CI machine.
  const PROMPT_MS = 1000;
  const timed = async (send: () => Promise<{ status: number }>) => {
    const started = performance.now();
    const res = await send();
    return { status: res.status, ms: performance.now() - started };
  };

  it('acks slash commands at once while response_url, users.info and conversations.info are slow, then delivers', async () => {
    const store = openSqliteStore(':memory:');
    rig = await startRig({ tips: createTipsService({ store, topics: knowledge().topics }) });
    const r = rig;
    r.fake.responseDelayMs = SLOW;
    r.fake.on('users.info', async () => (await sleep(SLOW), { ok: true, user: { id: 'U0001', name: 'alice', locale: 'zh-CN', profile: {} } }));
    r.fake.on('conversations.info', async () => (await sleep(SLOW), { ok: true, channel: { id: 'C0001', is_member: true } }));
    const urls = ['cmd vs entrypoint', 'help', 'tips on 09:00'].map((text) => ({ text, url: r.fake.responseUrl() }));
    const acks = await Promise.all(urls.map(({ text, url }) => timed(() => postSigned(r.appUrl, slashBody({ text, responseUrl: url })))));
    for (const [i, ack] of acks.entries()) {
      expect(ack.status, urls[i]!.text).toBe(200);
      expect(ack.ms, urls[i]!.text).toBeLessThan(PROMPT_MS);
    }
    await r.adapter.idle();
    for (const { text, url } of urls) expect(r.fake.repliesTo(url), text).toHaveLength(1);
    expect(textOf(r.fake.repliesTo(urls[2]!.url)[0])).toContain('09:00');
    store.close();
  }, 30_000);

  it('acks a mention at once while chat.postMessage is slow, so Slack does not retry it', async () => {
    rig = await startRig();
    const r = rig;
    r.fake.on('chat.postMessage', async (params) => (await sleep(SLOW), { ok: true, channel: params.channel, ts: '1700000999.000001' }));
    const ack = await timed(() => postSigned(r.appUrl, JSON.stringify(eventCallback('EvSlow', mentionEvent('<@UBOT> cmd vs entrypoint'))), { contentType: 'application/json' }));
    expect(ack.status).toBe(200);
    expect(ack.ms).toBeLessThan(PROMPT_MS);
    await r.adapter.idle();
    expect(r.fake.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('acks a button click at once while the response_url hangs', async () => {
    rig = await startRig();
    const r = rig;
    r.fake.responseDelayMs = SLOW;
    const responseUrl = r.fake.responseUrl();
    const value = JSON.stringify({ l: 'en', t: 'cmd-vs-entrypoint' });
    const ack = await timed(() => postSigned(r.appUrl, buttonBody({ actionId: `${ACTIONS.topic}:0`, value, responseUrl })));
    expect(ack.status).toBe(200);
    expect(ack.ms).toBeLessThan(PROMPT_MS);
    await r.adapter.idle();
    expect(r.fake.repliesTo(responseUrl)).toHaveLength(1);
  });
});

describe('slash command', () => {
  it('acknowledges with an empty 200 and answers ephemerally through response_url with Block Kit', async () => {
    rig = await startRig();
    const { res, replies } = await slash(rig, 'cmd vs entrypoint');
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(replies).toHaveLength(1);
    const reply = replies[0]!;
    expect(reply.response_type).toBe('ephemeral');
    expect(header(reply)).toBe('CMD vs ENTRYPOINT');
    expect(textOf(reply)).toContain('```');
    expect(textOf(reply)).toContain('ENTRYPOINT [\\"ping\\"');
    const buttons = buttonsOf(reply);
    expect(buttons.find((b) => b.action_id === ACTIONS.share)?.text).toBe('Share in channel');
    expect(buttons.filter((b) => b.action_id.startsWith(`${ACTIONS.topic}:`)).length).toBeGreaterThan(0);
    expect(blockKitProblems(reply)).toEqual([]);
    // Ephemeral replies go through response_url only; nothing was posted publicly.
    expect(rig.fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('answers in Chinese for a Chinese question and when --lang zh forces it', async () => {
    rig = await startRig();
    const zh = (await slash(rig, '容器和虚拟机有什么区别')).replies[0];
    expect(header(zh)).toMatch(/[\u4e00-\u9fff]/);
    const forced = (await slash(rig, '--lang zh cmd vs entrypoint')).replies[0];
    expect(header(forced)).toBe(realEngine().answerTopic('cmd-vs-entrypoint', 'zh')!.title);
    const forcedEn = (await slash(rig, '--lang en 容器和虚拟机有什么区别')).replies[0];
    expect(header(forcedEn)).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('shows usage in the user\'s Slack language for /docker and /docker help', async () => {
    rig = await startRig();
    rig.fake.users.set('U0ZH', { locale: 'zh-CN' });
    rig.fake.users.set('U0EN', { locale: 'en-US' });
    const zh = (await slash(rig, '', { userId: 'U0ZH' })).replies[0];
    expect(header(zh)).toBe(realEngine().help('zh').title);
    expect(textOf(zh)).toContain('/docker tips on');
    expect(textOf(zh)).toContain('<@UBOT>');
    const en = (await slash(rig, 'help', { userId: 'U0EN' })).replies[0];
    expect(header(en)).toBe(realEngine().help('en').title);
    expect(textOf(en)).toContain('/docker --lang zh');
    expect(blockKitProblems(en!, { allowMentionOf: 'UBOT' })).toEqual([]);
    expect(rig.fake.callsTo('users.info').map((c) => c.params.include_locale)).toEqual(['true', 'true']);
  });

  it('counts /docker help in the metrics as outcome "help"', async () => {
    const metrics = createMetrics();
    rig = await startRig({ adapter: { engine: instrumentEngine(realEngine(), 'slack', metrics, pino({ level: 'silent' })) } });
    await slash(rig, 'help');
    await slash(rig, '');
    await slash(rig, 'cmd vs entrypoint');
    const text = await metrics.registry.metrics();
    expect(text).toContain('dockhand_questions_total{platform="slack",outcome="help"} 2');
    expect(text).toContain('dockhand_questions_total{platform="slack",outcome="answered"} 1');
  });

  it('uses the configured command name in usage text', async () => {
    rig = await startRig({ adapter: { command: 'dock' } });
    const { replies } = await slash(rig, 'help', { command: '/dock' });
    expect(textOf(replies[0])).toContain('/dock tips on');
    expect(textOf(replies[0])).not.toContain('/docker tips');
  });

  it('echoes the question as typed, not lowercased', async () => {
    rig = await startRig();
    const question = questionOfKind('suggest');
    const typed = question.replace(/^\w/, (c) => c.toUpperCase()).replace(/ (\w+)$/, (_m, w: string) => ` ${w.toUpperCase()}`);
    const { replies } = await slash(rig, typed);
    expect(textOf(replies[0])).toContain(`“${typed}”`);
  });

  it('answers a renamed command at once, naming the command that arrived and the one configured', async () => {
    const lines: string[] = [];
    rig = await startRig({ adapter: { logger: pino({ level: 'info' }, { write: (line: string) => void lines.push(line) }) } });
    const started = performance.now();
    const { res } = await slash(rig, 'cmd vs entrypoint', { command: '/dock' });
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1000);
    const body = JSON.parse(res.text) as Record<string, unknown>;
    expect(body.response_type).toBe('ephemeral');
    expect(textOf(body)).toContain('SLACK_COMMAND=/dock');
    expect(textOf(body)).toContain('/docker');
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.arrived === '/dock');
    expect(logged).toMatchObject({ level: 40, configured: '/docker' });
    expect(String(logged!.msg)).toContain('SLACK_COMMAND=/dock');
    // The configured command is not caught by it.
    const ok = await slash(rig, 'cmd vs entrypoint');
    expect(ok.res.text).toBe('');
    expect(ok.replies).toHaveLength(1);
  });

  it('answers a bad --lang value with a clear message', async () => {
    rig = await startRig();
    const { replies } = await slash(rig, '--lang fr cmd');
    expect(textOf(replies[0])).toContain('--lang');
    expect(textOf(replies[0])).toContain('zh');
  });
});

describe('buttons', () => {
  it('Share in channel posts the same answer publicly, attributed by display name without a ping, and removes the ephemeral', async () => {
    rig = await startRig();
    rig.fake.users.set('U0001', { displayName: 'Alice <!channel> & co', locale: 'en-US' });
    const answer = (await slash(rig, 'cmd vs entrypoint')).replies[0];
    const share = buttonsOf(answer).find((b) => b.action_id === ACTIONS.share)!;
    expect(share.value.length).toBeLessThanOrEqual(2000);
    expect(JSON.parse(share.value)).toEqual({ l: 'en', t: 'cmd-vs-entrypoint' });
    const { res, replies } = await click(rig, share);
    expect(res.status).toBe(200);
    const posts = rig.fake.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    const post = posts[0]!.params;
    expect(post.channel).toBe('C0001');
    expect(header(post)).toBe('CMD vs ENTRYPOINT');
    const shared = textOf(post);
    expect(shared).toContain('Shared by Alice &lt;!channel&gt; &amp; co');
    expect(shared).not.toContain('<@U0001>');
    expect(buttonsOf(post).some((b) => b.action_id === ACTIONS.share)).toBe(false);
    expect(blockKitProblems(post)).toEqual([]);
    expect(replies).toEqual([{ delete_original: true }]);
  });

  it('a double-clicked Share posts the answer once; a failed share can be tried again', async () => {
    rig = await startRig();
    const r = rig;
    const answer = (await slash(r, 'cmd vs entrypoint')).replies[0];
    const share = buttonsOf(answer).find((b) => b.action_id === ACTIONS.share)!;
    // Both clicks arrive while the first post is still on its way.
    r.fake.on('chat.postMessage', async (params) => (await sleep(200), { ok: true, channel: params.channel, ts: '1700000999.000001' }));
    await Promise.all([click(r, share), click(r, share)]);
    expect(r.fake.callsTo('chat.postMessage')).toHaveLength(1);
    await click(r, share);
    expect(r.fake.callsTo('chat.postMessage')).toHaveLength(1);
    // The same answer from another ephemeral message is another share.
    const other = { ...share };
    await click(r, other, { channelId: 'C0002' });
    expect(r.fake.callsTo('chat.postMessage')).toHaveLength(2);
    // A share that failed is not remembered.
    r.fake.on('chat.postMessage', () => ({ ok: false, error: 'internal_error' }));
    await click(r, share, { channelId: 'C0003' });
    r.fake.on('chat.postMessage', (params) => ({ ok: true, channel: params.channel, ts: '1700000999.000002' }));
    await click(r, share, { channelId: 'C0003' });
    expect(r.fake.callsTo('chat.postMessage').filter((c) => c.params.channel === 'C0003')).toHaveLength(2);
  });

  it('shares through response_url when the bot is not in the conversation', async () => {
    rig = await startRig();
    rig.fake.on('chat.postMessage', () => ({ ok: false, error: 'not_in_channel' }));
    const answer = (await slash(rig, 'cmd vs entrypoint', { channelId: 'G0PRIVATE' })).replies[0];
    const share = buttonsOf(answer).find((b) => b.action_id === ACTIONS.share)!;
    const { replies } = await click(rig, share, { channelId: 'G0PRIVATE' });
    expect(replies[0]?.response_type).toBe('in_channel');
    expect(header(replies[0])).toBe('CMD vs ENTRYPOINT');
    expect(textOf(replies[0])).toContain('Shared by alice');
    expect(replies[1]).toEqual({ delete_original: true });
  });

  it('a "did you mean" button replaces the ephemeral message with the chosen topic', async () => {
    rig = await startRig();
    const question = questionOfKind('suggest');
    const answer = (await slash(rig, question)).replies[0];
    const picks = buttonsOf(answer).filter((b) => b.action_id.startsWith(`${ACTIONS.pick}:`));
    expect(picks.length).toBeGreaterThan(0);
    expect(textOf(answer)).toContain(question);
    const pick = picks[0]!;
    const { replies } = await click(rig, pick);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.replace_original).toBe(true);
    // Button labels are cut at 75 characters, headers at 150: the label is the header's start.
    expect(header(replies[0])?.startsWith(pick.text.replace(/…$/, ''))).toBe(true);
    expect(buttonsOf(replies[0]).some((b) => b.action_id === ACTIONS.share)).toBe(true);
  });

  it('a related-topic button answers the clicker ephemerally in a new message', async () => {
    rig = await startRig();
    const answer = (await slash(rig, 'cmd vs entrypoint')).replies[0];
    const related = buttonsOf(answer).find((b) => b.action_id.startsWith(`${ACTIONS.topic}:`))!;
    const { replies } = await click(rig, related, { userId: 'U0002' });
    expect(replies[0]).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(header(replies[0])?.startsWith(related.text.replace(/…$/, ''))).toBe(true);
  });

  it('answers a forged or stale button value with a clear message', async () => {
    rig = await startRig();
    const { replies } = await click(rig, { action_id: `${ACTIONS.topic}:0`, value: '{"l":"en","t":"no-such-topic"}' });
    expect(replies[0]?.response_type).toBe('ephemeral');
    expect(textOf(replies[0])).toContain('no longer available');
    const junk = await click(rig, { action_id: `${ACTIONS.pick}:0`, value: '<script>' });
    expect(textOf(junk.replies[0])).toContain('no longer available');
  });
});

describe('mentions and DMs', () => {
  it('answers a mention in a thread under the question', async () => {
    rig = await startRig();
    const res = await event(rig, 'Ev1', mentionEvent('<@UBOT> cmd vs entrypoint'));
    expect(res.status).toBe(200);
    const posts = rig.fake.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.params).toMatchObject({ channel: 'C0001', thread_ts: '1700000100.000100' });
    expect(posts[0]!.token).toBe(rig.fake.options.botToken);
    expect(header(posts[0]!.params)).toBe('CMD vs ENTRYPOINT');
    expect(buttonsOf(posts[0]!.params).some((b) => b.action_id === ACTIONS.share)).toBe(false);
  });

  it('keeps a mention inside a thread in that thread', async () => {
    rig = await startRig();
    await event(rig, 'Ev2', mentionEvent('<@UBOT> docker logs', { ts: '1700000300.000300', thread_ts: '1700000000.000001' }));
    expect(rig.fake.callsTo('chat.postMessage')[0]!.params.thread_ts).toBe('1700000000.000001');
  });

  it('answers a DM in the DM, not in a thread', async () => {
    rig = await startRig();
    await event(rig, 'Ev3', dmEvent('容器和虚拟机有什么区别'));
    const posts = rig.fake.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.params.channel).toBe('D0001');
    expect(posts[0]!.params.thread_ts).toBeUndefined();
    expect(header(posts[0]!.params)).toMatch(/[\u4e00-\u9fff]/);
  });

  it('answers the text of a DM that carries a file or snippet (subtype file_share)', async () => {
    rig = await startRig();
    const files = [{ id: 'F0001', name: 'Dockerfile', mode: 'snippet', filetype: 'text', url_private: 'https://files.slack.com/F0001' }];
    await event(rig, 'EvFile', dmEvent('cmd vs entrypoint', { subtype: 'file_share', files }));
    const posts = rig.fake.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(header(posts[0]!.params)).toBe('CMD vs ENTRYPOINT');
    // The file (unknown to files.info here) could not be read: the reply says so above the answer.
    expect(textOf(posts[0]!.params)).toContain("couldn't read `Dockerfile`");
    // A file with no words at all, unreadable: a short notice, never silence.
    await event(rig, 'EvFile2', dmEvent('', { subtype: 'file_share', files }));
    expect(rig.fake.callsTo('chat.postMessage')).toHaveLength(2);
    expect(textOf(rig.fake.callsTo('chat.postMessage')[1]!.params)).toContain('Paste the text into a message');
  });

  it('ignores its own messages, other bots, edits and deletions', async () => {
    rig = await startRig();
    await event(rig, 'Ev4', dmEvent('cmd vs entrypoint', { user: 'UBOT', bot_id: 'BBOT' }));
    await event(rig, 'Ev5', dmEvent('cmd vs entrypoint', { subtype: 'bot_message', bot_id: 'BOTHER', user: undefined }));
    await event(rig, 'Ev6', dmEvent('cmd vs entrypoint', { bot_id: 'BOTHER', user: 'U0BOT2' }));
    await event(rig, 'Ev7', dmEvent('cmd vs entrypoint', { subtype: 'message_changed' }));
    await event(rig, 'Ev8', dmEvent('', { subtype: 'message_deleted' }));
    await event(rig, 'Ev9', mentionEvent('<@UBOT> cmd vs entrypoint', { bot_id: 'BOTHER' }));
    await event(rig, 'Ev10', mentionEvent('<@UBOT> cmd vs entrypoint', { edited: { user: 'U0001', ts: '1700000101.0' } }));
    // A mention inside a DM also arrives as a DM message; only that one is answered.
    await event(rig, 'Ev10b', mentionEvent('<@UBOT> cmd vs entrypoint', { channel: 'D0001' }));
    expect(rig.fake.callsTo('chat.postMessage')).toHaveLength(0);
    // The same kind of event from a person is answered: the filters above are what held it back.
    await event(rig, 'Ev11', dmEvent('cmd vs entrypoint'));
    expect(rig.fake.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('answers a retried event (X-Slack-Retry-Num) once', async () => {
    rig = await startRig();
    const body = mentionEvent('<@UBOT> cmd vs entrypoint');
    expect((await event(rig, 'EvRetry', body)).status).toBe(200);
    expect((await event(rig, 'EvRetry', body, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' })).status).toBe(200);
    expect((await event(rig, 'EvRetry', body, { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' })).status).toBe(200);
    expect(rig.fake.callsTo('chat.postMessage')).toHaveLength(1);
    await event(rig, 'EvOther', body);
    expect(rig.fake.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('answers the same event id again once the retry window has passed (injected clock)', async () => {
    let now = 1_700_000_000_000;
    rig = await startRig({ now: () => now });
    const body = mentionEvent('<@UBOT> cmd vs entrypoint');
    await event(rig, 'EvLate', body);
    now += 60 * 60_000;
    await event(rig, 'EvLate', body, { 'x-slack-retry-num': '3' });
    expect(rig.fake.callsTo('chat.postMessage')).toHaveLength(2);
  });
});

describe('hostile input', () => {
  const hostile = [
    '',
    ' '.repeat(50),
    `<!channel> ${'cmd vs entrypoint '.repeat(200)}`.slice(0, 3000),
    'x'.repeat(10_000),
    '\u0000\u0001\u0002\u0007\ufffd\ud800 binary \u202e reversed',
    '<@U0001> <@U0002> <!here> <!everyone> <!subteam^S123|@team> @channel @here ping all',
    '``` *bold _italic ~strike `code` > quote &amp; &lt;b&gt; <https://evil.example|click me> |',
    'docker 容器 怎么 run -p 8080:80 镜像',
  ];

  it('answers every hostile slash command safely and within Block Kit limits', async () => {
    rig = await startRig();
    for (const text of hostile) {
      const { res, replies } = await slash(rig, text);
      expect(res.status).toBe(200);
      expect(replies, JSON.stringify(text.slice(0, 40))).toHaveLength(1);
      expect(blockKitProblems(replies[0]!, { allowMentionOf: 'UBOT' }), JSON.stringify(text.slice(0, 40))).toEqual([]);
    }
  });

  it('answers every hostile DM safely and within Block Kit limits', async () => {
    rig = await startRig();
    for (const [i, text] of hostile.entries()) await event(rig, `EvDm${i}`, dmEvent(text || ' '));
    const posts = rig.fake.callsTo('chat.postMessage');
    expect(posts).toHaveLength(hostile.length);
    for (const post of posts) expect(blockKitProblems(post.params, { allowMentionOf: 'UBOT' })).toEqual([]);
  });

  it('a 3,000-character mention with <!channel> gets a safe answer in the thread', async () => {
    rig = await startRig();
    const text = `<@UBOT> <!channel> how do I ${'keep my container running after exit '.repeat(100)}`.slice(0, 3000);
    expect(text).toHaveLength(3000);
    await event(rig, 'EvLong', mentionEvent(text));
    const posts = rig.fake.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.params.thread_ts).toBe('1700000100.000100');
    expect(blockKitProblems(posts[0]!.params, { allowMentionOf: 'UBOT' })).toEqual([]);
    expect(JSON.stringify(posts[0]!.params)).not.toContain('<!channel>');
  });
});

describe('failures', () => {
  it('a failing handler answers "something went wrong", logs with context, and the app keeps serving', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    rig = await startRig({ adapter: { logger } });
    let failNext = true;
    rig.fake.on('chat.postMessage', (params) => {
      if (failNext) {
        failNext = false;
        return { ok: false, error: 'internal_error' };
      }
      return { ok: true, channel: params.channel, ts: '1700000999.000001' };
    });
    await event(rig, 'EvFail', mentionEvent('<@UBOT> cmd vs entrypoint'));
    const posts = rig.fake.callsTo('chat.postMessage');
    expect(posts).toHaveLength(2);
    expect(textOf(posts[1]!.params)).toContain('Something went wrong');
    expect(posts[1]!.params.thread_ts).toBe('1700000100.000100');
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'slack handler failed');
    expect(logged).toMatchObject({ handler: 'mention', user: 'U0001', channel: 'C0001', slackError: 'internal_error', adapter: 'slack' });
    expect(lines.join('\n')).not.toContain(rig.fake.options.botToken);
    // Still serving.
    const { replies } = await slash(rig, 'cmd vs entrypoint');
    expect(header(replies[0])).toBe('CMD vs ENTRYPOINT');
  });

  it('survives a response_url that refuses the answer', async () => {
    rig = await startRig();
    rig.fake.responseStatus = 500;
    const { res } = await slash(rig, 'cmd vs entrypoint');
    expect(res.status).toBe(200);
    // The answer and the error notice were both attempted.
    expect(rig.fake.responses).toHaveLength(2);
    rig.fake.responseStatus = 200;
    const { replies } = await slash(rig, 'docker logs');
    expect(replies).toHaveLength(1);
  });
});
