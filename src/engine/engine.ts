import type { Engine } from '../adapter.ts';
import type { KnowledgeBase } from '../knowledge/load.ts';
import { answerMessage } from '../router.ts';
import { clean, hanCount, key } from '../text/normalize.ts';
import { toSimplified } from '../text/simplify.ts';
import type { Answer, AskContext, Lang, Topic, TopicRef } from '../types.ts';
import { compareAnswer, helpAnswer, notFoundAnswer, ref, suggestAnswer, topicAnswer } from './answers.ts';
import { splitComparison } from './compare.ts';
import { assocByNumber, assocIndex, assocTerms, NO_NOTE, topicNumbers, type AssocDoc } from './assoc.ts';
import { matchErrors } from './errors.ts';
import { exactKeys } from './frames.ts';
import { defaultGate } from './gate-model.ts';
import { gateFeatures, gateProbability, rerank, topicPrior, type GateModel, type PriorExclude } from './gate.ts';
import { rank, rankWithEvidence, TUNING } from './rank.ts';
import { buildIndex, type SearchIndex } from './search-index.ts';

/** Runner-ups this close to a confident answer are offered as "did you mean" too. */
const RUNNER_UP_MARGIN = 0.12;
const MAX_SUGGESTIONS = 3;
/** How sure a declared error fragment found in the question makes us. */
const ERROR_CONFIDENCE = 0.97;
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
  /** When the ranking decided: the gate's features and probability for the first candidate. */
  gate?: { features: number[]; probability: number; top: string | null };
}

/** How to build an engine. `gate: null` ranks without a trained gate (for `npm run train`). */
export interface EngineOptions {
  gate?: GateModel | null;
  /** An index already built over `kb` (from the cache); built here when absent. */
  index?: SearchIndex;
}

/** For training: skip the exact, error and comparison shortcuts and always go through the ranking. */
export interface ExplainOptions {
  rankOnly?: boolean;
  /** Leaves this labelled question's own counts out of the associations, as for an unseen question. */
  assocExclude?: AssocDoc;
  /** Leaves this labelled question's own count out of the gate's topic priors (see TopicPriors). */
  priorExclude?: PriorExclude;
}

/** What createEngine builds: the adapters' Engine plus the ranking (`explain`) and the index. */
export type CoreEngine = Engine & { explain(question: string, context?: AskContext, how?: ExplainOptions): Scored; index: SearchIndex };

/** Builds the engine over a loaded knowledge base: indexes once, then answers from memory. */
export function createEngine(kb: KnowledgeBase, options: EngineOptions = {}): CoreEngine {
  const index = options.index ?? buildIndex(kb.topics);
  const gate = options.gate === undefined ? defaultGate() : options.gate;
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

  /** An answer from one note; `alsoLikely` (topic indexes) are offered as "did you mean" beside it. */
  const answerFor = (topic: Topic, lang: Lang, query: string, confidence: number, alsoLikely: number[]): Answer => {
    const suggestions = alsoLikely
      .filter((i) => topics[i]!.id !== topic.id)
      .slice(0, MAX_SUGGESTIONS)
      .map((i) => ref(topics[i]!, lang));
    const skip = new Set([topic.id, ...suggestions.map((s) => s.id)]);
    return topicAnswer(topic, lang, query, confidence, refs(topic.related, lang, skip), suggestions);
  };

  const associations = gate?.assoc ? assocIndex(gate.assoc) : null;
  const byId = new Map(topics.map((t, i) => [t.id, i]));
  // NO_NOTE takes the number after the last topic, and is taken out of the map again by `associate`.
  const noNote = topics.length;
  const numberOf = associations ? topicNumbers(associations.model, (id) => (id === NO_NOTE ? noNote : byId.get(id))) : new Int32Array(0);
  const associate = (text: string, exclude?: AssocDoc): { scores: Map<number, number>; none: number } | undefined => {
    if (!associations) return undefined;
    const scores = assocByNumber(associations, assocTerms(text), numberOf, exclude);
    const none = scores.get(noNote) ?? 0;
    scores.delete(noNote);
    return { scores, none };
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

  /**
   * A pasted error that a note declares is answered by that note. Another note whose fragment
   * is nearly as long is offered as "did you mean" next to it.
   */
  const errorAnswer = (found: ReturnType<typeof matchErrors>, text: string, lang: Lang, query: string, exclude?: AssocDoc): Scored => {
    const matches = breakErrorTies(found, text, exclude);
    const [best, ...rest] = matches;
    const others = rest.filter((m) => m.length >= best!.length * 0.8).map((m) => m.topic);
    const topic = topics[best!.topic]!;
    return { answer: answerFor(topic, lang, query, ERROR_CONFIDENCE, others), ranked: [topic.id, ...others.map((o) => topics[o]!.id)] };
  };

  /** The ranking's first ten candidates for a question, reordered by the trained reranker. */
  const rankQuestion = (text: string, exclude?: AssocDoc) => {
    const associated = associate(text, exclude);
    const ranking = rankWithEvidence(index, text, 10, associated?.scores);
    return rerank(index, associated ? { ...ranking, assocNone: associated.none } : ranking, gate?.rerank);
  };

  /**
   * Notes that explain a paste equally well (both declare "could not resolve host") are ordered
   * by how the ranking reads the whole question ("inside the container; on the host it resolves
   * fine" is the external-DNS note); fixed index order used to decide before.
   */
  const breakErrorTies = (matches: ReturnType<typeof matchErrors>, text: string, exclude?: AssocDoc): ReturnType<typeof matchErrors> => {
    const tied = matches.filter((m) => m.length === matches[0]!.length);
    if (tied.length < 2) return matches;
    const order = rankQuestion(text, exclude).candidates.map((c) => c.topic);
    const at = (topic: number) => {
      const i = order.indexOf(topic);
      return i < 0 ? order.length : i;
    };
    return [...[...tied].sort((a, b) => at(a.topic) - at(b.topic)), ...matches.slice(tied.length)];
  };

  const explain = (question: string, context: AskContext = {}, how: ExplainOptions = {}): Scored => {
    const typed = clean(typeof question === 'string' ? question : String(question ?? ''));
    const text = toSimplified(typed);
    const lang = detectLang(text, context);
    const query = key(typed).slice(0, 300);
    if (!/[\p{L}\p{N}]/u.test(text)) return { answer: helpAnswer(lang, ''), ranked: [] };
    if (['help', '帮助', '?', '？', 'usage', '用法'].includes(query)) return { answer: helpAnswer(lang, query), ranked: [] };
    if (!how.rankOnly) {
      const hit = text.length <= 200 ? exact(text) : null;
      if (hit) return { answer: answerFor(hit, lang, query, 1, []), ranked: [hit.id] };
      const pasted = matchErrors(index.errors, text);
      if (pasted.length) return errorAnswer(pasted, text, lang, query, how.assocExclude);
      const compared = text.length <= 200 ? comparison(text, lang, query) : null;
      if (compared) return compared;
    }
    const ranking = rankQuestion(text, how.assocExclude);
    const ranked = ranking.candidates.map((c) => ({ topic: c.topic, score: Math.min(1, c.score) }));
    const ids = ranked.map((c) => topics[c.topic]!.id);
    const best = ranked[0];
    const prior = topicPrior(gate?.priors, ids[0] ?? null, how.priorExclude);
    const features = gateFeatures(index, ranking, lang, text, prior);
    const decision = decide(best?.score ?? 0, ranking.unknownShare, features, lang);
    const trace = { features, probability: decision.confidence, top: ids[0] ?? null };
    if (best && decision.kind === 'answer') {
      // Runner-ups are offered next to an answer only when they rank nearly as high.
      const close = ranked.slice(1).filter((c) => c.score >= best.score - RUNNER_UP_MARGIN && c.score >= TUNING.answerBar).map((c) => c.topic);
      return { answer: answerFor(topics[best.topic]!, lang, query, round(decision.confidence), close), ranked: ids, gate: trace };
    }
    const choices = ranked.slice(0, MAX_SUGGESTIONS).map((c) => ref(topics[c.topic]!, lang));
    if (best && decision.kind === 'suggest') return { answer: suggestAnswer(lang, query, round(decision.confidence), choices), ranked: ids, gate: trace };
    const closest = ranked.filter((c) => c.score >= TUNING.suggestBar / 2).slice(0, MAX_SUGGESTIONS).map((c) => ref(topics[c.topic]!, lang));
    return { answer: notFoundAnswer(lang, query, round(decision.confidence), closest), ranked: ids, gate: trace };
  };

  /** The trained gate decides; without one, the hand-set bars of TUNING do. */
  const decide = (score: number, unknownShare: number, features: number[], lang: Lang): { kind: 'answer' | 'suggest' | 'decline'; confidence: number } => {
    if (gate) {
      const p = gateProbability(gate, features);
      const answerAt = gate.answerAtByLang?.[lang] ?? gate.answerAt;
      return { kind: p >= answerAt ? 'answer' : p >= gate.suggestAt ? 'suggest' : 'decline', confidence: p };
    }
    // Words no note knows ("terraform", "helm") make a middling match look like an off-topic question.
    const sure = score >= TUNING.answerBar && (unknownShare <= TUNING.maxUnknownShare || score >= TUNING.sureBar);
    return { kind: sure ? 'answer' : score >= TUNING.suggestBar ? 'suggest' : 'decline', confidence: score };
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
    // A pasted Dockerfile gets its lint findings, a pasted docker command its explanation (src/router.ts decides);
    // `explain` (what eval scores) stays the ranking.
    answer: (question, context) => answerMessage(String(question ?? ''), { lang: detectLang(String(question ?? ''), context), byId: kb.byId, explain: (q) => explain(q, context).answer }) ?? explain(question, context).answer,
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
