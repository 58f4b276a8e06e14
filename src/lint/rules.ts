/**
 * The lint rules DH001–DH020 (their ids are a contract: see DESIGN.md and issue 14). Each rule
 * names the note that explains it; the messages are our own, in both languages, checked against
 * Docker's documentation (Dockerfile reference, build best practices, BuildKit build checks).
 */
import type { Bilingual } from '../types.ts';
import { INSTRUCTIONS, isFrom, lineage, type Instr, type Model, type Stage } from './model.ts';
import { invocations, isShell, pipeLine, subcommand, type Invocation, type Word } from './shell.ts';
import type { Severity } from './types.ts';

export interface RuleInfo {
  id: string;
  severity: Severity;
  /** The note that explains the rule. */
  topic: string;
  /** A short name for the rule table and "checks run". */
  title: Bilingual;
}

export const RULES: readonly RuleInfo[] = [
  { id: 'DH001', severity: 'warning', topic: 'choose-base-image', title: { en: 'base image pinned to a tag', zh: '基础镜像固定标签' } },
  { id: 'DH002', severity: 'info', topic: 'dockerfile-best-practices', title: { en: 'apt-get install --no-install-recommends', zh: 'apt-get install 加 --no-install-recommends' } },
  { id: 'DH003', severity: 'warning', topic: 'build-cache', title: { en: 'apt-get update together with install', zh: 'apt-get update 与 install 同一条 RUN' } },
  { id: 'DH004', severity: 'info', topic: 'reduce-layers', title: { en: 'apt lists removed after install', zh: '安装后删除 apt 列表' } },
  { id: 'DH005', severity: 'warning', topic: 'copy-vs-add', title: { en: 'COPY for local files, not ADD', zh: '本地文件用 COPY 而非 ADD' } },
  { id: 'DH006', severity: 'warning', topic: 'shell-vs-exec-form', title: { en: 'CMD/ENTRYPOINT in exec form', zh: 'CMD/ENTRYPOINT 用 exec 格式' } },
  { id: 'DH007', severity: 'warning', topic: 'user', title: { en: 'final stage runs as a non-root USER', zh: '最终阶段用非 root 用户运行' } },
  { id: 'DH008', severity: 'error', topic: 'build-secrets', title: { en: 'no literal secrets in ENV/ARG', zh: 'ENV/ARG 里没有明文密钥' } },
  { id: 'DH009', severity: 'warning', topic: 'maintainer', title: { en: 'no MAINTAINER (use LABEL)', zh: '不用 MAINTAINER（改用 LABEL）' } },
  { id: 'DH010', severity: 'warning', topic: 'workdir', title: { en: 'absolute WORKDIR, no RUN cd', zh: 'WORKDIR 用绝对路径，不用 RUN cd' } },
  { id: 'DH011', severity: 'warning', topic: 'build-cache', title: { en: 'dependencies installed before COPY . .', zh: '先装依赖再 COPY . .' } },
  { id: 'DH012', severity: 'warning', topic: 'cmd', title: { en: 'one CMD and one ENTRYPOINT per stage', zh: '每个阶段只有一条 CMD / ENTRYPOINT' } },
  { id: 'DH013', severity: 'warning', topic: 'run', title: { en: 'pipes in RUN with pipefail', zh: 'RUN 中的管道开启 pipefail' } },
  { id: 'DH014', severity: 'error', topic: 'expose', title: { en: 'EXPOSE takes container ports only', zh: 'EXPOSE 只写容器端口' } },
  { id: 'DH015', severity: 'warning', topic: 'user', title: { en: 'no sudo in RUN', zh: 'RUN 里不用 sudo' } },
  { id: 'DH016', severity: 'info', topic: 'image-vulnerability-scanning', title: { en: 'no apt-get upgrade / dist-upgrade', zh: '不用 apt-get upgrade / dist-upgrade' } },
  { id: 'DH017', severity: 'info', topic: 'dockerfile-best-practices', title: { en: 'pip install --no-cache-dir', zh: 'pip install 加 --no-cache-dir' } },
  { id: 'DH018', severity: 'warning', topic: 'dockerfile-best-practices', title: { en: 'npm ci when a lock file is copied', zh: '有锁文件时用 npm ci' } },
  { id: 'DH019', severity: 'error', topic: 'multi-stage-build', title: { en: 'COPY --from names an earlier stage', zh: 'COPY --from 指向前面的阶段' } },
  { id: 'DH020', severity: 'error', topic: 'dockerfile', title: { en: 'every line is a valid instruction', zh: '每一行都是合法指令' } },
];

export const RULE_BY_ID = new Map(RULES.map((r) => [r.id, r]));

/** What a check reports; severity and topic default to the rule's. */
export interface Hit {
  rule: string;
  line: number;
  column?: number;
  message: Bilingual;
  severity?: Severity;
  topic?: string;
}

type Emit = (hit: Hit) => void;

const APT_VALUED = new Set(['-o', '-t', '-c', '--option', '--target-release', '--config-file']);
const PIP_VALUED = new Set(['-r', '--requirement', '-c', '--constraint', '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '--target', '-t', '--prefix', '--root']);

interface Ctx {
  model: Model;
  final: Stage | undefined;
  /** Stages whose layers end up in the final image (the final stage and the stages it is built on). */
  shipped: Set<number>;
  inv: Map<Instr, Invocation[]>;
}

function runs(ctx: Ctx, instr: Instr): Invocation[] {
  let list = ctx.inv.get(instr);
  if (!list) {
    list = instr.keyword === 'RUN' ? invocations(instr.commands) : [];
    ctx.inv.set(instr, list);
  }
  return list;
}

const isApt = (inv: Invocation) => inv.name === 'apt-get' || inv.name === 'apt';
const aptSub = (inv: Invocation) => (isApt(inv) ? (subcommand(inv.args, APT_VALUED)?.text ?? null) : null);
const hasArg = (inv: Invocation, ...names: string[]) => inv.args.some((a) => names.includes(a.text) || names.some((n) => a.text.startsWith(`${n}=`)));
const code = (s: string) => `\`${s.length > 60 ? `${s.slice(0, 57)}…` : s}\``;

/** Whether the words mention a path under `prefix` (rm -rf /var/lib/apt/lists/*). */
const mentions = (args: Word[], prefix: string) => args.some((a) => a.text.startsWith(prefix));

function mounts(instr: Instr, target: string): boolean {
  return instr.flags.some((f) => f.name === 'mount' && (f.value ?? '').includes('type=cache') && (f.value ?? '').includes(target));
}

// ── DH001 ────────────────────────────────────────────────────────────────────
function dh001(ctx: Ctx, emit: Emit) {
  for (const stage of ctx.model.stages) {
    const node = stage.from.node;
    if (!isFrom(node)) continue;
    const image = stage.image;
    if (!image || image.includes('$') || image.toLowerCase() === 'scratch' || stage.parent !== null) continue;
    if (node.getImageDigest()) continue;
    const tag = node.getImageTag();
    const name = node.getImageName() ?? image;
    if (tag === null) {
      emit({
        rule: 'DH001',
        line: stage.from.line,
        message: {
          en: `${code(`FROM ${image}`)} has no tag, so it means \`${name}:latest\`: whatever that tag points to on the day you build. Pin a version such as \`${name}:<version>\` (or a digest) so rebuilds get the same base.`,
          zh: `${code(`FROM ${image}`)} 没写标签，等于 \`${name}:latest\`，每次构建拿到的是当天 latest 指向的镜像。请固定版本（如 \`${name}:<版本>\`，或用 digest），让重新构建得到同一个基础镜像。`,
        },
      });
    } else if (tag.toLowerCase() === 'latest') {
      emit({
        rule: 'DH001',
        line: stage.from.line,
        message: {
          en: `${code(`FROM ${image}`)}: \`latest\` is just a tag that moves when the publisher pushes a new image, so two builds can start from different bases. Pin a version tag or a digest.`,
          zh: `${code(`FROM ${image}`)}：\`latest\` 只是一个会随发布者推送而变动的标签，两次构建可能用的是不同的基础镜像。请固定版本标签或 digest。`,
        },
      });
    }
  }
}

// ── apt rules DH002, DH003, DH004, DH016 ─────────────────────────────────────
function aptRules(ctx: Ctx, emit: Emit) {
  for (const stage of ctx.model.stages) {
    // An apt config written earlier (APT::Install-Recommends "false") covers the later installs.
    let recommendsOff = lineage(ctx.model, stage)
      .slice(1)
      .some((s) => s.instrs.some((i) => i.keyword === 'RUN' && /Install-Recommends/i.test(i.text)));
    for (const instr of stage.instrs) {
      if (instr.keyword !== 'RUN') continue;
      const list = runs(ctx, instr);
      const apt = list.filter(isApt);
      if (/Install-Recommends/i.test(instr.text) && /apt\.conf/.test(instr.text)) recommendsOff = true;
      if (!apt.length) continue;
      const installs = apt.filter((a) => aptSub(a) === 'install');
      const update = apt.find((a) => aptSub(a) === 'update');
      for (const a of installs) {
        const optedOut = hasArg(a, '--no-install-recommends') || a.args.some((w) => /Install-Recommends=(false|0|no)/i.test(w.text));
        if (!optedOut && !recommendsOff) {
          emit({
            rule: 'DH002',
            line: a.line,
            message: {
              en: `\`${a.name} install\` without \`--no-install-recommends\` also installs every "recommended" package, which can add hundreds of MB you never use. Add the flag and list what you need.`,
              zh: `\`${a.name} install\` 没加 \`--no-install-recommends\`，会连带安装所有“推荐”包，常常多出几百 MB 用不到的东西。加上这个参数，只装需要的包。`,
            },
          });
        }
      }
      if (update && !installs.length) {
        emit({
          rule: 'DH003',
          line: update.line,
          message: {
            en: '`apt-get update` in a RUN of its own is cached on its text: later builds reuse the old package lists, and a later `apt-get install` can fail or get stale versions. Run `apt-get update && apt-get install …` in the same RUN.',
            zh: '单独一条 RUN 里的 `apt-get update` 按文本命中缓存：之后的构建会沿用旧的软件包列表，后面的 `apt-get install` 可能失败或装到旧版本。把 `apt-get update && apt-get install …` 写在同一条 RUN 里。',
          },
        });
      }
      if (installs.length && ctx.shipped.has(stage.index)) {
        const cleaned = list.some((x) => x.name === 'rm' && mentions(x.args, '/var/lib/apt/lists'));
        const cached = mounts(instr, '/var/lib/apt');
        if (!cleaned && !cached) {
          emit({
            rule: 'DH004',
            line: installs[0]!.line,
            message: {
              en: 'The package lists that `apt-get update` downloaded stay in this layer (often 20–40 MB). End the same RUN with `&& rm -rf /var/lib/apt/lists/*`; a later RUN cannot shrink this layer.',
              zh: '`apt-get update` 下载的软件包列表会留在这一层里（通常 20–40 MB）。在同一条 RUN 末尾加上 `&& rm -rf /var/lib/apt/lists/*`；之后的 RUN 再删也缩不小这一层。',
            },
          });
        }
      }
      for (const a of apt) {
        const sub = aptSub(a);
        if (sub === 'upgrade' || sub === 'dist-upgrade' || sub === 'full-upgrade') {
          emit({
            rule: 'DH016',
            line: a.line,
            message: {
              en: `\`${a.name} ${sub}\` makes the image depend on the day it was built, and the upgrade is cached with the layer anyway. Prefer a current base image (\`docker build --pull\`) and install the packages you need by name. Docker's guide no longer forbids it, so this is a hint.`,
              zh: `\`${a.name} ${sub}\` 让镜像内容取决于构建的那一天，而且升级结果会随这一层一起被缓存。更好的做法是用较新的基础镜像（\`docker build --pull\`），需要的包按名字安装。Docker 官方指南已不再禁止这样做，这里只是提示。`,
            },
          });
        }
      }
    }
  }
}

// ── DH005 ────────────────────────────────────────────────────────────────────
const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst|tzst)$/i;
const REMOTE = /^(https?:\/\/|git@|git:\/\/|ssh:\/\/)/i;

function addSources(instr: Instr): string[] {
  const args = instr.exec ?? instr.words;
  return args.slice(0, -1);
}

function dh005(ctx: Ctx, emit: Emit) {
  for (const instr of ctx.model.all) {
    if (instr.keyword !== 'ADD' || instr.heredocs.length) continue;
    const sources = addSources(instr);
    if (!sources.length || instr.flags.some((f) => f.name === 'checksum' || f.name === 'keep-git-dir')) continue;
    const local = sources.filter((s) => !REMOTE.test(s) && !ARCHIVE.test(s) && !s.includes('$'));
    if (local.length !== sources.length || !local.length) continue;
    emit({
      rule: 'DH005',
      line: instr.line,
      message: {
        en: `${code(`ADD ${sources.join(' ')}`)} copies local files, which is what COPY does. ADD also unpacks archives and fetches URLs, so COPY says plainly that nothing more happens here.`,
        zh: `${code(`ADD ${sources.join(' ')}`)} 只是复制本地文件，这正是 COPY 的用途。ADD 还会自动解压归档、下载 URL，用 COPY 能让人一眼看出这里没有别的动作。`,
      },
    });
  }
}

// ── DH006 ────────────────────────────────────────────────────────────────────
function dh006(ctx: Ctx, emit: Emit) {
  for (const stage of ctx.model.stages) {
    let shellSet = lineage(ctx.model, stage)
      .slice(1)
      .some((s) => s.instrs.some((i) => i.keyword === 'SHELL'));
    for (const instr of stage.instrs) {
      if (instr.keyword === 'SHELL') shellSet = true;
      if (instr.keyword !== 'CMD' && instr.keyword !== 'ENTRYPOINT') continue;
      if (instr.exec || !instr.text.trim()) continue;
      if (instr.brokenExec) {
        emit({
          rule: 'DH006',
          line: instr.line,
          severity: 'error',
          message: {
            en: `${code(`${instr.keyword} ${instr.text.trim()}`)} looks like exec form but is not valid JSON (single quotes, a trailing comma or an unquoted word?), so Docker runs the whole text through \`/bin/sh -c\`, brackets included. Use double quotes: \`["node", "app.js"]\`.`,
            zh: `${code(`${instr.keyword} ${instr.text.trim()}`)} 看起来是 exec 格式，但不是合法的 JSON（单引号、多余的逗号或没加引号的词？），Docker 会把整段文字（连同方括号）交给 \`/bin/sh -c\` 执行。请用双引号：\`["node", "app.js"]\`。`,
          },
        });
        continue;
      }
      // The shell form is a deliberate choice when the stage sets SHELL (Docker's check agrees),
      // and `exec …` makes the shell replace itself with the program.
      if (shellSet || /^exec\s/.test(instr.text.trim())) continue;
      emit({
        rule: 'DH006',
        line: instr.line,
        message: {
          en: `${instr.keyword} in shell form runs as \`/bin/sh -c "…"\`: unless the shell replaces itself with the program, the shell is PID 1 and SIGTERM never reaches the app, so \`docker stop\` waits 10 s and then kills it. Use exec form, e.g. \`${instr.keyword} ${JSON.stringify(instr.text.trim().split(/\s+/).slice(0, 4))}\`.`,
          zh: `shell 格式的 ${instr.keyword} 会以 \`/bin/sh -c "…"\` 运行：除非 shell 用程序替换了自己，PID 1 就是 shell，SIGTERM 到不了应用，\`docker stop\` 等 10 秒后只能强杀。请改用 exec 格式，例如 \`${instr.keyword} ${JSON.stringify(instr.text.trim().split(/\s+/).slice(0, 4))}\`。`,
        },
      });
    }
  }
}

// ── DH007 ────────────────────────────────────────────────────────────────────
const ROOT_USER = /^(root|0)(:.*)?$/i;

function dh007(ctx: Ctx, emit: Emit) {
  const final = ctx.final;
  if (!final) return;
  let lastUser: Instr | null = null;
  for (const s of lineage(ctx.model, final)) {
    const users = s.instrs.filter((i) => i.keyword === 'USER');
    if (users.length) {
      lastUser = users[users.length - 1]!;
      break;
    }
  }
  const base = lineage(ctx.model, final).pop()!;
  if (!lastUser) {
    // Images built to run unprivileged (distroless :nonroot, *-rootless) set USER themselves.
    if (/nonroot|rootless|non-root/i.test(base.image) || base.image.includes('$')) return;
    emit({
      rule: 'DH007',
      line: final.from.line,
      message: {
        en: 'The final stage never sets USER, so the container runs as root unless the base image says otherwise. Create a user and switch to it (`RUN useradd -r app` … `USER app`, or `USER node` on the node images).',
        zh: '最终阶段没有设置 USER，除非基础镜像另有设定，容器会以 root 运行。请创建用户并切换过去（`RUN useradd -r app` … `USER app`；node 镜像可直接 `USER node`）。',
      },
    });
    return;
  }
  const who = lastUser.text.trim();
  if (ROOT_USER.test(who)) {
    emit({
      rule: 'DH007',
      line: lastUser.line,
      message: {
        en: `The last USER of the final stage is \`${who}\`, so the container runs as root. Switch back to an unprivileged user after the steps that need root.`,
        zh: `最终阶段最后一条 USER 是 \`${who}\`，容器会以 root 运行。需要 root 的步骤做完后，请切回普通用户。`,
      },
    });
  }
}

// ── DH008 ────────────────────────────────────────────────────────────────────
const SECRET_NAME = /(^|_)(PASSWORD|PASSWD|PASS|PWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|SECRET_?KEY|CLIENT_SECRET|AUTH_TOKEN|CREDENTIALS?)(_|$)/i;
const NOT_SECRET = /(_(FILE|PATH|DIR|URL|URI|ENDPOINT|HOST|PORT|NAME|USER|USERNAME|LENGTH|TTL|EXPIRY|EXPIRES|HEADER|TYPE|ID|REGION|ENABLED|VERSION|LOCATION))$/i;
const PLACEHOLDER = /^(|changeme|change_me|xxx+|\*+|none|null|false|true|0|1|todo|dummy|placeholder|example|<.*>)$/i;

function dh008(ctx: Ctx, emit: Emit) {
  for (const instr of ctx.model.all) {
    if (instr.keyword !== 'ENV' && instr.keyword !== 'ARG') continue;
    const props = (instr.node as unknown as { getProperties?: () => { getName(): string; getValue(): string | null; getNameRange(): { start: { line: number } } }[] }).getProperties?.() ?? [];
    for (const p of props) {
      const name = p.getName();
      const value = p.getValue();
      if (value === null || !SECRET_NAME.test(name) || NOT_SECRET.test(name)) continue;
      const v = value.trim();
      if (v.includes('$') || PLACEHOLDER.test(v) || v.startsWith('/')) continue;
      emit({
        rule: 'DH008',
        line: p.getNameRange().start.line + 1,
        message: {
          en: `\`${instr.keyword} ${name}=…\` bakes a literal secret into the image: anyone who can pull it reads it with \`docker history\` or \`docker inspect\`. Pass it at build time with \`RUN --mount=type=secret\`, and at run time with \`-e\` or a secrets file.`,
          zh: `\`${instr.keyword} ${name}=…\` 把明文密钥写进了镜像：能拉取镜像的人用 \`docker history\` 或 \`docker inspect\` 就能看到。构建时请用 \`RUN --mount=type=secret\`，运行时用 \`-e\` 或密钥文件传入。`,
        },
      });
    }
  }
}

// ── DH009 ────────────────────────────────────────────────────────────────────
function dh009(ctx: Ctx, emit: Emit) {
  for (const instr of ctx.model.all) {
    if (instr.keyword !== 'MAINTAINER') continue;
    emit({
      rule: 'DH009',
      line: instr.line,
      message: {
        en: `MAINTAINER is deprecated. Use a label instead: \`LABEL org.opencontainers.image.authors="${instr.text.trim().replace(/"/g, "'")}"\`.`,
        zh: `MAINTAINER 已弃用，请改用标签：\`LABEL org.opencontainers.image.authors="${instr.text.trim().replace(/"/g, "'")}"\`。`,
      },
    });
  }
}

// ── DH010 ────────────────────────────────────────────────────────────────────
const ABSOLUTE = /^(\/|[A-Za-z]:[\\/]|\$|["']?\/)/;

function dh010(ctx: Ctx, emit: Emit) {
  for (const stage of ctx.model.stages) {
    let absolute = lineage(ctx.model, stage)
      .slice(1)
      .some((s) => s.instrs.some((i) => i.keyword === 'WORKDIR' && ABSOLUTE.test(i.text.trim())));
    const cdTargets = new Map<string, Instr[]>();
    for (const instr of stage.instrs) {
      if (instr.keyword === 'WORKDIR') {
        const dir = instr.text.trim();
        if (!dir) continue;
        if (ABSOLUTE.test(dir)) absolute = true;
        else if (!absolute) {
          emit({
            rule: 'DH010',
            line: instr.line,
            message: {
              en: `\`WORKDIR ${dir}\` is relative to the base image's working directory, which this Dockerfile does not control. Use an absolute path such as \`/${dir.replace(/^\.\//, '')}\`.`,
              zh: `\`WORKDIR ${dir}\` 是相对于基础镜像的工作目录的，而那个目录不由这个 Dockerfile 决定。请写绝对路径，例如 \`/${dir.replace(/^\.\//, '')}\`。`,
            },
          });
        }
      }
      if (instr.keyword !== 'RUN' || !instr.commands.length) continue;
      const list = runs(ctx, instr);
      if (list.length && list.every((x) => x.name === 'cd')) {
        emit({
          rule: 'DH010',
          line: instr.line,
          message: {
            en: 'This RUN only changes directory, and the next instruction starts in a fresh shell, so it has no effect. Use `WORKDIR` to set the directory for the instructions that follow.',
            zh: '这条 RUN 只切换了目录，而下一条指令会在新的 shell 里开始，所以它没有任何作用。请用 `WORKDIR` 为后面的指令设定目录。',
          },
        });
        continue;
      }
      const first = list[0];
      if (first?.name === 'cd' && first.args[0] && instr.commands[0]?.sep === '&&') {
        const dir = first.args[0].text;
        cdTargets.set(dir, [...(cdTargets.get(dir) ?? []), instr]);
      }
    }
    for (const [dir, instrs] of cdTargets) {
      if (instrs.length < 2) continue;
      for (const instr of instrs.slice(1)) {
        emit({
          rule: 'DH010',
          line: instr.line,
          severity: 'info',
          message: {
            en: `Several RUNs start with \`cd ${dir} &&\`. Set \`WORKDIR ${dir}\` once before them instead; it also applies to COPY, CMD and ENTRYPOINT.`,
            zh: `好几条 RUN 都以 \`cd ${dir} &&\` 开头。不如在它们前面写一次 \`WORKDIR ${dir}\`，它对 COPY、CMD、ENTRYPOINT 也有效。`,
          },
        });
      }
    }
  }
}

// ── DH011, DH018 ─────────────────────────────────────────────────────────────
function dependencyInstall(inv: Invocation): string | null {
  const sub = (valued: ReadonlySet<string> = new Set()) => subcommand(inv.args, valued)?.text ?? null;
  switch (inv.name) {
    case 'npm': {
      const s = sub();
      // `npm install -g tool` or `npm install express` adds packages; only a bare install reads the manifest.
      const bare = inv.args.filter((a) => !a.text.startsWith('-')).length === 1 && !hasArg(inv, '-g', '--global');
      return s === 'ci' || ((s === 'install' || s === 'i') && bare) ? `npm ${s}` : null;
    }
    case 'yarn': {
      const s = sub();
      return s === null || s === 'install' ? 'yarn install' : null;
    }
    case 'pnpm':
    case 'bun':
      return sub() === 'install' || sub() === 'i' ? `${inv.name} install` : null;
    case 'pip':
    case 'pip3':
      return sub() === 'install' && inv.args.some((a) => a.text === '-r' || a.text.startsWith('--requirement') || a.text.startsWith('-r')) ? 'pip install -r' : null;
    case 'poetry':
    case 'pipenv':
    case 'bundle':
    case 'composer':
      return sub() === 'install' || (inv.name === 'bundle' && sub() === null) ? `${inv.name} install` : null;
    case 'go':
      return sub() === 'mod' && inv.args.some((a) => a.text === 'download') ? 'go mod download' : null;
    default:
      return null;
  }
}

/** `python -m pip …` → an invocation of pip. */
function unwrapModule(inv: Invocation): Invocation {
  if (/^python[0-9.]*$/.test(inv.name) && inv.args[0]?.text === '-m' && inv.args[1]) {
    return { ...inv, name: inv.args[1].text, args: inv.args.slice(2) };
  }
  return inv;
}

function copySources(instr: Instr): string[] {
  if (instr.heredocs.length) return [];
  const args = instr.exec ?? instr.words;
  return args.slice(0, -1);
}

const fromFlag = (instr: Instr) => instr.flags.find((f) => f.name === 'from')?.value ?? null;

function dh011and018(ctx: Ctx, emit: Emit) {
  for (const stage of ctx.model.stages) {
    let wholeContext: Instr | null = null;
    let lockFile = false;
    for (const instr of stage.instrs) {
      if ((instr.keyword === 'COPY' || instr.keyword === 'ADD') && !fromFlag(instr)) {
        const sources = copySources(instr);
        if (sources.some((s) => s === '.' || s === './' || s === '*')) wholeContext ??= instr;
        if (sources.some((s) => /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|package\*\.json|\*-lock\.json|\*\.json)$/.test(s))) lockFile = true;
        continue;
      }
      if (instr.keyword !== 'RUN') continue;
      for (const raw of runs(ctx, instr)) {
        const inv = unwrapModule(raw);
        const install = dependencyInstall(inv);
        if (install && wholeContext) {
          emit({
            rule: 'DH011',
            line: inv.line,
            message: {
              en: `\`${install}\` runs after \`COPY . .\` (line ${wholeContext.line}), so any change to any file invalidates the cache and reinstalls every dependency. Copy only the dependency manifests first, install, then copy the rest.`,
              zh: `\`${install}\` 在 \`COPY . .\`（第 ${wholeContext.line} 行）之后执行，任何文件一改，缓存就失效，所有依赖都要重装。请先只复制依赖清单文件并安装，再复制其余代码。`,
            },
          });
          wholeContext = null; // one finding per COPY . .
        }
        if (inv.name === 'npm' && lockFile) {
          const s = subcommand(inv.args, new Set())?.text;
          const positional = inv.args.filter((a) => !a.text.startsWith('-'));
          if ((s === 'install' || s === 'i') && positional.length === 1) {
            emit({
              rule: 'DH018',
              line: inv.line,
              message: {
                en: '`npm install` with a lock file copied in may update the lock and resolve different versions. `npm ci` installs exactly what package-lock.json says, and fails if it and package.json disagree.',
                zh: '已经复制了锁文件时，`npm install` 可能改写锁文件、解析出不同的版本。`npm ci` 严格按 package-lock.json 安装，它与 package.json 不一致时直接报错。',
              },
            });
          }
        }
      }
    }
  }
}

// ── DH012 ────────────────────────────────────────────────────────────────────
function dh012(ctx: Ctx, emit: Emit) {
  for (const stage of ctx.model.stages) {
    for (const keyword of ['CMD', 'ENTRYPOINT']) {
      const list = stage.instrs.filter((i) => i.keyword === keyword);
      for (const earlier of list.slice(0, -1)) {
        const last = list[list.length - 1]!;
        emit({
          rule: 'DH012',
          line: earlier.line,
          topic: keyword === 'CMD' ? 'cmd' : 'entrypoint',
          message: {
            en: `This ${keyword} has no effect: the ${keyword} on line ${last.line} replaces it, because only the last ${keyword} of a stage counts. To run two programs, start them from one script or use two containers.`,
            zh: `这条 ${keyword} 不会生效：第 ${last.line} 行的 ${keyword} 会覆盖它，一个阶段里只有最后一条 ${keyword} 有效。要运行两个程序，请用一个脚本启动，或拆成两个容器。`,
          },
        });
      }
    }
  }
}

// ── DH013 ────────────────────────────────────────────────────────────────────
const NON_POSIX = /^(pwsh|powershell|cmd)(\.exe)?$/i;

function pipefailIn(list: Invocation[]): boolean {
  return list.some((x) => {
    if (x.name !== 'set' && !isShell(x.name)) return false;
    const words = x.args.map((a) => a.text);
    return words.some((w, i) => (w === '-o' || /^-[a-z]*o$/.test(w)) && words[i + 1] === 'pipefail');
  });
}

function dh013(ctx: Ctx, emit: Emit) {
  for (const stage of ctx.model.stages) {
    // SHELL is image config: a stage built on an earlier one inherits it.
    let shell: string[] | null = null;
    for (const s of lineage(ctx.model, stage).slice(1).reverse()) for (const i of s.instrs) if (i.keyword === 'SHELL' && i.exec) shell = i.exec;
    for (const instr of stage.instrs) {
      if (instr.keyword === 'SHELL') {
        shell = instr.exec;
        continue;
      }
      if (instr.keyword !== 'RUN' || !instr.commands.length) continue;
      if (shell && (NON_POSIX.test(shell[0]?.split(/[\\/]/).pop() ?? '') || shell.includes('pipefail'))) continue;
      const pipe = pipeLine(instr.commands);
      if (pipe === null) continue;
      const list = runs(ctx, instr);
      if (pipefailIn(list)) continue;
      emit({
        rule: 'DH013',
        line: pipe,
        message: {
          en: 'A pipe in RUN succeeds when its last command does: if the first part fails (a download in `curl … | sh`), the build carries on. Set `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before it, or start the RUN with `set -o pipefail &&` in a shell that supports it (bash, ash, zsh).',
          zh: 'RUN 里的管道只看最后一个命令是否成功：前面的命令失败了（比如 `curl … | sh` 下载失败），构建照样继续。请在它之前加 `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`，或在支持的 shell（bash、ash、zsh）里以 `set -o pipefail &&` 开头。',
        },
      });
    }
  }
}

// ── DH014 ────────────────────────────────────────────────────────────────────
function dh014(ctx: Ctx, emit: Emit) {
  for (const instr of ctx.model.all) {
    if (instr.keyword !== 'EXPOSE') continue;
    for (const value of instr.words) {
      if (value.includes('$')) continue;
      const line = instr.line;
      if (value.includes(':')) {
        emit({
          rule: 'DH014',
          line,
          severity: 'warning',
          message: {
            en: `\`EXPOSE ${value}\`: EXPOSE only documents the port the container listens on; the host side and the IP are chosen at run time with \`docker run -p\`. Write \`EXPOSE ${value.split(':').pop()}\`. (BuildKit warns today and plans to make this an error.)`,
            zh: `\`EXPOSE ${value}\`：EXPOSE 只声明容器内监听的端口，宿主机端口和 IP 在运行时用 \`docker run -p\` 决定。请写成 \`EXPOSE ${value.split(':').pop()}\`。（BuildKit 目前给出警告，并计划将来改为报错。）`,
          },
        });
        continue;
      }
      const m = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(value);
      const ok = m !== null && Number(m[1]) <= 65535 && (m[2] === undefined || (Number(m[2]) <= 65535 && Number(m[2]) >= Number(m[1])));
      if (!ok) {
        emit({
          rule: 'DH014',
          line,
          message: {
            en: `\`EXPOSE ${value}\` is not a valid port: use a number from 1 to 65535, a range such as \`8000-8010\`, optionally with \`/tcp\` or \`/udp\`.`,
            zh: `\`EXPOSE ${value}\` 不是合法端口：请写 1–65535 的数字，或 \`8000-8010\` 这样的范围，可选加 \`/tcp\` 或 \`/udp\`。`,
          },
        });
      }
    }
  }
}

// ── DH015 ────────────────────────────────────────────────────────────────────
function dh015(ctx: Ctx, emit: Emit) {
  for (const instr of ctx.model.all) {
    if (instr.keyword !== 'RUN') continue;
    const used = runs(ctx, instr).find((x) => x.sudo);
    if (!used) continue;
    emit({
      rule: 'DH015',
      line: used.sudo!.line,
      message: {
        en: 'RUN already runs as the current USER (root unless you changed it), so `sudo` adds nothing but a dependency, and its TTY and signal handling misbehave in containers. Put root steps before `USER`, or switch with `USER root` and back.',
        zh: 'RUN 本来就以当前 USER 身份执行（没改过就是 root），`sudo` 除了多一个依赖没有任何好处，它的 TTY 和信号处理在容器里也容易出问题。需要 root 的步骤放在 `USER` 之前，或临时 `USER root` 再切回来。',
      },
    });
  }
}

// ── DH017 ────────────────────────────────────────────────────────────────────
function dh017(ctx: Ctx, emit: Emit) {
  for (const stage of ctx.model.stages) {
    if (!ctx.shipped.has(stage.index)) continue;
    const envOff = (i: Instr) => i.keyword === 'ENV' && /PIP_NO_CACHE_DIR/.test(i.text);
    let noCache = lineage(ctx.model, stage).slice(1).some((s) => s.instrs.some(envOff));
    for (const instr of stage.instrs) {
      if (envOff(instr)) noCache = true;
      if (instr.keyword !== 'RUN' || noCache || mounts(instr, '.cache/pip') || /PIP_NO_CACHE_DIR=/.test(instr.text)) continue;
      for (const raw of runs(ctx, instr)) {
        const inv = unwrapModule(raw);
        if (!/^pip[0-9.]*$/.test(inv.name) || subcommand(inv.args, PIP_VALUED)?.text !== 'install') continue;
        if (hasArg(inv, '--no-cache-dir', '--no-cache')) continue;
        emit({
          rule: 'DH017',
          line: inv.line,
          message: {
            en: '`pip install` keeps the downloaded wheels in `~/.cache/pip`, which then ships in this layer. Add `--no-cache-dir` (or set `ENV PIP_NO_CACHE_DIR=1`, or use a `--mount=type=cache` for the pip cache).',
            zh: '`pip install` 会把下载的 wheel 留在 `~/.cache/pip`，这些文件会跟着这一层进入镜像。请加 `--no-cache-dir`（或设置 `ENV PIP_NO_CACHE_DIR=1`，或给 pip 缓存用 `--mount=type=cache`）。',
          },
        });
      }
    }
  }
}

// ── DH019 ────────────────────────────────────────────────────────────────────
function dh019(ctx: Ctx, emit: Emit) {
  const names = ctx.model.stages.map((s) => s.name);
  for (const stage of ctx.model.stages) {
    for (const instr of stage.instrs) {
      if (instr.keyword !== 'COPY' && instr.keyword !== 'ADD') continue;
      const from = fromFlag(instr);
      if (from === null || from.includes('$')) continue;
      const key = from.toLowerCase();
      if (/^\d+$/.test(key)) {
        const n = Number(key);
        const bad = n >= stage.index;
        emit({
          rule: 'DH019',
          line: instr.line,
          severity: bad ? 'error' : 'warning',
          message: bad
            ? {
                en: `\`--from=${from}\` points at stage ${n}, but only stages before this one (0–${stage.index - 1}) can be copied from. Name the stage (\`FROM … AS build\`) and use \`--from=build\`.`,
                zh: `\`--from=${from}\` 指向第 ${n} 个阶段，但只能从当前阶段之前的阶段（0–${stage.index - 1}）复制。请给阶段起名（\`FROM … AS build\`），再用 \`--from=build\`。`,
              }
            : {
                en: `\`--from=${from}\` counts stages by position, so adding a stage above silently changes what is copied. Name the stage (\`FROM … AS build\`) and use \`--from=build\`.`,
                zh: `\`--from=${from}\` 按位置编号引用阶段，前面一旦插入新阶段，复制的内容就悄悄变了。请给阶段起名（\`FROM … AS build\`），再用 \`--from=build\`。`,
              },
        });
        continue;
      }
      const at = names.indexOf(key);
      if (at >= 0 && at < stage.index) continue;
      if (at >= stage.index) {
        emit({
          rule: 'DH019',
          line: instr.line,
          message: {
            en: `\`--from=${from}\` names ${at === stage.index ? 'this same stage' : 'a stage defined further down'}; COPY --from can only read stages defined before it. Move stage \`${from}\` above this one.`,
            zh: `\`--from=${from}\` 指向的是${at === stage.index ? '当前阶段本身' : '后面才定义的阶段'}；COPY --from 只能读取在它之前定义的阶段。请把 \`${from}\` 阶段移到前面。`,
          },
        });
        continue;
      }
      // No stage of that name: Docker treats it as an image. A plain word is most likely a typo.
      if (/[:/@.]/.test(key)) continue;
      emit({
        rule: 'DH019',
        line: instr.line,
        severity: 'warning',
        message: {
          en: `No stage is named \`${from}\`${names.some(Boolean) ? ` (stages: ${names.filter(Boolean).join(', ')})` : ''}, so Docker will pull an image called \`${from}\` instead. Check the spelling, or write the image with a tag (\`${from}:<version>\`) if that is what you mean.`,
          zh: `没有名为 \`${from}\` 的阶段${names.some(Boolean) ? `（已有阶段：${names.filter(Boolean).join('、')}）` : ''}，Docker 会改为拉取名叫 \`${from}\` 的镜像。请检查拼写；如果确实是镜像，请带上标签（\`${from}:<版本>\`）。`,
        },
      });
    }
  }
}

// ── DH020 ────────────────────────────────────────────────────────────────────
/** The instruction one or two edits away from a misspelt keyword (`FROOM` → FROM), if exactly one is. */
function nearest(word: string): string | null {
  if (word.length > 12) return null;
  const distance = (a: string, b: string): number => {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const cur = [i];
      for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
    return prev[b.length]!;
  };
  const close = [...INSTRUCTIONS].filter((k) => distance(word, k) <= 2);
  return close.length === 1 ? close[0]! : null;
}

function dh020(ctx: Ctx, emit: Emit, fragment: boolean) {
  const { model } = ctx;
  let previous: Instr | null = null;
  for (const instr of model.all) {
    const word = instr.node.getInstruction();
    if (!/^[A-Za-z]+$/.test(word) || !INSTRUCTIONS.has(instr.keyword)) {
      const shown = word.length > 30 ? `${word.slice(0, 29)}…` : word;
      const lower = word !== word.toUpperCase() || !/^[A-Za-z]/.test(word);
      const hint = lower && previous !== null && previous.keyword === 'RUN' && instr.line === previous.endLine + 1;
      const near = lower ? null : nearest(instr.keyword);
      emit({
        rule: 'DH020',
        line: instr.line,
        column: instr.column,
        message: hint
          ? {
              en: `\`${shown}\` is not a Dockerfile instruction. It looks like part of the RUN above: that RUN's last line needs a \`\\\` at its end to continue onto this one.`,
              zh: `\`${shown}\` 不是 Dockerfile 指令。它看起来属于上面那条 RUN：上一行末尾需要加 \`\\\` 才能续到这一行。`,
            }
          : near
          ? {
              en: `\`${shown}\` is not a Dockerfile instruction, so the build stops here. Did you mean \`${near}\`?`,
              zh: `\`${shown}\` 不是 Dockerfile 指令，构建会在这里报错。是不是想写 \`${near}\`？`,
            }
          : {
              en: `\`${shown}\` is not a Dockerfile instruction, so the build stops here. Check the spelling, or whether the line before lost its trailing \`\\\`.`,
              zh: `\`${shown}\` 不是 Dockerfile 指令，构建会在这里报错。请检查拼写，或者上一行是否漏了结尾的 \`\\\`。`,
            },
      });
    } else if (!fragment && instr.stage < 0 && instr.keyword !== 'ARG') {
      emit({
        rule: 'DH020',
        line: instr.line,
        message: {
          en: `${instr.keyword} comes before the first FROM; only ARG may appear there. Move it below FROM.`,
          zh: `${instr.keyword} 出现在第一条 FROM 之前，那里只允许 ARG。请把它移到 FROM 后面。`,
        },
      });
    }
    if (instr.danglingContinuation) {
      emit({
        rule: 'DH020',
        line: instr.endLine,
        message: {
          en: 'The file ends in the middle of a continued line (a trailing `\\` with nothing after it). Remove the `\\` or add the rest of the command.',
          zh: '文件在续行中间结束了（结尾有 `\\`，后面却没有内容）。请删掉这个 `\\`，或把命令补完整。',
        },
      });
    }
    previous = instr;
  }
  if (!fragment && model.all.length && !model.stages.length) {
    emit({
      rule: 'DH020',
      line: model.all[0]!.line,
      message: {
        en: 'There is no FROM: every Dockerfile build stage starts with one (`FROM scratch` for an empty base).',
        zh: '没有 FROM：每个构建阶段都必须以 FROM 开头（空白基础用 `FROM scratch`）。',
      },
    });
  }
}


/** Runs every rule over a parsed Dockerfile. `fragment`: a snippet without FROM (from chat). */
export function check(model: Model, fragment: boolean): Hit[] {
  const hits: Hit[] = [];
  const emit: Emit = (h) => hits.push(h);
  const final = model.stages[model.stages.length - 1];
  const shipped = new Set(final ? lineage(model, final).map((s) => s.index) : []);
  const ctx: Ctx = { model, final, shipped, inv: new Map() };
  // A snippet without FROM is linted as one stage so per-stage rules still apply.
  if (!model.stages.length && model.globals.length && fragment) {
    const pseudo: Stage = { index: 0, name: null, from: model.globals[0]!, image: '', parent: null, instrs: model.globals };
    const m: Model = { ...model, stages: [pseudo] };
    const c: Ctx = { model: m, final: undefined, shipped: new Set([0]), inv: new Map() };
    for (const rule of [aptRules, dh005, dh006, dh008, dh009, dh010, dh011and018, dh012, dh013, dh014, dh015, dh017]) rule(c, emit);
    dh020(c, emit, true);
    return hits;
  }
  dh001(ctx, emit);
  aptRules(ctx, emit);
  dh005(ctx, emit);
  dh006(ctx, emit);
  if (!fragment) dh007(ctx, emit);
  dh008(ctx, emit);
  dh009(ctx, emit);
  dh010(ctx, emit);
  dh011and018(ctx, emit);
  dh012(ctx, emit);
  dh013(ctx, emit);
  dh014(ctx, emit);
  dh015(ctx, emit);
  dh017(ctx, emit);
  dh019(ctx, emit);
  dh020(ctx, emit, fragment);
  return hits;
}
