/** The explain benchmark: a 4 kB `docker run` line (continuations, quotes, $(…), risky flags) must be explained in ≤ 5 ms. */
import { explainCommand } from '../src/explain/explain.ts';

const FLAGS = [
  '-e APP_ENV=production',
  '-e "GREETING=hello world"',
  '-v "$(pwd)/data-{n}:/data/{n}:ro"',
  '-v cache{n}:/cache/{n}',
  '-p 127.0.0.1:{p}:{p}/udp',
  '--label com.example.build={n}',
  '--restart unless-stopped',
  '--cap-add NET_ADMIN',
  '--add-host host{n}:10.0.0.{n}',
  '--mount type=bind,source=${HOME}/cfg{n},target=/cfg/{n},readonly',
  '-itd',
];

/** A docker run command line of about `chars` characters, one flag per continuation line. */
export function bigCommand(chars = 4096): string {
  const lines = ['docker run --name big --privileged -v /var/run/docker.sock:/var/run/docker.sock \\'];
  let size = lines[0]!.length;
  const last = '  registry.example.com/team/app:1.2.3 sh -c "exec node server.js --port 8080"';
  for (let n = 0; ; n++) {
    const line = `  ${FLAGS[n % FLAGS.length]!.replace(/\{n\}/g, String(n % 250)).replace(/\{p\}/g, String(5000 + n))} \\`;
    if (size + line.length + last.length + 2 > chars) break;
    lines.push(line);
    size += line.length + 1;
  }
  lines.push(last);
  return lines.join('\n');
}

export interface ExplainBench {
  chars: number;
  flags: number;
  p50: number;
  p99: number;
  max: number;
  runs: number;
}

export function explainBench(chars = 4096, runs = 500): ExplainBench {
  const line = bigCommand(chars);
  for (let i = 0; i < 50; i++) explainCommand(line);
  const times: number[] = [];
  let flags = 0;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    flags = explainCommand(line)!.args.length;
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!;
  return { chars: line.length, flags, p50: at(0.5), p99: at(0.99), max: times[times.length - 1]!, runs };
}

export function explainReport(): string {
  const r = explainBench();
  return [
    `explain ${r.chars}-character command (${r.flags} flags): p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, max ${r.max.toFixed(2)} ms (n=${r.runs})`,
    `explain 4 kB ≤ 5 ms at p99: ${r.p99 <= 5 ? 'yes' : 'NO'}`,
  ].join('\n');
}

if (process.argv[1]?.endsWith('bench/explain.ts')) console.log(explainReport());
