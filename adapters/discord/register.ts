import { ApplicationCommandType, REST, Routes, type APIApplicationCommand } from 'discord.js';
import { COMMANDS } from './commands.ts';

export interface RegisterOptions {
  /** The bot token. */
  token: string;
  applicationId: string;
  /**
   * Registers for this one server only. Guild commands update instantly, so use one while
   * developing; without it the commands are global (every server and DM, rolled out by Discord).
   */
  guildId?: string;
  /** REST base URL (e.g. a loopback fake in tests); Discord's by default. */
  api?: string;
}

export interface RegisterResult {
  scope: 'guild' | 'global';
  /** The names Discord now has, in order. */
  names: string[];
  /** Which of them are message commands (right-click a message → Apps), not slash commands. */
  messageCommands: string[];
}

/**
 * Replaces the application's commands with COMMANDS in one bulk overwrite (PUT), so removed
 * commands disappear and re-running is harmless.
 */
export async function registerCommands(options: RegisterOptions): Promise<RegisterResult> {
  const rest = new REST(options.api ? { api: options.api } : {}).setToken(options.token);
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.applicationId, options.guildId)
    : Routes.applicationCommands(options.applicationId);
  const saved = (await rest.put(route, { body: COMMANDS })) as APIApplicationCommand[];
  return {
    scope: options.guildId ? 'guild' : 'global',
    names: saved.map((c) => c.name),
    messageCommands: saved.filter((c) => c.type === ApplicationCommandType.Message).map((c) => c.name),
  };
}
