/**
 * The health of the gateway shards a discord.js Client runs, for /healthz: discord.js's own status
 * of each connection and its heartbeat round trip.
 */
import { Status, type Client } from 'discord.js';

/** One gateway shard of this process, for /healthz. */
export interface ShardHealth {
  id: number;
  /** discord.js's status of the connection: `ready`, or `connecting`, `resuming`, `waiting-for-guilds`, `disconnected`, `idle` (not started)… */
  status: ShardStatus;
  /** The last heartbeat's round trip in ms; null before the first one was acknowledged. */
  ping: number | null;
}

export type ShardStatus = 'ready' | 'connecting' | 'reconnecting' | 'idle' | 'nearly' | 'disconnected' | 'waiting-for-guilds' | 'identifying' | 'resuming';

const STATUS_NAMES: Record<Status, ShardStatus> = {
  [Status.Ready]: 'ready',
  [Status.Connecting]: 'connecting',
  [Status.Reconnecting]: 'reconnecting',
  [Status.Idle]: 'idle',
  [Status.Nearly]: 'nearly',
  [Status.Disconnected]: 'disconnected',
  [Status.WaitingForGuilds]: 'waiting-for-guilds',
  [Status.Identifying]: 'identifying',
  [Status.Resuming]: 'resuming',
};


/**
 * The client's shards in id order: the ids it was given (those Discord recommended, once
 * connected, with `shards: 'auto'`; none before). A shard not connected yet is `idle`.
 */
export function shardHealth(client: Client): ShardHealth[] {
  const ids = Array.isArray(client.options.shards) ? client.options.shards : [];
  return [...ids]
    .sort((a, b) => a - b)
    .map((id) => {
      const shard = client.ws.shards.get(id);
      return { id, status: STATUS_NAMES[shard?.status ?? Status.Idle], ping: shard && shard.ping >= 0 ? shard.ping : null };
    });
}
