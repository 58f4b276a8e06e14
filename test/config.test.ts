import { describe, expect, it } from 'vitest';
import { describePlatforms, loadConfig, secretsOf } from '../src/config.ts';
import { configProblems as problems } from './support/config.ts';

describe('config', () => {
  it('starts the console with no chat tokens, on the embedded defaults', () => {
    const config = loadConfig({});
    expect(config.slack).toBeNull();
    expect(config.discord).toBeNull();
    expect(config.tips).toEqual({ enabled: true, dbPath: './data/dockhand.sqlite', timezone: 'UTC', time: '09:00', lang: 'en' });
    expect(config.health).toEqual({ port: 8080, host: '0.0.0.0', explicit: false });
    expect(describePlatforms(config)[0]).toContain('console');
  });

  it('picks Socket Mode when an app token is set, HTTP mode with a signing secret otherwise', () => {
    const socket = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_SIGNING_SECRET: 's' });
    expect(socket.slack).toMatchObject({ mode: 'socket', appToken: 'xapp-1', command: '/docker' });
    const http = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'shh', SLACK_PORT: '3100' });
    expect(http.slack).toMatchObject({ mode: 'http', signingSecret: 'shh', port: 3100, host: '0.0.0.0' });
    expect(describePlatforms(http)[0]).toBe('slack: HTTP mode on 0.0.0.0 port 3100, command /docker');
    const local = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'shh', SLACK_HOST: '127.0.0.1' });
    expect(local.slack).toMatchObject({ mode: 'http', host: '127.0.0.1' });
    expect(describePlatforms(local)[0]).toBe('slack: HTTP mode on 127.0.0.1 port 3000, command /docker');
  });

  it('stops on a half-configured Slack with a message naming what is missing', () => {
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([
      'SLACK_BOT_TOKEN: is set, but neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP mode) is: set one of them',
    ]);
    expect(problems({ SLACK_APP_TOKEN: 'xapp-1' })[0]).toContain('SLACK_APP_TOKEN: is set, but SLACK_BOT_TOKEN is missing');
    expect(problems({ SLACK_SIGNING_SECRET: 'x' })[0]).toContain('SLACK_SIGNING_SECRET: is set, but SLACK_BOT_TOKEN is missing');
  });

  it('stops on a Discord guild or application id without a token', () => {
    expect(problems({ DISCORD_GUILD_ID: '123456789012345678' })[0]).toContain('DISCORD_GUILD_ID: is set, but DISCORD_TOKEN is missing');
  });

  it.each([
    [{ SLACK_BOT_TOKEN: 'xoxp-user', SLACK_APP_TOKEN: 'xapp-1' }, 'SLACK_BOT_TOKEN: must be a bot token starting with xoxb-'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-2' }, 'SLACK_APP_TOKEN: must be an app-level token starting with xapp-'],
    [{ SLACK_PORT: 'eighty' }, 'SLACK_PORT:'],
    [{ SLACK_COMMAND: 'docker' }, 'SLACK_COMMAND: must look like /docker'],
    [{ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: 'abc' }, 'DISCORD_APPLICATION_ID: must be a numeric snowflake id'],
    [{ TIPS_TIMEZONE: 'Mars/Olympus' }, 'TIPS_TIMEZONE: must be an IANA time zone'],
    [{ TIPS_TIME: '25:00' }, 'TIPS_TIME: must be HH:MM'],
    [{ TIPS_LANG: 'fr' }, 'TIPS_LANG:'],
    [{ HEALTH_PORT: '70000' }, 'HEALTH_PORT:'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL:'],
  ])('rejects %j', (env, message) => {
    expect(problems(env as Record<string, string>).join('\n')).toContain(message);
  });

  it('treats empty variables as unset and lists secrets for masking', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-secret', SLACK_APP_TOKEN: 'xapp-secret', DISCORD_TOKEN: 'discord-secret', SLACK_SIGNING_SECRET: '' });
    expect(secretsOf(config)).toEqual(['xoxb-secret', 'xapp-secret', 'discord-secret']);
    expect(loadConfig({ HEALTH_PORT: 'off' }).health).toBeNull();
  });
});

describe('question log settings', () => {
  it('keeps 90 days by default, with no weekly report, and says so in check', () => {
    const config = loadConfig({});
    expect(config.learn).toEqual({ retentionDays: 90, reportChannel: null });
    expect(describePlatforms(config)).toContain('question log: kept 90 days in ./data/dockhand.sqlite, no weekly report');
    expect(loadConfig({ LOG_RETENTION_DAYS: '0' }).learn.retentionDays).toBe(0);
    expect(describePlatforms(loadConfig({ LOG_RETENTION_DAYS: '0' })).join('\n')).toContain('question log: off (LOG_RETENTION_DAYS=0, no question stored');
  });

  it('reads REPORT_CHANNEL for a configured platform', () => {
    const slack = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', REPORT_CHANNEL: 'slack:C0123ABCD', LOG_RETENTION_DAYS: '30' });
    expect(slack.learn).toEqual({ retentionDays: 30, reportChannel: { platform: 'slack', channelId: 'C0123ABCD' } });
    expect(describePlatforms(slack)).toContain('question log: kept 30 days in ./data/dockhand.sqlite, weekly report to slack:C0123ABCD');
    const discord = loadConfig({ DISCORD_TOKEN: 't', REPORT_CHANNEL: 'discord:123456789012345678' });
    expect(discord.learn.reportChannel).toEqual({ platform: 'discord', channelId: '123456789012345678' });
  });

  it('refuses a bad retention or channel, and a channel on a platform that is not configured', () => {
    for (const days of ['-1', '1.5', 'ninety', '99999']) expect(problems({ LOG_RETENTION_DAYS: days })[0], days).toMatch(/^LOG_RETENTION_DAYS: /);
    for (const channel of ['C0123', 'slack:', 'slack:#general', 'discord:abc', 'teams:C1', 'slack:C1 discord:1']) {
      expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', REPORT_CHANNEL: channel })[0], channel).toMatch(/^REPORT_CHANNEL: must be slack:CHANNEL_ID/);
    }
    expect(problems({ REPORT_CHANNEL: 'discord:123456789012345678' })).toEqual(['REPORT_CHANNEL: names discord, but the Discord adapter is not configured']);
  });
});

describe('.env.example', () => {
  it('lists every variable the config reads, with its meaning', async () => {
    const { readFileSync } = await import('node:fs');
    const { VARIABLES } = await import('../src/config.ts');
    const example = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
    for (const [name, meaning] of Object.entries(VARIABLES)) {
      expect(example, name).toContain(`\n${name}=`);
      expect(example, name).toContain(`# ${meaning}`);
    }
  });
});
