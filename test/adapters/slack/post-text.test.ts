import { afterEach, describe, expect, it } from 'vitest';
import { PostError } from '../../../src/adapter.ts';
import { startRig, type Rig } from './harness.ts';

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

describe('postText (the weekly report)', () => {
  it('posts escaped plain text that pings nobody, without unfurling, and returns the message ts', async () => {
    rig = await startRig();
    const ts = await rig.adapter.postText!('C0REPORT', 'dockhand weekly report\n- 3× "deploy <b>k8s</b> & @channel <!here>"');
    const post = rig.fake.callsTo('chat.postMessage')[0]!;
    expect(ts).toBe('1700000000.000001');
    // The Web API call arrives form-encoded, so booleans are strings.
    expect(post.params).toMatchObject({ channel: 'C0REPORT', unfurl_links: 'false', unfurl_media: 'false' });
    const text = String(post.params.text);
    expect(text).toContain('deploy &lt;b&gt;k8s&lt;/b&gt; &amp; @\u200bchannel &lt;!here&gt;');
    expect(text).not.toMatch(/<!|@channel/);
  });

  it('cuts a long text to 3000 characters', async () => {
    rig = await startRig();
    await rig.adapter.postText!('C0REPORT', 'x'.repeat(10_000));
    expect(String(rig.fake.callsTo('chat.postMessage')[0]!.params.text).length).toBeLessThanOrEqual(3000);
  });

  it('maps Slack errors to PostError like tips do', async () => {
    rig = await startRig();
    rig.fake.on('chat.postMessage', () => ({ ok: false, error: 'channel_not_found' }));
    const failure = await rig.adapter.postText!('C0GONE', 'hi').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PostError);
    expect(failure).toMatchObject({ code: 'POST_GONE' });
  });
});
