import type { TipsService } from '../../../src/adapter.ts';
import type { AnswerKind } from '../../../src/types.ts';
import { createSlackAdapter, type SlackAdapter, type SlackAdapterOptions } from '../../../adapters/slack/adapter.ts';
import { startFakeSlack, type FakeSlack } from '../../support/fake-slack.ts';
import { SIGNING_SECRET, buttonBody, eventCallback, postSigned, slashBody, type ButtonOptions, type SlashOptions } from '../../support/fake-slack-requests.ts';
import { realEngine, realKnowledge as knowledge } from '../../support/kb.ts';

/** The shipped knowledge base and the real engine over it (shared with every test). */
export { knowledge, realEngine };

/**
 * A question the real engine answers with the given kind, found among vague two-word questions
 * built from the knowledge base's own titles and tags (the engine is tuned often, so a fixed
 * question would go stale). Throws when there is none, which would itself be a finding.
 */
export function questionOfKind(kind: AnswerKind): string {
  const words = [...new Set(knowledge().topics.flatMap((t) => [...t.title.en.toLowerCase().split(/\W+/), ...t.tags]))].filter((w) => w.length > 2);
  for (let i = 0; i < words.length; i += 1) {
    for (let j = i + 1; j < Math.min(words.length, i + 8); j += 1) {
      const question = `${words[i]} ${words[j]} thing`;
      if (realEngine().answer(question).kind === kind) return question;
    }
  }
  throw new Error(`no question found that the engine answers with kind "${kind}"`);
}

/** An "a vs b" question the real engine answers side by side (no note compares the two). */
export function comparisonQuestion(): string {
  const plain = knowledge().topics.filter((t) => t.compares.length === 0 && t.aliases.en.length > 0);
  for (let i = 0; i < plain.length; i += 1) {
    for (let j = i + 1; j < Math.min(plain.length, i + 10); j += 1) {
      const question = `${plain[i]!.aliases.en[0]} vs ${plain[j]!.aliases.en[0]}`;
      if (realEngine().answer(question).kind === 'compare') return question;
    }
  }
  throw new Error('no question found that the engine answers side by side');
}

export interface Rig {
  fake: FakeSlack;
  adapter: SlackAdapter;
  /** HTTP mode: `http://127.0.0.1:PORT` of the Bolt app. */
  appUrl: string;
  close(): Promise<void>;
}

export interface RigOptions {
  mode?: 'http' | 'socket';
  tips?: TipsService;
  now?: () => number;
  adapter?: Partial<SlackAdapterOptions>;
}

/** A fake Slack plus the real adapter (real Bolt, real engine) pointed at it, started. */
export async function startRig(options: RigOptions = {}): Promise<Rig> {
  const fake = await startFakeSlack();
  const adapter = createSlackAdapter({
    engine: realEngine(),
    botToken: fake.options.botToken,
    ...(options.mode === 'socket' ? { appToken: fake.options.appToken } : { signingSecret: SIGNING_SECRET, port: 0, host: '127.0.0.1' }),
    apiUrl: fake.apiUrl,
    ...(options.tips ? { tips: options.tips } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...options.adapter,
  });
  try {
    await adapter.start();
  } catch (error) {
    await fake.close();
    throw error;
  }
  const port = adapter.httpPort();
  return {
    fake,
    adapter,
    appUrl: port === null ? '' : `http://127.0.0.1:${port}`,
    async close() {
      await adapter.stop();
      await fake.close();
    },
  };
}

/**
 * HTTP mode: sends a signed slash command; returns Bolt's HTTP answer (which comes first, before
 * the answer is delivered) and, once the adapter is idle, what reached its response_url.
 */
export async function slash(rig: Rig, text: string, extra: Partial<SlashOptions> = {}) {
  const responseUrl = rig.fake.responseUrl();
  const res = await postSigned(rig.appUrl, slashBody({ text, responseUrl, ...extra }));
  await rig.adapter.idle();
  return { res, replies: rig.fake.repliesTo(responseUrl) };
}

/** HTTP mode: clicks a button; returns Bolt's HTTP answer and, once delivered, what reached its response_url. */
export async function click(rig: Rig, button: { action_id: string; value: string }, extra: Partial<ButtonOptions> = {}) {
  const responseUrl = rig.fake.responseUrl();
  const res = await postSigned(rig.appUrl, buttonBody({ actionId: button.action_id, value: button.value, responseUrl, ...extra }));
  await rig.adapter.idle();
  return { res, replies: rig.fake.repliesTo(responseUrl) };
}

/** HTTP mode: sends a signed Events API callback; returns Bolt's HTTP answer once the event is handled. */
export async function sendEvent(rig: Rig, id: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await postSigned(rig.appUrl, JSON.stringify(eventCallback(id, body)), { contentType: 'application/json', headers });
  await rig.adapter.idle();
  return res;
}

/** The blocks of a recorded message, for assertions. */
export function blocksOf(message: Record<string, unknown> | undefined): Array<Record<string, unknown>> {
  return (message?.blocks as Array<Record<string, unknown>> | undefined) ?? [];
}

/** Every button in a message: action id, text and value. */
export function buttonsOf(message: Record<string, unknown> | undefined): Array<{ action_id: string; text: string; value: string }> {
  return blocksOf(message)
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements as Array<{ action_id: string; text: { text: string }; value: string }>)
    .map((e) => ({ action_id: e.action_id, text: e.text.text, value: e.value }));
}

/** All mrkdwn and plain text in a message, joined, for content assertions. */
export function textOf(message: Record<string, unknown> | undefined): string {
  return JSON.stringify(blocksOf(message));
}
