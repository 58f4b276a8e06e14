import { key } from '../text/normalize.ts';

/**
 * Finds the two sides of a comparison question: "a vs b", "difference between a and b",
 * "a 和 b 的区别", "a 还是 b". Returns null when the question is not a comparison.
 */
export function splitComparison(question: string): [string, string] | null {
  const text = key(question);
  const strip = (s: string, words: string[]) => words.reduce((acc, w) => acc.split(w).join(' '), s).trim();
  for (const sep of [' vs. ', ' vs ', ' versus ', ' compared to ', ' compared with ', ' or ']) {
    const at = text.indexOf(sep);
    if (at > 0) return sides(text.slice(0, at), text.slice(at + sep.length));
  }
  for (const cue of ['difference between ', 'differences between ', 'diff between ', 'compare ']) {
    const at = text.indexOf(cue);
    if (at >= 0) {
      const rest = text.slice(at + cue.length);
      const and = rest.indexOf(' and ');
      const withWord = rest.indexOf(' with ');
      const split = and > 0 ? and : withWord;
      if (split > 0) return sides(rest.slice(0, split), rest.slice(split + (and > 0 ? 5 : 6)));
    }
  }
  const zhCue = ['区别', '不同', '差别', '差异', '对比', '比较', '哪个好', '还是', '异同'];
  if (zhCue.some((c) => text.includes(c)) || text.includes('vs')) {
    const cleaned = strip(text, ['有什么区别', '有啥区别', '什么区别', '啥区别', '的区别', '区别', '有什么不同', '的不同', '不同', '的差别', '差别', '的差异', '差异', '对比', '比较', '哪个好', '异同', '?', '？', '请问', '吗', '呢']);
    for (const sep of ['还是', 'vs', '和', '与', '跟', '同', '、']) {
      const at = cleaned.indexOf(sep);
      if (at > 0) return sides(cleaned.slice(0, at), cleaned.slice(at + sep.length));
    }
  }
  if (text.endsWith(' difference') || text.endsWith(' differences')) {
    const and = text.indexOf(' and ');
    if (and > 0) return sides(text.slice(0, and), text.slice(and + 5).replace(/ differences?$/, ''));
  }
  return null;
}

function sides(a: string, b: string): [string, string] | null {
  const left = a.trim();
  const right = b.trim().replace(/[?？.。!！]+$/, '').trim();
  if (!left || !right || left.length > 80 || right.length > 80) return null;
  return [left, right];
}
