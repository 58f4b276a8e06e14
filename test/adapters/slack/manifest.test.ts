import { readFileSync } from 'node:fs';
import matter from 'gray-matter';
import { describe, expect, it } from 'vitest';

const refuse = () => {
  throw new Error('not YAML');
};

/** The parts of a Slack app manifest these tests read. */
interface Manifest {
  features: {
    slash_commands: Array<{ command: string; description: string; should_escape: boolean }>;
    app_home: { messages_tab_enabled: boolean; messages_tab_read_only_enabled: boolean };
    bot_user: { display_name: string };
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[] }; interactivity: { is_enabled: boolean }; socket_mode_enabled: boolean };
}

/** The manifest as Slack reads it (YAML), parsed with YAML only. */
function manifest(): Manifest {
  const text = readFileSync(new URL('../../../adapters/slack/manifest.yml', import.meta.url), 'utf8');
  return matter(`---\n${text}\n---\n`, { engines: { js: refuse, javascript: refuse } }).data as Manifest;
}

describe('manifest.yml', () => {
  it('declares the /docker command, the events the handlers listen to, interactivity and Socket Mode', () => {
    const m = manifest();
    expect(m.features.slash_commands).toEqual([expect.objectContaining({ command: '/docker', should_escape: false })]);
    expect(m.features.slash_commands[0]!.description.length).toBeLessThanOrEqual(100);
    expect(m.settings.event_subscriptions.bot_events.sort()).toEqual(['app_mention', 'message.im']);
    expect(m.settings.interactivity.is_enabled).toBe(true);
    expect(m.settings.socket_mode_enabled).toBe(true);
    expect(m.features.app_home.messages_tab_enabled).toBe(true);
    expect(m.features.app_home.messages_tab_read_only_enabled).toBe(false);
    expect(m.features.bot_user.display_name).toBe('dockhand');
  });

  it('asks for exactly the bot scopes the adapter uses', () => {
    // app_mention, message.im, chat.postMessage, /docker, conversations.info (channels, private
    // channels, DMs, group DMs), users.info, and files.info / url_private for shared snippets.
    expect([...manifest().oauth_config.scopes.bot].sort()).toEqual(
      ['app_mentions:read', 'channels:read', 'chat:write', 'commands', 'files:read', 'groups:read', 'im:history', 'im:read', 'mpim:read', 'users:read'].sort(),
    );
  });
});
