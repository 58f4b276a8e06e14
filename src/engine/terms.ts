/**
 * Turning text into search terms, the same way for notes (at index time) and questions.
 * Latin words are lower-cased and stemmed (Porter); flags (`-p`, `--rm`) are kept whole; Han text
 * is split by Intl.Segmenter and, because the segmenter splits many technical words (镜像 → 镜, 像),
 * also into overlapping character pairs.
 */

import { stemmer as porter } from 'stemmer';

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const HAN = /\p{Script=Han}/u;
const HAN_RUN = /\p{Script=Han}+/gu;
const FLAG = /^--?[a-z][a-z0-9-]*$/;

/** Words that carry no topic on their own ("how do I …", "什么是 …"). */
export const EN_STOP = new Set(
  `a an the is are was were be been am to of in on at for and or with without from by as about onto
   how do does did doing done i im i'm my me we our you your yourself it its it's this that these those there here
   what whats what's which who why when where can could should would will shall may might must
   please tell explain show give getting got want wanna need trying try mean means meaning
   use using used vs versus difference differences between compare comparison than then so also
   just some any all one thing things way ways something anything really actually still only
   help thanks thank hi hello hey ok okay yes no not don't dont doesn't isn't can't cant
   work works working happen happens happened does mine`.split(/\s+/),
);

/**
 * Everyday English that says nothing about Docker ("instead", "stuff", "people"). Ignored like
 * glue words, so a naturally phrased question is not mistaken for an off-topic one. Words that
 * carry Docker meaning in some questions (up, down, out, keep, time, small, last) are not here.
 */
const EN_FILLER = `about above after again against almost alone along already although always among another anybody anyone
  anyway anywhere around ask asked away because become before behind being below best better beyond both bring but came case
  certain come comes coming day days different doing early either else enough especially even ever every everyone everything
  example except far few first follow following found friend further gave general gets given goes going gone good great had
  hard has have having he her him his however idea if important instead kind knew know known later least less let like likely
  little long look looking lot lots made make makes making many maybe might more most much myself near needed needs never new
  next nice nothing now often old once other others otherwise out over own part people perhaps place point possible pretty
  probably problem problems put quite rather real reason right said saw say says see seem seems seen several she show side
  simple since someone sometimes soon sort stuff such sure take taken their them they think thought through thus today together
  too took toward tried true turn under understand until upon us usually very wanted wants well went whatever whether while whole
  whom whose wish within wonder wrong yeah year years yet guys guy anyone someone somebody okay basically simply exactly
  currently suddenly still getting set seems keeps kinda sorta lol pls plz`;
for (const word of EN_FILLER.split(/\s+/)) if (word) EN_STOP.add(word);

/** Chinese glue words removed before search. Longer entries first so they win over their parts. */
export const ZH_STOP = [
  '有什么区别', '有啥区别', '什么区别', '啥区别', '的区别', '区别是什么', '有什么不同', '有何不同', '的不同', '的差别', '的差异',
  '是什么意思', '什么意思', '啥意思', '是什么', '是啥', '什么是', '啥是', '有什么用', '有啥用', '干什么的', '干嘛的', '做什么',
  '怎么办', '怎么样', '怎么', '如何', '怎样', '咋办', '咋', '为啥', '请问', '一下', '介绍', '解释', '讲讲', '说说', '告诉我',
  '我想', '我要', '想要', '需要', '可以', '能不能', '能否', '应该', '用什么', '哪个', '还是', '呢', '吗', '吧', '啊', '呀', '了',
  '到底', '东西', '用来', '干嘛', '一堆', '一直', '就是', '为什么', '怎么回事', '是不是', '有没有', '可不可以', '可以吗', '行不行', '好不好',
  '总是', '每次', '老是', '的时候', '时候', '以后', '之后', '然后', '但是', '可是', '不过', '所以', '因为', '如果', '一个', '几个', '哪些', '什么样',
  '里面', '到底', '真的', '一些', '有点', '特别', '非常', '比较', '大家', '我们', '你们', '他们', '自己', '这样', '那样', '怎么整', '咋整', '咋回事',
  '的', '是', '和', '与', '跟', '及', '在', '我', '你', '他', '它', '这个', '那个', '这', '那', '有', '么', '给', '把', '被', '就', '都', '也',
];

/**
 * Single Han characters that are glue, never a topic on their own. Content characters that the
 * segmenter leaves alone (卷 volume, 层 layer, 删 delete, 进 enter) are not here.
 */
export const HAN_GLUE_CHARS = new Set([...'的是了在我你他她它们有和与跟及这那个么吗呢吧啊呀哦嘛就都也还又很太更最被把给对从向往为以之其而且或如若则但却所因此么啥咋怎么样些点种能会要想可该得着过地']);

/** Generic program and image names that appear in pasted commands: no evidence either way. */
export const NEUTRAL = new Set(
  `ubuntu alpine nginx redis mysql postgres postgresql node python bash sh busybox debian centos httpd mongo mongodb
   java golang go latest app myapp web db my-app image1 foo bar baz test hello-world tomcat`.split(/\s+/),
);

/**
 * English stemming. Plain words get Porter's stemmer, so the forms real titles use meet the ones
 * notes use ("restarting" / "restart", "communicate" / "communication", "mounted" / "mounts");
 * the plural-only stemmer before it missed those. Words with digits, hyphens or dots (`overlay2`,
 * `docker-compose`) only lose a plural ending, so names and versions stay recognisable.
 */
export function stem(word: string): string {
  if (word.length <= 3 || FLAG.test(word)) return word;
  if (/^[a-z]+$/.test(word)) return porter(word);
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ses') || word.endsWith('xes')) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}

/** Splits lower-cased text into Latin tokens: words, flags, and tokens with digits (kept for exact hits). */
export function latinTokens(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/[^a-z0-9\-_.=]+/)) {
    let word = raw.replace(/^[._=]+|[.=_-]+$/g, '');
    if (!word) continue;
    const eq = word.indexOf('=');
    if (eq > 0 && word.startsWith('-')) {
      // `--network=host`: the flag, and its value as a word of its own.
      const value = word.slice(eq + 1).replace(/[:/].*$/, '');
      word = word.slice(0, eq);
      if (/^[a-z][a-z-]+$/.test(value)) out.push(value);
    }
    if (word.startsWith('-') && !FLAG.test(word)) continue;
    if (word.includes('.') && !/[0-9]/.test(word)) {
      for (const part of word.split('.')) if (part.length > 1) out.push(part);
      continue;
    }
    // Single letters are the tails of "container's" and "can't", never a topic.
    if (word.length > 1 || /[0-9]/.test(word)) out.push(word);
  }
  return out;
}

/**
 * One pass over the text for all glue words. The alternation is of plain literals, longest
 * first, so the first listed that matches wins and matching stays linear (no backtracking).
 */
const ZH_STOP_PATTERN = new RegExp([...ZH_STOP].sort((a, b) => b.length - a.length).join('|'), 'g');

/** Removes Chinese glue words, leaving the content characters in runs. */
export function stripZhStop(text: string): string {
  return HAN.test(text) ? text.replace(ZH_STOP_PATTERN, ' ') : text;
}

/**
 * Han terms of a text: every character pair, plus (with `words`) segmenter words of two or more
 * characters. Note bodies skip the segmenter: pairs cover them and it dominates indexing time.
 */
export function hanTerms(text: string, words = true): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(HAN_RUN)) {
    const run = match[0];
    if (run.length === 1) {
      out.push(run);
      continue;
    }
    if (words) {
      for (const seg of segmenter.segment(run)) {
        if (seg.isWordLike && seg.segment.length >= 2 && HAN.test(seg.segment)) out.push(seg.segment);
      }
    }
    for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  }
  return out;
}

/**
 * Han terms of a question: segmenter words we know, and character pairs only where the segmenter
 * fell back to single characters or produced a word we don't know. Fewer junk pairs than
 * `hanTerms`, so glue between words ("器里") does not count as evidence.
 */
export function questionHanTerms(run: string, known: (term: string) => boolean): string[] {
  const out: string[] = [];
  let singles = '';
  const pairs = (text: string) => {
    for (let i = 0; i + 1 < text.length; i++) out.push(text.slice(i, i + 2));
  };
  for (const seg of segmenter.segment(run)) {
    const word = seg.segment;
    if (word.length === 1) {
      singles += word;
      continue;
    }
    if (singles.length >= 2) pairs(singles);
    singles = '';
    if (known(word)) out.push(word);
    else pairs(word);
  }
  if (singles.length >= 2) pairs(singles);
  return out;
}

/** Every term of a text, for indexing notes: no stop-word removal beyond English glue. */
export function indexTerms(lowerText: string, words = true): string[] {
  const out: string[] = [];
  for (const w of latinTokens(lowerText)) if (!EN_STOP.has(w)) out.push(stem(w));
  out.push(...hanTerms(lowerText, words));
  return out;
}

export function isFlag(token: string): boolean {
  return FLAG.test(token);
}

export function hasDigit(token: string): boolean {
  return /[0-9]/.test(token);
}
