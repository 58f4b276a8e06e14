import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.ts';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import { note, writeKnowledge } from '../support/kb.ts';

/** A note declaring `errors`, named after what it is specifically about (the body is note()'s). */
const declaring = (id: string, alias: string, errors: string[]) =>
  note(id, {
    front: [`id: ${id}`, 'title:', `  en: ${alias}`, `  zh: ${id} 的标题`, 'aliases:', `  en: [${alias}]`, `  zh: [${id} 别名]`, 'tags: [docker]', 'checked: engine 29.7', 'related: []', 'errors:', ...errors.map((e) => `  - "${e}"`)].join('\n'),
  });

const kb = loadKnowledge(
  writeKnowledge({
    'network/dns-servers.md': declaring('dns-servers', 'choosing nameservers for the embedded resolver', ['Could not resolve host']),
    'network/external-names.md': declaring('external-names', 'public internet names fail although the machine itself resolves them', ['Could not resolve host']),
    'network/long-fragment.md': declaring('long-fragment', 'proxy handshake troubles', ['Could not resolve host: proxy.internal.example']),
  }),
);
const engine = createEngine(kb, { gate: null });
const answered = (q: string) => engine.explain(q).answer.topic?.id;

describe('engine: pasted errors', () => {
  it('breaks a tie between notes declaring the same message by what the rest of the question says', () => {
    expect(answered('curl: (6) Could not resolve host: github.com — public internet names fail, the machine itself resolves them')).toBe('external-names');
    expect(answered('Could not resolve host: db, which nameservers does the embedded resolver use?')).toBe('dns-servers');
  });

  it('offers the other note that declares the message as "did you mean"', () => {
    const answer = engine.explain('Could not resolve host: db, which nameservers does the embedded resolver use?').answer;
    expect(answer.suggestions.map((s) => s.id)).toContain('external-names');
  });

  it('still prefers the note whose fragment explains more of the paste', () => {
    expect(answered('Could not resolve host: proxy.internal.example — public internet names fail')).toBe('long-fragment');
  });
});
