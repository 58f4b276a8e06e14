#!/usr/bin/env bash
# Throw-away PostgreSQL cluster for the store tests (issue #17).
#
# Run it:    scripts/test-postgres.sh        -> starts a cluster, prints the URL and the stop command
# Source it: . scripts/test-postgres.sh; pg_test_start; trap pg_test_stop EXIT
#            -> exports DOCKHAND_TEST_DATABASE_URL (used by .ci/run)
#
# Installs Debian's postgresql when initdb is missing. PostgreSQL refuses to run as root, so as
# root the cluster belongs to the postgres user (runuser). It listens on 127.0.0.1 only, on a free
# port, with trust auth for that address: it holds nothing but test data and dies with the run.

pg_test_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$dir" ]; then
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq --no-install-recommends postgresql >&2 || return 1
    dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  echo "$dir"
}

pg_test_as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_test_free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

pg_test_start() {
  local bin port
  bin=$(pg_test_bindir) || { echo "test-postgres: cannot install postgresql" >&2; return 1; }
  PG_TEST_BIN=$bin
  PG_TEST_DIR=$(mktemp -d -t dockhand-pg.XXXXXX)
  [ "$(id -u)" = 0 ] && chown postgres "$PG_TEST_DIR"
  port=$(pg_test_free_port)
  pg_test_as_owner "$bin/initdb" -D "$PG_TEST_DIR/data" -U dockhand -A trust -E UTF8 \
    --locale=C.UTF-8 >"$PG_TEST_DIR/initdb.log" 2>&1 \
    || { cat "$PG_TEST_DIR/initdb.log" >&2; return 1; }
  pg_test_as_owner "$bin/pg_ctl" -D "$PG_TEST_DIR/data" -l "$PG_TEST_DIR/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_TEST_DIR -c fsync=off" start >/dev/null \
    || { cat "$PG_TEST_DIR/server.log" >&2; return 1; }
  pg_test_as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U dockhand dockhand_test
  export DOCKHAND_TEST_DATABASE_URL="postgres://dockhand@127.0.0.1:$port/dockhand_test"
  export PG_TEST_DIR PG_TEST_BIN
}

pg_test_stop() {
  [ -n "${PG_TEST_DIR:-}" ] || return 0
  pg_test_as_owner "$PG_TEST_BIN/pg_ctl" -D "$PG_TEST_DIR/data" -m immediate stop >/dev/null 2>&1
  rm -rf "$PG_TEST_DIR"
  PG_TEST_DIR=
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  pg_test_start
  echo "DOCKHAND_TEST_DATABASE_URL=$DOCKHAND_TEST_DATABASE_URL"
  echo "stop with: $( [ "$(id -u)" = 0 ] && echo 'runuser -u postgres -- ')$PG_TEST_BIN/pg_ctl -D $PG_TEST_DIR/data stop && rm -rf $PG_TEST_DIR"
fi
