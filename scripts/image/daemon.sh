# Sourced by scripts/image-test.sh: a private Docker daemon for one run.
# Its data root (images, build cache) is kept in $DATA_ROOT so the next run is fast; its socket,
# exec root and pid file live in $RUN_DIR and go away with it. Needs root.

# Starts dockerd and waits until it answers; exports DOCKER_HOST for the docker client.
start_daemon() {
  mkdir -p "$DATA_ROOT" "$RUN_DIR/exec"
  export DOCKER_HOST=unix://$RUN_DIR/docker.sock
  # No bridge and no iptables: containers get --network none (or share a netns), builds use
  # --network host; nothing on the host's network is changed.
  dockerd --data-root "$DATA_ROOT" --exec-root "$RUN_DIR/exec" -H "$DOCKER_HOST" \
    --pidfile "$RUN_DIR/docker.pid" --storage-driver overlay2 --bridge=none --iptables=false \
    --ip6tables=false --ip-masq=false >"$RUN_DIR/dockerd.log" 2>&1 9>&- &
  DAEMON_PID=$!
  local i
  for i in $(seq 1 150); do
    if docker version >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$DAEMON_PID" 2>/dev/null; then break; fi
    sleep 0.2
  done
  echo "dockerd did not start; its log:" >&2
  tail -20 "$RUN_DIR/dockerd.log" >&2
  return 1
}

# Removes this run's containers and volumes and the images no tag points at, then stops dockerd.
stop_daemon() {
  [ -n "${DAEMON_PID:-}" ] || return 0
  local ids
  ids=$(docker ps -aq --filter "label=dockhand.image-test" 2>/dev/null || true)
  [ -z "$ids" ] || docker rm -f $ids >/dev/null 2>&1 || true
  ids=$(docker volume ls -q --filter "label=dockhand.image-test" 2>/dev/null || true)
  [ -z "$ids" ] || docker volume rm -f $ids >/dev/null 2>&1 || true
  docker image prune -f >/dev/null 2>&1 || true
  # BuildKit's cache of the kept data root: enough for this image's layers, not every old one.
  docker builder prune -f --keep-storage 3gb >/dev/null 2>&1 || true
  kill "$DAEMON_PID" 2>/dev/null || true
  local i
  for i in $(seq 1 100); do kill -0 "$DAEMON_PID" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$DAEMON_PID" 2>/dev/null || true
  wait "$DAEMON_PID" 2>/dev/null || true
  DAEMON_PID=
  # dockerd leaves its network namespace mounted under the exec root; rm cannot remove it.
  grep -o " $RUN_DIR/[^ ]*" /proc/mounts | sort -r | xargs -r umount -l 2>/dev/null || true
}
