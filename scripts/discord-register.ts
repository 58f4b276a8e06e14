// Registers dockhand's Discord commands: `npm run discord:register`.
// Reads DISCORD_TOKEN and DISCORD_APPLICATION_ID, and DISCORD_GUILD_ID for an instant, one-server
// registration (global otherwise). Prints the invite URL; never prints the token.
import { inviteUrl } from '../adapters/discord/commands.ts';
import { registerCommands } from '../adapters/discord/register.ts';

const token = process.env.DISCORD_TOKEN?.trim();
const applicationId = process.env.DISCORD_APPLICATION_ID?.trim();
const guildId = process.env.DISCORD_GUILD_ID?.trim() || undefined;

if (!token || !applicationId) {
  console.error('Set DISCORD_TOKEN and DISCORD_APPLICATION_ID (and DISCORD_GUILD_ID to register for one server only).');
  process.exit(2);
}

try {
  const { scope, names } = await registerCommands({ token, applicationId, guildId });
  const where = scope === 'guild' ? `server ${guildId} (available now)` : 'all servers (global; Discord may take a while to show them)';
  console.log(`Registered ${names.map((n) => `/${n}`).join(', ')} for ${where}.`);
  console.log(`Invite the bot with: ${inviteUrl(applicationId)}`);
} catch (error) {
  const e = error as { status?: number; code?: number | string; message?: string };
  console.error(`Registration failed${e.status ? ` (HTTP ${e.status}${e.code ? `, code ${e.code}` : ''})` : ''}: ${e.message ?? String(error)}`);
  if (e.status === 401) console.error('DISCORD_TOKEN was rejected: copy the bot token again from the Developer Portal (Bot → Reset Token).');
  process.exit(1);
}
