# syntax=docker/dockerfile:1
# dockhand: a Docker answer bot, packaged the way its own notes recommend.
# Stages: deps (production node_modules, with the native SQLite addon) → build (TypeScript) → runtime.

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
RUN npm ci --omit=dev --no-audit --no-fund

FROM deps AS build
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY adapters ./adapters
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    DOCKHAND_DB=/app/data/dockhand.sqlite \
    HEALTH_PORT=8080
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY knowledge ./knowledge
COPY --from=build /app/dist ./dist
COPY adapters/slack/manifest.yml ./adapters/slack/manifest.yml
RUN mkdir -p /app/data && chown node:node /app/data
# Tip subscriptions and the posting ledger live here; mount a volume to keep them.
VOLUME ["/app/data"]
USER node
# Only Slack HTTP mode listens for the outside world; Socket Mode and Discord connect out.
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "dist/src/healthcheck.js"]
# Exec form: node runs as PID 1 with no shell in between, so SIGTERM from `docker stop` reaches
# it; dockhand handles SIGTERM itself (drains, closes the store, exits 0).
ENTRYPOINT ["node", "dist/src/main.js"]
CMD ["start"]
