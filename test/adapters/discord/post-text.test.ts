import { afterEach, describe, expect, it } from 'vitest';
import { PostError } from '../../../src/adapter.ts';
import { messageOf, startHarness, type Harness } from './harness.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('postText (the weekly report)', () => {
  it('posts plain text with markdown and mentions defused, allowed_mentions parsing nothing, within 2000 characters', async () => {
    h = await startHarness();
    const long = Array.from({ length: 60 }, (_, i) => `- ${i}× "${'why **bold** @everyone <@123> '.repeat(3)}"`).join('\n');
    const id = await h.adapter.postText!(h.fake.ids.channel, `dockhand weekly report\n${long}`);
    const post = h.fake.requests.find((r) => r.method === 'POST' && r.path === `/channels/${h!.fake.ids.channel}/messages`)!;
    const body = messageOf(post);
    expect(id).toMatch(/^\d+$/);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.content!.length).toBeLessThanOrEqual(2000);
    expect(body.content).toMatch(/^dockhand weekly report\n/);
    expect(body.content).not.toContain('@everyone');
    expect(body.content).not.toContain('**bold**');
    expect(body.content).toContain('\\*\\*bold\\*\\*');
  });

  it('treats a malformed channel id as gone without calling Discord', async () => {
    h = await startHarness();
    await expect(h.adapter.postText!('C0123SLACK', 'x')).rejects.toBeInstanceOf(PostError);
  });
});
