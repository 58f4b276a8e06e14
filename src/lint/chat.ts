/**
 * A Dockerfile pasted into chat: `findDockerfile` decides whether a message is one (a code block,
 * several lines that are instructions, or "lint this:" followed by one), and `lintAnswer` turns
 * its findings into an Answer: one section per line, the explaining notes as related topics.
 * Pure and platform-free; every renderer shows the result within its limits.
 */
import type { Answer, Lang, TopicRef } from '../types.ts';
import { lint } from './lint.ts';
import { INSTRUCTIONS } from './model.ts';
import { RULES } from './rules.ts';
import { severityRank, type Finding } from './types.ts';

/** Chat limits the core holds for every platform: Discord's 4,096-character description is the tightest. */
const MAX_GROUPS = 12;
const MAX_SECTION_CHARS = 3200;
const MAX_RELATED = 5;
/** Longer pastes are linted only up to here (about 2,000 lines of a normal Dockerfile plus room). */
const MAX_PASTE_CHARS = 200_000;

export interface Paste {
  /** The Dockerfile text, from its first instruction to its last line. */
  dockerfile: string;
  /** Whatever else the message says (a question around the paste), trimmed. */
  prose: string;
}

const PREFIX = /^\s*(?:@\S+\s+)?(?:lint|check|review)(?:\s+(?:this|my|the))?(?:\s+dockerfile)?\s*[:：]|^\s*dockerfile\s*[:：]|^\s*(?:帮我)?(?:检查|看看|审查)(?:一下)?(?:这个|我的)?\s*dockerfile\s*[:：]?/i;

/** An instruction line: an upper-case keyword (prose starts sentences with "Run" and "Add"), or any case when `lower`. */
function isInstruction(line: string, lower: boolean): boolean {
  const t = line.trimStart();
  let end = 0;
  while (end < t.length && end < 12 && /[A-Za-z]/.test(t[end]!)) end++;
  if (end === 0 || (end < t.length && t[end] !== ' ' && t[end] !== '\t')) return false;
  const word = t.slice(0, end);
  if (!INSTRUCTIONS.has(word.toUpperCase())) return false;
  return lower || word === word.toUpperCase();
}

/** The first fenced block (``` … ```), found with indexOf so a wall of backticks stays linear. */
function fenced(text: string): { tag: string; body: string; rest: string } | null {
  const open = text.indexOf('```');
  if (open < 0) return null;
  const lineEnd = text.indexOf('\n', open + 3);
  if (lineEnd < 0) return null;
  const close = text.indexOf('```', lineEnd + 1);
  if (close < 0) return null;
  const tag = text.slice(open + 3, lineEnd).trim().toLowerCase();
  return { tag, body: text.slice(lineEnd + 1, close), rest: `${text.slice(0, open)} ${text.slice(close + 3)}` };
}

/** The instruction lines of `text` and where the Dockerfile part starts and ends. */
function span(lines: string[], lower: boolean): { first: number; last: number; count: number; from: boolean } {
  let first = -1;
  let last = -1;
  let count = 0;
  let from = false;
  let continuing = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const t = line.trim();
    if (continuing || (first >= 0 && (t === '' || t.startsWith('#')))) {
      if (continuing) last = i;
      continuing = continuing && t.endsWith('\\');
      continue;
    }
    if (isInstruction(line, lower)) {
      if (first < 0) first = i;
      last = i;
      count++;
      if (/^\s*from\s/i.test(line)) from = true;
      continuing = t.endsWith('\\');
      // A heredoc body belongs to its instruction.
      const here = /<<-?["']?([A-Za-z_][A-Za-z0-9_]*)/.exec(line);
      if (here) {
        const end = lines.findIndex((l, j) => j > i && l.trim() === here[1]);
        if (end > i) {
          last = end;
          i = end;
        }
      }
    } else if (first >= 0 && /^\s/.test(line) && t) {
      // An indented line right after an instruction: part of a broken continuation, still the paste.
      last = i;
    } else if (first >= 0) {
      break;
    }
  }
  return { first, last, count, from };
}

/** Whether a chat message is a Dockerfile to lint, and which part of it. Null for questions. */
export function findDockerfile(message: string): Paste | null {
  if (typeof message !== 'string' || message.length < 8) return null;
  const text = message.length > MAX_PASTE_CHARS ? message.slice(0, MAX_PASTE_CHARS) : message;
  const block = fenced(text);
  if (block) {
    const lines = block.body.split('\n');
    const s = span(lines, true);
    const tagged = block.tag === 'dockerfile' || block.tag === 'docker' || block.tag === 'containerfile';
    if (s.count >= 1 && (tagged || s.from || s.count >= 2)) return { dockerfile: block.body.replace(/\n$/, ''), prose: block.rest.trim() };
    return null;
  }
  const prefixed = PREFIX.exec(text);
  const body = prefixed ? text.slice(prefixed[0].length) : text;
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const s = span(lines, Boolean(prefixed));
  if (s.first < 0) return null;
  const enough = prefixed ? s.count >= 1 : s.count >= 3 || (s.count >= 2 && s.from);
  if (!enough) return null;
  const dockerfile = lines.slice(s.first, s.last + 1).join('\n');
  const prose = [...lines.slice(0, s.first), ...lines.slice(s.last + 1)].join(' ').trim();
  return { dockerfile, prose };
}

const WORDS = {
  en: {
    title: (n: number) => (n ? `Dockerfile check: ${n} finding${n === 1 ? '' : 's'}` : 'Dockerfile check: no findings'),
    summary: (e: number, w: number, i: number, lines: number) =>
      `${[e && `${e} error${e === 1 ? '' : 's'}`, w && `${w} warning${w === 1 ? '' : 's'}`, i && `${i} info`].filter(Boolean).join(', ')} in ${lines} line${lines === 1 ? '' : 's'}. Each finding names the note that explains it.`,
    clean: (lines: number, checks: number) => `No findings in ${lines} line${lines === 1 ? '' : 's'}: all ${checks} checks passed.`,
    checks: 'Checks run',
    line: (n: number) => `Line ${n}`,
    cut: (f: number, l: number) => `${f} more finding${f === 1 ? '' : 's'} on ${l} more line${l === 1 ? '' : 's'} not shown here. Run \`dockhand lint --format text Dockerfile\` for all of them.`,
    about: (title: string) => `About your question, see also: **${title}**.`,
    severity: { error: 'error', warning: 'warning', info: 'info' },
  },
  zh: {
    title: (n: number) => (n ? `Dockerfile 检查：发现 ${n} 个问题` : 'Dockerfile 检查：没有发现问题'),
    summary: (e: number, w: number, i: number, lines: number) =>
      `${lines} 行中有 ${[e && `${e} 个错误`, w && `${w} 个警告`, i && `${i} 个提示`].filter(Boolean).join('、')}。每个问题都附有讲解它的笔记。`,
    clean: (lines: number, checks: number) => `${lines} 行中没有发现问题：${checks} 项检查全部通过。`,
    checks: '已运行的检查',
    line: (n: number) => `第 ${n} 行`,
    cut: (f: number, l: number) => `还有 ${l} 行中的 ${f} 个问题没有在这里列出。运行 \`dockhand lint --format text Dockerfile\` 可查看全部。`,
    about: (title: string) => `关于你的问题，也可以看看：**${title}**。`,
    severity: { error: '错误', warning: '警告', info: '提示' },
  },
} as const;

/** User text inside our messages (image names, paths): no mention can form, no code span can break. */
function defuse(text: string): string {
  return text.replace(/@(everyone|here|channel)/gi, '@\u200b$1').replace(/<([@#!])/g, '<\u200b$1');
}

/** The first line of an instruction as a short, inert snippet. */
function snippet(lines: string[], line: number): string {
  const raw = (lines[line - 1] ?? '').trim().replace(/`/g, "'");
  const short = raw.length > 70 ? `${raw.slice(0, 69)}…` : raw;
  return defuse(short);
}

export interface LintAnswerOptions {
  lang: Lang;
  /** The note's title in `lang` (for related buttons); null for an unknown id. */
  topicRef: (id: string) => TopicRef | null;
  /** A note that answers the question around the paste, offered first. */
  about?: TopicRef | null;
  query?: string;
}

/** The lint Answer for a pasted Dockerfile: findings grouped by line, capped for chat, notes as related topics. */
export function lintAnswer(paste: Paste, options: LintAnswerOptions): Answer {
  const { lang } = options;
  const w = WORDS[lang];
  const hasFrom = /^\s*from\s/im.test(paste.dockerfile);
  const report = lint(paste.dockerfile, { fragment: !hasFrom });
  const lines = paste.dockerfile.split('\n');
  const findings = report.findings;
  const count = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;

  const groups = new Map<number, Finding[]>();
  for (const f of findings) groups.set(f.line, [...(groups.get(f.line) ?? []), f]);
  const sections: Answer['sections'] = [];
  let used = 0;
  let shownLines = 0;
  let shownFindings = 0;
  for (const [line, list] of groups) {
    const text = [
      `\`${snippet(lines, line)}\``,
      ...[...list].sort((a, b) => severityRank(a.severity) - severityRank(b.severity)).map((f) => `- **${f.rule}** (${w.severity[f.severity]}) ${defuse(f.message[lang])}`),
    ].join('\n');
    if (sections.length >= MAX_GROUPS || used + text.length > MAX_SECTION_CHARS) break;
    sections.push({ heading: w.line(line), text });
    used += text.length;
    shownLines++;
    shownFindings += list.length;
  }
  const cut = { findings: findings.length - shownFindings, lines: groups.size - shownLines };
  if (cut.findings > 0) sections.push({ heading: null, text: w.cut(cut.findings, cut.lines) });
  if (!findings.length) {
    const titles = RULES.filter((r) => report.rules.includes(r.id)).map((r) => `- ${r.id} ${r.title[lang]}`);
    sections.push({ heading: w.checks, text: titles.join('\n') });
  }

  const related: TopicRef[] = [];
  const add = (ref: TopicRef | null | undefined) => {
    if (ref && related.length < MAX_RELATED && !related.some((r) => r.id === ref.id)) related.push(ref);
  };
  add(options.about);
  for (const f of findings) add(options.topicRef(f.topic));

  const summary = findings.length ? w.summary(count('error'), count('warning'), count('info'), report.lines) : w.clean(report.lines, report.rules.length);
  return {
    kind: 'lint',
    query: options.query ?? '',
    lang,
    topic: null,
    title: w.title(findings.length),
    summary: options.about ? `${summary} ${w.about(options.about.title)}` : summary,
    sections,
    examples: [],
    related,
    suggestions: [],
    confidence: 1,
    lint: {
      findings: findings.map((f) => ({ rule: f.rule, line: f.line, severity: f.severity, topic: f.topic })),
      cut,
      checks: report.rules.length,
    },
  };
}
