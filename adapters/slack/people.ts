import type { webApi } from '@slack/bolt';
import type { Logger } from '../../src/log.ts';
import type { Lang } from '../../src/types.ts';
import { ExpiringMap } from './memory.ts';

/** What we use to know about a Slack user: their language and a display name. */
export interface Person {
  lang?: Lang;
  /** Display name (or real name, or handle) as plain text. Never used to mention anyone. */
  name?: string;
}

/**
 * Looks users up with `users.info` (scope `users:read`, locale included) and remembers them for an
 * hour. Lookups only happen when a reply has no text to take a language from (`/docker`,
 * `/docker tips`) or to attribute a share; a failure yields an empty Person, never an error.
 */
export class People {
  private readonly cache: ExpiringMap<Person>;

  constructor(
    now: () => number,
    private readonly log: Logger,
  ) {
    this.cache = new ExpiringMap(2_000, 60 * 60_000, now);
  }

  async get(client: webApi.WebClient, userId: string): Promise<Person> {
    const known = this.cache.get(userId);
    if (known) return known;
    try {
      const { user } = await client.users.info({ user: userId, include_locale: true });
      const name = user?.profile?.display_name || user?.profile?.real_name || user?.name;
      const person: Person = {
        ...(user?.locale ? { lang: user.locale.toLowerCase().startsWith('zh') ? 'zh' : 'en' } : {}),
        ...(name ? { name } : {}),
      };
      this.cache.set(userId, person);
      return person;
    } catch (error) {
      this.log.debug({ err: error, user: userId }, 'users.info failed; answering without locale');
      return {};
    }
  }
}
