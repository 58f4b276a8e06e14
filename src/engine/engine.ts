import type { Engine } from '../adapter.ts';
import type { KnowledgeBase } from '../knowledge/load.ts';
import { clean, hanCount, key } from '../text/normalize.ts';
import type { Answer, AskContext, Lang, Topic, TopicRef } from '../types.ts';
import { compareAnswer, helpAnswer, notFoundAnswer, ref, suggestAnswer, topicAnswer } from './answers.ts';
import { splitComparison } from './compare.ts';
import { exactKeys } from './frames.ts';
import { rank, rankWithEvidence, TUNING, type Candidate } from './rank.ts';
import { buildIndex, type SearchIndex } from './search-index.ts';

/** Runner-ups this close to a confident answer are offered as "did you mean" too. */
const RUNNER_UP_MARGIN = 0.12;
const MAX_SUGGESTIONS = 3;
/** What an empty autocomplete box shows: the everyday questions. */
const POPULAR = [
  'cmd-vs-entrypoint', 'docker-run', 'docker-exec', 'port-mapping', 'volumes', 'docker-ps', 'docker-logs', 'docker-build',
  'copy-vs-add', 'container-vs-vm', 'network-modes', 'docker-compose', 'dockerfile', 'docker-rm', 'docker-images',
  'container-exits-immediately', 'multi-stage-build', 'docker-system-prune', 'image-vs-container', 'restart-policy',
  'run-detached', 'docker-stop-start', 'run-env-vars', 'docker-inspect', 'build-cache',
];

/** Ranking details, for `dockhand eval` and diagnostics. */
export interface Scored {
  answer: Answer;
  /** The topic ids considered, best first (answered topic first when there is one). */
  ranked: string[];
}

/** Builds the engine over a loaded knowledge base: indexes once, then answers from memory. */
export function createEngine(kb: KnowledgeBase): Engine & { explain(question: string, context?: AskContext): Scored; index: SearchIndex } {
  const index = buildIndex(kb.topics);
  const topics = index.topics;
  const refs = (ids: Iterable<string>, lang: Lang, skip: Set<string> = new Set()) => {
    const out: TopicRef[] = [];
    for (const id of ids) {
      const topic = kb.byId.get(id);
      if (topic && !skip.has(id) && !out.some((r) => r.id === id)) out.push(ref(topic, lang));
    }
    return out;
  };

  /** A forced language wins; then Chinese characters mean zh; then the platform locale; then en. */
  const detectLang = (question: string, context: AskContext = {}): Lang => {
    if (context.lang) return context.lang;
    if (hanCount(question.slice(0, 4000)) > 0) return 'zh';
    return context.localeHint ?? 'en';
  };

  const answerFor = (topic: Topic, lang: Lang, query: string, confidence: number, runnersUp: Candidate[]): Answer => {
    const suggestions = runnersUp
      .filter((c) => c.score >= confidence - RUNNER_UP_MARGIN && c.score >= TUNING.answerBar && topics[c.topic]!.id !== topic.id)
      .slice(0, MAX_SUGGESTIONS)
      .map((c) => ref(topics[c.topic]!, lang));
    const skip = new Set([topic.id, ...suggestions.map((s) => s.id)]);
    return topicAnswer(topic, lang, query, confidence, refs(topic.related, lang, skip), suggestions);
  };

  // Autocomplete matches title prefixes on every keystroke: normalise the titles once.
  const titleKeys = topics.map((t) => ({ en: key(t.title.en), zh: key(t.title.zh) }));

  const exact = (question: string): Topic | null => {
    for (const k of exactKeys(question)) {
      const i = index.exact.get(k);
      if (i !== undefined) return topics[i]!;
    }
    return null;
  };

  /** The topics one side of a comparison may mean: its exact hit, or a clear ranking winner (two if tied). */
  const sideCandidates = (text: string, hit: Topic | null): string[] => {
    if (hit) return [hit.id];
    const [best, second] = rank(index, clean(text), 2);
    if (!best || best.score < 0.5) return [];
    const ids = [topics[best.topic]!.id];
    if (second && best.score - second.score <= 0.05) ids.push(topics[second.topic]!.id);
    return ids;
  };

  /**
   * "a vs b": the note comparing them if there is one; otherwise, when both sides are exact hits,
   * the two notes side by side. The two sides must mean different topics; anything vaguer falls
   * through to the ranking.
   */
  const comparison = (question: string, lang: Lang, query: string): Scored | null => {
    const pair = splitComparison(question);
    if (!pair) return null;
    const a = exact(pair[0]);
    const b = exact(pair[1]);
    const left = sideCandidates(pair[0], a);
    const right = sideCandidates(pair[1], b);
    const names = (t: Topic, id: string) => id === t.id || t.compares.includes(id);
    const fits = (t: Topic) => left.some((x) => right.some((y) => x !== y && names(t, x) && names(t, y)));
    const note = [...index.comparisons]
      .map((i) => topics[i]!)
      .filter(fits)
      .sort((x, y) => x.compares.length - y.compares.length)[0];
    if (note) return { answer: answerFor(note, lang, query, 0.95, []), ranked: [note.id, ...left, ...right] };
    if (!a || !b || a.id === b.id) return null;
    const related = refs([...a.related, ...b.related], lang, new Set([a.id, b.id]));
    return { answer: compareAnswer(a, b, lang, query, 0.9, related.slice(0, 5)), ranked: [a.id, b.id] };
  };

  const explain = (question: string, context: AskContext = {}): Scored => {
    const text = clean(typeof question === 'string' ? question : String(question ?? ''));
    const lang = detectLang(text, context);
    const query = key(text).slice(0, 300);
    if (!/[\p{L}\p{N}]/u.test(text)) return { answer: helpAnswer(lang, ''), ranked: [] };
    if (['help', '帮助', '?', '？', 'usage', '用法'].includes(query)) return { answer: helpAnswer(lang, query), ranked: [] };
    const hit = text.length <= 200 ? exact(text) : null;
    if (hit) return { answer: answerFor(hit, lang, query, 1, []), ranked: [hit.id] };
    const compared = text.length <= 200 ? comparison(text, lang, query) : null;
    if (compared) return compared;
    const { candidates, unknownShare } = rankWithEvidence(index, text, 10);
    const ranked = candidates.map((c) => ({ topic: c.topic, score: Math.min(1, c.score) }));
    const ids = ranked.map((c) => topics[c.topic]!.id);
    const best = ranked[0];
    // Words no note knows ("terraform", "helm") make a middling match look like an off-topic question.
    const sure = best && best.score >= TUNING.answerBar && (unknownShare <= TUNING.maxUnknownShare || best.score >= TUNING.sureBar);
    if (best && sure) {
      return { answer: answerFor(topics[best.topic]!, lang, query, round(best.score), ranked.slice(1)), ranked: ids };
    }
    const choices = ranked.slice(0, MAX_SUGGESTIONS).map((c) => ref(topics[c.topic]!, lang));
    if (best && best.score >= TUNING.suggestBar) return { answer: suggestAnswer(lang, query, round(best.score), choices), ranked: ids };
    const closest = ranked.filter((c) => c.score >= TUNING.suggestBar / 2).slice(0, MAX_SUGGESTIONS).map((c) => ref(topics[c.topic]!, lang));
    return { answer: notFoundAnswer(lang, query, round(best?.score ?? 0), closest), ranked: ids };
  };

  const complete = (partial: string, lang: Lang, limit: number): TopicRef[] => {
    const text = clean(partial, 200).trim();
    const max = Math.max(0, Math.min(limit, 25));
    if (!text) return refs(POPULAR, lang).slice(0, max);
    const picked: string[] = [];
    const prefix = key(text);
    topics.forEach((topic, i) => {
      if (topic.id.startsWith(prefix) || titleKeys[i]![lang].startsWith(prefix) || titleKeys[i]!.en.startsWith(prefix)) picked.push(topic.id);
    });
    const scored = explain(text, { lang });
    const ranked = [...(scored.answer.topic ? [scored.answer.topic.id] : []), ...scored.answer.suggestions.map((s) => s.id), ...scored.ranked];
    return refs([...ranked, ...picked], lang).slice(0, max);
  };

  return {
    index,
    explain,
    detectLang,
    complete,
    answer: (question, context) => explain(question, context).answer,
    answerTopic: (id, lang) => {
      const topic = kb.byId.get(id);
      return topic ? answerFor(topic, lang, key(topic.title[lang]), 1, []) : null;
    },
    help: (lang) => helpAnswer(lang, 'help'),
  };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
