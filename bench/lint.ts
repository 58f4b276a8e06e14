/** The lint benchmark: a realistic 500-line Dockerfile (stages, continuations, heredocs, pipes) must lint in ≤ 20 ms. */
import { lint } from '../src/lint/index.ts';

const BLOCK = [
  'FROM node:22-bookworm AS deps{n}',
  'WORKDIR /app',
  'ARG NPM_TOKEN',
  'COPY package.json package-lock.json ./',
  'RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev',
  'RUN apt-get update \\',
  '    && apt-get install -y --no-install-recommends \\',
  '       ca-certificates curl git \\',
  '    # keep the lists out of the layer',
  '    && rm -rf /var/lib/apt/lists/*',
  'RUN curl -fsSL https://example.com/tool-{n}.tgz | tar -xz -C /usr/local/bin',
  'RUN <<EOF',
  'set -eux',
  'echo "stage {n}" > /etc/stage',
  'cd /app && ls -la',
  'EOF',
  'COPY . .',
  'RUN npm run build && npm prune --omit=dev',
  'ENV NODE_ENV=production PORT=80{n}',
  'EXPOSE 80{n}',
  'USER node',
  'CMD ["node", "dist/server.js"]',
];

/** A Dockerfile of exactly `lines` lines built from the block above. */
export function bigDockerfile(lines: number): string {
  const out: string[] = [];
  for (let n = 0; out.length < lines; n++) for (const l of BLOCK) if (out.length < lines) out.push(l.replace(/\{n\}/g, String(n % 100).padStart(2, '0')));
  // Close a heredoc or continuation the cut may have left open.
  return `${out.join('\n')}\nEOF\n`;
}

export interface LintBench {
  lines: number;
  findings: number;
  p50: number;
  p99: number;
  max: number;
  runs: number;
}

export function lintBench(lines = 500, runs = 200): LintBench {
  const text = bigDockerfile(lines);
  // Steady state, as the engine bench measures: the first runs compile the parser.
  for (let i = 0; i < 30; i++) lint(text);
  const times: number[] = [];
  let findings = 0;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    findings = lint(text).findings.length;
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!;
  return { lines: text.split('\n').length - 1, findings, p50: at(0.5), p99: at(0.99), max: times[times.length - 1]!, runs };
}

export function lintReport(): string {
  const r = lintBench();
  const big = lintBench(2000, 20);
  return [
    `lint ${r.lines}-line Dockerfile: p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, max ${r.max.toFixed(2)} ms (n=${r.runs}, ${r.findings} findings)`,
    `lint ${big.lines}-line Dockerfile: p50 ${big.p50.toFixed(2)} ms, max ${big.max.toFixed(2)} ms (n=${big.runs})`,
    `lint 500 lines ≤ 20 ms at p99: ${r.p99 <= 20 ? 'yes' : 'NO'}`,
  ].join('\n');
}

if (process.argv[1]?.endsWith('bench/lint.ts')) console.log(lintReport());
