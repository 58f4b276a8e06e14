import { ApplicationCommandOptionType, ApplicationCommandType, PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { COMMANDS, DOCKER_COMMAND, INVITE_PERMISSIONS, LINT_COMMAND, TIPS_COMMAND, TIP_COMMAND, inviteUrl } from '../../../adapters/discord/commands.ts';

interface Option {
  type: number;
  name: string;
  description: string;
  name_localizations?: Record<string, string> | null;
  description_localizations?: Record<string, string> | null;
  required?: boolean;
  autocomplete?: boolean;
  choices?: { name: string; value: string | number; name_localizations?: Record<string, string> | null }[];
  options?: Option[];
}

// Discord's rule for command and option names (https://discord.com/developers/docs/interactions/application-commands).
const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const LOCALES = ['zh-CN', 'zh-TW'];

/** Every broken rule of one command or option, recursively. */
function problems(item: Option, path: string): string[] {
  const out: string[] = [];
  const names = [item.name, ...Object.values(item.name_localizations ?? {})];
  for (const name of names) {
    if (!NAME.test(name) || name !== name.toLowerCase()) out.push(`${path}: bad name "${name}"`);
  }
  for (const d of [item.description, ...Object.values(item.description_localizations ?? {})]) {
    if (d.length < 1 || d.length > 100) out.push(`${path}: description of ${d.length} characters`);
  }
  for (const locale of LOCALES) {
    if (!item.name_localizations?.[locale]) out.push(`${path}: no ${locale} name`);
    if (!item.description_localizations?.[locale]) out.push(`${path}: no ${locale} description`);
  }
  const options = item.options ?? [];
  if (options.length > 25) out.push(`${path}: ${options.length} options`);
  const firstOptional = options.findIndex((o) => !o.required);
  if (firstOptional >= 0 && options.slice(firstOptional).some((o) => o.required)) out.push(`${path}: a required option follows an optional one`);
  for (const locale of ['', ...LOCALES]) {
    const seen = options.map((o) => (locale ? o.name_localizations?.[locale] : o.name) ?? o.name);
    if (new Set(seen).size !== seen.length) out.push(`${path}: duplicate option names in ${locale || 'default'}`);
  }
  for (const choice of item.choices ?? []) {
    if (choice.name.length > 100 || String(choice.value).length > 100) out.push(`${path}: long choice`);
  }
  if ((item.choices?.length ?? 0) > 25) out.push(`${path}: more than 25 choices`);
  if (item.autocomplete && item.choices?.length) out.push(`${path}: autocomplete with choices`);
  for (const option of options) out.push(...problems(option, `${path} ${option.name}`));
  return out;
}

/** The slash commands (the message command has no description or options to check). */
const SLASH = COMMANDS.filter((c) => c.type === ApplicationCommandType.ChatInput);

describe('command definitions', () => {
  it('are /docker, /docker-tips and /docker-tip, each valid for Discord and localized for zh-CN and zh-TW, then the message command', () => {
    expect(COMMANDS.map((c) => c.name)).toEqual([DOCKER_COMMAND, TIPS_COMMAND, TIP_COMMAND, LINT_COMMAND]);
    expect(SLASH.map((c) => c.name)).toEqual(['docker', 'docker-tips', 'docker-tip']);
    for (const command of SLASH) expect(problems(command as Option, `/${command.name}`)).toEqual([]);
    for (const command of COMMANDS) expect(JSON.stringify(command).length, command.name).toBeLessThan(8000);
  });

  it('"Lint Dockerfile" is a message command (right-click → Apps) in servers and DMs, named within Discord\'s rules in every locale', () => {
    const lint = COMMANDS[3]!;
    expect(lint).toMatchObject({ type: ApplicationCommandType.Message, name: 'Lint Dockerfile', contexts: [0, 1], integration_types: [0] });
    // Context-menu names: 1–32 characters, spaces and capitals allowed; no description, no options.
    for (const name of [lint.name, ...Object.values(lint.name_localizations ?? {})].map(String)) expect(name.length, name).toBeLessThanOrEqual(32);
    expect(Object.keys(lint.name_localizations ?? {})).toEqual(['zh-CN', 'zh-TW']);
    expect('description' in lint || 'options' in lint).toBe(false);
  });

  it('/docker takes a required, autocompleted question, a zh/en lang and a private flag', () => {
    const docker = COMMANDS[0] as Option;
    expect(docker.options!.map((o) => [o.name, o.type, Boolean(o.required), Boolean(o.autocomplete)])).toEqual([
      ['question', ApplicationCommandOptionType.String, true, true],
      ['lang', ApplicationCommandOptionType.String, false, false],
      ['private', ApplicationCommandOptionType.Boolean, false, false],
    ]);
    expect(docker.options![1]!.choices!.map((c) => c.value)).toEqual(['en', 'zh']);
    expect(docker.options![0]!.name_localizations).toEqual({ 'zh-CN': '问题', 'zh-TW': '問題' });
  });

  it('/docker-tips is for members who can manage channels, in servers only, with on/off/show', () => {
    const tips = COMMANDS[1]!;
    expect(tips.default_member_permissions).toBe(PermissionFlagsBits.ManageChannels.toString());
    expect(tips.default_member_permissions).toBe('16');
    expect(tips.contexts).toEqual([0]);
    const subs = ((tips as Option).options ?? []) as Option[];
    expect(subs.map((s) => [s.name, s.type])).toEqual([
      ['on', ApplicationCommandOptionType.Subcommand],
      ['off', ApplicationCommandOptionType.Subcommand],
      ['show', ApplicationCommandOptionType.Subcommand],
    ]);
    expect(subs[0]!.options!.map((o) => o.name)).toEqual(['time', 'timezone', 'lang']);
  });

  it('/docker-tip is open to everyone', () => {
    expect(COMMANDS[2]!.default_member_permissions).toBeUndefined();
  });
});

describe('invite', () => {
  it('asks for exactly View Channels, Send Messages, Send Messages in Threads, Embed Links and Read Message History', () => {
    expect(INVITE_PERMISSIONS).toBe(1024n + 2048n + 16384n + 65536n + 274877906944n);
    expect(INVITE_PERMISSIONS).toBe(274877991936n);
  });

  it('uses the bot and applications.commands scopes', () => {
    const url = new URL(inviteUrl('123456789012345678'));
    expect(url.origin + url.pathname).toBe('https://discord.com/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: '123456789012345678',
      scope: 'bot applications.commands',
      permissions: '274877991936',
    });
  });
});
