import { describe, expect, it } from 'vitest';
import { describePlatforms, loadConfig } from '../src/config.ts';
import { configProblems as problems } from './support/config.ts';

const TOKEN = { DISCORD_TOKEN: 'discord-token' };

describe('DISCORD_SHARDS and DISCORD_SHARD_COUNT', () => {
  it('runs one shard without them, and says nothing about shards in check', () => {
    const config = loadConfig(TOKEN);
    expect(config.discord!.shards).toEqual({ ids: [0], count: 1 });
    expect(describePlatforms(config)[0]).toBe('discord: gateway');
  });

  it.each([
    ['0,1', '4', [0, 1], 'shards 0-1 of 4'],
    ['0-3', '4', [0, 1, 2, 3], 'shards 0-3 of 4'],
    [' 5 , 0-2 ,7', '8', [0, 1, 2, 5, 7], 'shards 0-2,5,7 of 8'],
    ['1', '2', [1], 'shards 1 of 2'],
  ])('reads DISCORD_SHARDS=%j of %s', (list, count, ids, described) => {
    const config = loadConfig({ ...TOKEN, DISCORD_SHARDS: list, DISCORD_SHARD_COUNT: count, DISCORD_GUILD_ID: '123456789012345678' });
    expect(config.discord!.shards).toEqual({ ids, count: Number(count) });
    expect(describePlatforms(config)[0]).toBe(`discord: gateway, ${described}, commands for guild 123456789012345678`);
  });

  it('takes DISCORD_SHARD_COUNT=auto alone: Discord’s recommended count, all in this process', () => {
    const config = loadConfig({ ...TOKEN, DISCORD_SHARD_COUNT: 'auto' });
    expect(config.discord!.shards).toBe('auto');
    expect(describePlatforms(config)[0]).toBe('discord: gateway, shards: auto (as many as Discord recommends, all in this process)');
  });

  it.each([
    [{ DISCORD_SHARDS: '0,1' }, 'DISCORD_SHARDS: is set, but DISCORD_SHARD_COUNT is missing: set it to the total number of shards across all processes'],
    [{ DISCORD_SHARD_COUNT: '4' }, 'DISCORD_SHARD_COUNT: is set, but DISCORD_SHARDS is missing: say which of the 4 shards this process runs (0-3 for all of them)'],
    [{ DISCORD_SHARDS: '0', DISCORD_SHARD_COUNT: 'auto' }, 'DISCORD_SHARD_COUNT: is auto, which runs every shard Discord recommends in this one process, but DISCORD_SHARDS picks some'],
    [{ DISCORD_SHARDS: '2', DISCORD_SHARD_COUNT: '2' }, 'DISCORD_SHARDS: names shard 2, but DISCORD_SHARD_COUNT=2 has shards 0 to 1 only'],
    [{ DISCORD_SHARDS: '0-9', DISCORD_SHARD_COUNT: '4' }, 'DISCORD_SHARDS: names shard 9, but DISCORD_SHARD_COUNT=4 has shards 0 to 3 only'],
    [{ DISCORD_SHARDS: '3-1', DISCORD_SHARD_COUNT: '4' }, 'DISCORD_SHARDS: has the range 3-1, which runs backwards: write 1-3'],
    [{ DISCORD_SHARDS: '0-2,1', DISCORD_SHARD_COUNT: '4' }, 'DISCORD_SHARDS: lists shard 1 twice'],
    [{ DISCORD_SHARDS: '0;1', DISCORD_SHARD_COUNT: '4' }, 'DISCORD_SHARDS: must be shard ids and ranges such as 0,1 or 0-3 (found "0;1")'],
    [{ DISCORD_SHARDS: '0,,1', DISCORD_SHARD_COUNT: '4' }, 'DISCORD_SHARDS: must be shard ids and ranges such as 0,1 or 0-3 (found "")'],
    [{ DISCORD_SHARDS: '-1', DISCORD_SHARD_COUNT: '4' }, 'DISCORD_SHARDS: must be shard ids and ranges'],
    [{ DISCORD_SHARDS: '0', DISCORD_SHARD_COUNT: '0' }, 'DISCORD_SHARD_COUNT: must be a whole number of shards from 1 to 16384, or auto'],
    [{ DISCORD_SHARDS: '0', DISCORD_SHARD_COUNT: '2.5' }, 'DISCORD_SHARD_COUNT: must be a whole number of shards'],
    [{ DISCORD_SHARDS: '0', DISCORD_SHARD_COUNT: 'many' }, 'DISCORD_SHARD_COUNT: must be a whole number of shards'],
    [{ DISCORD_SHARDS: '0-999999', DISCORD_SHARD_COUNT: '999999' }, 'DISCORD_SHARD_COUNT: must be a whole number of shards from 1 to 16384'],
  ])('refuses %j with what to fix', (env, message) => {
    const found = problems({ ...TOKEN, ...env });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(message);
  });

  it('refuses shard settings without a token, and lists only the real problem beside a Discord REPORT_CHANNEL', () => {
    expect(problems({ DISCORD_SHARDS: '0', DISCORD_SHARD_COUNT: '2' })).toEqual(['DISCORD_SHARDS: is set, but DISCORD_TOKEN is missing: the Discord adapter needs the bot token']);
    expect(problems({ DISCORD_SHARD_COUNT: 'auto' })).toEqual(['DISCORD_SHARD_COUNT: is set, but DISCORD_TOKEN is missing: the Discord adapter needs the bot token']);
    expect(problems({ ...TOKEN, DISCORD_SHARDS: '5', DISCORD_SHARD_COUNT: '2', REPORT_CHANNEL: 'discord:123456789012345678' })).toEqual([
      'DISCORD_SHARDS: names shard 5, but DISCORD_SHARD_COUNT=2 has shards 0 to 1 only',
    ]);
  });
});
