/**
 * An Explanation as an Answer (kind 'explain'): risks first and marked, one line per flag, the
 * image and the container's command, the notes behind the flags as related topics. Capped for
 * chat (Discord's 4,096-character description is the tightest limit), whatever the command's
 * length; every user-written word sits in a code span with mentions defused.
 */
import type { Answer, Lang, TopicRef } from '../types.ts';
import type { ExplainedArg, Explanation } from './explain.ts';

const MAX_SECTION_CHARS = 3200;
const MAX_VALUE_CHARS = 60;
const MAX_RELATED = 5;

const WORDS = {
  en: {
    title: (command: string) => `${command}, flag by flag`,
    summary: (flags: number, risks: number, image: string | null) =>
      `${flags} flag${flags === 1 ? '' : 's'}${image ? ` for image ${image}` : ''}${risks ? `; ${risks} to look at first (marked ⚠)` : ''}.`,
    noFlags: 'No flags: the command runs with its defaults.',
    flags: 'Flags',
    image: 'Image',
    target: 'Arguments',
    command: "Container's command",
    defaultCommand: "the image's default (its CMD, after its ENTRYPOINT)",
    unknown: 'Not in the flag table (check the spelling or `docker COMMAND --help`)',
    level: { high: 'high risk', medium: 'risk' },
    dash: ' — ',
    colon: ': ',
    cut: (n: number) => `${n} more flag${n === 1 ? '' : 's'} not shown. Run \`dockhand explain "COMMAND"\` for all of them.`,
    unknownCommand: (c: string) => `dockhand has no flag table for \`${c}\`: flags are listed as unknown.`,
  },
  zh: {
    title: (command: string) => `${command} 逐个参数解释`,
    summary: (flags: number, risks: number, image: string | null) => `${image ? `镜像 ${image}，` : ''}共 ${flags} 个参数${risks ? `，其中 ${risks} 个需要先留意（标有 ⚠）` : ''}。`,
    noFlags: '没有参数：命令按默认设置运行。',
    flags: '参数',
    image: '镜像',
    target: '参数对象',
    command: '容器内运行的命令',
    defaultCommand: '镜像默认的命令（ENTRYPOINT 之后的 CMD）',
    unknown: '不在参数表里（检查拼写，或运行 `docker 命令 --help`）',
    level: { high: '高风险', medium: '风险' },
    dash: '——',
    colon: '：',
    cut: (n: number) => `还有 ${n} 个参数没有列出。运行 \`dockhand explain "命令"\` 可查看全部。`,
    unknownCommand: (c: string) => `dockhand 还没有 \`${c}\` 的参数表：参数都列为未知。`,
  },
} as const;

/** User text inside our messages: no mention can form, no code span can break, no line can run on. */
function inert(text: string, max = MAX_VALUE_CHARS): string {
  const flat = text.replace(/[\r\n\t]+/g, ' ').replace(/`/g, "'");
  const short = flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  return short.replace(/@(everyone|here|channel)/gi, '@\u200b$1').replace(/<([@#!])/g, '<\u200b$1');
}

const code = (text: string, max?: number): string => `\`${inert(text, max) || ' '}\``;

function written(arg: ExplainedArg): string {
  return arg.value === null ? arg.flag : `${arg.flag} ${arg.value}`;
}

/** Quotes a word for showing a command line back (spaces and quotes only; the shell's full rules are not needed to read it). */
function shellWord(word: string): string {
  return /^[\w@%+=:,./~$-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export interface ExplainAnswerOptions {
  lang: Lang;
  /** The note's title in `lang` (for related buttons); null for an unknown id. */
  topicRef: (id: string) => TopicRef | null;
  query?: string;
}

export function explainAnswer(e: Explanation, options: ExplainAnswerOptions): Answer {
  const { lang } = options;
  const w = WORDS[lang];
  const risky = e.args.filter((a) => a.risk).sort((a, b) => (a.risk!.level === b.risk!.level ? 0 : a.risk!.level === 'high' ? -1 : 1));
  const ordered = [...risky, ...e.args.filter((a) => !a.risk)];
  const sections: Answer['sections'] = [];
  let used = 0;
  const push = (heading: string | null, text: string) => {
    sections.push({ heading, text });
    used += text.length + (heading?.length ?? 0);
  };

  if (!e.known) push(null, w.unknownCommand(inert(e.command)));
  const tail: { heading: string; text: string }[] = [];
  if (e.positionals.length || e.image) {
    const name = e.image ? w.image : w.target;
    const list = e.image ? code(e.image, 200) : e.positionals.slice(0, 6).map((p) => `${p.name} ${code(p.value, 100)}`).join(', ');
    tail.push({ heading: name, text: list });
  }
  if (e.containerCommand || e.image) tail.push({ heading: w.command, text: e.containerCommand ? code(e.containerCommand.map(shellWord).join(' '), 300) : w.defaultCommand });
  if (e.unknown.length) tail.push({ heading: w.unknown, text: [...new Set(e.unknown)].slice(0, 20).map((u) => code(u, 40)).join(' ') });
  const reserved = tail.reduce((n, t) => n + t.text.length + t.heading.length, 0) + 200;

  const lines: string[] = [];
  let shown = 0;
  for (const a of ordered) {
    const line = a.risk ? `- ⚠ ${code(written(a))} ${a.text}${w.dash}**${w.level[a.risk.level]}**${w.colon}${a.risk.reason}` : `- ${code(written(a))} ${a.text}`;
    if (used + reserved + lines.join('\n').length + line.length + 1 > MAX_SECTION_CHARS) break;
    lines.push(line);
    shown++;
  }
  if (lines.length) push(w.flags, lines.join('\n'));
  for (const t of tail) push(t.heading, t.text);
  const cut = ordered.length - shown;
  if (cut > 0) push(null, w.cut(cut));

  const related: TopicRef[] = [];
  const add = (id: string | null) => {
    const ref = id ? options.topicRef(id) : null;
    if (ref && related.length < MAX_RELATED && !related.some((r) => r.id === ref.id)) related.push(ref);
  };
  for (const a of ordered) add(a.topic);
  add(e.topic);

  return {
    kind: 'explain',
    query: options.query ?? '',
    lang,
    topic: null,
    title: w.title(e.command),
    summary: e.args.length ? w.summary(e.args.length, risky.length, e.image ? inert(e.image, 100) : null) : w.noFlags,
    sections,
    examples: [],
    related,
    suggestions: [],
    confidence: 1,
    explain: {
      command: e.command,
      image: e.image,
      flags: e.args.length,
      risks: risky.map((a) => ({ flag: a.flag, level: a.risk!.level })),
      unknown: e.unknown,
      containerCommand: e.containerCommand,
      cut,
    },
  };
}
