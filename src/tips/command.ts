/**
 * The words of the tips commands: `/docker tips on [HH:MM] [zone] [zh|en]`, `tips off`, `tips`,
 * `tip`. Parsing and validation live here so Slack, Discord and the console say the same thing.
 */
import type { Bilingual, Lang } from '../types.ts';
import { canonicalZone } from './time.ts';

/**
 * A user mistake in a tips command. `message` is the English text (what adapters show by default);
 * `messages` holds both languages.
 */
export class TipsError extends Error {
  readonly code = 'TIPS_INVALID';
  readonly messages: Bilingual;
  constructor(messages: Bilingual) {
    super(messages.en);
    this.name = 'TipsError';
    this.messages = messages;
  }
}

/** Longest input looked at; anything longer is refused before any pattern runs. */
const MAX_FIELD = 64;

const show = (value: string) => JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);

function tidy(value: string): string {
  return value.normalize('NFKC').trim().replace(/\s+/g, ' ');
}

/**
 * Reads a local time. Accepts "09:00", "9:00", "21:30", "9am", "9:30pm", "12am" (midnight),
 * "9点", "9点30", "9点半", "21时". Returns "HH:MM" or throws TipsError.
 */
export function parseTime(input: string): string {
  const text = tidy(input).toLowerCase().slice(0, MAX_FIELD + 1);
  const fail = () =>
    new TipsError({
      en: `${show(text)} is not a time. Use HH:MM in 24-hour form, for example 09:00 or 18:30 (9am and 6:30pm work too).`,
      zh: `${show(text)} 不是有效的时间。请用 24 小时制的 HH:MM，例如 09:00 或 18:30（也可以写 9点、18点30）。`,
    });
  if (text.length > MAX_FIELD) throw fail();
  let hour: number;
  let minute: number;
  let m = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (m) {
    hour = Number(m[1]);
    minute = Number(m[2]);
  } else if ((m = /^(\d{1,2})(?::(\d{2}))? ?(am|pm)$/.exec(text))) {
    const h12 = Number(m[1]);
    if (h12 < 1 || h12 > 12) throw fail();
    hour = (h12 % 12) + (m[3] === 'pm' ? 12 : 0);
    minute = Number(m[2] ?? 0);
  } else if ((m = /^(\d{1,2})[点時时](半|(\d{1,2})分?)?$/.exec(text))) {
    hour = Number(m[1]);
    minute = m[2] === '半' ? 30 : Number(m[3] ?? 0);
  } else {
    throw fail();
  }
  if (hour > 23 || minute > 59) throw fail();
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** Reads an IANA time zone and returns its canonical spelling, or throws TipsError. */
export function parseTimezone(input: string): string {
  const text = tidy(input);
  const zone = canonicalZone(text);
  if (zone) return zone;
  if (/^(utc|gmt)?\s*[+-]\d/i.test(text)) {
    throw new TipsError({
      en: `${show(text)} is an offset, not a time zone. Use a zone name such as Asia/Shanghai or America/New_York, so daylight saving time is handled for you.`,
      zh: `${show(text)} 是时差，不是时区。请用时区名，例如 Asia/Shanghai 或 America/New_York，这样夏令时会自动处理。`,
    });
  }
  throw new TipsError({
    en: `${show(text)} is not a time zone I know. Use an IANA name such as Asia/Shanghai, Europe/Berlin or America/New_York.`,
    zh: `不认识时区 ${show(text)}。请用 IANA 时区名，例如 Asia/Shanghai、Europe/Berlin 或 America/New_York。`,
  });
}

const LANG_WORDS: Record<string, Lang> = {
  zh: 'zh',
  cn: 'zh',
  'zh-cn': 'zh',
  chinese: 'zh',
  中文: 'zh',
  汉语: 'zh',
  en: 'en',
  english: 'en',
  英文: 'en',
  英语: 'en',
};

/** A language word ("zh", "en", "中文", "english"…) or null when the word is not one. */
export function asLangWord(input: string): Lang | null {
  return LANG_WORDS[tidy(input).toLowerCase()] ?? null;
}

/** Reads a language, or throws TipsError. */
export function parseLang(input: string): Lang {
  const lang = asLangWord(input);
  if (lang) return lang;
  const text = show(tidy(input));
  throw new TipsError({
    en: `${text} is not a language dockhand speaks. Use zh or en.`,
    zh: `dockhand 不支持语言 ${text}。请用 zh 或 en。`,
  });
}

/** What `parseTipsCommand` understood. Values in `on` are already validated and normalised. */
export type TipsCommand =
  | { kind: 'on'; time?: string; timezone?: string; lang?: Lang }
  | { kind: 'off' }
  | { kind: 'status' }
  | { kind: 'tip' }
  | { kind: 'invalid'; error: TipsError };

const TIP_WORDS = new Set(['tip', '小贴士', '今日小贴士']);
const TIPS_WORDS = new Set(['tips', '每日小贴士']);
const ON_WORDS = new Set(['on', 'start', 'subscribe', '开', '开启', '打开']);
const OFF_WORDS = new Set(['off', 'stop', 'unsubscribe', '关', '关闭']);
const STATUS_WORDS = new Set(['', 'show', 'status', '状态']);

/**
 * Parses the text after "/docker " (or a console line). Returns null when the text is not a tips
 * command, so the caller can answer it as a question ("tips for smaller images" is a question).
 * `tips on` takes its optional time, zone and language in any order.
 */
export function parseTipsCommand(text: string): TipsCommand | null {
  if (text.length > 500) return null;
  const words = tidy(text).replace(/(\d) (am|pm)\b/gi, '$1$2').split(' ');
  const head = (words[0] ?? '').toLowerCase();
  if (TIP_WORDS.has(head) && words.length === 1) return { kind: 'tip' };
  if (!TIPS_WORDS.has(head)) return null;
  const verb = (words[1] ?? '').toLowerCase();
  const rest = words.slice(2);
  if (STATUS_WORDS.has(verb) && rest.length === 0) return { kind: 'status' };
  if (OFF_WORDS.has(verb) && rest.length === 0) return { kind: 'off' };
  if (!ON_WORDS.has(verb)) return null;
  try {
    return { kind: 'on', ...parseOnArguments(rest) };
  } catch (error) {
    if (error instanceof TipsError) return { kind: 'invalid', error };
    throw error;
  }
}

function parseOnArguments(words: string[]): { time?: string; timezone?: string; lang?: Lang } {
  const out: { time?: string; timezone?: string; lang?: Lang } = {};
  const twice = (what: Bilingual) =>
    new TipsError({ en: `Give the ${what.en} only once.`, zh: `${what.zh}只需要写一次。` });
  if (words.length > 3) {
    throw new TipsError({
      en: 'Too many words. Usage: tips on [HH:MM] [time zone] [zh|en], for example: tips on 09:30 Asia/Shanghai zh',
      zh: '参数太多。用法：tips on [HH:MM] [时区] [zh|en]，例如：tips on 09:30 Asia/Shanghai zh',
    });
  }
  for (const word of words) {
    const lang = asLangWord(word);
    if (lang) {
      if (out.lang) throw twice({ en: 'language', zh: '语言' });
      out.lang = lang;
    } else if (/^\d/.test(word)) {
      if (out.time) throw twice({ en: 'time', zh: '时间' });
      out.time = parseTime(word);
    } else {
      if (out.timezone) throw twice({ en: 'time zone', zh: '时区' });
      out.timezone = parseTimezone(word);
    }
  }
  return out;
}
