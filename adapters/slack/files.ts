/**
 * Text snippets and files shared with the bot (`subtype: file_share` in a DM or a mention). With
 * the `files:read` scope their content is downloaded from `url_private` with the bot token and
 * read like a paste; without it, or on any failure, the message text is still answered.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../src/log.ts';
import type { Lang } from '../../src/types.ts';
import { escapeMrkdwn } from './text.ts';
import { slackError } from './tips.ts';

/** Largest file read, in bytes (the linter reads 200,000 characters of a paste, about 2,000 lines and more). */
export const MAX_FILE_BYTES = 200_000;
/** How long one download may take; the answer goes out after the acknowledgement, so only patience is at stake. */
const DOWNLOAD_TIMEOUT_MS = 5_000;
const SCOPE = 'files:read';

/** The part of a Slack file object this reader uses (events carry it; `files.info` returns it). */
export interface SlackFile {
  id?: string;
  name?: string;
  title?: string;
  mimetype?: string;
  filetype?: string;
  mode?: string;
  size?: number;
  url_private?: string;
  url_private_download?: string;
  /** `check_file_info` when the event left the details out. */
  file_access?: string;
}

/** What reading a file gave: its text, or why not. */
export type FileRead =
  | { ok: true; name: string; text: string; dockerfile: boolean }
  | { ok: false; name: string; reason: 'binary' | 'tooBig' | 'unreadable' };

const DOCKERFILE_NAME = /^(?:docker|container)file(?:$|[._-])|\.(?:docker|container)file$/i;
/** Slack `filetype`s that are text (snippets are text whatever their type). */
const TEXT_TYPES = new Set(['text', 'dockerfile', 'shell', 'bash', 'yaml', 'json', 'javascript', 'typescript', 'python', 'go', 'markdown', 'ini', 'toml', 'xml', 'diff', 'sql', 'makefile', 'csv', 'plain']);

function nameOf(file: SlackFile): string {
  return (file.name || file.title || 'file').slice(0, 100);
}

function looksText(file: SlackFile): boolean {
  if (file.mode === 'snippet') return true;
  if (file.mimetype?.startsWith('text/')) return true;
  if (file.filetype && TEXT_TYPES.has(file.filetype)) return true;
  return DOCKERFILE_NAME.test(nameOf(file));
}

/** Only Slack's own file hosts ever see the bot token. */
function slackHost(url: URL): boolean {
  const host = url.hostname;
  return url.protocol === 'https:' && (host === 'slack.com' || host.endsWith('.slack.com') || host.endsWith('.slack-gov.com'));
}

/**
 * Where to download `url_private` from: the URL itself, or, when the client's Web API base is not
 * Slack's own (a loopback fake in tests), the same path on that base's origin.
 */
function downloadUrl(raw: string, apiBase: string): URL | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (!slackHost(url)) return null;
  const base = new URL(apiBase);
  if (slackHost(base)) return url;
  return new URL(`${url.pathname}${url.search}`, base.origin);
}

/** The body as text, or null past `max` bytes; stops reading as soon as it is too long. */
async function readCapped(response: Response, max: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

/** UTF-8 text without NUL bytes, else null (a binary file renamed, an image). */
function decodeText(bytes: Buffer): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return null;
  }
}

/** Thrown for a failed download; `code` says which step failed. */
export class FileReadError extends Error {
  readonly code: 'FILE_INFO_FAILED' | 'FILE_URL_REFUSED' | 'FILE_DOWNLOAD_FAILED';
  constructor(code: FileReadError['code'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FileReadError';
    this.code = code;
  }
}

/**
 * Reads shared files for one adapter. A missing `files:read` scope is logged once, naming the scope;
 * every other failure is logged per file at warn. Never throws.
 */
export class FileReader {
  private scopeLogged = false;

  constructor(
    private readonly log: Logger,
    private readonly maxBytes = MAX_FILE_BYTES,
  ) {}

  async read(client: webApi.WebClient, shared: SlackFile): Promise<FileRead> {
    let file = shared;
    const name = () => nameOf(file);
    try {
      if (!file.url_private || file.file_access === 'check_file_info' || file.size === undefined) file = await this.info(client, file);
      if (!looksText(file)) return { ok: false, name: name(), reason: 'binary' };
      if ((file.size ?? 0) > this.maxBytes) return { ok: false, name: name(), reason: 'tooBig' };
      const bytes = await this.download(client, file);
      if (bytes === null) return { ok: false, name: name(), reason: 'tooBig' };
      const text = decodeText(bytes);
      if (text === null) return { ok: false, name: name(), reason: 'binary' };
      return { ok: true, name: name(), text, dockerfile: file.filetype === 'dockerfile' || DOCKERFILE_NAME.test(name()) };
    } catch (error) {
      this.failed(error, file);
      return { ok: false, name: name(), reason: 'unreadable' };
    }
  }

  private async info(client: webApi.WebClient, file: SlackFile): Promise<SlackFile> {
    if (!file.id) throw new FileReadError('FILE_INFO_FAILED', 'the shared file has no id');
    try {
      const result = await client.files.info({ file: file.id });
      return { ...file, ...(result.file as SlackFile | undefined) };
    } catch (error) {
      throw new FileReadError('FILE_INFO_FAILED', `files.info failed: ${slackError(error) ?? (error as Error).message}`, { cause: error });
    }
  }

  private async download(client: webApi.WebClient, file: SlackFile): Promise<Buffer | null> {
    const raw = file.url_private_download ?? file.url_private ?? '';
    const url = downloadUrl(raw, client.slackApiUrl);
    if (!url) throw new FileReadError('FILE_URL_REFUSED', 'the file URL is not on a Slack file host');
    let response: Response;
    try {
      response = await fetch(url, { headers: { authorization: `Bearer ${client.token ?? ''}` }, redirect: 'manual', signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
    } catch (error) {
      throw new FileReadError('FILE_DOWNLOAD_FAILED', `download failed: ${(error as Error).message}`, { cause: error });
    }
    // Without files:read Slack answers with a redirect or its HTML sign-in page instead of the file.
    const html = (response.headers.get('content-type') ?? '').includes('text/html') && !/\.html?$/i.test(nameOf(file));
    if (response.status !== 200 || html) {
      await response.body?.cancel().catch(() => undefined);
      throw new FileReadError('FILE_DOWNLOAD_FAILED', `download answered ${response.status}${html ? ' with an HTML page' : ''}`, { cause: { status: response.status, missingScope: SCOPE } });
    }
    return readCapped(response, this.maxBytes);
  }

  private failed(error: unknown, file: SlackFile): void {
    const cause = (error as { cause?: unknown }).cause;
    const missingScope = slackError(cause) === 'missing_scope' || (cause as { missingScope?: string } | undefined)?.missingScope === SCOPE;
    const fields = { file: file.id, code: (error as { code?: string }).code, reason: (error as Error).message };
    if (!missingScope) return void this.log.warn(fields, 'could not read a shared Slack file; answering the message text');
    if (this.scopeLogged) return void this.log.debug(fields, 'shared Slack file not read (files:read missing)');
    this.scopeLogged = true;
    this.log.warn(
      { ...fields, scope: SCOPE },
      `cannot read shared Slack files: the app lacks the ${SCOPE} scope. Add it under OAuth & Permissions (it is in adapters/slack/manifest.yml) and reinstall the app; until then only the message text is answered`,
    );
  }
}

/**
 * The message the engine reads: the text, then the file as a code block (tagged `dockerfile` when
 * its name or type says so, so even one instruction is linted). A file that holds code fences
 * itself is appended as it is.
 */
export function withFile(text: string, file: { text: string; dockerfile: boolean }): string {
  const body = file.text.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  const block = body.includes('```') ? body : `\`\`\`${file.dockerfile ? 'dockerfile' : ''}\n${body}\n\`\`\``;
  return text.trim() ? `${text}\n${block}` : block;
}

const WORDS = {
  en: {
    binary: (name: string) => `I can only read text files, and \`${name}\` is not one.`,
    tooBig: (name: string) => `\`${name}\` is over ${MAX_FILE_BYTES / 1000} kB, more than I read. Run \`dockhand lint\` on it instead.`,
    unreadable: (name: string) => `I couldn't read \`${name}\`.`,
    textOnly: 'Here is the answer to your message text.',
    sendText: 'Paste the text into a message instead.',
  },
  zh: {
    binary: (name: string) => `我只能读取文本文件，\`${name}\` 不是文本文件。`,
    tooBig: (name: string) => `\`${name}\` 超过了 ${MAX_FILE_BYTES / 1000} kB，超出我能读取的大小。请改用 \`dockhand lint\` 检查它。`,
    unreadable: (name: string) => `我没能读取 \`${name}\`。`,
    textOnly: '下面是对你消息文字的回答。',
    sendText: '请把内容直接贴在消息里发给我。',
  },
} as const;

/** One line (mrkdwn) on a file that was not read; `answered` when the message text is answered below it. */
export function fileNotice(read: Extract<FileRead, { ok: false }>, lang: Lang, answered: boolean): string {
  const w = WORDS[lang];
  const name = escapeMrkdwn(read.name.replace(/`/g, "'"));
  return `${w[read.reason](name)} ${answered ? w.textOnly : w.sendText}`;
}
