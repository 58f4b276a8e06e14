import { key } from '../text/normalize.ts';
import type { Topic } from '../types.ts';
import type { KnowledgeProblem } from './errors.ts';

/** Chinese text carries about a third as many characters as English for the same content. */
const ZH_TO_EN_MIN = 0.15;
const ZH_TO_EN_MAX = 1.2;

/**
 * Checks that need the whole base: unique ids and aliases, links that resolve, balanced languages.
 * `layerOf` says which knowledge folder a topic came from (0 for the first).
 */
export function crossCheck(topics: Topic[], layerOf: (topic: Topic) => number = () => 0): KnowledgeProblem[] {
  const problems: KnowledgeProblem[] = [];
  const ids = new Map<string, Topic>();
  for (const topic of topics) {
    const other = ids.get(topic.id);
    if (other) problems.push({ file: topic.file, field: 'id', message: `duplicate id "${topic.id}" (also in ${other.file})` });
    else ids.set(topic.id, topic);
  }
  const owners = new Map<string, Topic>();
  for (const topic of topics) owners.set(key(topic.id), topic);
  // Topics come in folder order: of two notes that clash, the later one is named first, so a
  // team's note on top of the bundled ones is the one reported (and changed). An alias that is
  // a later folder's id is reported on that id.
  for (const topic of topics) {
    const own = new Set<string>();
    for (const lang of ['en', 'zh'] as const) {
      topic.aliases[lang].forEach((alias, i) => {
        const k = key(alias);
        const owner = owners.get(k);
        if (owner && owner !== topic && key(owner.id) === k && layerOf(owner) > layerOf(topic)) {
          problems.push({ file: owner.file, field: 'id', message: `id "${owner.id}" is already an alias of ${topic.file} (aliases.${lang}[${i}])` });
        } else if (owner && owner !== topic) {
          problems.push({ file: topic.file, field: `aliases.${lang}[${i}]`, message: `duplicate alias "${alias}" (also in ${owner.file})` });
        } else if (own.has(k)) {
          problems.push({ file: topic.file, field: `aliases.${lang}[${i}]`, message: `alias "${alias}" is listed twice` });
        } else {
          owners.set(k, topic);
          own.add(k);
        }
      });
    }
  }
  for (const topic of topics) {
    for (const field of ['related', 'compares'] as const) {
      topic[field].forEach((ref, i) => {
        if (!ids.has(ref)) problems.push({ file: topic.file, field: `${field}[${i}]`, message: `unknown topic id "${ref}"` });
        else if (ref === topic.id) problems.push({ file: topic.file, field: `${field}[${i}]`, message: 'a topic cannot refer to itself' });
      });
    }
    problems.push(...balance(topic));
  }
  return problems;
}

function size(topic: Topic, lang: 'en' | 'zh'): number {
  const b = topic.body[lang];
  return b.summary.length + b.sections.reduce((n, s) => n + s.text.length, 0);
}

function balance(topic: Topic): KnowledgeProblem[] {
  const problems: KnowledgeProblem[] = [];
  const en = size(topic, 'en');
  const zh = size(topic, 'zh');
  const ratio = zh / Math.max(en, 1);
  if (ratio < ZH_TO_EN_MIN || ratio > ZH_TO_EN_MAX) {
    problems.push({ file: topic.file, field: 'body.zh', message: `zh text (${zh} chars) and en text (${en} chars) differ too much in substance` });
  }
  if (topic.body.en.examples.length !== topic.body.zh.examples.length) {
    problems.push({ file: topic.file, field: 'body.zh', message: `zh has ${topic.body.zh.examples.length} code blocks, en has ${topic.body.en.examples.length}` });
  }
  return problems;
}
