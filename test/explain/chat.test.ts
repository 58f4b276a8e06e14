/** Explain in chat: the router's choice, the same explanation in CLI, terminal, Slack and Discord, and the limits with a 4 kB command. */
import { describe, expect, it } from 'vitest';
import { renderAnswer as renderDiscord } from '../../adapters/discord/render.ts';
import { renderAnswer as renderSlack } from '../../adapters/slack/render.ts';
import { bigCommand } from '../../bench/explain.ts';
import { createEngine } from '../../src/engine/engine.ts';
import { explainCli } from '../../src/explain/cli.ts';
import { explainCommand } from '../../src/explain/explain.ts';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/paths.ts';
import { renderText } from '../../src/render/text.ts';
import { route } from '../../src/router.ts';

const kb = loadKnowledge(DEFAULT_KNOWLEDGE_DIR);
const engine = createEngine(kb, { gate: null });
const COMMAND = 'docker run -d --restart unless-stopped -p 8080:80 -v $(pwd)/data:/data --network host --privileged nginx:1.27 nginx -g "daemon off;"';

describe('explain in chat', () => {
  it('routes commands, Dockerfiles and questions from one place', () => {
    expect(route(COMMAND).kind).toBe('command');
    expect(route('what does this do?\n```bash\n' + COMMAND + '\n```').kind).toBe('command');
    expect(route('FROM node:22\nRUN npm ci\nCMD ["node", "a.js"]').kind).toBe('dockerfile');
    for (const q of ['what does -p do?', 'docker run -d', 'what does docker run -p 8080:80 do', 'docker ps', 'cmd vs entrypoint', 'RUN docker build .']) expect(route(q).kind, q).toBe('question');
  });

  it('answers a pasted command with an explain Answer; a question that mentions one still gets the note', () => {
    const answer = engine.answer(COMMAND);
    expect(answer.kind).toBe('explain');
    expect(answer.explain!.risks.map((r) => r.flag)).toEqual(['--privileged', '--network']);
    expect(answer.related.map((r) => r.id)).toContain('privileged-and-capabilities');
    expect(engine.answer('what does -p do?').topic?.id).toBe('port-mapping');
    expect(engine.explain(COMMAND).answer.kind).not.toBe('explain');
    const zh = engine.answer('这条命令是什么意思？\n```bash\n' + COMMAND + '\n```');
    expect(zh.kind).toBe('explain');
    expect(zh.lang).toBe('zh');
    expect(renderText(zh)).toContain('高风险');
  });

  it('renders the same explanation in the CLI, the terminal, Slack and Discord', async () => {
    let cli = '';
    await explainCli([COMMAND], DEFAULT_KNOWLEDGE_DIR, (t) => (cli += t));
    const answer = engine.answer(COMMAND);
    const terminal = renderText(answer, { color: false });
    const slack = JSON.stringify(renderSlack(answer, { ephemeral: true, command: '/docker' }).blocks);
    const discord = JSON.stringify(renderDiscord(answer).embeds);
    const e = explainCommand(COMMAND)!;
    for (const [name, out] of [['cli', cli], ['terminal', terminal], ['slack', slack], ['discord', discord]] as const) {
      for (const a of e.args) expect(out, `${name} ${a.flag}`).toContain(a.value === null ? a.flag : `${a.flag} ${a.value}`);
      expect(out, name).toContain('nginx:1.27');
      expect(out, name).toContain("nginx -g 'daemon off;'");
      expect(out, name).toContain('⚠');
      expect(out, name).toContain('high risk');
    }
    expect(cli.trim()).toBe(terminal.trim());
    // Risks come first.
    expect(terminal.indexOf('--privileged')).toBeLessThan(terminal.indexOf('-d` '));
    const buttons = renderDiscord(answer).components.flatMap((row) => row.components.map((b) => b.custom_id));
    expect(buttons).toContain('dh:t:privileged-and-capabilities:en');
  });

  it('keeps a 4 kB command within every platform limit and says how many flags were cut', () => {
    const line = bigCommand(4096);
    expect(line.length).toBeLessThanOrEqual(4096);
    for (const lang of ['en', 'zh'] as const) {
      const answer = engine.answer(line, { lang });
      expect(answer.kind).toBe('explain');
      expect(answer.explain!.cut).toBeGreaterThan(0);
      expect(renderText(answer)).toContain(`${answer.explain!.cut}`);
      const slack = renderSlack(answer, { ephemeral: true, command: '/docker' });
      expect(slack.blocks.length).toBeLessThanOrEqual(50);
      for (const b of slack.blocks) if (b.type === 'section') expect(b.text!.text.length).toBeLessThanOrEqual(3000);
      const discord = renderDiscord(answer);
      const embed = discord.embeds[0]!;
      expect((embed.description ?? '').length).toBeLessThanOrEqual(4096);
      expect(embed.description).toContain('⚠');
      expect(JSON.stringify(embed).length).toBeLessThanOrEqual(6000);
      expect(discord.components.length).toBeLessThanOrEqual(5);
      for (const row of discord.components) for (const b of row.components) expect(b.label!.length).toBeLessThanOrEqual(80);
    }
  });

  it('never lets a pasted value ping anyone or break a code span', () => {
    const answer = engine.answer('docker run -e "X=@everyone <!here> `id`" --name "@here" alpine');
    expect(JSON.stringify(renderSlack(answer, { ephemeral: false, command: '/docker' }).blocks)).not.toMatch(/@everyone|@here|<!here>/);
    // Discord strips zero-width characters; pasted values stay inside code spans (embeds never ping, allowed_mentions parses nothing).
    const description = renderDiscord(answer).embeds[0]!.description!;
    expect(description.replace(/`[^`\n]*`/g, '')).not.toMatch(/@everyone|@here|<!here>/);
    expect(description).toContain("'id'");
  });
});
