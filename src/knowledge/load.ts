import { createHash, type Hash } from 'node:crypto';
import { basename, relative, resolve, sep } from 'node:path';
import matter from 'gray-matter';
import type { z } from 'zod';
import { INSTRUCTIONS } from '../engine/cli-forms.ts';
import type { Topic, TopicBody } from '../types.ts';
import { parseBody } from './body.ts';
import { KnowledgeError, type KnowledgeProblem } from './errors.ts';
import { listTopicFiles, printable, readNote } from './files.ts';
import type { KnowledgeLayer } from './layers.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../paths.ts';
import { frontMatterSchema } from './schema.ts';
import { crossCheck } from './validate.ts';

/** The loaded, validated knowledge base. Topics are sorted by id. */
export interface KnowledgeBase {
  /** The first folder of the stack. */
  dir: string;
  topics: Topic[];
  byId: Map<string, Topic>;
  /** The folders loaded, in order, with how many notes each gave (absent when built by hand). */
  layers?: LayerSummary[];
  /** Notes a later folder replaced. */
  overrides?: Override[];
  /** Changes whenever a note file does (see KnowledgeCheck.version). */
  version?: string;
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

/** A note that a later folder's note with the same id replaced. */
export interface Override {
  id: string;
  /** The replacing note's file (folder-qualified). */
  file: string;
  /** The replaced note's file (folder-qualified). */
  replaced: string;
}

/** One folder of the stack and how many valid notes it gave. */
export interface LayerSummary {
  dir: string;
  name: string;
  bundled: boolean;
  /** Valid notes read from the folder, overridden ones included. */
  notes: number;
  /** How many of them replace a note of an earlier folder. */
  overrides: number;
}

/** Everything one check of the knowledge folders found. */
export interface KnowledgeCheck {
  /** The notes served: each id once, from the last folder that has it; sorted by id. */
  topics: Topic[];
  problems: KnowledgeProblem[];
  overrides: Override[];
  layers: LayerSummary[];
  /** A short hash of every note file's path and bytes: it changes when any note does. */
  version: string;
}

/** What `checkKnowledge` and `loadKnowledge` accept: one folder, or the stack, in order. */
export type KnowledgeSource = string | readonly string[] | readonly KnowledgeLayer[];

function toLayers(source: KnowledgeSource): KnowledgeLayer[] {
  const list = typeof source === 'string' ? [source] : source;
  return list.map((l) => (typeof l === 'string' ? { dir: resolve(l), name: l, bundled: resolve(l) === resolve(DEFAULT_KNOWLEDGE_DIR) } : l));
}

/**
 * One folder's notes. With several folders, files are named with their folder in front
 * (`../our-notes/cli/x.md`); with one, relative to it, as before.
 */
function readLayer(layer: KnowledgeLayer, qualify: boolean, hash: Hash): { topics: Topic[]; problems: KnowledgeProblem[] } {
  const problems: KnowledgeProblem[] = [];
  const topics: Topic[] = [];
  const label = layer.name;
  const qualified = (file: string) => (qualify ? `${layer.name}/${file}` : file);
  let files: string[];
  const listed: KnowledgeProblem[] = [];
  try {
    files = listTopicFiles(layer.dir, listed);
  } catch (error) {
    return { topics, problems: [{ file: printable(label), field: 'file', message: `cannot read the knowledge directory: ${printable((error as Error).message)}` }] };
  }
  problems.push(...listed.map((p) => ({ ...p, file: qualified(p.file) })));
  if (files.length === 0 && problems.length === 0) problems.push({ file: printable(label), field: 'file', message: 'no topic files found' });
  const ids = new Map<string, Topic>();
  for (const path of files) {
    const file = relative(layer.dir, path).split(sep).join('/');
    const read = readNote(path);
    if ('problem' in read) {
      problems.push({ file: qualified(file), field: 'file', message: read.problem });
      continue;
    }
    hash.update(`${qualified(file)}\0${read.text}\0`);
    const own: KnowledgeProblem[] = [];
    const parsed = parseTopic(file, read.text, own);
    problems.push(...own.map((p) => ({ ...p, file: qualified(p.file) })));
    if (!parsed) continue;
    const topic = qualify ? { ...parsed, file: qualified(file) } : parsed;
    // Two notes with one id in the same folder is a mistake; across folders it is an override.
    const other = ids.get(topic.id);
    if (other) problems.push({ file: topic.file, field: 'id', message: `duplicate id "${topic.id}" (also in ${other.file})` });
    else {
      ids.set(topic.id, topic);
      topics.push(topic);
    }
  }
  return { topics, problems };
}

/**
 * Reads, parses and validates every topic in the folders, in order: a later folder's note
 * replaces an earlier one with the same id. The cross checks (aliases, links, languages) run
 * over the notes served, in folder order, so a clash names the later folder's file first and a
 * related id may point into any folder. Returns all problems instead of throwing, for
 * `dockhand kb check`.
 */
export function checkKnowledge(source: KnowledgeSource): KnowledgeCheck {
  const layers = toLayers(source);
  const qualify = layers.length > 1;
  const hash = createHash('sha256');
  const problems: KnowledgeProblem[] = [];
  const summaries: LayerSummary[] = [];
  const perLayer: Topic[][] = [];
  const seen = new Set<string>();
  for (const layer of layers) {
    hash.update(`layer ${layer.dir}\0`);
    if (seen.has(layer.dir)) {
      problems.push({ file: printable(layer.name), field: 'file', message: 'is listed twice in the knowledge folders' });
      continue;
    }
    seen.add(layer.dir);
    const read = readLayer(layer, qualify, hash);
    problems.push(...read.problems);
    perLayer.push(read.topics);
    summaries.push({ dir: layer.dir, name: layer.name, bundled: layer.bundled, notes: read.topics.length, overrides: 0 });
  }
  const winner = new Map<string, Topic>();
  const overrides: Override[] = [];
  perLayer.forEach((topics, i) => {
    for (const topic of topics) {
      const earlier = winner.get(topic.id);
      if (earlier) {
        overrides.push({ id: topic.id, file: topic.file, replaced: earlier.file });
        summaries[i]!.overrides++;
      }
      winner.set(topic.id, topic);
    }
  });
  const served = perLayer.flat().filter((t) => winner.get(t.id) === t);
  const layerOf = new Map(perLayer.flatMap((topics, i) => topics.map((t) => [t, i] as const)));
  problems.push(...crossCheck(served, (t) => layerOf.get(t) ?? 0));
  served.sort((a, b) => a.id.localeCompare(b.id));
  // Names and messages reach a terminal: escape codes in a file name must not run there.
  return {
    topics: served,
    problems: problems.map((p) => ({ ...p, file: printable(p.file), message: printable(p.message) })),
    overrides: overrides.map((o) => ({ id: o.id, file: printable(o.file), replaced: printable(o.replaced) })),
    layers: summaries,
    version: hash.digest('hex').slice(0, 12),
  };
}

/** Loads the knowledge base or throws a KnowledgeError listing every problem with its file and field. */
export function loadKnowledge(source: KnowledgeSource): KnowledgeBase {
  const { topics, problems, overrides, layers, version } = checkKnowledge(source);
  if (problems.length) throw new KnowledgeError(problems);
  return { dir: toLayers(source)[0]?.dir ?? '', topics, byId: new Map(topics.map((t) => [t.id, t])), layers, overrides, version };
}
