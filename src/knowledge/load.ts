import { basename, relative, sep } from 'node:path';
import matter from 'gray-matter';
import type { z } from 'zod';
import { INSTRUCTIONS } from '../engine/cli-forms.ts';
import type { Topic, TopicBody } from '../types.ts';
import { parseBody } from './body.ts';
import { KnowledgeError, type KnowledgeProblem } from './errors.ts';
import { listTopicFiles, printable, readNote } from './files.ts';
import { frontMatterSchema } from './schema.ts';
import { crossCheck } from './validate.ts';

/** The loaded, validated knowledge base. Topics are sorted by id. */
export interface KnowledgeBase {
  dir: string;
  topics: Topic[];
  byId: Map<string, Topic>;
}

const refuse = (lang: string) => () => {
  throw new Error(`"---${lang}" front matter is code; only YAML is accepted`);
};

/**
 * gray-matter runs `---js` front matter through eval unless told otherwise (CVE-2022-25863), and
 * caches every string it parses when called without options. Passing these options fixes both.
 */
const MATTER_OPTIONS = {
  engines: {
    js: refuse('js'),
    javascript: refuse('javascript'),
    coffee: refuse('coffee'),
    coffeescript: refuse('coffeescript'),
    cson: refuse('cson'),
  },
  excerpt: false,
} as const;

export { listTopicFiles } from './files.ts';

/**
 * The fix for the two YAML mistakes people make most in front matter, which the YAML parser's
 * own message does not name: a tab in the indentation, and an unquoted value with a colon.
 */
function yamlHint(message: string, source: string): string {
  const front = source.split(/\r?\n---/)[0] ?? '';
  if (/tab characters/i.test(message) || /^ *\t/m.test(front)) return ' (hint: indent with spaces, not tabs)';
  if (/mapping pair|mapping entry|block mapping/.test(message)) return ' (hint: quote values that contain a colon, e.g. en: "CMD: the default command")';
  return '';
}

/** Parses one file's text. Problems are collected, never thrown, so a check can show them all. */
export function parseTopic(file: string, source: string, problems: KnowledgeProblem[]): Topic | null {
  const before = problems.length;
  const report = (field: string, message: string) => problems.push({ file, field, message });
  let parsed: { data: unknown; content: string; language?: string };
  try {
    parsed = matter(source, MATTER_OPTIONS) as unknown as typeof parsed;
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? 'cannot be parsed';
    report('front matter', `${message}${yamlHint(message, source)}`);
    return null;
  }
  if (parsed.language && parsed.language !== 'yaml') {
    report('front matter', `"---${parsed.language}" front matter is not allowed; only YAML is accepted`);
    return null;
  }
  const result = frontMatterSchema.safeParse(parsed.data ?? {});
  if (!result.success) {
    for (const issue of result.error.issues) report(fieldOf(issue), issue.message);
  }
  const { body, problems: bodyProblems } = parseBody(parsed.content);
  for (const p of bodyProblems) report(p.field, p.message);
  const expectedId = basename(file, '.md');
  if (result.success && result.data.id !== expectedId) report('id', `"${result.data.id}" does not match the file name "${expectedId}"`);
  if (!result.success || problems.length > before || !body.en || !body.zh) return null;
  const fm = result.data;
  return {
    id: fm.id,
    group: file.split(/[\\/]/)[0] ?? '',
    file,
    title: fm.title,
    aliases: fm.aliases,
    tags: fm.tags,
    related: fm.related,
    compares: fm.compares,
    tip: fm.tip ? { en: fm.tip.en, zh: fm.tip.zh, ...(fm.tip.example ? { example: { lang: guessLang(fm.tip.example), code: fm.tip.example.trimEnd() } } : {}) } : null,
    errors: fm.errors.map((e) => (typeof e === 'string' ? { text: e } : e)),
    checked: fm.checked,
    body: { en: body.en as TopicBody, zh: body.zh as TopicBody },
  };
}

function fieldOf(issue: z.core.$ZodIssue): string {
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[');
  if (issue.code === 'unrecognized_keys') return [path, issue.keys.join(', ')].filter(Boolean).join('.');
  return path || 'front matter';
}

/** A tip example is a Dockerfile when one of its lines starts with an instruction, else shell. */
function guessLang(code: string): string {
  return code.split('\n').some((l) => INSTRUCTIONS.has(l.trimStart().split(/\s/, 1)[0] ?? '')) ? 'dockerfile' : 'bash';
}

/**
 * Reads, parses and validates every topic under `dir`. Returns all problems instead of throwing,
 * for `dockhand kb check`.
 */
export function checkKnowledge(dir: string): { topics: Topic[]; problems: KnowledgeProblem[] } {
  const problems: KnowledgeProblem[] = [];
  const topics: Topic[] = [];
  let files: string[];
  try {
    files = listTopicFiles(dir, problems);
  } catch (error) {
    return { topics, problems: [{ file: printable(dir), field: 'file', message: `cannot read the knowledge directory: ${printable((error as Error).message)}` }] };
  }
  if (files.length === 0 && problems.length === 0) problems.push({ file: printable(dir), field: 'file', message: 'no topic files found' });
  for (const path of files) {
    const file = relative(dir, path).split(sep).join('/');
    const read = readNote(path);
    if ('problem' in read) problems.push({ file, field: 'file', message: read.problem });
    else {
      const topic = parseTopic(file, read.text, problems);
      if (topic) topics.push(topic);
    }
  }
  problems.push(...crossCheck(topics));
  topics.sort((a, b) => a.id.localeCompare(b.id));
  // Names and messages reach a terminal: escape codes in a file name must not run there.
  return { topics, problems: problems.map((p) => ({ ...p, file: printable(p.file), message: printable(p.message) })) };
}

/** Loads the knowledge base or throws a KnowledgeError listing every problem with its file and field. */
export function loadKnowledge(dir: string): KnowledgeBase {
  const { topics, problems } = checkKnowledge(dir);
  if (problems.length) throw new KnowledgeError(problems);
  return { dir, topics, byId: new Map(topics.map((t) => [t.id, t])) };
}
