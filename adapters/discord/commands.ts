/**
 * The application commands dockhand registers, as Discord API JSON, with Chinese localizations.
 * `registerCommands` (register.ts) sends exactly these; the adapter routes on the same names.
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  PermissionsBitField,
  type APIApplicationCommandStringOption,
  type LocalizationMap,
  type RESTPostAPIApplicationCommandsJSONBody,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';

export const DOCKER_COMMAND = 'docker';
export const TIPS_COMMAND = 'docker-tips';
export const TIP_COMMAND = 'docker-tip';
/** The message command (right-click a message → Apps). Context-menu names may hold capitals and spaces. */
export const LINT_COMMAND = 'Lint Dockerfile';

/** Option names, shared by the definitions and the handlers. */
export const OPTION = {
  question: 'question',
  lang: 'lang',
  private: 'private',
  time: 'time',
  timezone: 'timezone',
} as const;

/** Longest question the slash command accepts; Discord enforces it in the client. */
const QUESTION_MAX_LENGTH = 1000;

/** (zh-CN, zh-TW) → a localization map for both Chinese locales. */
function zh(cn: string, tw: string): LocalizationMap {
  return { 'zh-CN': cn, 'zh-TW': tw };
}

const langOption = (description: [string, string, string]): APIApplicationCommandStringOption => ({
  type: ApplicationCommandOptionType.String,
  name: OPTION.lang,
  name_localizations: zh('语言', '語言'),
  description: description[0],
  description_localizations: zh(description[1], description[2]),
  required: false,
  choices: [
    { name: 'English', name_localizations: zh('英文', '英文'), value: 'en' },
    { name: 'Chinese', name_localizations: zh('中文', '中文'), value: 'zh' },
  ],
});

/**
 * `/docker question:<text> [lang] [private]`. The command keeps the name `docker` in every
 * locale (it is a product name, and the README and tips refer to `/docker`); its options and
 * descriptions are translated.
 */
const docker: RESTPostAPIChatInputApplicationCommandsJSONBody = {
  type: ApplicationCommandType.ChatInput,
  name: DOCKER_COMMAND,
  name_localizations: zh(DOCKER_COMMAND, DOCKER_COMMAND),
  description: 'Answer a Docker question, in English or Chinese',
  description_localizations: zh('回答 Docker 问题（中文或英文）', '回答 Docker 問題（中文或英文）'),
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: OPTION.question,
      name_localizations: zh('问题', '問題'),
      description: 'Your question, e.g. "cmd vs entrypoint"',
      description_localizations: zh('你的问题，例如“容器和虚拟机有什么区别”', '你的問題，例如「容器和虛擬機有什麼區別」'),
      required: true,
      autocomplete: true,
      max_length: QUESTION_MAX_LENGTH,
    },
    langOption(['Answer in this language', '用这种语言回答', '用這種語言回答']),
    {
      type: ApplicationCommandOptionType.Boolean,
      name: OPTION.private,
      name_localizations: zh('仅自己可见', '僅自己可見'),
      description: 'Only you see the answer',
      description_localizations: zh('回答只有你能看到', '回答只有你能看到'),
      required: false,
    },
  ],
};

/** `/docker-tips on|off|show`: channel settings, so only members who can manage channels see it by default. */
const dockerTips: RESTPostAPIChatInputApplicationCommandsJSONBody = {
  type: ApplicationCommandType.ChatInput,
  name: TIPS_COMMAND,
  name_localizations: zh(TIPS_COMMAND, TIPS_COMMAND),
  description: 'Daily Docker tips in this channel',
  description_localizations: zh('本频道的每日 Docker 小贴士', '本頻道的每日 Docker 小提示'),
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild],
  default_member_permissions: PermissionFlagsBits.ManageChannels.toString(),
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'on',
      name_localizations: zh('开启', '開啟'),
      description: 'Post a Docker tip in this channel every day',
      description_localizations: zh('每天在本频道发一条 Docker 小贴士', '每天在本頻道發一則 Docker 小提示'),
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: OPTION.time,
          name_localizations: zh('时间', '時間'),
          description: 'Local time, e.g. 09:30 or 9:30pm (default 09:00)',
          description_localizations: zh('当地时间，例如 09:30 或 9点半（默认 09:00）', '當地時間，例如 09:30 或 9點半（預設 09:00）'),
          required: false,
          max_length: 16,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: OPTION.timezone,
          name_localizations: zh('时区', '時區'),
          description: 'IANA time zone, e.g. Asia/Shanghai or Europe/Berlin',
          description_localizations: zh('IANA 时区，例如 Asia/Shanghai', 'IANA 時區，例如 Asia/Taipei'),
          required: false,
          autocomplete: true,
          max_length: 64,
        },
        langOption(['Language of the tips', '小贴士的语言', '小提示的語言']),
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'off',
      name_localizations: zh('关闭', '關閉'),
      description: 'Stop the daily tips in this channel',
      description_localizations: zh('停止在本频道发每日小贴士', '停止在本頻道發每日小提示'),
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'show',
      name_localizations: zh('查看', '查看'),
      description: "Show this channel's tip schedule",
      description_localizations: zh('查看本频道的小贴士安排', '查看本頻道的小提示安排'),
    },
  ],
};

/** `/docker-tip [lang]`: today's tip, for everyone. */
const dockerTip: RESTPostAPIChatInputApplicationCommandsJSONBody = {
  type: ApplicationCommandType.ChatInput,
  name: TIP_COMMAND,
  name_localizations: zh(TIP_COMMAND, TIP_COMMAND),
  description: "Today's Docker tip",
  description_localizations: zh('今天的 Docker 小贴士', '今天的 Docker 小提示'),
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  options: [langOption(['Language of the tip', '小贴士的语言', '小提示的語言'])],
};

/**
 * "Lint Dockerfile" on a message (type MESSAGE): lints its code block or text and its attachments
 * named `Dockerfile*`. The target message's content arrives in the interaction, so this needs no
 * Message Content intent. Message commands have no description or options.
 */
const lintDockerfile: RESTPostAPIContextMenuApplicationCommandsJSONBody = {
  type: ApplicationCommandType.Message,
  name: LINT_COMMAND,
  name_localizations: zh('检查 Dockerfile', '檢查 Dockerfile'),
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
};

/** Every command dockhand registers: the slash commands in the order of Discord's picker, then the message command. */
export const COMMANDS: readonly RESTPostAPIApplicationCommandsJSONBody[] = [docker, dockerTips, dockerTip, lintDockerfile];

/**
 * The bot permissions the invite asks for, and no more: read the channel, answer in it and in
 * threads, show embeds, and reply to a message (a reply needs Read Message History).
 */
export const INVITE_PERMISSIONS = new PermissionsBitField([
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.SendMessagesInThreads,
  PermissionFlagsBits.EmbedLinks,
  PermissionFlagsBits.ReadMessageHistory,
]).bitfield;

/** The OAuth2 URL that adds the bot to a server with the `bot` and `applications.commands` scopes. */
export function inviteUrl(applicationId: string): string {
  const query = new URLSearchParams({
    client_id: applicationId,
    scope: 'bot applications.commands',
    permissions: INVITE_PERMISSIONS.toString(),
  });
  return `https://discord.com/oauth2/authorize?${query.toString()}`;
}
