import { createRequire } from 'node:module';
import { hasHan } from './normalize.ts';

/**
 * Folds traditional Chinese to simplified ("常見退出碼" → "常见退出码", "網路" → "网络"), so a
 * question written in Taiwan or Hong Kong matches the notes, which are written in simplified
 * Chinese. From OpenCC's tables (the opencc-js package): Taiwan's words for the same thing first
 * (網路, 軟體, 記憶體, 伺服器), then character by character, which is what matching needs. A
 * Taiwan word is folded only when it has a traditional-only character, so text that is already
 * simplified comes back unchanged (the test checks every note survives it). The tables are read on
 * the first question with a Han character, so a process that only sees English never loads them.
 */

interface Tables {
  chars: Map<string, string>;
  words: Map<string, string>;
  longest: number;
  /** The first code unit of every word, so most positions skip the word lookup. */
  starts: Set<string>;
}

let tables: Tables | null = null;

type Dict = string | ReadonlyArray<readonly [string, string]>;
interface OpenCcPresets {
  Locale: { from: Record<string, ReadonlyArray<readonly Dict[]>>; to: Record<string, ReadonlyArray<readonly Dict[]>> };
}

/** Every entry of a dictionary as [source, candidates]: OpenCC's string form is "a b c|d e". */
function* entries(dict: Dict): Generator<[string, string[]]> {
  if (typeof dict !== 'string') {
    for (const [from, to] of dict) yield [from, [to]];
    return;
  }
  for (const entry of dict.split('|')) {
    const [from, ...to] = entry.split(' ');
    if (from && to.length) yield [from, to];
  }
}

function load(): Tables {
  const { Locale } = createRequire(import.meta.url)('opencc-js/t2cn') as OpenCcPresets;
  const chars = new Map<string, string>();
  for (const group of Locale.to.cn ?? []) {
    for (const dict of group) {
      for (const [from, [to]] of entries(dict)) if (to && from !== to && [...from].length === 1 && [...to].length === 1) chars.set(from, to);
    }
  }
  const fold = (text: string) => [...text].map((c) => chars.get(c) ?? c).join('');
  const words = new Map<string, string>();
  let longest = 0;
  // Taiwan's phrases: the last candidate is the mainland word, in traditional characters.
  const [phrases] = Locale.from.twp?.[0] ?? [];
  for (const [from, to] of phrases ? entries(phrases) : []) {
    const mainland = to[to.length - 1]!;
    if (from.length < 2 || mainland === from || fold(from) === from) continue;
    words.set(from, fold(mainland));
    longest = Math.max(longest, from.length);
  }
  return { chars, words, longest, starts: new Set([...words.keys()].map((w) => w[0]!)) };
}

/** The longest Taiwan word starting at `at`, as [its length, its simplified form], or null. */
function wordAt(text: string, at: number, { words, longest, starts }: Tables): [number, string] | null {
  if (!starts.has(text[at]!)) return null;
  for (let n = Math.min(longest, text.length - at); n >= 2; n--) {
    const word = words.get(text.slice(at, at + n));
    if (word !== undefined) return [n, word];
  }
  return null;
}

/** Below this code unit nothing is Chinese: the common case costs one comparison per character. */
const FIRST_CJK = 0x2e80;

/** The text with Taiwan's words and every traditional character the tables know in their simplified form. */
export function toSimplified(text: string): string {
  if (!hasHan(text)) return text;
  tables ??= load();
  let out = '';
  let copied = 0;
  for (let i = 0; i < text.length; ) {
    if (text.charCodeAt(i) < FIRST_CJK) {
      i++;
      continue;
    }
    const word = wordAt(text, i, tables);
    const ch = word ? '' : String.fromCodePoint(text.codePointAt(i)!);
    const folded = word ? word[1] : tables.chars.get(ch);
    const length = word ? word[0] : ch.length;
    if (folded !== undefined) {
      out += text.slice(copied, i) + folded;
      copied = i + length;
    }
    i += length;
  }
  return copied === 0 ? text : out + text.slice(copied);
}
