/**
 * Downloading a shared file's text for the chat adapters: a size cap enforced while reading, a
 * timeout, no redirects followed, and binary content refused. Callers decide which hosts may be
 * asked (and which may see a token).
 */

/** Why a download gave no text. `code` is stable; `cause` holds the HTTP status or the fetch error. */
export class DownloadError extends Error {
  readonly code: 'DOWNLOAD_FAILED' | 'DOWNLOAD_STATUS' | 'DOWNLOAD_HTML';
  constructor(code: DownloadError['code'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DownloadError';
    this.code = code;
  }
}

export type Downloaded = { kind: 'text'; text: string } | { kind: 'tooBig' } | { kind: 'binary' };

export interface DownloadOptions {
  maxBytes: number;
  timeoutMs: number;
  headers?: Record<string, string>;
  /** An HTML page where a file was expected is a sign-in page, not the file (Slack without files:read). */
  refuseHtml?: boolean;
}

/** The body, or null past `max` bytes; stops reading as soon as it is too long. */
async function readCapped(response: Response, max: number): Promise<Buffer | null> {
  const reader = response.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(Buffer.from(value));
  }
}

/** UTF-8 text without NUL bytes (a byte-order mark dropped), else null: an image, an archive, a renamed binary. */
export function decodeText(bytes: Buffer): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return null;
  }
}

/** Fetches `url` as text within the options' limits. Throws DownloadError on a network error or a non-200 answer. */
export async function downloadText(url: URL, options: DownloadOptions): Promise<Downloaded> {
  let response: Response;
  try {
    response = await fetch(url, { headers: options.headers ?? {}, redirect: 'manual', signal: AbortSignal.timeout(options.timeoutMs) });
  } catch (error) {
    throw new DownloadError('DOWNLOAD_FAILED', `download failed: ${(error as Error).message}`, { cause: error });
  }
  const html = options.refuseHtml === true && (response.headers.get('content-type') ?? '').includes('text/html');
  if (response.status !== 200 || html) {
    await response.body?.cancel().catch(() => undefined);
    const code = html ? 'DOWNLOAD_HTML' : 'DOWNLOAD_STATUS';
    throw new DownloadError(code, `download answered ${response.status}${html ? ' with an HTML page' : ''}`, { cause: { status: response.status } });
  }
  const bytes = await readCapped(response, options.maxBytes);
  if (bytes === null) return { kind: 'tooBig' };
  const text = decodeText(bytes);
  return text === null ? { kind: 'binary' } : { kind: 'text', text };
}
