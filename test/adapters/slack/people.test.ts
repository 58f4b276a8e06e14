import { afterEach, describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { silentLogger } from '../../../src/log.ts';
import { People } from '../../../adapters/slack/people.ts';
import { startFakeSlack, type FakeSlack } from '../../support/fake-slack.ts';

let fake: FakeSlack | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

describe('People', () => {
  it('reads the locale and display name once per hour, over the real WebClient', async () => {
    fake = await startFakeSlack();
    fake.users.set('U1', { locale: 'zh-TW', displayName: '', realName: 'Lin Wei' });
    const client = new webApi.WebClient(fake.options.botToken, { slackApiUrl: fake.apiUrl });
    let now = 0;
    const people = new People(() => now, silentLogger());
    expect(await people.get(client, 'U1')).toEqual({ lang: 'zh', name: 'Lin Wei' });
    expect(await people.get(client, 'U1')).toEqual({ lang: 'zh', name: 'Lin Wei' });
    expect(fake.callsTo('users.info')).toHaveLength(1);
    now += 60 * 60_000;
    await people.get(client, 'U1');
    expect(fake.callsTo('users.info')).toHaveLength(2);
  });

  it('treats non-Chinese locales as English and a failed lookup as unknown', async () => {
    fake = await startFakeSlack();
    fake.users.set('U2', { locale: 'ja-JP', displayName: 'Aki' });
    const client = new webApi.WebClient(fake.options.botToken, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    const people = new People(() => 0, silentLogger());
    expect(await people.get(client, 'U2')).toEqual({ lang: 'en', name: 'Aki' });
    expect(await people.get(client, 'U404')).toEqual({});
  });
});
