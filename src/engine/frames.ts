import { exactKey, hasHan } from '../text/normalize.ts';

/**
 * Question frames around a topic name: "what is X", "X 是什么". Stripping them lets a plain
 * `what is ENTRYPOINT?` hit the note exactly. Plain string operations only: no user text goes
 * through a regular expression that can backtrack.
 */
const EN_PREFIXES = [
  'what is the purpose of', 'what is the use of', 'can you explain', 'please explain', 'what is the', 'what is a', 'what is an', 'what is', "what's", 'whats', 'what are', 'what does', 'what do',
  'explain', 'define', 'tell me about', 'how to use', 'how do i use', 'how does', 'usage of', 'meaning of', 'help with',
  'should i use', 'should i', 'do i use', 'when to use', 'when should i use', 'which is better', 'is it better to use', 'use',
  'the', 'a', 'an', 'about', 'docker',
];
const EN_SUFFIXES = ['mean', 'means', 'do', 'does', 'used for', 'for', 'command', 'instruction', 'flag', 'option', 'work', 'works', 'in docker', 'in dockerfile', 'in a dockerfile'];
const ZH_PREFIXES = ['请问', '什么是', '啥是', '什么叫', '啥叫', '如何理解', '怎么理解', '一文读懂', '一文搞懂', '彻底搞懂', '深入理解', '浅谈', '详解', '解释一下', '介绍一下', '说说', '讲讲', 'docker的', 'dockerfile的'];
const ZH_SUFFIXES = [
  '是什么意思', '什么意思', '是啥意思', '啥意思', '是干什么的', '是干嘛的', '是干啥的', '是干嘛用的', '是用来干嘛的', '是用来干什么的',
  '用来干嘛的', '用来干什么的', '是做什么的', '做什么用的', '干什么的', '干啥的', '有什么用', '有啥用', '有什么作用', '有啥作用',
  '是什么东西', '是什么', '是啥', '的作用', '的用法', '怎么理解', '详解', '的使用', '使用教程', '使用方法', '用法', '教程',
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

const SUFFIXES = [...EN_SUFFIXES.map((s) => ` ${s}`), ...ZH_SUFFIXES];
const PREFIXES = [...EN_PREFIXES.map((p) => `${p} `), ...ZH_PREFIXES];

function stripSuffixes(text: string): string {
  for (const s of SUFFIXES) if (text.endsWith(s)) text = trimPunct(text.slice(0, -s.length));
  return text;
}

/**
 * The variants of a question to try as exact keys: as typed, without its closing frame
 * ("docker --privileged 命令详解" → "docker --privileged", whose "docker" is part of the alias),
 * then with frames on both ends removed.
 */
export function exactKeys(question: string): string[] {
  let text = trimPunct(exactKey(question));
  const keys = [text];
  const closing = stripSuffixes(stripSuffixes(text));
  if (closing && closing !== text) keys.push(closing);
  for (let round = 0; round < 3; round++) {
    const before = text;
    for (const p of PREFIXES) if (text.startsWith(p)) text = trimPunct(text.slice(p.length));
    text = stripSuffixes(text);
    // "docker 镜像是什么": the brand before a Chinese term is a frame too (not before "dockerfile").
    if (text.startsWith('docker') && hasHan(text.charAt(6))) text = text.slice(6);
    if (text && !keys.includes(text)) keys.push(text);
    if (text === before) break;
  }
  return keys.filter(Boolean);
}
