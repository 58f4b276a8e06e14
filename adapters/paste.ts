/**
 * A file in a chat message, shared by the Slack and Discord adapters: code fences normalised, the
 * file picked out of a lint request, and a file joined to the message text for the engine (which,
 * through src/router.ts, lints a Dockerfile and answers anything else as a question).
 */

const FENCE = '```';
const TAG = /^[\w+.-]*$/;
const MAX_TAG = 40;

/** Names of files read as Dockerfiles: `Dockerfile`, `Dockerfile.dev`, `Containerfile`, `app.dockerfile`. */
export const DOCKERFILE_NAME = /^(?:docker|container)file(?:$|[._-])|\.(?:docker|container)file$/i;

/**
 * Puts each code fence on a line of its own: Slack sends a block as ```FROM node … last line```,
 * and Discord users type ```FROM node``` on one line. A lone word after an opening fence stays its
 * language tag. Linear: indexOf only.
 */
export function unwrapFences(text: string): string {
  if (!text.includes(FENCE)) return text;
  // Parts joined once at the end: asking a growing string what it ends with would flatten it each time.
  const parts: string[] = [];
  let endsWithNewline = false;
  const push = (piece: string) => {
    if (!piece) return;
    parts.push(piece);
    endsWithNewline = piece.endsWith('\n');
  };
  let at = 0;
  let opening = true;
  // The next line break, found once per line rather than once per fence (a wall of backticks stays linear).
  let lineEnd = -2;
  for (let i = text.indexOf(FENCE); i >= 0; i = text.indexOf(FENCE, at)) {
    push(text.slice(at, i));
    if (opening) {
      if (lineEnd !== -1 && lineEnd < i + 3) lineEnd = text.indexOf('\n', i + 3);
      // A language tag is one short word; anything longer after the fence is code.
      const stop = lineEnd < 0 ? text.length : lineEnd;
      const tagged = lineEnd >= 0 && stop - i - 3 <= MAX_TAG && TAG.test(text.slice(i + 3, stop).trim());
      push(tagged ? FENCE : `${FENCE}\n`);
    } else {
      push(endsWithNewline ? FENCE : `\n${FENCE}`);
    }
    opening = !opening;
    at = i + 3;
  }
  push(text.slice(at));
  return parts.join('');
}

/** The file in a lint request: the first code block's body, else the whole text. */
export function fileOf(text: string): string {
  const unwrapped = unwrapFences(text);
  const open = unwrapped.indexOf(FENCE);
  if (open < 0) return unwrapped.trim();
  const lineEnd = unwrapped.indexOf('\n', open + 3);
  if (lineEnd < 0) return '';
  const close = unwrapped.indexOf(FENCE, lineEnd + 1);
  return unwrapped.slice(lineEnd + 1, close < 0 ? unwrapped.length : close).replace(/\n$/, '');
}

/** The engine's input for a file to lint whatever it looks like: a code block tagged `dockerfile`. */
export function asDockerfileBlock(file: string): string {
  return `${FENCE}dockerfile\n${file.replace(/```/g, "'''")}\n${FENCE}`;
}

/**
 * The message the engine reads for text plus a file: the text, then the file as a code block
 * (tagged `dockerfile` when its name or type says so, so even one instruction is linted). A file
 * that holds code fences itself is appended as it is.
 */
export function withFile(text: string, file: { text: string; dockerfile: boolean }): string {
  const body = file.text.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  const block = body.includes(FENCE) ? body : `${FENCE}${file.dockerfile ? 'dockerfile' : ''}\n${body}\n${FENCE}`;
  return text.trim() ? `${text}\n${block}` : block;
}
