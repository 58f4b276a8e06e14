import { createHmac } from 'node:crypto';

/**
 * The requests Slack itself sends to an app: signed HTTP POSTs of slash commands, block actions
 * and Events API callbacks, and the same payloads as Socket Mode envelopes.
 */

export const SIGNING_SECRET = 'test-signing-secret-0123456789';

/** `v0=HMAC-SHA256(secret, "v0:" + ts + ":" + body)`, as Slack signs requests. */
export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignedOptions {
  secret?: string;
  /** Unix seconds; default now. */
  timestamp?: number;
  contentType?: string;
  headers?: Record<string, string>;
  /** Replace the computed signature (for bad-signature tests). */
  signature?: string;
}

/** POSTs a signed body to the app's `/slack/events` and returns the HTTP status and text. */
export async function postSigned(appUrl: string, body: string, options: SignedOptions = {}): Promise<{ status: number; text: string }> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const response = await fetch(`${appUrl}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? sign(options.secret ?? SIGNING_SECRET, timestamp, body),
      ...options.headers,
    },
    body,
  });
  return { status: response.status, text: await response.text() };
}

export interface SlashOptions {
  command?: string;
  text: string;
  userId?: string;
  channelId?: string;
  responseUrl: string;
}

/** A slash command payload as an object (Socket Mode sends it this way). */
export function slashPayload(o: SlashOptions): Record<string, string> {
  return {
    token: 'legacy-verification-token',
    team_id: 'T0001',
    team_domain: 'test',
    channel_id: o.channelId ?? 'C0001',
    channel_name: 'general',
    user_id: o.userId ?? 'U0001',
    user_name: 'alice',
    command: o.command ?? '/docker',
    text: o.text,
    api_app_id: 'A0001',
    response_url: o.responseUrl,
    trigger_id: '1.2.3',
  };
}

/** A slash command as the form-encoded HTTP body Slack sends. */
export function slashBody(o: SlashOptions): string {
  return new URLSearchParams(slashPayload(o)).toString();
}

export interface ButtonOptions {
  actionId: string;
  value: string;
  responseUrl: string;
  userId?: string;
  channelId?: string;
  ephemeral?: boolean;
  threadTs?: string;
}

/** A `block_actions` payload for one button click. */
export function buttonPayload(o: ButtonOptions): Record<string, unknown> {
  return {
    type: 'block_actions',
    team: { id: 'T0001', domain: 'test' },
    user: { id: o.userId ?? 'U0001', username: 'alice', name: 'alice', team_id: 'T0001' },
    api_app_id: 'A0001',
    token: 'legacy-verification-token',
    container: {
      type: 'message',
      message_ts: '1700000000.000001',
      channel_id: o.channelId ?? 'C0001',
      is_ephemeral: o.ephemeral ?? true,
      ...(o.threadTs ? { thread_ts: o.threadTs } : {}),
    },
    trigger_id: '1.2.3',
    channel: { id: o.channelId ?? 'C0001', name: 'general' },
    response_url: o.responseUrl,
    actions: [{ type: 'button', action_id: o.actionId, block_id: 'b1', text: { type: 'plain_text', text: 'x' }, value: o.value, action_ts: '1700000000.1' }],
  };
}

/** A button click as the form-encoded HTTP body Slack sends (`payload=<json>`). */
export function buttonBody(o: ButtonOptions): string {
  return new URLSearchParams({ payload: JSON.stringify(buttonPayload(o)) }).toString();
}

/** An Events API `event_callback` body. */
export function eventCallback(eventId: string, event: Record<string, unknown>): Record<string, unknown> {
  return {
    token: 'legacy-verification-token',
    team_id: 'T0001',
    api_app_id: 'A0001',
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: 1700000000,
    authorizations: [{ team_id: 'T0001', user_id: 'UBOT', is_bot: true }],
  };
}

/** An `app_mention` event. */
export function mentionEvent(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'app_mention', user: 'U0001', text, ts: '1700000100.000100', channel: 'C0001', event_ts: '1700000100.000100', ...extra };
}

/** A DM `message` event. */
export function dmEvent(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'message', channel_type: 'im', user: 'U0001', text, ts: '1700000200.000200', channel: 'D0001', event_ts: '1700000200.000200', ...extra };
}
