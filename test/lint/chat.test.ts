import { describe, expect, it } from 'vitest';
import { renderAnswer as renderDiscord } from '../../adapters/discord/render.ts';
import { renderAnswer as renderSlack } from '../../adapters/slack/render.ts';
import { createEngine } from '../../src/engine/engine.ts';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import { formatText } from '../../src/lint/format.ts';
import { findDockerfile } from '../../src/lint/chat.ts';
import { lint } from '../../src/lint/index.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/paths.ts';
import { renderText } from '../../src/render/text.ts';
import { bigDockerfile } from '../../bench/lint.ts';

const kb = loadKnowledge(DEFAULT_KNOWLEDGE_DIR);
// The ranking's gate does not matter here: a paste never reaches it.
const engine = createEngine(kb, { gate: null });

const FILE = `FROM node
WORKDIR /app
COPY . .
RUN npm install
RUN apt-get update
CMD node index.js`;

describe('findDockerfile', () => {
  it('finds a code block, several instruction lines, and "lint this:" + one line', () => {
    expect(findDockerfile('what is wrong here?\n```dockerfile\nCMD node a.js\n```')?.dockerfile).toBe('CMD node a.js');
    expect(findDockerfile(`${FILE}\nanything wrong?`)?.dockerfile).toBe(FILE);
    expect(findDockerfile(`${FILE}\nanything wrong?`)?.prose).toBe('anything wrong?');
    expect(findDockerfile('lint this: RUN sudo apt-get update')?.dockerfile).toBe(' RUN sudo apt-get update');
    expect(findDockerfile('帮我检查一下这个 Dockerfile：\nFROM ubuntu\nRUN apt-get update')).not.toBeNull();
  });

  it('leaves questions alone, even ones that quote an instruction', () => {
    for (const q of [
      'what does RUN apt-get update do',
      'cmd vs entrypoint',
      'RUN vs CMD',
      'Run the container from my laptop\nAdd a volume\nCopy the files',
      'FROM ubuntu\n为什么 docker run myimg ls 不输出 hello',
      '```bash\ndocker run -d nginx\n```',
      '',
      '```'.repeat(3000),
      'FROM '.repeat(3000),
    ]) expect(findDockerfile(q), q.slice(0, 40)).toBeNull();
  });
});

describe('a pasted Dockerfile in chat', () => {
  it('gets a lint answer from the engine; the ranking (what eval scores) is unchanged', () => {
    const answer = engine.answer(`${FILE}\nwhat's wrong with this?`);
    expect(answer.kind).toBe('lint');
    expect(answer.lint!.findings.map((f) => f.rule)).toEqual(lint(FILE).findings.map((f) => f.rule));
    expect(answer.related.map((r) => r.id)).toContain('shell-vs-exec-form');
    expect(engine.explain(`${FILE}\nwhat's wrong with this?`).answer.kind).not.toBe('lint');
    expect(engine.answer('what does RUN apt-get update do').kind).not.toBe('lint');
  });

  it('answers a question asked around the paste, and adds what the lint found', () => {
    const answer = engine.answer('FROM ubuntu\nCMD echo hello\nUSER app\nwhat is the difference between cmd and entrypoint');
    expect(answer.kind).not.toBe('lint');
    expect(answer.lint!.findings.map((f) => f.rule)).toEqual(['DH001', 'DH006']);
    expect(renderText(answer)).toContain('DH006 (line 2)');
  });

  it('renders the same findings in the CLI, the terminal, Slack and Discord', () => {
    const answer = engine.answer(`${FILE}\nwhat's wrong with this?`);
    const expected = lint(FILE).findings;
    const cli = formatText('Dockerfile', lint(FILE), 'en');
    const terminal = renderText(answer, { color: false });
    const slack = JSON.stringify(renderSlack(answer, { ephemeral: true, command: '/docker' }).blocks);
    const discord = JSON.stringify(renderDiscord(answer).embeds);
    for (const f of expected) {
      expect(cli).toContain(`Dockerfile:${f.line} ${f.rule}`);
      for (const [name, out] of [['terminal', terminal], ['slack', slack], ['discord', discord]] as const) {
        expect(out, `${name} ${f.rule}`).toContain(f.rule);
        expect(out, `${name} line ${f.line}`).toContain(`Line ${f.line}`);
      }
    }
    const buttons = renderDiscord(answer).components.flatMap((row) => row.components.map((b) => b.custom_id));
    expect(buttons).toContain('dh:t:shell-vs-exec-form:en');
  });

  it('says "no findings" and lists the checks for a clean file', () => {
    const clean = 'FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nUSER node\nCMD ["node", "index.js"]';
    const answer = engine.answer(clean);
    expect(answer.title).toBe('Dockerfile check: no findings');
    expect(renderText(answer)).toContain('DH020');
    expect(engine.answer(clean, { lang: 'zh' }).title).toContain('没有发现问题');
  });

  it('answers a 2,000-line file within every platform limit and says how many findings were cut', () => {
    const text = bigDockerfile(2000).replace(/\nEOF\n$/, '\n').replace(/USER node/g, 'USER root').replace(/FROM node:22-bookworm/g, 'FROM node');
    const start = performance.now();
    const answer = engine.answer(text);
    expect(performance.now() - start).toBeLessThan(3000);
    expect(answer.lint!.cut.findings).toBeGreaterThan(0);
    expect(renderText(answer)).toContain(`${answer.lint!.cut.findings} more findings`);
    const slack = renderSlack(answer, { ephemeral: true, command: '/docker' });
    expect(slack.blocks.length).toBeLessThanOrEqual(50);
    for (const b of slack.blocks) if (b.type === 'section') expect(b.text!.text.length).toBeLessThanOrEqual(3000);
    expect(JSON.stringify(slack.blocks)).toContain('more findings');
    const discord = renderDiscord(answer);
    const embed = discord.embeds[0]!;
    expect((embed.description ?? '').length).toBeLessThanOrEqual(4096);
    expect(embed.description).toContain('more findings');
    expect(discord.components.length).toBeLessThanOrEqual(5);
    for (const row of discord.components) expect(row.components.length).toBeLessThanOrEqual(5);
  });
});
