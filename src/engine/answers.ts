import { t } from '../templates.ts';
import type { Answer, Lang, Topic, TopicRef } from '../types.ts';

/** Builds Answers from notes and templates. Pure: same inputs, same Answer. */

export function ref(topic: Topic, lang: Lang): TopicRef {
  return { id: topic.id, title: topic.title[lang] };
}

export function topicAnswer(topic: Topic, lang: Lang, query: string, confidence: number, related: TopicRef[], suggestions: TopicRef[]): Answer {
  const body = topic.body[lang];
  return {
    kind: 'topic',
    query,
    lang,
    topic: ref(topic, lang),
    title: topic.title[lang],
    summary: body.summary,
    sections: body.sections,
    examples: body.examples,
    related,
    suggestions,
    confidence,
  };
}

/** Two notes side by side, for "a vs b" when no note compares them. */
export function compareAnswer(a: Topic, b: Topic, lang: Lang, query: string, confidence: number, related: TopicRef[]): Answer {
  const words = t(lang);
  return {
    kind: 'compare',
    query,
    lang,
    topic: ref(a, lang),
    compared: [ref(a, lang), ref(b, lang)],
    title: words.compareTitle(a.title[lang], b.title[lang]),
    summary: words.compareSummary,
    sections: [a, b].map((x) => ({ heading: x.title[lang], text: x.body[lang].summary })),
    examples: [a.body[lang].examples[0], b.body[lang].examples[0]].filter((e) => e !== undefined),
    related,
    suggestions: [],
    confidence,
  };
}

export function suggestAnswer(lang: Lang, query: string, confidence: number, suggestions: TopicRef[]): Answer {
  const words = t(lang);
  return { kind: 'suggest', query, lang, topic: null, title: words.didYouMeanTitle, summary: words.didYouMean, sections: [], examples: [], related: [], suggestions, confidence };
}

export function notFoundAnswer(lang: Lang, query: string, confidence: number, closest: TopicRef[]): Answer {
  const words = t(lang);
  return {
    kind: 'notFound',
    query,
    lang,
    topic: null,
    title: words.notFoundTitle,
    summary: words.notFound,
    sections: [],
    examples: [],
    related: [],
    suggestions: closest,
    confidence,
  };
}

export function helpAnswer(lang: Lang, query = ''): Answer {
  const words = t(lang);
  return {
    kind: 'help',
    query,
    lang,
    topic: null,
    title: words.helpTitle,
    summary: query ? words.helpSummary : words.empty,
    sections: [{ heading: null, text: words.helpBody }],
    examples: [],
    related: [],
    suggestions: [],
    confidence: 0,
  };
}
