/**
 * The plain data every part of dockhand passes around. Nothing here knows about Slack, Discord
 * or the terminal: adapters render these shapes, the core produces them.
 */

/** The two languages of the knowledge base. */
export type Lang = 'zh' | 'en';
export const LANGS: readonly Lang[] = ['en', 'zh'];

/** Text in both languages. */
export interface Bilingual<T = string> {
  en: T;
  zh: T;
}

/** A fenced code block from a note. `lang` is the fence tag: `dockerfile`, `bash`, `yaml`, … */
export interface Example {
  lang: string;
  code: string;
}

/**
 * One heading-less or headed part of a note's explanation. `text` is the restricted markdown the
 * knowledge files use: paragraphs, `- ` bullets, `**bold**` and `` `code` `` only. Renderers
 * translate that subset; they never see raw HTML or tables.
 */
export interface Section {
  heading: string | null;
  text: string;
}

/** One language of a note's body, already split into parts. */
export interface TopicBody {
  /** The first line of the body: one sentence that answers the question on its own. */
  summary: string;
  sections: Section[];
  examples: Example[];
}

/** The daily tip of a topic: two or three sentences and at most one example. */
export interface Tip {
  en: string;
  zh: string;
  /** An optional shell or Dockerfile snippet shared by both languages. */
  example?: Example;
}

/** A validated knowledge note. Loaded once at startup; never mutated. */
export interface Topic {
  id: string;
  group: string;
  /** Path relative to the knowledge directory, for error messages and `kb list`. */
  file: string;
  title: Bilingual;
  aliases: Bilingual<string[]>;
  tags: string[];
  related: string[];
  /** For comparison topics: the ids of the topics compared (`cmd-vs-entrypoint` → cmd, entrypoint). */
  compares: string[];
  tip: Tip | null;
  /** Verbatim error-message fragments the note explains (old and new wordings). */
  errors: ErrorMessage[];
  /** The Docker versions the note was last verified against, e.g. "engine 29.1, compose 2.40". */
  checked: string | null;
  body: Bilingual<TopicBody>;
}

/** An error message a note explains, with the versions that print this wording where it changed. */
export interface ErrorMessage {
  text: string;
  since?: string;
  until?: string;
}

/** A topic as a choice: for related topics, "did you mean" and autocomplete. */
export interface TopicRef {
  id: string;
  title: string;
}

/**
 * What kind of reply an Answer is.
 * - `topic`: a confident answer from one note.
 * - `compare`: two notes side by side, asked as "a vs b" when no comparison note exists.
 * - `suggest`: not sure; `suggestions` holds up to 3 "did you mean" choices.
 * - `notFound`: no note fits; `suggestions` may hold the closest topics.
 * - `help`: usage, for empty input or `help`.
 * - `lint`: a pasted Dockerfile's findings, one section per line, the explaining notes in `related`.
 * - `explain`: a pasted docker command, one line per flag (risks first), the notes behind the flags in `related`.
 */
export type AnswerKind = 'topic' | 'compare' | 'suggest' | 'notFound' | 'help' | 'lint' | 'explain';

/** For an `explain` answer: the command as data (the sections hold its text) and how many flag lines were cut. */
export interface ExplainSummary {
  command: string;
  image: string | null;
  flags: number;
  risks: { flag: string; level: 'high' | 'medium' }[];
  unknown: string[];
  containerCommand: string[] | null;
  /** Flag lines left out of the sections to stay within chat limits. */
  cut: number;
}

/** For a `lint` answer: the findings as data (the sections hold their text) and how many were cut. */
export interface LintSummary {
  findings: { rule: string; line: number; severity: 'error' | 'warning' | 'info'; topic: string }[];
  /** Findings and lines left out of the sections to stay within chat limits. */
  cut: { findings: number; lines: number };
  /** How many checks ran. */
  checks: number;
}

/**
 * The engine's reply: plain data, rendered by each platform. Every string is already in `lang`.
 * Texts come from our notes and templates only; the user's question appears only in `query`,
 * which renderers must escape.
 */
export interface Answer {
  kind: AnswerKind;
  /** The question as understood (normalised, capped), for echoing back safely. */
  query: string;
  lang: Lang;
  /** The topic answered (`topic`), or null. For `compare`, the first of the two. */
  topic: TopicRef | null;
  /** For `compare`: both topics, in the order asked. */
  compared?: [TopicRef, TopicRef];
  /** A heading for the reply: the topic title, or template wording ("Did you mean…"). */
  title: string;
  summary: string;
  sections: Section[];
  examples: Example[];
  related: TopicRef[];
  suggestions: TopicRef[];
  /** 0..1. At or above the engine's answer bar for `topic` and `compare`. */
  confidence: number;
  /** For `lint`: the findings as data. */
  lint?: LintSummary;
  /** For `explain`: the explained command as data. */
  explain?: ExplainSummary;
  /**
   * Set by the app when the question log is on (src/learn/recorder.ts): the id 👍/👎 buttons carry
   * back. Absent, an adapter shows no feedback buttons.
   */
  answerId?: string;
}

/** Where a question came from and what the asker prefers; adapters fill what they know. */
export interface AskContext {
  /** A forced language (`--lang`, a platform locale the user chose). Beats script detection. */
  lang?: Lang;
  /** A language hint used only when the question's script does not decide (e.g. Discord locale). */
  localeHint?: Lang;
  /**
   * The asker's platform user id, for the question log's "distinct people" only: the log stores
   * a salted hash of it, and the engine ignores it.
   */
  asker?: string;
}
