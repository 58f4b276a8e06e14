import type { Lang } from './types.ts';

/**
 * The fixed wording of every reply, in both languages. Renderers and adapters take their labels
 * from here so a reply never mixes languages.
 */
export const TEMPLATES = {
  en: {
    didYouMeanTitle: 'Did you mean…?',
    didYouMean: "I'm not sure which note you mean. Pick one:",
    notFoundTitle: "I don't have a note on that",
    notFound: 'dockhand knows Docker: images, containers, Dockerfiles, networks, volumes and the docker CLI. Try asking with a command or a Docker term.',
    closest: 'Closest topics:',
    related: 'Related',
    examples: 'Examples',
    compareTitle: (a: string, b: string) => `${a} vs ${b}`,
    compareSummary: 'There is no single note comparing these two, so here they are side by side.',
    helpTitle: 'dockhand: Docker answers',
    helpSummary: 'Ask a Docker question in English or Chinese and get a short answer with examples.',
    helpBody:
      '- Ask anything: `cmd vs entrypoint`, `how do I get into a running container`, `docker run -p`\n- Compare: `copy vs add`, `difference between save and export`\n- Paste a command or a Dockerfile line and ask what it does\n- Chinese works too: `容器和虚拟机有什么区别`',
    empty: 'Ask me a Docker question, for example `cmd vs entrypoint`.',
    tipTitle: 'Docker tip of the day',
    fullAnswer: 'Full answer',
    share: 'Share in channel',
    sharedBy: (who: string) => `Shared by ${who}`,
    error: 'Something went wrong while answering. Please try again.',
    tipsDisabled: 'Daily tips are not enabled on this bot.',
    langName: { en: 'English', zh: 'Chinese' },
    /** 👍/👎 on answers: what the voter sees (privately) after a press. */
    feedback: {
      up: { new: 'Thanks! Your 👍 is noted.', changed: 'Changed your vote to 👍. Thanks!', same: 'You already gave this answer a 👍.' },
      down: { new: 'Thanks for telling me. What was wrong?', changed: 'Changed your vote to 👎. What was wrong?', same: 'You already gave this answer a 👎. What was wrong?' },
      failed: "Sorry, I couldn't save your vote. Please try again later.",
      askReason: 'What was wrong?',
      reasons: { 'wrong-note': 'Wrong note', outdated: 'Outdated', 'too-long': 'Too long', 'wrong-language': 'Wrong language' },
      reasonSaved: (reason: string) => `Noted: ${reason}. Thanks, this helps fix the notes.`,
      reasonFailed: "I couldn't save that: vote 👎 on the answer first, or try again later.",
      invalid: 'That button is no longer valid. Ask again to rate the new answer.',
      off: 'Feedback is not enabled on this bot.',
    },
  },
  zh: {
    didYouMeanTitle: '你是不是想问……',
    didYouMean: '我不太确定你问的是哪个主题，请选一个：',
    notFoundTitle: '这个问题我还没有笔记',
    notFound: 'dockhand 只回答 Docker 相关的问题：镜像、容器、Dockerfile、网络、数据卷和 docker 命令。可以换个说法，或带上具体的命令、术语再问。',
    closest: '最接近的主题：',
    related: '相关主题',
    examples: '示例',
    compareTitle: (a: string, b: string) => `${a} 与 ${b}`,
    compareSummary: '没有专门比较这两者的笔记，下面把两边的要点并排列出。',
    helpTitle: 'dockhand：Docker 问答',
    helpSummary: '用中文或英文问 Docker 问题，得到带示例的简短回答。',
    helpBody:
      '- 直接提问：`cmd 和 entrypoint 的区别`、`怎么进入运行中的容器`、`docker run -p`\n- 对比两者：`copy vs add`、`save 和 export 有什么不同`\n- 贴一条命令或一行 Dockerfile，问它是做什么的\n- 英文同样可以：`what is a dangling image`',
    empty: '问我一个 Docker 问题吧，比如 `cmd 和 entrypoint 的区别`。',
    tipTitle: '每日 Docker 小贴士',
    fullAnswer: '查看完整回答',
    share: '分享到频道',
    sharedBy: (who: string) => `由 ${who} 分享`,
    error: '回答时出了点问题，请再试一次。',
    tipsDisabled: '这个机器人没有开启每日小贴士。',
    langName: { en: '英文', zh: '中文' },
    feedback: {
      up: { new: '谢谢！已记下你的 👍。', changed: '已改为 👍，谢谢！', same: '你已经给这个回答点过 👍 了。' },
      down: { new: '谢谢反馈。哪里不对？', changed: '已改为 👎。哪里不对？', same: '你已经给这个回答点过 👎 了。哪里不对？' },
      failed: '抱歉，没能保存你的投票，请稍后再试。',
      askReason: '哪里不对？',
      reasons: { 'wrong-note': '笔记不对', outdated: '内容过时', 'too-long': '太长了', 'wrong-language': '语言不对' },
      reasonSaved: (reason: string) => `已记下：${reason}。谢谢，这能帮我们改进笔记。`,
      reasonFailed: '没能保存：请先给这个回答点 👎，或稍后再试。',
      invalid: '这个按钮已经失效了。重新提问后可以评价新的回答。',
      off: '这个机器人没有开启反馈。',
    },
  },
} as const satisfies Record<Lang, Record<string, unknown>>;

export type Templates = (typeof TEMPLATES)[Lang];

export function t(lang: Lang): Templates {
  return TEMPLATES[lang];
}
