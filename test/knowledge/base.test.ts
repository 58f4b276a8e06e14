import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { realKnowledge } from '../support/kb.ts';

/** The catalogue the knowledge base must cover; it lives beside the repo in CI and on laptops. */
function catalogue(): { id: string; group: string }[] | null {
  try {
    const text = readFileSync(new URL('../../../shared/topics-v2.tsv', import.meta.url), 'utf8');
    return text
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => {
        const [id, group] = line.split('\t');
        return { id: id!, group: group! };
      });
  } catch {
    return null;
  }
}

describe('the shipped knowledge base', () => {
  const kb = realKnowledge();

  it('loads clean (the same validation as startup)', () => {
    expect(kb.topics.length).toBeGreaterThanOrEqual(193);
  });

  it('says which Docker versions every note was checked against', () => {
    for (const t of kb.topics) expect(t.checked, t.id).toMatch(/^engine 29(\.\d+)*/);
  });

  it('declares the error messages every troubleshooting note explains', () => {
    const troubleshooting = kb.topics.filter((t) => t.group === 'troubleshoot');
    expect(troubleshooting.length).toBeGreaterThanOrEqual(16);
    for (const t of troubleshooting) expect(t.errors.length, t.id).toBeGreaterThan(0);
  });

  // shared/ sits beside the repository in the workspace and in CI; elsewhere the check is skipped, visibly.
  const rows = catalogue();
  it.skipIf(!rows)('covers every catalogue id in its group', () => {
    for (const row of rows!) {
      const topic = kb.byId.get(row.id);
      expect(topic, `missing topic ${row.id}`).toBeDefined();
      expect(topic!.group, row.id).toBe(row.group);
    }
  });

  it('marks about 60 topics as daily tips, each short enough for a chat message', () => {
    const tips = kb.topics.filter((t) => t.tip);
    expect(tips.length).toBeGreaterThanOrEqual(50);
    for (const t of tips) {
      expect(t.tip!.en.length + (t.tip!.example?.code.length ?? 0), t.id).toBeLessThanOrEqual(800);
      expect(t.tip!.example?.code.split('\n').length ?? 0, t.id).toBeLessThanOrEqual(8);
    }
  });

  it('tags every code block and gives both languages the same examples count', () => {
    for (const t of kb.topics) {
      for (const lang of ['en', 'zh'] as const) {
        for (const ex of t.body[lang].examples) expect(['dockerfile', 'bash', 'yaml', 'json', 'text', 'ini', 'sh'], `${t.id} ${lang}`).toContain(ex.lang);
      }
    }
  });

  it('opens comparison topics with bullets setting the sides against each other', () => {
    for (const t of kb.topics.filter((x) => x.id.includes('-vs-'))) {
      for (const lang of ['en', 'zh'] as const) {
        const first = t.body[lang].sections[0]?.text ?? '';
        expect(first.startsWith('- '), `${t.id} ${lang}`).toBe(true);
      }
    }
  });
});
