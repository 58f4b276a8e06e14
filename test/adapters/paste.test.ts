import { describe, expect, it } from 'vitest';
import { asDockerfileBlock, fileOf, unwrapFences, withFile } from '../../adapters/paste.ts';
import { findDockerfile } from '../../src/lint/chat.ts';

describe('unwrapFences and fileOf', () => {
  it('puts Slack\'s inline fences on lines of their own and keeps a language tag', () => {
    expect(unwrapFences('```FROM node\nRUN x```')).toBe('```\nFROM node\nRUN x\n```');
    expect(unwrapFences('look ```dockerfile\nFROM node\n``` ok')).toBe('look ```dockerfile\nFROM node\n``` ok');
    expect(unwrapFences('```docker run -d nginx```')).toBe('```\ndocker run -d nginx\n```');
    expect(unwrapFences('no fences here')).toBe('no fences here');
    expect(unwrapFences('`'.repeat(30_000)).length).toBeGreaterThan(0);
  });

  it('stays linear on a wall of fences with no line break (a hostile message)', () => {
    const wall = '```'.repeat(33_000);
    const started = performance.now();
    const out = unwrapFences(wall);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(out.split('```')).toHaveLength(33_001);
  });

  it('takes the first code block, else the whole text', () => {
    expect(fileOf('```FROM node\nRUN x```')).toBe('FROM node\nRUN x');
    expect(fileOf('please ```\nFROM a\n``` thanks')).toBe('FROM a');
    expect(fileOf('  FROM a\nRUN b  ')).toBe('FROM a\nRUN b');
  });
});

describe('withFile and asDockerfileBlock', () => {
  it('joins the text and a file as a code block, tagged when it is a Dockerfile', () => {
    expect(withFile('why?', { text: 'log line\r\n\n', dockerfile: false })).toBe('why?\n```\nlog line\n```');
    expect(withFile('', { text: 'CMD x', dockerfile: true })).toBe('```dockerfile\nCMD x\n```');
    expect(withFile('see', { text: 'a ```b``` c', dockerfile: false })).toBe('see\na ```b``` c');
  });

  it('makes any file a tagged block the linter reads, even one instruction, and a fence inside cannot close it', () => {
    expect(findDockerfile(asDockerfileBlock('CMD node a.js'))?.dockerfile).toBe('CMD node a.js');
    expect(asDockerfileBlock('RUN echo ```')).toBe("```dockerfile\nRUN echo '''\n```");
  });
});
