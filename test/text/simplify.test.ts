import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.ts';
import { toSimplified } from '../../src/text/simplify.ts';
import { realKnowledge } from '../support/kb.ts';

describe('toSimplified', () => {
  it('folds traditional characters, keeps Latin text, punctuation and simplified characters', () => {
    expect(toSimplified('docker常見退出碼')).toBe('docker常见退出码');
    expect(toSimplified('徹底解決 Gcr、Quay 鏡像下載難題!')).toBe('彻底解决 Gcr、Quay 镜像下载难题!');
    expect(toSimplified('怎么看容器的日志')).toBe('怎么看容器的日志');
    expect(toSimplified('port is already allocated')).toBe('port is already allocated');
  });

  it('folds at the very start and end, and keeps characters outside the basic plane and emoji', () => {
    expect(toSimplified('碼')).toBe('码');
    expect(toSimplified('鏡像 pull 失敗')).toBe('镜像 pull 失败');
    expect(toSimplified('𠮷野家 docker 🐳 碼')).toBe('𠮷野家 docker 🐳 码');
  });

  it('leaves every note unchanged: the notes are simplified Chinese, and the table must not touch them', () => {
    for (const topic of realKnowledge().topics) {
      const zh = [topic.title.zh, ...topic.aliases.zh, topic.body.zh.summary, ...topic.body.zh.sections.map((s) => s.text)].join('\n');
      expect(toSimplified(zh), topic.id).toBe(zh);
    }
  });

  it('lets a traditional-Chinese question reach the same note as the simplified one', () => {
    const engine = createEngine(realKnowledge());
    const id = (q: string) => engine.explain(q).answer.topic?.id;
    expect(id('怎麼看容器的日誌')).toBe(id('怎么看容器的日志'));
    expect(id('怎麼看容器的日誌')).toBe('docker-logs');
  });
});

describe("toSimplified: Taiwan's words", () => {
  it('folds them to the mainland word the notes use', () => {
    expect(toSimplified('容器無法連線到網路')).toBe('容器无法连接到网络');
    expect(toSimplified('記憶體不足')).toBe('内存不足');
  });
});
