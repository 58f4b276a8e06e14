// Slack's side of the image test: the loopback fake Slack (Web API and response_url) that the
// container's Bolt app talks to, and the signed requests Slack would send it. Run inside the
// container's network namespace (nsenter -n), so both ends stay on that namespace's loopback.
//
// Protocol, one line each way: it prints {"apiUrl"} once listening, then reads commands on stdin
// and prints one JSON line per command:
//   slash TEXT        signed /docker TEXT → {"status", "reply"} (reply: the response_url body)
//   badsig            /docker with a wrong signature → {"status"}
//   posts             → {"count"} of chat.postMessage calls so far
//   waitposts N SECS  waits until N posts → {"count"} (or {"error"} after SECS)
import { createInterface } from 'node:readline';
import { startFakeSlack } from '../../test/support/fake-slack.ts';
import { SIGNING_SECRET, postSigned, slashBody } from '../../test/support/fake-slack-requests.ts';

const appUrl = process.argv[2] ?? 'http://127.0.0.1:3000';
const fake = await startFakeSlack();
// The channel slashBody() sends from, with the bot in it, so `tips on` may subscribe it.
fake.channels.set('C0001', { is_member: true });
const out = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
const posts = () => fake.callsTo('chat.postMessage').length;

async function slash(text: string): Promise<unknown> {
  const responseUrl = fake.responseUrl();
  const { status } = await postSigned(appUrl, slashBody({ text, responseUrl }), { secret: SIGNING_SECRET });
  const replies = await fake.waitFor(() => (fake.repliesTo(responseUrl).length ? fake.repliesTo(responseUrl) : null), `a reply to /docker ${text}`, 20_000);
  return { status, reply: replies[replies.length - 1] };
}

async function command(line: string): Promise<unknown> {
  const [verb = '', ...rest] = line.trim().split(' ');
  if (verb === 'slash') return slash(rest.join(' '));
  if (verb === 'badsig') {
    const body = slashBody({ text: 'cmd vs entrypoint', responseUrl: fake.responseUrl() });
    return { status: (await postSigned(appUrl, body, { signature: 'v0=0000000000000000000000000000000000000000000000000000000000000000' })).status };
  }
  if (verb === 'posts') return { count: posts() };
  if (verb === 'waitposts') {
    const [n = '1', secs = '60'] = rest;
    return { count: await fake.waitFor(() => (posts() >= Number(n) ? posts() : null), `${n} tip post(s)`, Number(secs) * 1000) };
  }
  return { error: `unknown command: ${line}` };
}

out({ apiUrl: fake.apiUrl });
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  try {
    out(await command(line));
  } catch (error) {
    out({ error: (error as Error).message });
  }
}
await fake.close();
process.exit(0);
