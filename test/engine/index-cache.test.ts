import { mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.ts';
import { loadIndexed } from '../../src/engine/index-cache.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/paths.ts';
import { note, writeKnowledge } from '../support/kb.ts';

const QUESTIONS = ['cmd vs entrypoint', 'docker 卷怎么用', 'contianer keeps restarting', 'Bind for 0.0.0.0:80 failed: port is already allocated', 'whats the weather'];

describe('the index cache', () => {
  it('answers exactly as a freshly built index, and is used on the second load', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'dockhand-cache-'));
    const first = await loadIndexed(DEFAULT_KNOWLEDGE_DIR, cacheDir);
    const second = await loadIndexed(DEFAULT_KNOWLEDGE_DIR, cacheDir);
    expect([first.cached, second.cached]).toEqual([false, true]);
    const fresh = createEngine(first.kb, { index: first.index });
    const cached = createEngine(second.kb, { index: second.index });
    for (const q of QUESTIONS) expect(cached.explain(q), q).toEqual(fresh.explain(q));
  });

  it('is rebuilt when a note changes, and a corrupt file is ignored', async () => {
    const dir = writeKnowledge({ 'cli/alpha.md': note('alpha'), 'cli/beta.md': note('beta') });
    const cacheDir = mkdtempSync(join(tmpdir(), 'dockhand-cache-'));
    expect((await loadIndexed(dir, cacheDir)).cached).toBe(false);
    writeFileSync(join(dir, 'cli/beta.md'), note('beta', { aliasEn: 'a brand new alias' }));
    utimesSync(join(dir, 'cli/beta.md'), new Date(), new Date(Date.now() + 5000));
    const changed = await loadIndexed(dir, cacheDir);
    expect(changed.cached).toBe(false);
    expect(changed.kb.byId.get('beta')!.aliases.en).toEqual(['a brand new alias']);
    const [file] = readdirSync(cacheDir);
    expect(readdirSync(cacheDir)).toHaveLength(1);
    writeFileSync(join(cacheDir, file!), '{"format": 1, "topics": [');
    expect((await loadIndexed(dir, cacheDir)).cached).toBe(false);
  });

  it('never caches a broken knowledge base', async () => {
    const dir = writeKnowledge({ 'cli/alpha.md': note('alpha', { related: ['nowhere'] }) });
    const cacheDir = mkdtempSync(join(tmpdir(), 'dockhand-cache-'));
    await expect(loadIndexed(dir, cacheDir)).rejects.toThrow(/unknown topic id/);
    await expect(loadIndexed(dir, cacheDir)).rejects.toThrow(/unknown topic id/);
  });
});
