// Registers dockhand's Discord commands: `npm run discord:register`.
// Reads DISCORD_TOKEN and DISCORD_APPLICATION_ID, and DISCORD_GUILD_ID for an instant, one-server
// registration (global otherwise). Prints the invite URL; never prints the token.
// The environment is read through the same config module as the bot, so the rules match.
import { inviteUrl } from '../adapters/discord/commands.ts';
import { registerCommands } from '../adapters/discord/register.ts';
import { ConfigError, loadConfig, type Config } from '../src/config.ts';

let config: Config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(2);
}
const { discord } = config;
if (!discord?.applicationId) {
  console.error('Set DISCORD_TOKEN and DISCORD_APPLICATION_ID (and DISCORD_GUILD_ID to register for one server only).');
  process.exit(2);
}
const { token, applicationId, guildId } = discord;

try {
  const { scope, names, messageCommands } = await registerCommands({ token, applicationId, guildId, ...(discord.apiUrl ? { api: discord.apiUrl } : {}) });
  const where = scope === 'guild' ? `server ${guildId} (available now)` : 'all servers (global; Discord may take a while to show them)';
  const shown = names.map((n) => (messageCommands.includes(n) ? `"${n}" (right-click a message → Apps)` : `/${n}`));
  console.log(`Registered ${shown.join(', ')} for ${where}.`);
  console.log(`Invite the bot with: ${inviteUrl(applicationId)}`);
} catch (error) {
  const e = error as { status?: number; code?: number | string; message?: string };
  console.error(`Registration failed${e.status ? ` (HTTP ${e.status}${e.code ? `, code ${e.code}` : ''})` : ''}: ${e.message ?? String(error)}`);
  if (e.status === 401) console.error('DISCORD_TOKEN was rejected: copy the bot token again from the Developer Portal (Bot → Reset Token).');
  if (e.status === 403 && guildId) {
    // Guild commands need the bot (with the applications.commands scope) in that server already.
    console.error(`Discord refused access to server ${guildId}: invite the bot to it first, then run this again. Invite URL: ${inviteUrl(applicationId)}`);
  } else if (e.status === 403) {
    console.error('Discord refused access: check that DISCORD_APPLICATION_ID is the application this DISCORD_TOKEN belongs to.');
  }
  process.exit(1);
}
