import type { Bilingual, Example, Lang, Section, TopicBody } from '../types.ts';
import type { KnowledgeProblem } from './errors.ts';

type Problem = Omit<KnowledgeProblem, 'file'>;

const LANG_HEADING = /^## (en|zh)\s*$/;
const FENCE = /^```(\S*)\s*$/;

/**
 * Splits a note's markdown body into its `## en` and `## zh` parts and each part into summary,
 * sections and examples. Reports every deviation from the restricted format instead of guessing.
 */
export function parseBody(markdown: string): { body: Partial<Bilingual<TopicBody>>; problems: Problem[] } {
  const problems: Problem[] = [];
  const blocks = new Map<Lang, string[]>();
  let current: string[] | null = null;
  let inFence = false;
  for (const line of markdown.split(/\r?\n/)) {
    if (line.startsWith('```')) inFence = !inFence;
    const heading = inFence ? null : LANG_HEADING.exec(line);
    if (heading) {
      const lang = heading[1] as Lang;
      if (blocks.has(lang)) problems.push({ field: `body.${lang}`, message: `"## ${lang}" appears twice` });
      current = [];
      blocks.set(lang, current);
    } else if (current) {
      current.push(line);
    } else if (line.trim() !== '') {
      problems.push({ field: 'body', message: 'text before the first "## en" / "## zh" heading' });
      current = [];
    }
  }
  const body: Partial<Bilingual<TopicBody>> = {};
  for (const lang of ['en', 'zh'] as const) {
    const lines = blocks.get(lang);
    if (!lines) {
      problems.push({ field: `body.${lang}`, message: `missing "## ${lang}" section` });
      continue;
    }
    body[lang] = parseLanguage(lines, `body.${lang}`, problems);
  }
  return { body, problems };
}

function parseLanguage(lines: string[], field: string, problems: Problem[]): TopicBody {
  const sections: Section[] = [];
  const examples: Example[] = [];
  let summary = '';
  let section: { heading: string | null; lines: string[] } = { heading: null, lines: [] };
  let fence: Example | null = null;
  const flush = () => {
    const text = section.lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
    if (text || section.heading) sections.push({ heading: section.heading, text });
  };
  for (const line of lines) {
    if (fence) {
      if (line.startsWith('```')) {
        fence.code = fence.code.replace(/\n$/, '');
        if (!fence.code.trim()) problems.push({ field, message: 'empty code block' });
        examples.push(fence);
        fence = null;
      } else {
        fence.code += `${line}\n`;
      }
      continue;
    }
    const open = FENCE.exec(line);
    if (open) {
      if (!open[1]) problems.push({ field, message: 'code block without a language tag (use dockerfile, bash, yaml, json or text)' });
      fence = { lang: open[1] || 'text', code: '' };
      continue;
    }
    if (!summary) {
      if (line.trim()) {
        if (line.startsWith('#') || line.startsWith('- ')) problems.push({ field: `${field}.summary`, message: 'the first line must be a summary sentence' });
        summary = line.trim();
      }
      continue;
    }
    if (line.startsWith('### ')) {
      flush();
      section = { heading: line.slice(4).trim(), lines: [] };
    } else if (line.startsWith('#')) {
      problems.push({ field, message: `heading "${line.slice(0, 40)}" is not allowed (only "### " inside a language)` });
    } else if (line.trimStart().startsWith('|')) {
      problems.push({ field, message: 'tables do not render in chat; use bullets' });
    } else {
      section.lines.push(line);
    }
  }
  if (fence) problems.push({ field, message: 'code block is not closed' });
  flush();
  if (!summary) problems.push({ field: `${field}.summary`, message: 'missing summary line' });
  return { summary, sections, examples };
}
