import { describe, expect, it } from 'vitest';
import { exactKeys } from '../../src/engine/frames.ts';

describe('exactKeys: question frames around a name', () => {
  it.each([
    ['什么是 Docker ?', 'docker'],
    ['Docker 是用来干嘛的', 'docker'],
    ['docker 镜像层是什么', '镜像层'],
    ['docker-compose 是干啥的', 'docker-compose'],
    ['what is a volume used for', 'volume'],
    ['what is the purpose of EXPOSE?', 'expose'],
    ['Docker --privileged 命令详解', 'docker --privileged'],
    ['一文读懂 Docker 多阶段构建', '多阶段构建'],
  ])('%s tries %s', (q, stripped) => {
    expect(exactKeys(q)).toContain(stripped);
  });

  it('drops the spaces next to Chinese characters, keeps those between Latin words', () => {
    expect(exactKeys('docker 镜像 是什么')[0]).toBe('docker镜像是什么');
    expect(exactKeys('docker compose up')).toEqual(['docker compose up', 'compose up']);
  });

  it('keeps "dockerfile" whole: the brand is a frame only before a Chinese term', () => {
    expect(exactKeys('dockerfile是什么')).toContain('dockerfile');
    expect(exactKeys('dockerfile是什么')).not.toContain('file');
  });
});
