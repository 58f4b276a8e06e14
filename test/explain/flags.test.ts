/**
 * The flag table against the sources: every row's long name, short name and whether it takes a
 * value match test/explain/source-flags.json (extracted from docker/cli v29.7.2, docker/compose
 * v5.5.0 and docker/buildx v0.36.1 by scripts/extract-docker-flags.ts), every flag the sources
 * define for a command the table knows has a row, meanings are bilingual and notes exist.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS, COMPOSE_FLAGS, GLOBAL_FLAGS, type FlagDef } from '../../src/explain/flags.ts';

interface SourceFlag {
  short: string | null;
  value: boolean;
  hidden?: boolean;
}
const source = JSON.parse(readFileSync(new URL('./source-flags.json', import.meta.url), 'utf8')) as { commands: Record<string, Record<string, SourceFlag>> };

/** Which source commands each table entry is checked against (`docker build` runs buildx build). */
const SOURCES: Record<string, string[]> = {
  global: ['global'],
  compose: ['compose'],
  ...Object.fromEntries(Object.keys(COMMANDS).map((c) => [c, c === 'build' ? ['build (legacy)', 'buildx build'] : [c]])),
};
const TABLES: Record<string, FlagDef[]> = { global: GLOBAL_FLAGS, compose: COMPOSE_FLAGS, ...Object.fromEntries(Object.entries(COMMANDS).map(([c, d]) => [c, d.flags])) };

const knowledge = join(import.meta.dirname, '../../knowledge');
const notes = new Set(readdirSync(knowledge, { withFileTypes: true }).filter((d) => d.isDirectory()).flatMap((d) => readdirSync(join(knowledge, d.name)).map((f) => f.replace(/\.md$/, ''))));

describe('flag table', () => {
  for (const [command, flags] of Object.entries(TABLES)) {
    it(`${command}: every row matches the source, every source flag has a row`, () => {
      const defined: Record<string, SourceFlag> = Object.assign({}, ...SOURCES[command]!.map((s) => source.commands[s]));
      expect(Object.keys(defined).length + (command === 'tag' ? 1 : 0)).toBeGreaterThan(0);
      const problems: string[] = [];
      for (const f of flags) {
        const d = defined[f.long];
        if (!d) problems.push(`--${f.long}: not in the source`);
        else {
          if (d.short !== f.short) problems.push(`--${f.long}: short ${f.short} but the source says ${d.short}`);
          if (d.value !== f.value) problems.push(`--${f.long}: value ${f.value} but the source says ${d.value}`);
        }
      }
      for (const name of Object.keys(defined)) if (!flags.some((f) => f.long === name)) problems.push(`--${name}: in the source, no row`);
      expect(problems).toEqual([]);
    });
  }

  it('has no duplicate long or short names within a command', () => {
    for (const [command, flags] of Object.entries(TABLES)) {
      const longs = flags.map((f) => f.long);
      const shorts = flags.map((f) => f.short).filter(Boolean);
      expect(new Set(longs).size, command).toBe(longs.length);
      expect(new Set(shorts).size, command).toBe(shorts.length);
    }
  });

  it('says every meaning in both languages and names notes that exist', () => {
    for (const [command, flags] of Object.entries(TABLES)) {
      for (const f of flags) {
        expect(f.text.en.trim(), `${command} --${f.long}`).not.toBe('');
        expect(f.text.zh, `${command} --${f.long}`).toMatch(/\p{Script=Han}/u);
        if (f.topic) expect(notes.has(f.topic), `${command} --${f.long}: note ${f.topic}`).toBe(true);
        if (f.risk) {
          expect(f.risk.reason.en.trim()).not.toBe('');
          expect(f.risk.reason.zh).toMatch(/\p{Script=Han}/u);
        }
      }
      const def = COMMANDS[command];
      if (def) expect(existsSync(join(knowledge)) && notes.has(def.topic), `${command}: note ${def.topic}`).toBe(true);
    }
  });
});
