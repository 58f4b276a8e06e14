import { key } from '../text/normalize.ts';

/**
 * Question frames around a topic name: "what is X", "X 是什么". Stripping them lets a plain
 * `what is ENTRYPOINT?` hit the note exactly. Plain string operations only: no user text goes
 * through a regular expression that can backtrack.
 */
const EN_PREFIXES = [
  'what is the', 'what is a', 'what is an', 'what is', "what's", 'whats', 'what are', 'what does', 'what do',
  'explain', 'define', 'tell me about', 'how to use', 'how do i use', 'how does', 'usage of', 'meaning of', 'help with',
  'should i use', 'should i', 'do i use', 'when to use', 'when should i use', 'which is better', 'is it better to use', 'use',
  'the', 'a', 'an', 'about', 'docker',
];
const EN_SUFFIXES = ['mean', 'means', 'do', 'does', 'for', 'used for', 'command', 'instruction', 'flag', 'option', 'work', 'works', 'in docker', 'in dockerfile', 'in a dockerfile'];
const ZH_PREFIXES = ['请问', '什么是', '啥是', '解释一下', '介绍一下', '说说', '讲讲', 'docker的', 'docker 的', 'dockerfile的', 'dockerfile 的'];
const ZH_SUFFIXES = [
  '是什么意思', '什么意思', '是干什么的', '是干嘛的', '干什么的', '有什么用', '有啥用', '是什么', '是啥', '的作用', '的用法',
  '怎么用', '如何使用', '命令', '指令', '参数', '的含义', '呢', '吗',
];
const TRIM = ' ?？!！.。,，:：;；~';

function trimPunct(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && TRIM.includes(text[start]!)) start++;
  while (end > start && TRIM.includes(text[end - 1]!)) end--;
  return text.slice(start, end);
}

/** The variants of a question to try as exact keys: as typed, then with frames removed. */
export function exactKeys(question: string): string[] {
  let text = trimPunct(key(question));
  const keys = [text];
  for (let round = 0; round < 3; round++) {
    const before = text;
    for (const p of [...EN_PREFIXES.map((p) => `${p} `), ...ZH_PREFIXES]) if (text.startsWith(p)) text = trimPunct(text.slice(p.length));
    for (const s of [...EN_SUFFIXES.map((s) => ` ${s}`), ...ZH_SUFFIXES]) if (text.endsWith(s)) text = trimPunct(text.slice(0, -s.length));
    if (text && !keys.includes(text)) keys.push(text);
    if (text === before) break;
  }
  return keys.filter(Boolean);
}
