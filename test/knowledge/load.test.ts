import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { checkKnowledge, loadKnowledge } from '../../src/knowledge/load.ts';
import { KnowledgeError } from '../../src/knowledge/errors.ts';
import { note, writeKnowledge } from '../support/kb.ts';

const BIN = new URL('../../bin/dockhand.js', import.meta.url).pathname;

function kbCheck(dir: string) {
  return spawnSync(process.execPath, [BIN, 'kb', 'check', '--knowledge', dir], { encoding: 'utf8' });
}

describe('knowledge loading', () => {
  it('loads valid notes with both languages, examples and cross links', () => {
    const dir = writeKnowledge({ 'cli/alpha.md': note('alpha', { related: ['beta'] }), 'cli/beta.md': note('beta') });
    const kb = loadKnowledge(dir);
    expect(kb.topics.map((t) => t.id)).toEqual(['alpha', 'beta']);
    const alpha = kb.byId.get('alpha')!;
    expect(alpha.group).toBe('cli');
    expect(alpha.body.en.summary).toBe('A summary of alpha.');
    expect(alpha.body.zh.examples).toEqual([{ lang: 'bash', code: 'docker ps' }]);
    expect(alpha.related).toEqual(['beta']);
  });

  it('refuses ---js front matter without running it', () => {
    const marker = `${process.pid}-${Date.now()}`;
    const evil = `---js\n{ id: (globalThis.pwned = "${marker}") }\n---\n\n## en\n\nx\n\n## zh\n\nx\n`;
    const dir = writeKnowledge({ 'cli/evil.md': evil });
    const { problems } = checkKnowledge(dir);
    expect((globalThis as { pwned?: string }).pwned).toBeUndefined();
    expect(problems).toContainEqual(expect.objectContaining({ file: 'cli/evil.md', field: 'front matter' }));
    const run = kbCheck(dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('cli/evil.md: front matter:');
  });

  it('hints at the fix for an unquoted colon and for a tab indent in front matter', () => {
    const colon = note('alpha').replace('  en: Title of alpha', '  en: CMD: the default command');
    const tab = note('beta').replace('  en: Title of beta', '\ten: Title of beta');
    const { problems } = checkKnowledge(writeKnowledge({ 'cli/alpha.md': colon, 'cli/beta.md': tab }));
    const of = (file: string) => problems.find((p) => p.file === file && p.field === 'front matter')?.message;
    expect(of('cli/alpha.md')).toContain('hint: quote values that contain a colon');
    expect(of('cli/beta.md')).toContain('hint: indent with spaces, not tabs');
  });

  it('reports a missing zh title with its path and field', () => {
    const broken = note('alpha').replace(/\n {2}zh: alpha 的标题/, '');
    const dir = writeKnowledge({ 'cli/alpha.md': broken });
    expect(() => loadKnowledge(dir)).toThrow(KnowledgeError);
    const run = kbCheck(dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/cli\/alpha\.md: title\.zh: /);
  });

  it('reports an unknown related id', () => {
    const dir = writeKnowledge({ 'cli/alpha.md': note('alpha', { related: ['nowhere'] }) });
    const run = kbCheck(dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('cli/alpha.md: related[0]: unknown topic id "nowhere"');
  });

  it('reports a duplicate alias across files, naming both', () => {
    const dir = writeKnowledge({ 'cli/alpha.md': note('alpha', { aliasEn: 'Same Thing' }), 'cli/beta.md': note('beta', { aliasEn: 'same  thing' }) });
    const run = kbCheck(dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('cli/beta.md: aliases.en[0]: duplicate alias "same  thing" (also in cli/alpha.md)');
  });

  it('reports an alias a note lists twice', () => {
    const dir = writeKnowledge({ 'cli/alpha.md': note('alpha', { aliasEn: 'Twice, twice  ' }).replace('en: [Twice, twice  ]', 'en: [twice, TWICE]') });
    const { problems } = checkKnowledge(dir);
    expect(problems).toContainEqual({ file: 'cli/alpha.md', field: 'aliases.en[1]', message: 'alias "TWICE" is listed twice' });
  });

  it('prints every problem at once', () => {
    const dir = writeKnowledge({
      'cli/alpha.md': note('alpha', { related: ['ghost'] }),
      'cli/beta.md': note('beta').replace('id: beta', 'id: gamma'),
      'cli/delta.md': note('delta').replace('## zh', '## fr'),
    });
    const { problems } = checkKnowledge(dir);
    const fields = problems.map((p) => `${p.file} ${p.field}`);
    expect(fields).toEqual(expect.arrayContaining(['cli/alpha.md related[0]', 'cli/beta.md id', 'cli/delta.md body.zh']));
  });

  it('rejects untagged code fences, tables and missing summaries', () => {
    const body = '---\nid: alpha\ntitle: {en: A, zh: 甲}\naliases: {en: [a1], zh: [甲一]}\ntags: [x]\n---\n\n## en\n\n- not a summary\n\n```\ncode\n```\n\n| a | b |\n\n## zh\n\n总结。\n\n```bash\nx\n```\n';
    const { problems } = checkKnowledge(writeKnowledge({ 'cli/alpha.md': body }));
    const messages = problems.map((p) => `${p.field}: ${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'body.en.summary: the first line must be a summary sentence',
        'body.en: code block without a language tag (use dockerfile, bash, yaml, json or text)',
        'body.en: tables do not render in chat; use bullets',
      ]),
    );
  });

  it('reports a zh body far thinner than the en one, and a different number of code blocks', () => {
    const long = `${'This explanation goes on at length about the topic. '.repeat(30)}\n\n\`\`\`bash\ndocker ps\n\`\`\``;
    const thin = note('alpha').replace('Some explanation of alpha in English.', long).replace(/## zh[\s\S]*$/, '## zh\n\n很短。\n');
    const { problems } = checkKnowledge(writeKnowledge({ 'cli/alpha.md': thin }));
    const zh = problems.filter((p) => p.field === 'body.zh').map((p) => p.message);
    expect(zh).toEqual([expect.stringContaining('differ too much in substance'), 'zh has 0 code blocks, en has 2']);
  });

  it('fails loudly on a missing directory', () => {
    expect(() => loadKnowledge('/nonexistent/dockhand')).toThrow(/cannot read the knowledge directory/);
  });
});
