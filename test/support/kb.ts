import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createEngine } from '../../src/engine/engine.ts';
import { loadKnowledge, type KnowledgeBase } from '../../src/knowledge/load.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/paths.ts';

let cached: KnowledgeBase | null = null;
let engine: ReturnType<typeof createEngine> | null = null;

/** The real, shipped knowledge base, loaded once per test file (strictly: a broken note fails the tests). */
export function realKnowledge(): KnowledgeBase {
  cached ??= loadKnowledge(DEFAULT_KNOWLEDGE_DIR);
  return cached;
}

/** The real engine over the shipped knowledge base, built once per test file. */
export function realEngine(): ReturnType<typeof createEngine> {
  engine ??= createEngine(realKnowledge());
  return engine;
}

/** Writes `files` (relative path → content) into a fresh temporary knowledge directory. */
export function writeKnowledge(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dockhand-kb-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** A small valid note; `front` replaces front-matter lines by key prefix. */
export function note(id: string, options: { front?: string; aliasEn?: string; aliasZh?: string; related?: string[] } = {}): string {
  const front =
    options.front ??
    [
      `id: ${id}`,
      'title:',
      `  en: Title of ${id}`,
      `  zh: ${id} 的标题`,
      'aliases:',
      `  en: [${options.aliasEn ?? `${id} alias`}]`,
      `  zh: [${options.aliasZh ?? `${id} 别名`}]`,
      'tags: [docker]',
      'checked: engine 29.7',
      `related: [${(options.related ?? []).join(', ')}]`,
    ].join('\n');
  return `---\n${front}\n---\n\n## en\n\nA summary of ${id}.\n\nSome explanation of ${id} in English.\n\n\`\`\`bash\ndocker ps\n\`\`\`\n\n## zh\n\n${id} 的一句话总结。\n\n关于 ${id} 的中文解释，内容相当。\n\n\`\`\`bash\ndocker ps\n\`\`\`\n`;
}
