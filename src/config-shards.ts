import type { ConfigProblem } from './config.ts';

/**
 * Which Discord gateway shards this process runs (DISCORD_SHARDS / DISCORD_SHARD_COUNT).
 * `{ ids, count }`: these shard ids of `count` in all, the other ids run by other processes with
 * the same count; Discord sends a guild's events to shard `(guild_id >> 22) % count`, and DMs to
 * shard 0. `'auto'`: Discord's recommended count, every shard in this one process.
 */
export type DiscordShards = { ids: number[]; count: number } | 'auto';

/** Without either variable: one shard, as a bot in fewer than 2,500 servers needs. */
export const SINGLE_SHARD: DiscordShards = { ids: [0], count: 1 };

/** More shards than any bot needs; it bounds what a range like `0-99999999` may expand to. */
const MAX_SHARDS = 16384;
const PART = /^(\d{1,6})(?:-(\d{1,6}))?$/;

type Parsed = { shards: DiscordShards } | { problems: ConfigProblem[] };

const problem = (variable: string, message: string): Parsed => ({ problems: [{ variable, message }] });

/**
 * DISCORD_SHARD_COUNT and DISCORD_SHARDS (already trimmed, undefined when unset) → the shards this
 * process runs, or the problems. A count without a list, or a list without a count, is refused
 * rather than guessed: two processes that each assumed "all shards" would answer every message
 * twice, and a count guessed from one process's list would route guilds to nobody.
 */
export function parseDiscordShards(list: string | undefined, countText: string | undefined): Parsed {
  if (list === undefined && countText === undefined) return { shards: SINGLE_SHARD };
  if (countText === 'auto') {
    if (list === undefined) return { shards: 'auto' };
    return problem('DISCORD_SHARD_COUNT', 'is auto, which runs every shard Discord recommends in this one process, but DISCORD_SHARDS picks some: to split the shards between processes, set DISCORD_SHARD_COUNT to a number, the same on every process');
  }
  if (countText === undefined) {
    return problem('DISCORD_SHARDS', 'is set, but DISCORD_SHARD_COUNT is missing: set it to the total number of shards across all processes (the same on every process), or to auto for one process running them all');
  }
  const count = /^\d{1,6}$/.test(countText) ? Number(countText) : NaN;
  if (!(count >= 1 && count <= MAX_SHARDS)) return problem('DISCORD_SHARD_COUNT', `must be a whole number of shards from 1 to ${MAX_SHARDS}, or auto`);
  if (list === undefined) {
    return problem('DISCORD_SHARD_COUNT', `is set, but DISCORD_SHARDS is missing: say which of the ${count} shards this process runs (0-${count - 1} for all of them)`);
  }
  const ids = parseList(list, count);
  return typeof ids === 'string' ? problem('DISCORD_SHARDS', ids) : { shards: { ids, count } };
}

/** `0,1` / `0-3` / `0-3,8` → sorted ids below `count`, or what is wrong with the list. */
function parseList(list: string, count: number): number[] | string {
  const ids = new Set<number>();
  for (const raw of list.split(',')) {
    const part = raw.trim();
    const match = PART.exec(part);
    if (!match) return `must be shard ids and ranges such as 0,1 or 0-3 (found "${part.slice(0, 20)}")`;
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (to < from) return `has the range ${part}, which runs backwards: write ${to}-${from}`;
    if (to >= count) return `names shard ${to}, but DISCORD_SHARD_COUNT=${count} has shards 0 to ${count - 1} only`;
    for (let id = from; id <= to; id += 1) {
      if (ids.has(id)) return `lists shard ${id} twice`;
      ids.add(id);
    }
  }
  return [...ids].sort((a, b) => a - b);
}

/** `0,1,2,5 of 8` for logs and `dockhand check`. */
export function describeShards(shards: DiscordShards): string {
  return shards === 'auto' ? 'shards: auto (as many as Discord recommends, all in this process)' : `shards ${compact(shards.ids)} of ${shards.count}`;
}

/** `[0,1,2,5]` → `0-2,5`. */
function compact(ids: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < ids.length; ) {
    let j = i;
    while (j + 1 < ids.length && ids[j + 1] === ids[j]! + 1) j += 1;
    parts.push(j > i ? `${ids[i]}-${ids[j]}` : String(ids[i]));
    i = j + 1;
  }
  return parts.join(',');
}
