import { describe, expect, it } from 'vitest';
import { lint, RULES } from '../../src/lint/index.ts';

/** Lines where `rule` fires on `text` (a whole Dockerfile; a `USER app` tail keeps DH007 quiet unless tested). */
const at = (rule: string, text: string) => lint(text).findings.filter((f) => f.rule === rule).map((f) => f.line);
const df = (...lines: string[]) => lines.join('\n');

interface Case {
  name: string;
  text: string;
  lines: number[];
}

const CASES: Record<string, Case[]> = {
  DH001: [
    { name: 'no tag', text: df('FROM ubuntu', 'USER app'), lines: [1] },
    { name: ':latest with registry port', text: df('FROM registry.local:5000/team/app:latest', 'USER app'), lines: [1] },
    { name: 'pinned tag, digest, scratch', text: df('FROM node:22-slim AS a', 'FROM alpine@sha256:abc AS b', 'FROM scratch', 'USER 1000'), lines: [] },
    { name: 'trap: stage name and ARG-templated tags', text: df('ARG V=3.12', 'FROM python:${V}-slim AS build', 'FROM build', 'FROM ${BASE_IMAGE}', 'USER app'), lines: [] },
    { name: 'trap: --platform flag', text: df('FROM --platform=$BUILDPLATFORM golang AS b', 'USER app'), lines: [1] },
  ],
  DH002: [
    { name: 'missing flag, line of the install inside a continuation', text: df('FROM debian:12', 'RUN apt-get update \\', ' && apt-get install -y curl \\', ' && rm -rf /var/lib/apt/lists/*', 'USER app'), lines: [3] },
    { name: 'flag present', text: df('FROM debian:12', 'RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*', 'USER app'), lines: [] },
    { name: 'trap: apt config file written earlier', text: df('FROM debian:12', `RUN echo 'APT::Install-Recommends "false";' > /etc/apt/apt.conf.d/99norec`, 'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*', 'USER app'), lines: [] },
    { name: 'heredoc script', text: df('FROM debian:12', 'RUN <<EOF', 'apt-get update', 'apt-get install -y git', 'rm -rf /var/lib/apt/lists/*', 'EOF', 'USER app'), lines: [4] },
    { name: 'trap: apt-get in a comment line inside the continuation', text: df('FROM debian:12', 'RUN echo one \\', '    # apt-get install -y curl', '    && echo two', 'USER app'), lines: [] },
  ],
  DH003: [
    { name: 'update alone', text: df('FROM ubuntu:24.04', 'RUN apt-get update', 'RUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*', 'USER app'), lines: [2] },
    { name: 'update with install', text: df('FROM ubuntu:24.04', 'RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*', 'USER app'), lines: [] },
    { name: 'inside bash -c', text: df('FROM ubuntu:24.04', 'RUN bash -c "apt-get update"', 'USER app'), lines: [2] },
  ],
  DH004: [
    { name: 'lists left in the final image', text: df('FROM debian:12', 'RUN apt-get update && apt-get install -y --no-install-recommends curl', 'USER app'), lines: [2] },
    { name: 'cleaned', text: df('FROM debian:12', 'RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*', 'USER app'), lines: [] },
    { name: 'cache mount for /var/lib/apt', text: df('FROM debian:12', 'RUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y --no-install-recommends curl', 'USER app'), lines: [] },
    { name: 'trap: a build stage that does not ship', text: df('FROM debian:12 AS build', 'RUN apt-get update && apt-get install -y --no-install-recommends gcc', 'FROM gcr.io/distroless/static-debian12:nonroot', 'COPY --from=build /out /app'), lines: [] },
  ],
  DH005: [
    { name: 'local file', text: df('FROM alpine:3.20', 'ADD app.py /app/', 'USER app'), lines: [2] },
    { name: 'URL, tar archive, git, --checksum', text: df('FROM alpine:3.20', 'ADD https://example.com/a.bin /a', 'ADD rootfs.tar.xz /', 'ADD git@github.com:org/repo.git /src', 'ADD --checksum=sha256:abc https://x/y /y', 'USER app'), lines: [] },
    { name: 'trap: variable source', text: df('FROM alpine:3.20', 'ARG SRC=https://x/y.tgz', 'ADD ${SRC} /opt/', 'USER app'), lines: [] },
  ],
  DH006: [
    { name: 'shell form CMD and ENTRYPOINT', text: df('FROM node:22-slim', 'USER node', 'ENTRYPOINT node', 'CMD node server.js'), lines: [3, 4] },
    { name: 'exec form', text: df('FROM node:22-slim', 'USER node', 'CMD ["node", "server.js"]'), lines: [] },
    { name: 'trap: single quotes are not exec form', text: df('FROM node:22-slim', 'USER node', "CMD ['node', 'server.js']"), lines: [3] },
    { name: 'trap: SHELL set explicitly, and exec prefix', text: df('FROM alpine:3.20 AS a', 'SHELL ["/bin/ash", "-c"]', 'CMD echo hi', 'FROM alpine:3.20', 'USER app', 'CMD exec node app.js'), lines: [] },
    { name: 'continuation inside exec form', text: df('FROM node:22-slim', 'USER node', 'CMD ["node", \\', '     "server.js"]'), lines: [] },
  ],
  DH007: [
    { name: 'no USER', text: df('FROM node:22-slim', 'CMD ["node", "a.js"]'), lines: [1] },
    { name: 'last USER is root', text: df('FROM node:22-slim', 'USER node', 'RUN id', 'USER root'), lines: [4] },
    { name: 'USER 0:0', text: df('FROM alpine:3.20', 'USER 0:0'), lines: [2] },
    { name: 'trap: USER only in a build stage', text: df('FROM node:22 AS build', 'USER node', 'FROM node:22-slim', 'CMD ["node"]'), lines: [3] },
    { name: 'trap: inherited from an earlier stage, nonroot base', text: df('FROM node:22-slim AS base', 'USER node', 'FROM base', 'CMD ["node"]', 'FROM gcr.io/distroless/nodejs22-debian12:nonroot AS other'), lines: [] },
  ],
  DH008: [
    { name: 'literal secrets', text: df('FROM alpine:3.20', 'ENV DB_PASSWORD=hunter2 API_KEY=sk-live-123', 'ARG GITHUB_TOKEN=ghp_abc', 'USER app'), lines: [2, 2, 3] },
    { name: 'trap: no default, variable, file path, placeholder', text: df('FROM alpine:3.20', 'ARG NPM_TOKEN', 'ENV TOKEN=${NPM_TOKEN} PASSWORD_FILE=/run/secrets/db SECRET_KEY=""', 'ENV API_KEY_URL=https://x', 'USER app'), lines: [] },
    { name: 'legacy ENV form', text: df('FROM alpine:3.20', 'ENV MYSQL_ROOT_PASSWORD rootpw', 'USER app'), lines: [2] },
  ],
  DH009: [
    { name: 'MAINTAINER', text: df('FROM alpine:3.20', 'MAINTAINER Jane <jane@example.com>', 'USER app'), lines: [2] },
    { name: 'LABEL maintainer is fine', text: df('FROM alpine:3.20', 'LABEL maintainer="jane@example.com"', 'USER app'), lines: [] },
  ],
  DH010: [
    { name: 'relative WORKDIR first', text: df('FROM node:22-slim', 'WORKDIR app', 'USER node'), lines: [2] },
    { name: 'relative after absolute', text: df('FROM node:22-slim', 'WORKDIR /srv', 'WORKDIR app', 'USER node'), lines: [] },
    { name: 'RUN cd alone', text: df('FROM node:22-slim', 'RUN cd /app', 'USER node'), lines: [2] },
    { name: 'trap: cd within one RUN, variables, Windows paths', text: df('FROM node:22-slim', 'RUN cd /tmp && curl -fsSLO https://x/y.tgz && tar xzf y.tgz', 'WORKDIR $HOME', 'WORKDIR C:\\app', 'USER node'), lines: [] },
  ],
  DH011: [
    { name: 'COPY . . before npm ci', text: df('FROM node:22-slim', 'WORKDIR /app', 'COPY . .', 'RUN npm ci', 'USER node'), lines: [4] },
    { name: 'manifests first', text: df('FROM node:22-slim', 'WORKDIR /app', 'COPY package.json package-lock.json ./', 'RUN npm ci', 'COPY . .', 'RUN npm run build', 'USER node'), lines: [] },
    { name: 'pip -r after COPY . /app', text: df('FROM python:3.12-slim', 'COPY . /app', 'RUN pip install --no-cache-dir -r /app/requirements.txt', 'USER app'), lines: [3] },
    { name: 'trap: global tool, project install, COPY --from', text: df('FROM python:3.12-slim', 'COPY --from=build . .', 'COPY . .', 'RUN npm install -g pm2 && pip install --no-cache-dir .', 'USER app'), lines: [] },
  ],
  DH012: [
    { name: 'two CMDs in a stage', text: df('FROM alpine:3.20', 'USER app', 'CMD ["a"]', 'CMD ["b"]'), lines: [3] },
    { name: 'trap: one per stage, CMD plus ENTRYPOINT', text: df('FROM alpine:3.20 AS a', 'CMD ["a"]', 'FROM alpine:3.20', 'USER app', 'ENTRYPOINT ["b"]', 'CMD ["c"]'), lines: [] },
  ],
  DH013: [
    { name: 'pipe', text: df('FROM debian:12', 'RUN curl -fsSL https://x/install.sh | sh', 'USER app'), lines: [2] },
    { name: 'set -o pipefail, SHELL with pipefail', text: df('FROM debian:12 AS a', 'RUN set -eo pipefail; curl -fsSL https://x | sh', 'FROM debian:12', 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'RUN curl -fsSL https://x | sh', 'USER app'), lines: [] },
    { name: 'trap: || and quoted pipes are not pipes', text: df('FROM debian:12', 'RUN test -f /x || echo "a | b" && grep -q "x|y" /etc/hosts', 'USER app'), lines: [] },
    { name: 'pipe on a continuation line', text: df('FROM debian:12', 'RUN set -e \\', '  && wget -qO- https://x \\', '  | tar xz', 'USER app'), lines: [3] },
    { name: 'trap: PowerShell', text: df('FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'SHELL ["powershell", "-Command"]', 'RUN Get-Process | Select-Object Name', 'USER ContainerUser'), lines: [] },
  ],
  DH014: [
    { name: 'host mapping and invalid port', text: df('FROM nginx:1.27', 'EXPOSE 80:80 127.0.0.1:443:443 99999 http', 'USER nginx'), lines: [2, 2, 2, 2] },
    { name: 'valid ports', text: df('FROM nginx:1.27', 'EXPOSE 80 443/tcp 53/udp 8000-8010 ${PORT}', 'USER nginx'), lines: [] },
  ],
  DH015: [
    { name: 'sudo', text: df('FROM ubuntu:24.04', 'USER dev', 'RUN sudo apt-get update && sudo apt-get install -y --no-install-recommends vim && sudo rm -rf /var/lib/apt/lists/*'), lines: [3] },
    { name: 'trap: installing sudo is not using it', text: df('FROM ubuntu:24.04', 'RUN apt-get update && apt-get install -y --no-install-recommends sudo && rm -rf /var/lib/apt/lists/*', 'USER dev'), lines: [] },
  ],
  DH016: [
    { name: 'upgrade and dist-upgrade', text: df('FROM debian:12', 'RUN apt-get update && apt-get -y upgrade && apt-get -y dist-upgrade && rm -rf /var/lib/apt/lists/*', 'USER app'), lines: [2, 2] },
    { name: 'trap: pip install --upgrade is not apt', text: df('FROM python:3.12-slim', 'RUN pip install --no-cache-dir --upgrade pip', 'USER app'), lines: [] },
  ],
  DH017: [
    { name: 'pip without --no-cache-dir', text: df('FROM python:3.12-slim', 'RUN pip install flask && python -m pip install gunicorn', 'USER app'), lines: [2] },
    { name: 'flag, ENV, cache mount', text: df('FROM python:3.12-slim', 'RUN pip install --no-cache-dir flask', 'RUN --mount=type=cache,target=/root/.cache/pip pip install gunicorn', 'ENV PIP_NO_CACHE_DIR=1', 'RUN pip install uvicorn', 'USER app'), lines: [] },
  ],
  DH018: [
    { name: 'npm install with the lock copied', text: df('FROM node:22-slim', 'COPY package.json package-lock.json ./', 'RUN npm install', 'USER node'), lines: [3] },
    { name: 'package*.json glob', text: df('FROM node:22-slim', 'COPY package*.json ./', 'RUN npm install --omit=dev', 'USER node'), lines: [3] },
    { name: 'trap: no lock file, adding one package, npm ci', text: df('FROM node:22-slim', 'COPY package.json ./', 'RUN npm install', 'COPY package-lock.json ./', 'RUN npm install express && npm ci', 'USER node'), lines: [] },
  ],
  DH019: [
    { name: 'unknown stage, later stage, numeric index', text: df('FROM golang:1.22 AS build', 'COPY --from=0 /a /a', 'FROM alpine:3.20', 'COPY --from=biuld /out /app', 'COPY --from=later /x /x', 'COPY --from=5 /y /y', 'FROM alpine:3.20 AS later', 'USER app'), lines: [2, 4, 5, 6] },
    { name: 'trap: earlier stage (any case), image references, variables', text: df('FROM golang:1.22 AS Build', 'FROM alpine:3.20', 'COPY --from=build /out /app', 'COPY --from=nginx:1.27 /etc/nginx /etc/nginx', 'COPY --from=docker.io/library/busybox /bin/sh /sh', 'ARG S=build', 'COPY --from=${S} /x /x', 'USER app'), lines: [] },
  ],
  DH020: [
    { name: 'unknown instruction, broken continuation', text: df('FROM debian:12', 'RUN apt-get update && \\', '    apt-get install -y --no-install-recommends curl', '    && rm -rf /var/lib/apt/lists/*', 'FROOM x', 'USER app'), lines: [4, 5] },
    { name: 'instruction before FROM', text: df('ARG V=1', 'RUN echo hi', 'FROM alpine:3.20', 'USER app'), lines: [2] },
    { name: 'file ends inside a continuation', text: df('FROM alpine:3.20', 'USER app', 'RUN echo hi \\'), lines: [3] },
    { name: 'trap: directives, lower-case instructions, heredoc bodies', text: df('# syntax=docker/dockerfile:1', '# escape=\\', 'from alpine:3.20', 'run <<EOF', 'FROOM is text in a heredoc', 'EOF', 'user app'), lines: [] },
  ],
};

describe('lint rules', () => {
  it('every rule of the table has cases', () => {
    expect(Object.keys(CASES).sort()).toEqual(RULES.map((r) => r.id));
  });

  for (const [rule, cases] of Object.entries(CASES)) {
    describe(rule, () => {
      for (const c of cases) {
        it(c.name, () => {
          expect(at(rule, c.text)).toEqual(c.lines);
        });
      }
    });
  }
});

describe('lint findings', () => {
  it('carry both languages and a topic that is a note', async () => {
    const { loadKnowledge } = await import('../../src/knowledge/load.ts');
    const { DEFAULT_KNOWLEDGE_DIR } = await import('../../src/paths.ts');
    const kb = loadKnowledge(DEFAULT_KNOWLEDGE_DIR);
    for (const rule of RULES) expect(kb.byId.has(rule.topic), `${rule.id} → ${rule.topic}`).toBe(true);
    const all = Object.values(CASES).flat().flatMap((c) => lint(c.text).findings);
    for (const f of all) {
      expect(f.message.en.length).toBeGreaterThan(20);
      expect(f.message.zh).toMatch(/\p{Script=Han}/u);
      expect(kb.byId.has(f.topic), f.topic).toBe(true);
    }
  });

  it('# dockhand-ignore silences the next instruction or its own line', () => {
    const text = df('# dockhand-ignore DH001', 'FROM ubuntu', '# dockhand-ignore', 'RUN apt-get update', 'CMD node a.js # dockhand-ignore DH006', 'USER app');
    expect(lint(text).findings.map((f) => f.rule)).toEqual([]);
    expect(at('DH001', df('# dockhand-ignore DH002', 'FROM ubuntu', 'USER app'))).toEqual([1 + 1]);
  });

  it('never throws on hostile input', () => {
    for (const text of ['', '\\', 'RUN <<EOF', '\u0000\u0001 FROM', 'FROM '.repeat(5000), `FROM a\nRUN ${'"'.repeat(3001)}`, `FROM a\nRUN $(${'('.repeat(2000)}`]) {
      expect(() => lint(text)).not.toThrow();
    }
  });
});
