/**
 * Text snippets and files shared with the bot (`subtype: file_share` in a DM or a mention). With
 * the `files:read` scope their content is downloaded from `url_private` with the bot token and
 * read like a paste; without it, or on any failure, the message text is still answered.
 */
import type { webApi } from '@slack/bolt';
import { DownloadError, downloadText } from '../download.ts';
import { DOCKERFILE_NAME } from '../paste.ts';
import type { Logger } from '../../src/log.ts';
import type { Lang } from '../../src/types.ts';
import { escapeMrkdwn } from './text.ts';
import { slackError } from './tips.ts';

/**
 * Largest file read, in bytes: about 3,500 lines of a usual Dockerfile (2,000 lines are some 56 kB).
 * Linting is linear in the size, so the cap bounds how long one paste can hold the event loop.
 */
export const MAX_FILE_BYTES = 100_000;
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

/** Thrown for a failed download; `code` says which step failed. */
export class FileReadError extends Error {
  readonly code: 'FILE_INFO_FAILED' | 'FILE_URL_REFUSED';
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
      const got = await this.download(client, file);
      if (got.kind !== 'text') return { ok: false, name: name(), reason: got.kind };
      return { ok: true, name: name(), text: got.text, dockerfile: file.filetype === 'dockerfile' || DOCKERFILE_NAME.test(name()) };
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

  private download(client: webApi.WebClient, file: SlackFile) {
    const url = downloadUrl(file.url_private_download ?? file.url_private ?? '', client.slackApiUrl);
    if (!url) throw new FileReadError('FILE_URL_REFUSED', 'the file URL is not on a Slack file host');
    // Without files:read Slack answers with a redirect or its HTML sign-in page instead of the file.
    return downloadText(url, {
      maxBytes: this.maxBytes,
      timeoutMs: DOWNLOAD_TIMEOUT_MS,
      headers: { authorization: `Bearer ${client.token ?? ''}` },
      refuseHtml: !/\.html?$/i.test(nameOf(file)),
    });
  }

  private failed(error: unknown, file: SlackFile): void {
    const cause = (error as { cause?: unknown }).cause;
    // files.info says missing_scope; a download says it with a redirect or a sign-in page.
    const status = (cause as { status?: number } | undefined)?.status;
    const refused = error instanceof DownloadError && (error.code === 'DOWNLOAD_HTML' || status === 302 || status === 401 || status === 403);
    const missingScope = slackError(cause) === 'missing_scope' || refused;
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
