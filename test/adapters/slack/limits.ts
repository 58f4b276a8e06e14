/**
 * An independent check of Slack's Block Kit limits and of mention safety, written from Slack's
 * documentation rather than from the renderer, so renderer bugs cannot hide in shared code.
 */

type Obj = Record<string, unknown>;

const BROADCAST_WORDS = /@(channel|here|everyone)\b/i;
const BROADCAST_MARKUP = /<!(channel|here|everyone|subteam)/i;
const LOOSE_AMP = /&(?!amp;|lt;|gt;)/;

/** Returns every limit or safety problem in a message; empty when it is fine. */
export function blockKitProblems(message: object, options: { allowMentionOf?: string } = {}): string[] {
  const problems: string[] = [];
  const { blocks = [], text } = message as { blocks?: Obj[]; text?: unknown };
  if (typeof text !== 'string' || !text.trim()) problems.push('missing fallback text');
  else if (text.length > 40_000) problems.push('fallback text over 40000');
  if (typeof text === 'string') checkMrkdwn(text, 'fallback text', problems, options.allowMentionOf);
  if (blocks.length === 0) problems.push('no blocks');
  if (blocks.length > 50) problems.push(`${blocks.length} blocks (max 50)`);
  const actionIds = new Set<string>();
  blocks.forEach((block, i) => {
    const where = `block ${i} (${String(block.type)})`;
    if (typeof block.block_id === 'string' && block.block_id.length > 255) problems.push(`${where}: block_id over 255`);
    switch (block.type) {
      case 'header': {
        const t = block.text as Obj;
        if (t.type !== 'plain_text') problems.push(`${where}: header must be plain_text`);
        checkLength(t.text, 1, 150, `${where} text`, problems);
        break;
      }
      case 'section':
        checkText(block.text as Obj | undefined, 3000, where, problems, options.allowMentionOf);
        break;
      case 'context': {
        const elements = (block.elements as Obj[]) ?? [];
        if (elements.length < 1 || elements.length > 10) problems.push(`${where}: ${elements.length} elements (1..10)`);
        for (const e of elements) checkText(e, 3000, where, problems, options.allowMentionOf);
        break;
      }
      case 'actions': {
        const elements = (block.elements as Obj[]) ?? [];
        if (elements.length < 1 || elements.length > 25) problems.push(`${where}: ${elements.length} elements (1..25)`);
        for (const e of elements) {
          if (e.type !== 'button') problems.push(`${where}: unexpected element ${String(e.type)}`);
          const label = e.text as Obj;
          if (label?.type !== 'plain_text') problems.push(`${where}: button text must be plain_text`);
          checkLength(label?.text, 1, 75, `${where} button text`, problems);
          checkLength(e.action_id, 1, 255, `${where} action_id`, problems);
          if (e.value !== undefined) checkLength(e.value, 0, 2000, `${where} value`, problems);
          if (actionIds.has(String(e.action_id))) problems.push(`${where}: duplicate action_id ${String(e.action_id)}`);
          actionIds.add(String(e.action_id));
        }
        break;
      }
      default:
        problems.push(`${where}: unexpected block type`);
    }
  });
  return problems;
}

function checkLength(value: unknown, min: number, max: number, what: string, problems: string[]): void {
  if (typeof value !== 'string') return void problems.push(`${what}: not a string`);
  if (value.length < min || value.length > max) problems.push(`${what}: length ${value.length} (${min}..${max})`);
}

function checkText(t: Obj | undefined, max: number, where: string, problems: string[], allow?: string): void {
  if (!t) return void problems.push(`${where}: missing text`);
  checkLength(t.text, 1, max, `${where} text`, problems);
  if (t.type === 'mrkdwn') {
    if (t.verbatim !== true) problems.push(`${where}: mrkdwn without verbatim (Slack would auto-parse mentions)`);
    checkMrkdwn(String(t.text), where, problems, allow);
  } else if (t.type !== 'plain_text') problems.push(`${where}: unknown text type ${String(t.type)}`);
}

function checkMrkdwn(text: string, where: string, problems: string[], allow?: string): void {
  if (BROADCAST_MARKUP.test(text)) problems.push(`${where}: broadcast markup`);
  if (BROADCAST_WORDS.test(text)) problems.push(`${where}: broadcast word`);
  if (LOOSE_AMP.test(text)) problems.push(`${where}: unescaped &`);
  // The only Slack markup we produce: date tokens and, in usage text, a mention of the bot itself.
  const markup = text.match(/<[^>]*>?/g) ?? [];
  for (const m of markup) {
    if (m.startsWith('<!date^') && m.endsWith('>')) continue;
    if (allow && m === `<@${allow}>`) continue;
    problems.push(`${where}: raw markup ${m.slice(0, 40)}`);
  }
}
