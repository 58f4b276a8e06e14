/**
 * Dockerfiles on Discord: the "Lint Dockerfile" message command (right-click a message → Apps)
 * lints the target's attachments named `Dockerfile*`, else its code block or text; a mention or
 * DM with such an attachment is read with it. Attachments are downloaded from their URL (text
 * only, capped) and go to the engine like a paste, so the findings match every other surface.
 */
import { MessageFlags, type Attachment, type Client, type Message, type MessageContextMenuCommandInteraction } from 'discord.js';
import { downloadText } from '../download.ts';
import { DOCKERFILE_NAME, asDockerfileBlock, fileOf, withFile } from '../paste.ts';
import { findDockerfile } from '../../src/lint/chat.ts';
import type { AskContext, Lang } from '../../src/types.ts';
import { renderAnswer } from './render.ts';
import { NO_MENTIONS, describeError, isLate, localeLang, type HandlerDeps } from './respond.ts';

/** Largest attachment read, in bytes: the same cap as Slack's files (about 3,500 lines of a usual Dockerfile). */
export const MAX_ATTACHMENT_BYTES = 100_000;
const DOWNLOAD_TIMEOUT_MS = 5_000;
/** Discord's attachment hosts. */
const CDN_HOSTS = new Set(['cdn.discordapp.com', 'media.discordapp.net']);
/** Content types that are never a Dockerfile, whatever the file is called. */
const BINARY_TYPE = /^(?:image|video|audio|font)\/|^application\/(?:zip|gzip|x-gzip|x-tar|x-7z|pdf|x-rar|java-archive|vnd\.)/i;

export type AttachmentRead = { ok: true; name: string; text: string } | { ok: false; name: string; reason: 'binary' | 'tooBig' | 'unreadable' };

const WORDS = {
  en: {
    none: 'No Dockerfile in that message: I read attachments named `Dockerfile*`, else its code block or its text, and found no instruction (`FROM`, `RUN`, `COPY`…).',
    binary: (name: string) => `\`${name}\` is not a text file, so I can't read it.`,
    tooBig: (name: string) => `\`${name}\` is over ${MAX_ATTACHMENT_BYTES / 1000} kB, more than I read. Run \`dockhand lint\` on it instead.`,
    unreadable: (name: string) => `I couldn't download \`${name}\`.`,
  },
  zh: {
    none: '这条消息里没有 Dockerfile：我会读取名为 `Dockerfile*` 的附件，或者消息里的代码块或文字，但没有找到任何指令（`FROM`、`RUN`、`COPY`…）。',
    binary: (name: string) => `\`${name}\` 不是文本文件，我无法读取。`,
    tooBig: (name: string) => `\`${name}\` 超过了 ${MAX_ATTACHMENT_BYTES / 1000} kB，超出我能读取的大小。请改用 \`dockhand lint\` 检查它。`,
    unreadable: (name: string) => `我没能下载 \`${name}\`。`,
  },
} as const;

/** One line on an attachment that was not read. */
export function attachmentNotice(read: Extract<AttachmentRead, { ok: false }>, lang: Lang): string {
  return WORDS[lang][read.reason](read.name.replace(/[`@<>]/g, "'").slice(0, 100));
}

/** The message's attachments named `Dockerfile*` (or `*.dockerfile`, `Containerfile`), at most three. */
export function dockerfileAttachments(message: Message): Attachment[] {
  return [...message.attachments.values()].filter((a) => DOCKERFILE_NAME.test(a.name)).slice(0, 3);
}

/** Discord's CDN, or the REST API's own origin (a loopback fake in tests); nothing else is fetched. */
function attachmentUrl(raw: string, client: Client): URL | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol === 'https:' && CDN_HOSTS.has(url.hostname)) return url;
  const api = client.rest.options.api;
  return api && url.origin === new URL(api).origin ? url : null;
}

/** Downloads one attachment's text. Never throws: a failure is logged and reported as `unreadable`. */
export async function readAttachment(attachment: Attachment, client: Client, deps: HandlerDeps): Promise<AttachmentRead> {
  const name = attachment.name;
  if (attachment.contentType && BINARY_TYPE.test(attachment.contentType)) return { ok: false, name, reason: 'binary' };
  if (attachment.size > MAX_ATTACHMENT_BYTES) return { ok: false, name, reason: 'tooBig' };
  const url = attachmentUrl(attachment.url, client);
  if (!url) {
    deps.logger.warn({ attachment: attachment.id, host: URL.canParse(attachment.url) ? new URL(attachment.url).host : null }, 'refused an attachment URL that is not on Discord\'s CDN');
    return { ok: false, name, reason: 'unreadable' };
  }
  try {
    const got = await downloadText(url, { maxBytes: MAX_ATTACHMENT_BYTES, timeoutMs: DOWNLOAD_TIMEOUT_MS });
    return got.kind === 'text' ? { ok: true, name, text: got.text } : { ok: false, name, reason: got.kind };
  } catch (error) {
    // The URL is signed (it expires) but holds no secret of ours; log only the attachment id.
    deps.logger.warn({ err: describeError(error), attachment: attachment.id }, 'could not download a Discord attachment');
    return { ok: false, name, reason: 'unreadable' };
  }
}

/** The first Dockerfile attachment that reads, else the first failure; null when there is none. */
async function readFirst(attachments: Attachment[], client: Client, deps: HandlerDeps): Promise<AttachmentRead | null> {
  let failed: AttachmentRead | null = null;
  for (const attachment of attachments) {
    const read = await readAttachment(attachment, client, deps);
    if (read.ok) return read;
    failed ??= read;
  }
  return failed;
}

/**
 * A mention's or DM's question with its Dockerfile attachment: the text plus the file (linted
 * like a paste), or the text alone with a note when the file could not be read.
 */
export async function withDockerfileAttachment(message: Message, text: string, deps: HandlerDeps): Promise<{ text: string; failed?: Extract<AttachmentRead, { ok: false }> }> {
  const attachments = dockerfileAttachments(message);
  if (!attachments.length) return { text };
  const read = await readFirst(attachments, message.client, deps);
  if (!read) return { text };
  return read.ok ? { text: withFile(text, { text: read.text, dockerfile: true }) } : { text, failed: read };
}

/**
 * "Lint Dockerfile" on a message: an ephemeral lint answer for the asker, in their Discord
 * language. With attachments to download it defers first, so the 3-second window holds.
 */
export async function handleLintCommand(interaction: MessageContextMenuCommandInteraction, deps: HandlerDeps): Promise<void> {
  const target = interaction.targetMessage;
  const attachments = dockerfileAttachments(target);
  const forced = localeLang(interaction.locale);
  if (attachments.length || isLate(interaction, deps)) await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const read = attachments.length ? await readFirst(attachments, interaction.client, deps) : null;
  const file = read?.ok ? read.text : fileOf(target.content ?? '');
  const block = asDockerfileBlock(file);
  const context: AskContext = forced ? { lang: forced } : {};
  const lang = deps.engine.detectLang(file, context);
  deps.logger.debug({ interactionId: interaction.id, target: target.id, attachments: attachments.length, chars: file.length }, 'discord lint command');
  const notice = read && !read.ok ? attachmentNotice(read, lang) : null;
  const body = file.trim() && findDockerfile(block)
    ? { ...renderAnswer(deps.engine.answer(block, { ...context, asker: interaction.user.id }), { feedback: Boolean(deps.feedback) }), ...(notice ? { content: notice } : {}) }
    : { content: notice ? `${notice} ${WORDS[lang].none}` : WORDS[lang].none, embeds: [], components: [] };
  if (interaction.deferred) await interaction.editReply({ ...body, allowedMentions: NO_MENTIONS });
  else await interaction.reply({ ...body, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
}
