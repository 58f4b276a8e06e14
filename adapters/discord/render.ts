/**
 * Answers and tips → Discord embeds and buttons. Pure functions: every output holds the limits in
 * text.ts (LIMITS) whatever the input, and user text only ever appears escaped.
 */
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIApplicationCommandOptionChoice,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIEmbedField,
} from 'discord.js';
import type { TipPost, TipSchedule } from '../../src/adapter.ts';
import { t } from '../../src/templates.ts';
import type { Answer, Lang, TopicRef } from '../../src/types.ts';
import { rateable } from '../../src/learn/recorder.ts';
import { voteRow } from './feedback.ts';
import { LIMITS, clip, codeBlock, escapeUserText, fitBlocks, oneLine, sanitize } from './text.ts';

/** What every reply carries: embeds plus rows of buttons. Spread into a discord.js reply. */
export interface DiscordMessage {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponentWithCustomId>[];
}

/**
 * Wording only the Discord adapter needs, in both languages; shared labels (examples, full answer,
 * errors) come from src/templates.ts and topic text from the engine.
 */
export const WORDING = {
  en: {
    youAsked: 'You asked:',
    topicGone: 'That topic is no longer available. Ask again with `/docker`.',
    staleCommand: (name: string) =>
      `\`/${name}\` is not a dockhand command any more: the server's commands are out of date. Ask an admin to run \`npm run discord:register\` again; until then use \`/docker\`.`,
    tipsGuildOnly: 'Daily tips can only be set up in a server channel.',
    tipsOff: 'Daily Docker tips are now **off** in this channel.',
    tipsWereOff: 'This channel had no daily tips.',
    tipsNone: 'No daily tips in this channel yet. An admin can start them with `/docker-tips on`.',
    cannotPost: (missing: string[]) => `I can't post tips in this channel: I'm missing ${missing.join(', ')}.`,
    scheduleOn: (time: string, zone: string, lang: string, next: string) =>
      `Daily Docker tips are **on** here: every day at **${time}** (${zone}), in ${lang}.${next ? ` Next tip: ${next}.` : ''}`,
    schedulePaused: (time: string, zone: string, lang: string) => `Daily Docker tips here are **paused** (${time} ${zone}, ${lang}).`,
    permissions: {
      ViewChannel: 'View Channel',
      SendMessages: 'Send Messages',
      SendMessagesInThreads: 'Send Messages in Threads',
      EmbedLinks: 'Embed Links',
    },
  },
  zh: {
    youAsked: '你的问题：',
    topicGone: '这个主题已经不存在了，请用 `/docker` 重新提问。',
    staleCommand: (name: string) => `\`/${name}\` 已不再是 dockhand 的命令：本服务器登记的命令已过期。请管理员重新运行 \`npm run discord:register\`；在此之前请使用 \`/docker\`。`,
    tipsGuildOnly: '每日小贴士只能在服务器频道里设置。',
    tipsOff: '本频道的每日 Docker 小贴士已**关闭**。',
    tipsWereOff: '本频道本来就没有开启每日小贴士。',
    tipsNone: '本频道还没有开启每日小贴士。管理员可以用 `/docker-tips on` 开启。',
    cannotPost: (missing: string[]) => `我无法在本频道发送小贴士：缺少权限 ${missing.join('、')}。`,
    scheduleOn: (time: string, zone: string, lang: string, next: string) =>
      `本频道的每日 Docker 小贴士已**开启**：每天 **${time}**（${zone}），${lang}。${next ? `下一条：${next}。` : ''}`,
    schedulePaused: (time: string, zone: string, lang: string) => `本频道的每日 Docker 小贴士已**暂停**（${time} ${zone}，${lang}）。`,
    permissions: {
      ViewChannel: '查看频道',
      SendMessages: '发送消息',
      SendMessagesInThreads: '在子区中发送消息',
      EmbedLinks: '嵌入链接',
    },
  },
} as const;

const COLORS: Record<Answer['kind'], number> = {
  topic: 0x2496ed,
  compare: 0x2496ed,
  help: 0x2496ed,
  suggest: 0xf0b232,
  notFound: 0x80848e,
  lint: 0xf0b232,
  explain: 0x2496ed,
};

/** At most this many examples become fields: enough to show usage, never a wall of code. */
const MAX_EXAMPLES = 3;
const QUERY_ECHO_CHARS = 200;
const PREFIX = 'dh:t:';
const ID = /^[a-z0-9-]{1,92}$/;

/**
 * Encodes a topic choice as `dh:t:<id>:<lang>`: the custom_id of topic buttons and the value of
 * autocomplete choices. Null when the id cannot fit in 100 characters.
 */
export function encodeTopicRef(id: string, lang: Lang): string | null {
  return ID.test(id) ? `${PREFIX}${id}:${lang}` : null;
}

/** Decodes `dh:t:<id>:<lang>`; null for anything else (user text, old or foreign ids). */
export function decodeTopicRef(value: string): { id: string; lang: Lang } | null {
  if (value.length > LIMITS.customId || !value.startsWith(PREFIX)) return null;
  const [id = '', lang] = value.slice(PREFIX.length).split(':');
  return ID.test(id) && (lang === 'en' || lang === 'zh') ? { id, lang } : null;
}

/**
 * An Answer as one embed, with "did you mean" and related topics as buttons, and with `feedback`
 * a 👍 / 👎 row when the answer has an id (at most three rows of Discord's five).
 */
export function renderAnswer(answer: Answer, options: { feedback?: boolean } = {}): DiscordMessage {
  const title = clip(oneLine(answer.title) || 'dockhand', LIMITS.embedTitle);
  // One "Examples" heading over all code blocks; later fields get a blank (zero-width) name.
  const fields = answer.examples.slice(0, MAX_EXAMPLES).map<APIEmbedField>((ex, i) => ({
    name: i === 0 ? clip(t(answer.lang).examples, LIMITS.fieldName) : '\u200b',
    value: codeBlock(ex.code, ex.lang, LIMITS.fieldValue),
  }));
  const blocks: string[] = [];
  if ((answer.kind === 'suggest' || answer.kind === 'notFound') && answer.query.trim()) {
    blocks.push(`${WORDING[answer.lang].youAsked} ${escapeUserText(answer.query, QUERY_ECHO_CHARS)}`);
  }
  if (answer.summary.trim()) blocks.push(sanitize(answer.summary).trim());
  for (const section of answer.sections) {
    const text = sanitize(section.text).trim();
    const heading = section.heading ? `**${oneLine(section.heading)}**` : '';
    const block = [heading, text].filter(Boolean).join('\n');
    if (block) blocks.push(block);
  }
  const used = title.length + fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  const description = fitBlocks(blocks, Math.min(LIMITS.embedDescription, LIMITS.embedTotal - used));
  const embed: APIEmbed = { title, color: COLORS[answer.kind], ...(description ? { description } : {}), ...(fields.length ? { fields } : {}) };
  const exclude = new Set(answer.topic ? [answer.topic.id] : []);
  const rows = [
    buttonRow(answer.suggestions, answer.lang, ButtonStyle.Primary, exclude),
    buttonRow(answer.related, answer.lang, ButtonStyle.Secondary, exclude),
  ].filter((row): row is NonNullable<typeof row> => row !== null);
  if (options.feedback && rateable(answer)) rows.push(voteRow(answer));
  return { embeds: [embed], components: rows };
}

/** A daily tip: a short embed headed "Docker tip of the day" and a "Full answer" button. */
export function renderTip(tip: TipPost): DiscordMessage {
  const w = t(tip.lang);
  const title = clip(oneLine(tip.title) || tip.topicId, LIMITS.embedTitle);
  const example = tip.example ? codeBlock(tip.example.code, tip.example.lang, LIMITS.fieldValue) : '';
  const description = fitBlocks([sanitize(tip.text).trim(), example].filter(Boolean), LIMITS.embedDescription);
  const id = encodeTopicRef(tip.topicId, tip.lang);
  const button: APIButtonComponentWithCustomId | null = id
    ? { type: ComponentType.Button, style: ButtonStyle.Primary, label: w.fullAnswer, custom_id: id }
    : null;
  return {
    embeds: [{ author: { name: `💡 ${w.tipTitle}` }, title, color: COLORS.topic, description }],
    components: button ? [{ type: ComponentType.ActionRow, components: [button] }] : [],
  };
}

/** Autocomplete choices: the title in the asker's language as the name, the encoded topic as the value. */
export function renderChoices(refs: TopicRef[], lang: Lang): APIApplicationCommandOptionChoice<string>[] {
  const seen = new Set<string>();
  const choices: APIApplicationCommandOptionChoice<string>[] = [];
  for (const ref of refs) {
    const value = encodeTopicRef(ref.id, lang);
    if (!value || seen.has(value)) continue;
    seen.add(value);
    const name = clip(oneLine(ref.title) || ref.id, LIMITS.choiceName);
    choices.push({ name, value });
    if (choices.length === LIMITS.choices) break;
  }
  return choices;
}

/** A channel's tip schedule as one line of message content, with the next post as a Discord timestamp. */
export function renderSchedule(schedule: TipSchedule, lang: Lang): string {
  const w = WORDING[lang];
  const time = escapeUserText(schedule.time, 16);
  const zone = escapeUserText(schedule.timezone, 64);
  const tipLang = t(lang).langName[schedule.lang];
  if (schedule.paused) return w.schedulePaused(time, zone, tipLang);
  const at = schedule.nextAt ? Date.parse(schedule.nextAt) : Number.NaN;
  const next = Number.isFinite(at) ? `<t:${Math.floor(at / 1000)}:F> (<t:${Math.floor(at / 1000)}:R>)` : '';
  return clip(w.scheduleOn(time, zone, tipLang, next), LIMITS.content);
}

function buttonRow(
  refs: TopicRef[],
  lang: Lang,
  style: ButtonStyle.Primary | ButtonStyle.Secondary,
  exclude: Set<string>,
): APIActionRowComponent<APIButtonComponentWithCustomId> | null {
  const buttons: APIButtonComponentWithCustomId[] = [];
  for (const ref of refs) {
    const customId = encodeTopicRef(ref.id, lang);
    if (!customId || exclude.has(ref.id)) continue;
    exclude.add(ref.id);
    const label = clip(oneLine(ref.title) || ref.id, LIMITS.buttonLabel);
    buttons.push({ type: ComponentType.Button, style, label, custom_id: customId });
    if (buttons.length === LIMITS.buttonsPerRow) break;
  }
  return buttons.length ? { type: ComponentType.ActionRow, components: buttons } : null;
}
