/** One thing wrong with one knowledge file. */
export interface KnowledgeProblem {
  /** Path relative to the knowledge directory; with several folders loaded, the folder's name first. */
  file: string;
  /** Dotted field path (`title.zh`, `related[2]`, `body.en`) or `file` for the whole file. */
  field: string;
  message: string;
}

/**
 * Thrown when the knowledge base cannot be loaded. Carries every problem found, so one run of
 * `dockhand kb check` shows them all.
 */
export class KnowledgeError extends Error {
  readonly code = 'KB_INVALID';
  readonly problems: KnowledgeProblem[];

  constructor(problems: KnowledgeProblem[], options?: { cause?: unknown }) {
    super(formatProblems(problems), options);
    this.name = 'KnowledgeError';
    this.problems = problems;
  }
}

export function formatProblems(problems: KnowledgeProblem[]): string {
  const head = `knowledge base has ${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  return [head, ...problems.map((p) => `  ${p.file}: ${p.field}: ${p.message}`)].join('\n');
}
