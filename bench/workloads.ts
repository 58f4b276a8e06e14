import { readEvalFile, type EvalCase } from '../src/eval.ts';

/** The questions the benchmark runs: the eval set plus the pastes that hurt naive search. */
export interface Workloads {
  eval: EvalCase[];
  paste4k: string[];
  wall10k: string[];
  /** Inputs that must never be slow or throw: empty, binary, 10,000 characters, spam, markdown breakers. */
  hostile: string[];
}

const DOCKERFILE = `FROM node:22-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev
ENV NODE_ENV=production PORT=8080
EXPOSE 8080
HEALTHCHECK --interval=30s CMD node healthcheck.js || exit 1
USER node
ENTRYPOINT ["node"]
CMD ["dist/server.js"]
`;

const PROSE = `We have a service that runs fine on my laptop but in staging the container keeps restarting and the
logs show nothing useful, the team lead thinks it is the network configuration while I suspect the volume mount
permissions, we tried rebuilding the image without cache and pruning everything but the problem persists after
the deploy pipeline pushes the new tag to our private registry and the orchestrator pulls it again. `;

/** Deterministic variety: the n-th paste differs in its tail so nothing can be cached by text. */
function sized(unit: string, size: number, n: number, tail: string): string {
  let text = '';
  while (text.length < size) text += unit;
  return `${text.slice(0, size - tail.length - 8)}\n${tail} #${n}`;
}

export function loadWorkloads(evalFile: string): Workloads {
  const tails4k = ['why is my image so big?', 'why does the build take so long', '为什么每次构建都要重新安装依赖', 'what does this Dockerfile do'];
  const tails10k = ['any idea what is wrong?', 'how do I see the logs', '怎么办', 'please help'];
  return {
    eval: readEvalFile(evalFile),
    paste4k: Array.from({ length: 40 }, (_, i) => sized(DOCKERFILE, 4096, i, tails4k[i % tails4k.length]!)),
    wall10k: Array.from({ length: 40 }, (_, i) => sized(PROSE, 10_240, i, tails10k[i % tails10k.length]!)),
    hostile: [
      '',
      '   \n\t  ',
      String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 131) % 256)),
      'x'.repeat(10_000),
      'docker '.repeat(1_430),
      `${'a'.repeat(5_000)}!`,
      '<!channel> <!here> @everyone <@U123> '.repeat(250),
      '```` ** __ ~~ ` > | <script> '.repeat(300),
      '容器'.repeat(5_000),
      `${DOCKERFILE.repeat(12)}\n为什么构建这么慢 why is it slow`,
    ],
  };
}
