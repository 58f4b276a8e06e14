import type { Lang } from '../../src/types.ts';

/**
 * Slack-only wording, in both languages. Shared wording (share, related, errors, tip title) lives
 * in src/templates.ts; this table holds only what exists because of Slack (slash-command usage,
 * channel membership, tip schedules). Values are mrkdwn written by us; arguments passed in must
 * already be escaped.
 */
const SLACK_WORDS = {
  en: {
    asked: 'You asked:',
    inSlack: 'In Slack',
    usage: (cmd: string, bot: string) =>
      [
        `•  \`${cmd} cmd vs entrypoint\`: an answer only you can see, with a *Share in channel* button`,
        `•  ${bot} \`how do I see container logs\` in a channel: I answer in a thread`,
        '•  Send me a direct message: I answer right there',
        `•  \`${cmd} --lang zh …\` or \`--lang en\`: choose the language of the answer`,
        `•  \`${cmd} lint\` and a Dockerfile (or a code block, or a snippet sent to me): each line's findings, with the note that explains them`,
        `•  \`${cmd} tips on 09:00 Europe/Berlin\`: a daily tip in this channel; \`${cmd} tips\` shows the schedule, \`${cmd} tips off\` stops it, \`${cmd} tip\` shows today's tip`,
      ].join('\n'),
    shortened: 'The answer was shortened to fit in one Slack message.',
    topicGone: 'That topic is no longer available. Try asking again.',
    langFlag: '`--lang` takes `zh` or `en`.',
    tipsUsage: (cmd: string) =>
      `Usage: \`${cmd} tips on [HH:MM] [time zone] [zh|en]\`, \`${cmd} tips off\`, \`${cmd} tips\`, \`${cmd} tip\`.`,
    notMember: (cmd: string) =>
      `I can only post daily tips in channels I'm a member of. Add me with \`/invite @dockhand\`, then run \`${cmd} tips on\` again.`,
    tipsOn: (when: string, tz: string, lang: string, next: string) =>
      `Daily tips are on for this channel: every day at *${when}* (${tz}), in ${lang}. Next tip: ${next}.`,
    tipsPaused: (when: string, tz: string, lang: string) => `Daily tips for this channel are paused (every day at ${when}, ${tz}, in ${lang}).`,
    tipsNone: (cmd: string) => `This channel has no daily tips. Turn them on with \`${cmd} tips on 09:00 Europe/Berlin\`.`,
    tipsOff: 'Daily tips are off for this channel.',
    tipsWereOff: 'This channel had no daily tips, so there was nothing to turn off.',
    shareFailed: "I couldn't post in this conversation. Add me with `/invite @dockhand` and try again.",
    otherCommand: (arrived: string, configured: string) =>
      `dockhand is set up for \`${configured}\`, but this was \`${arrived}\`. Ask whoever runs dockhand to set \`SLACK_COMMAND=${arrived}\`; until then, mention me or send me a direct message.`,
  },
  zh: {
    asked: '你的问题：',
    inSlack: '在 Slack 中使用',
    usage: (cmd: string, bot: string) =>
      [
        `•  \`${cmd} cmd vs entrypoint\`：只有你能看到的回答，带 *分享到频道* 按钮`,
        `•  在频道里 ${bot} \`怎么查看容器日志\`：我会在消息串里回答`,
        '•  直接私信我提问：我在私信里回答',
        `•  \`${cmd} --lang zh …\` 或 \`--lang en\`：指定回答的语言`,
        `•  \`${cmd} lint\` 加上 Dockerfile（或代码块，或发给我的代码片段）：逐行列出问题，并附上讲解它的笔记`,
        `•  \`${cmd} tips on 09:00 Asia/Shanghai\`：在本频道每天发一条小贴士；\`${cmd} tips\` 查看时间，\`${cmd} tips off\` 关闭，\`${cmd} tip\` 查看今天的小贴士`,
      ].join('\n'),
    shortened: '回答太长，已截短以放进一条 Slack 消息。',
    topicGone: '这个主题已经不存在了，请重新提问。',
    langFlag: '`--lang` 只能是 `zh` 或 `en`。',
    tipsUsage: (cmd: string) => `用法：\`${cmd} tips on [HH:MM] [时区] [zh|en]\`、\`${cmd} tips off\`、\`${cmd} tips\`、\`${cmd} tip\`。`,
    notMember: (cmd: string) => `我只能在自己加入的频道里发每日小贴士。请先用 \`/invite @dockhand\` 把我加进来，再运行 \`${cmd} tips on\`。`,
    tipsOn: (when: string, tz: string, lang: string, next: string) => `本频道已开启每日小贴士：每天 *${when}*（${tz}），使用${lang}。下一条：${next}。`,
    tipsPaused: (when: string, tz: string, lang: string) => `本频道的每日小贴士已暂停（每天 ${when}，${tz}，${lang}）。`,
    tipsNone: (cmd: string) => `本频道还没有开启每日小贴士。用 \`${cmd} tips on 09:00 Asia/Shanghai\` 开启。`,
    tipsOff: '本频道的每日小贴士已关闭。',
    tipsWereOff: '本频道本来就没有开启每日小贴士。',
    shareFailed: '我没法在这个会话里发消息。请用 `/invite @dockhand` 把我加进来再试一次。',
    otherCommand: (arrived: string, configured: string) =>
      `dockhand 配置的命令是 \`${configured}\`，而你用的是 \`${arrived}\`。请让运行 dockhand 的人设置 \`SLACK_COMMAND=${arrived}\`；在此之前可以 @我 或私信我提问。`,
  },
} as const;

type SlackWords = (typeof SLACK_WORDS)[Lang];

export function slackWords(lang: Lang): SlackWords {
  return SLACK_WORDS[lang];
}
