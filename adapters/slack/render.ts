import type { types } from '@slack/bolt';
import type { TipPost, TipSchedule } from '../../src/adapter.ts';
import { TOPIC_ID_PATTERN } from '../../src/knowledge/schema.ts';
import { t } from '../../src/templates.ts';
import type { Answer, Lang, TopicRef } from '../../src/types.ts';
import { rateable } from '../../src/learn/recorder.ts';
import { voteBlock } from './feedback.ts';
import { parseButtonValue } from './values.ts';
import { codeBlock, cut, cutMrkdwn, escapeMrkdwn, mdToMrkdwn, splitCode, splitMrkdwn, userText } from './text.ts';
import { slackWords } from './words.ts';

type Block = types.KnownBlock;
type Button = types.Button;

/** Block Kit limits this renderer holds (see DESIGN.md). */
export const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  /** Our own cap for the notification fallback `text` (Slack allows far more). */
  fallbackText: 3000,
  /** How much of the user's question is echoed back. */
  echo: 300,
} as const;

/** A message ready for chat.postMessage or a response_url: fallback text plus blocks. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/** Button action ids. Slack requires unique action ids per message, so topic buttons get an index suffix. */
export const ACTIONS = {
  /** Answers the topic to whoever clicks, ephemerally, as a new message (related topics, "Full answer"). */
  topic: 'dockhand.topic',
  /** Replaces the message that holds the button with the chosen topic ("did you mean"). */
  pick: 'dockhand.pick',
  /** Posts the answer publicly in the channel, attributed to the asker. */
  share: 'dockhand.share',
} as const;

/**
 * What a button carries: the topic id (or, for a side-by-side comparison that has no note of its
 * own, the understood query) and the language. Never user-visible text beyond that.
 */
export type ButtonTarget = { lang: Lang; id: string } | { lang: Lang; query: string };

export function encodeTarget(target: ButtonTarget): string {
  if ('id' in target) return JSON.stringify({ l: target.lang, t: target.id });
  // JSON escaping can grow a query; shorten it until the value fits.
  let query = target.query.slice(0, LIMITS.echo);
  while (JSON.stringify({ l: target.lang, q: query }).length > LIMITS.buttonValue) query = query.slice(0, Math.floor(query.length * 0.8));
  return JSON.stringify({ l: target.lang, q: query });
}

/** Parses a button value; null for anything we did not produce. */
export function decodeTarget(value: string | undefined): ButtonTarget | null {
  const data = parseButtonValue(value, LIMITS.buttonValue);
  if (!data) return null;
  const { l, t: id, q } = data;
  if (l !== 'en' && l !== 'zh') return null;
  if (typeof id === 'string' && TOPIC_ID_PATTERN.test(id)) return { lang: l, id };
  if (typeof q === 'string' && q.length > 0 && q.length <= LIMITS.echo) return { lang: l, query: q };
  return null;
}

/** How an answer is shown. */
export interface AnswerView {
  /** Only the asker sees it (slash command, button reply): it gets a Share button. */
  ephemeral: boolean;
  /** The configured slash command, for usage text, e.g. "/docker". */
  command: string;
  /** The bot's user id, to show how to mention it in usage text. */
  botUserId?: string;
  /** Display name of whoever shared the answer publicly; plain text, escaped here. */
  sharedBy?: string;
  /** The question as the user typed it, for the "You asked" echo (the Answer's query is normalised: lowercased). */
  asked?: string;
  /** Feedback is on: an answer with an `answerId` gets 👍 / 👎 buttons (feedback.ts). */
  feedback?: boolean;
}

const mrkdwn = (text: string): types.MrkdwnElement => ({ type: 'mrkdwn', text, verbatim: true });
const plain = (text: string, max: number): types.PlainTextElement => ({ type: 'plain_text', text: cut(text, max) || ' ', emoji: true });

/** Sections for long mrkdwn: split so no text object passes 3000 characters. */
function sections(text: string): Block[] {
  if (!text.trim()) return [];
  return splitMrkdwn(text, LIMITS.sectionText).map((part) => ({ type: 'section', text: mrkdwn(part || ' ') }));
}

/** Sections for one example: fenced pieces split on line breaks so each fits a section. */
function codeSections(code: string): Block[] {
  return splitCode(code, LIMITS.sectionText).flatMap((piece) => sections(codeBlock(piece)));
}

function button(text: string, actionId: string, value: string, primary = false): Button {
  return {
    type: 'button',
    text: plain(text, LIMITS.buttonText),
    action_id: cut(actionId, LIMITS.actionId),
    value,
    ...(primary ? { style: 'primary' as const } : {}),
  };
}

function topicButtons(refs: TopicRef[], lang: Lang, action: string): Button[] {
  return refs.map((ref, i) => button(ref.title, `${action}:${i}`, encodeTarget({ lang, id: ref.id })));
}

function actions(elements: Button[]): Block[] {
  const blocks: Block[] = [];
  for (let i = 0; i < elements.length; i += LIMITS.actionsElements) {
    blocks.push({ type: 'actions', elements: elements.slice(i, i + LIMITS.actionsElements) });
  }
  return blocks;
}

function context(text: string): Block {
  return { type: 'context', elements: [mrkdwn(cutMrkdwn(text, LIMITS.sectionText))] };
}

/** Keeps the message within 50 blocks: the body is shortened, the buttons at the end always stay. */
function fit(body: Block[], tail: Block[], lang: Lang): Block[] {
  const room = LIMITS.blocks - tail.length;
  if (body.length <= room) return [...body, ...tail];
  return [...body.slice(0, room - 1), context(`_${slackWords(lang).shortened}_`), ...tail];
}

function fallback(...parts: string[]): string {
  return cutMrkdwn(parts.filter(Boolean).join(' — '), LIMITS.fallbackText);
}

/** The share target of an answer, or null when it cannot be re-created from a button. */
function shareTarget(answer: Answer): ButtonTarget | null {
  if (answer.kind === 'topic' && answer.topic) return { lang: answer.lang, id: answer.topic.id };
  if (answer.kind === 'compare' && answer.query) return { lang: answer.lang, query: cut(answer.query, LIMITS.echo) };
  return null;
}

/** Renders an engine Answer as Block Kit. User text (`query`, `sharedBy`) is escaped and defused. */
export function renderAnswer(answer: Answer, view: AnswerView): SlackMessage {
  const words = t(answer.lang);
  const slack = slackWords(answer.lang);
  const body: Block[] = [{ type: 'header', text: plain(answer.title, LIMITS.headerText) }];
  if (answer.kind === 'suggest' || answer.kind === 'notFound') {
    const echo = view.asked?.trim() || answer.query;
    if (echo) body.push(context(`${slack.asked} “${userText(echo, LIMITS.echo)}”`));
  }
  body.push(...sections(mdToMrkdwn(answer.summary)));
  for (const section of answer.sections) {
    const heading = section.heading ? `*${escapeMrkdwn(section.heading)}*\n` : '';
    body.push(...sections(heading + mdToMrkdwn(section.text)));
  }
  if (answer.kind === 'help') {
    const bot = view.botUserId ? `<@${view.botUserId}>` : '`@dockhand`';
    body.push(...sections(`*${slack.inSlack}*\n${slack.usage(escapeMrkdwn(view.command), bot)}`));
  }
  for (const example of answer.examples) body.push(...codeSections(example.code));
  if (view.sharedBy) body.push(context(words.sharedBy(userText(view.sharedBy, 80))));

  const tail: Block[] = [];
  if (answer.suggestions.length) {
    if (answer.kind === 'topic' || answer.kind === 'compare') tail.push(context(`*${escapeMrkdwn(words.didYouMeanTitle)}*`));
    if (answer.kind === 'notFound') tail.push(context(`*${escapeMrkdwn(words.closest)}*`));
    tail.push(...actions(topicButtons(answer.suggestions, answer.lang, ACTIONS.pick)));
  }
  const share = view.ephemeral ? shareTarget(answer) : null;
  const related = topicButtons(answer.related.slice(0, 10), answer.lang, ACTIONS.topic);
  if (related.length) tail.push(context(`*${escapeMrkdwn(words.related)}*`));
  const last = share ? [...related, button(words.share, ACTIONS.share, encodeTarget(share), true)] : related;
  tail.push(...actions(last));
  if (view.feedback && rateable(answer)) tail.push(voteBlock(answer));

  const named = answer.kind === 'topic' || answer.kind === 'compare' || !answer.summary;
  return {
    text: named ? fallback(escapeMrkdwn(answer.title), mdToMrkdwn(answer.summary)) : fallback(mdToMrkdwn(answer.summary)),
    blocks: fit(body, tail, answer.lang),
  };
}

/** Renders a daily tip: title, text, optional example, and a "Full answer" button. */
export function renderTip(tip: TipPost): SlackMessage {
  const words = t(tip.lang);
  const heading = `:bulb: *${escapeMrkdwn(words.tipTitle)} · ${escapeMrkdwn(tip.title)}*`;
  const body: Block[] = [...sections(`${heading}\n${mdToMrkdwn(tip.text)}`)];
  if (tip.example) body.push(...codeSections(tip.example.code));
  const tail = actions([button(words.fullAnswer, `${ACTIONS.topic}:0`, encodeTarget({ lang: tip.lang, id: tip.topicId }))]);
  return { text: fallback(`${escapeMrkdwn(words.tipTitle)}: ${escapeMrkdwn(tip.title)}`), blocks: fit(body, tail, tip.lang) };
}

/** A one-paragraph reply. `text` is mrkdwn we wrote; anything from users inside it must already be escaped. */
export function renderNotice(text: string): SlackMessage {
  return { text: fallback(text), blocks: sections(cutMrkdwn(text, LIMITS.sectionText)) };
}

/** The tips schedule reply for `/docker tips` and `/docker tips on`. */
export function renderSchedule(schedule: TipSchedule | null, lang: Lang, command: string): SlackMessage {
  const slack = slackWords(lang);
  if (!schedule) return renderNotice(slack.tipsNone(escapeMrkdwn(command)));
  const tz = escapeMrkdwn(schedule.timezone);
  const time = escapeMrkdwn(schedule.time);
  const langName = t(lang).langName[schedule.lang];
  if (schedule.paused || !schedule.nextAt) return renderNotice(slack.tipsPaused(time, tz, langName));
  return renderNotice(slack.tipsOn(time, tz, langName, slackDate(schedule.nextAt)));
}

/**
 * A Slack date token: every reader sees the time in their own time zone, with the ISO time as
 * the fallback for clients that cannot format it.
 */
export function slackDate(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return escapeMrkdwn(iso);
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${escapeMrkdwn(new Date(ms).toISOString())}>`;
}
