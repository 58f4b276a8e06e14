/** The engine's hook for pasted Dockerfiles: a lint Answer instead of a ranked note. */
import type { Answer, Lang, Topic, TopicRef } from '../types.ts';
import { findDockerfile, lintAnswer } from './chat.ts';

export interface PasteContext {
  lang: Lang;
  byId: ReadonlyMap<string, Topic>;
  /** The engine's ranked answer to the whole message, for a question asked around the paste. */
  explain: (question: string) => Answer;
}

/** Words around a paste that only ask for a review, not about a topic ("what's wrong with this?", "帮我看看有什么问题"). */
const REVIEW_WORDS = new Set(
  "what's whats what is anything any wrong with this it my the a dockerfile can you please pls lint check review ok fine good bad problem problems issue issues here me for of there".split(' '),
);
const REVIEW_ZH = ['有什么', '有啥', '问题', '吗', '嘛', '帮我', '帮忙', '看看', '看下', '检查', '一下', '这个', '我的', '对不对', '行不行', '合理', '写得', '怎么样', '可以'];

function justReview(prose: string): boolean {
  let rest = prose.toLowerCase();
  for (const w of REVIEW_ZH) rest = rest.split(w).join(' ');
  return rest
    .split(/[\s?!.,:;？！。，：；]+/)
    .filter(Boolean)
    .every((w) => REVIEW_WORDS.has(w));
}

export function answerPaste(question: string, context: PasteContext): Answer | null {
  const paste = findDockerfile(question);
  if (!paste) return null;
  const ref = (id: string): TopicRef | null => {
    const topic = context.byId.get(id);
    return topic ? { id: topic.id, title: topic.title[context.lang] } : null;
  };
  const prose = paste.prose.slice(0, 300);
  if (/[\p{L}\p{N}]/u.test(prose) && !justReview(prose)) {
    // A specific question around the paste: answer it as before, and add what the lint found.
    const ranked = context.explain(question);
    // Even an unsure reply names the closest notes to the question asked, which findings alone do not.
    if (ranked.kind === 'topic' || ranked.kind === 'compare' || ranked.kind === 'suggest' || (ranked.kind === 'notFound' && ranked.suggestions.length > 0)) {
      const linted = lintAnswer(paste, { lang: context.lang, topicRef: ref, query: prose });
      const found = linted.lint!.findings;
      if (!found.length) return ranked;
      const list = found.slice(0, 8).map((f) => `${f.rule} (${context.lang === 'zh' ? `第 ${f.line} 行` : `line ${f.line}`})`).join(', ');
      const more = found.length > 8 ? (context.lang === 'zh' ? ` 等 ${found.length} 个` : ` and ${found.length - 8} more`) : '';
      const text = context.lang === 'zh' ? `顺便检查了你贴的 Dockerfile：${list}${more}。只发 Dockerfile（或以 \`lint this:\` 开头）可以看到每一条的说明。` : `I also checked the Dockerfile you pasted: ${list}${more}. Send it on its own (or after \`lint this:\`) to see each finding explained.`;
      return { ...ranked, sections: [...ranked.sections, { heading: null, text }], lint: linted.lint! };
    }
  }
  return lintAnswer(paste, { lang: context.lang, topicRef: ref, query: prose });
}
