import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprint, loadIndexed } from '../../src/engine/index-cache.ts';
import { describeLayers } from '../../src/knowledge/describe.ts';
import { resolveLayers, type KnowledgeLayer } from '../../src/knowledge/layers.ts';
import { checkKnowledge, loadKnowledge } from '../../src/knowledge/load.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/paths.ts';
import { note, writeKnowledge } from '../support/kb.ts';

/** Two real folders named as a user would write them, relative to their parent. */
function stack(base: Record<string, string>, team: Record<string, string>): { cwd: string; layers: KnowledgeLayer[] } {
  const cwd = mkdtempSync(join(tmpdir(), 'dockhand-layers-'));
  for (const [folder, files] of [['base', base], ['team', team]] as const) {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(cwd, folder, path, '..'), { recursive: true });
      writeFileSync(join(cwd, folder, path), text);
    }
  }
  return { cwd, layers: resolveLayers(['base', 'team'], { cwd, bundledDir: DEFAULT_KNOWLEDGE_DIR }) };
}

describe('resolving the knowledge folders', () => {
  it('resolves relative folders against cwd; "bundled" (and "knowledge" where cwd has none) names the shipped notes', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'dockhand-layers-'));
    const layers = resolveLayers(['bundled', '../our-notes/', 'knowledge'], { cwd, bundledDir: DEFAULT_KNOWLEDGE_DIR });
    expect(layers.map((l) => [l.dir, l.bundled])).toEqual([
      [DEFAULT_KNOWLEDGE_DIR, true],
      [join(cwd, '..', 'our-notes'), false],
      [DEFAULT_KNOWLEDGE_DIR, true],
    ]);
    expect(layers[1]!.name).toBe('../our-notes');
    mkdirSync(join(cwd, 'knowledge'));
    expect(resolveLayers(['knowledge'], { cwd, bundledDir: DEFAULT_KNOWLEDGE_DIR })[0]).toEqual({ dir: join(cwd, 'knowledge'), name: 'knowledge', bundled: false });
    expect(resolveLayers(null, { cwd, bundledDir: DEFAULT_KNOWLEDGE_DIR }).map((l) => l.dir)).toEqual([DEFAULT_KNOWLEDGE_DIR]);
  });
});

describe('a team folder on top of the bundled notes', () => {
  it('replaces a bundled note entirely, reports it as an override (not a problem) and counts each folder', () => {
    const team = writeKnowledge({ 'cli/docker-ps.md': note('docker-ps', { aliasEn: 'our ps wrapper', related: ['volumes'] }), 'ours/deploy.md': note('deploy', { related: ['docker-ps'] }) });
    const layers = [...resolveLayers(['bundled'], { cwd: process.cwd(), bundledDir: DEFAULT_KNOWLEDGE_DIR }), { dir: team, name: 'our-notes', bundled: false }];
    const checked = checkKnowledge(layers);
    expect(checked.problems).toEqual([]);
    const bundledCount = checkKnowledge(DEFAULT_KNOWLEDGE_DIR).topics.length;
    expect(checked.topics).toHaveLength(bundledCount + 1);
    const ps = checked.topics.find((t) => t.id === 'docker-ps')!;
    // The whole note comes from the team folder: none of the bundled aliases survive.
    expect(ps.aliases.en).toEqual(['our ps wrapper']);
    expect(ps.body.en.summary).toBe('A summary of docker-ps.');
    expect(ps.file).toBe('our-notes/cli/docker-ps.md');
    expect(checked.overrides).toEqual([{ id: 'docker-ps', file: 'our-notes/cli/docker-ps.md', replaced: expect.stringMatching(/knowledge\/cli\/docker-ps\.md$/) }]);
    expect(checked.layers.map((l) => [l.bundled, l.notes, l.overrides])).toEqual([[true, bundledCount, 0], [false, 2, 1]]);
    expect(describeLayers(checked.layers)[1]).toBe("knowledge folder our-notes: 2 notes, 1 replacing an earlier folder's note");
  });

  it('lets a related id point into any folder, and still reports one that is nowhere', () => {
    const ok = stack({ 'cli/alpha.md': note('alpha', { related: ['beta'] }) }, { 'cli/beta.md': note('beta', { related: ['alpha'] }) });
    expect(checkKnowledge(ok.layers).problems).toEqual([]);
    const bad = stack({ 'cli/alpha.md': note('alpha') }, { 'cli/beta.md': note('beta', { related: ['ghost'] }) });
    expect(checkKnowledge(bad.layers).problems).toEqual([{ file: 'team/cli/beta.md', field: 'related[0]', message: 'unknown topic id "ghost"' }]);
  });

  it('names the later folder’s file first for a duplicate alias, also when the alias is a later id', () => {
    const { layers } = stack({ 'cli/alpha.md': note('alpha', { aliasEn: 'shared words, gamma' }) }, { 'cli/beta.md': note('beta', { aliasEn: 'Shared  Words' }), 'cli/gamma.md': note('gamma') });
    expect(checkKnowledge(layers).problems).toEqual([
      { file: 'team/cli/gamma.md', field: 'id', message: 'id "gamma" is already an alias of base/cli/alpha.md (aliases.en[1])' },
      { file: 'team/cli/beta.md', field: 'aliases.en[0]', message: 'duplicate alias "Shared  Words" (also in base/cli/alpha.md)' },
    ]);
  });

  it('keeps a duplicate id inside one folder an error, and reports a missing or twice-listed folder by name', () => {
    const { layers } = stack({ 'cli/alpha.md': note('alpha'), 'more/alpha.md': note('alpha', { aliasEn: 'other', aliasZh: '其他' }) }, { 'cli/beta.md': note('beta') });
    expect(checkKnowledge(layers).problems).toContainEqual({ file: 'base/more/alpha.md', field: 'id', message: 'duplicate id "alpha" (also in base/cli/alpha.md)' });
    const cwd = mkdtempSync(join(tmpdir(), 'dockhand-layers-'));
    const missing = checkKnowledge(resolveLayers(['bundled', 'nowhere', 'bundled'], { cwd, bundledDir: DEFAULT_KNOWLEDGE_DIR }));
    expect(missing.problems).toEqual(
      expect.arrayContaining([
        { file: 'nowhere', field: 'file', message: expect.stringContaining('cannot read the knowledge directory') },
        { file: expect.stringMatching(/knowledge$/), field: 'file', message: 'is listed twice in the knowledge folders' },
      ]),
    );
    expect(() => loadKnowledge(resolveLayers(['nowhere'], { cwd, bundledDir: DEFAULT_KNOWLEDGE_DIR }))).toThrow(/nowhere: file: cannot read the knowledge directory/);
  });

  it('changes the version when any note in any folder changes', () => {
    const { cwd, layers } = stack({ 'cli/alpha.md': note('alpha') }, { 'cli/beta.md': note('beta') });
    const before = checkKnowledge(layers).version;
    expect(checkKnowledge(layers).version).toBe(before);
    writeFileSync(join(cwd, 'team', 'cli', 'beta.md'), note('beta', { aliasEn: 'edited' }));
    expect(checkKnowledge(layers).version).not.toBe(before);
  });
});

describe('the index cache over several folders', () => {
  it('keys on every folder, so adding or editing a team folder never serves a stale index', async () => {
    const { cwd, layers } = stack({ 'cli/alpha.md': note('alpha') }, { 'cli/beta.md': note('beta') });
    const cacheDir = mkdtempSync(join(tmpdir(), 'dockhand-cache-'));
    expect(fingerprint(layers)).not.toBe(fingerprint([layers[0]!]));
    expect((await loadIndexed([layers[0]!], cacheDir)).kb.topics.map((t) => t.id)).toEqual(['alpha']);
    const both = await loadIndexed(layers, cacheDir);
    expect([both.cached, both.kb.topics.map((t) => t.id)]).toEqual([false, ['alpha', 'beta']]);
    const again = await loadIndexed(layers, cacheDir);
    expect(again.cached).toBe(true);
    expect(again.kb.layers!.map((l) => l.notes)).toEqual([1, 1]);
    writeFileSync(join(cwd, 'team', 'cli', 'gamma.md'), note('gamma'));
    const grown = await loadIndexed(layers, cacheDir);
    expect([grown.cached, grown.kb.topics.map((t) => t.id)]).toEqual([false, ['alpha', 'beta', 'gamma']]);
  });
});
