# dockhand: a Docker answer bot, packaged the way its own notes recommend.
# Stages: deps (production node_modules, with the native SQLite addon) → build (TypeScript) → runtime.
# No `# syntax=` line: nothing here needs a newer frontend than the one built into the builder, and
# that line makes BuildKit fetch one from Docker Hub before it starts.

ARG NODE_IMAGE=node:24.11.1-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
# Only the manifests first: this layer is reused until dependencies change.
COPY package.json package-lock.json ./
# npm ci runs the prepare script; with no TypeScript and no sources here it only says so.
COPY scripts/prepare.js ./scripts/prepare.js
# Of the addon only the compiled module is kept: its SQLite sources and the compiler's
# leftovers (about 27 MB) are never loaded at run time. Of opencc-js only the traditional-to-
# simplified table that src/text/simplify.ts requires is kept (its other builds are about 6 MB).
RUN npm ci --omit=dev --no-audit --no-fund \
 && cd node_modules/better-sqlite3 \
 && mv build/Release/better_sqlite3.node /tmp/ \
 && rm -rf build deps src binding.gyp \
 && mkdir -p build/Release \
 && mv /tmp/better_sqlite3.node build/Release/ \
 && find ../opencc-js/dist -type f ! -path '*/umd/t2cn.js' ! -path '*/umd/package.json' -delete \
 && npm cache clean --force

# tsc needs the dev dependencies but no native addon: --ignore-scripts skips compiling it again.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY adapters ./adapters
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
ARG NODE_IMAGE
LABEL org.opencontainers.image.title="dockhand" \
      org.opencontainers.image.description="Answers Docker questions in Slack, Discord and the terminal, in Chinese and English." \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.base.name="docker.io/library/${NODE_IMAGE}"
ENV NODE_ENV=production \
    DOCKHAND_DB=/app/data/dockhand.sqlite \
    HEALTH_PORT=8080
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY knowledge ./knowledge
COPY --from=build /app/dist ./dist
COPY adapters/slack/manifest.yml ./adapters/slack/manifest.yml
# uid 1000 (the base image's node user) must be able to write here; a bind-mounted host folder
# must be too (chown 1000:1000 it), or the store cannot open.
RUN mkdir -p /app/data && chown node:node /app/data
# Tip subscriptions and the posting ledger live here; mount a volume to keep them.
VOLUME ["/app/data"]
USER node
# 3000: Slack HTTP mode, the only port the outside world calls (Socket Mode and Discord connect
# out). 8080: /healthz and /metrics, for the HEALTHCHECK and a Prometheus scrape.
EXPOSE 3000 8080
# The first check runs one interval after start, so the interval is what "healthy" waits for.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "dist/src/healthcheck.js"]
# Exec form: node runs as PID 1 with no shell in between, so SIGTERM from `docker stop` reaches
# it; dockhand handles SIGTERM itself (drains, closes the store, exits 0).
ENTRYPOINT ["node", "dist/src/main.js"]
CMD ["start"]
