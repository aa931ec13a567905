#!/usr/bin/env bash
# A throw-away PostgreSQL server for the test suite (Debian's postgresql package).
#
#   scripts/postgres-test-server.sh start   # prints the URL, e.g. postgresql://lotse@127.0.0.1:54321/lotse
#   scripts/postgres-test-server.sh stop    # stops it and deletes its data
#
# The server lives in a temporary directory with trust authentication on 127.0.0.1 only, on a
# free port, with its unix socket in /tmp. initdb refuses to run as root, so as root the server
# runs as the `postgres` system user. Set LOTSE_TEST_POSTGRES_STATE to run several at once.
set -euo pipefail

STATE="${LOTSE_TEST_POSTGRES_STATE:-/tmp/lotse-test-postgres.state}"

find_bin() {
  if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    # Follow symlinks (e.g. /usr/local/bin/pg_ctl): createdb sits beside the real binary.
    dirname "$(readlink -f "$(command -v pg_ctl)")"
    return
  fi
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
    echo "PostgreSQL is not installed (apt-get install postgresql)" >&2
    exit 1
  fi
  echo "$dir"
}

as_server_user() {
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  if [ -f "$STATE" ]; then
    # shellcheck disable=SC1090
    . "$STATE"
    if as_server_user "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
      echo "$URL"
      return
    fi
    rm -rf "$ROOT"
  fi
  BIN="$(find_bin)"
  ROOT="$(mktemp -d /tmp/lotse-pg.XXXXXX)"
  DATA="$ROOT/data"
  SOCKET="$ROOT/socket"
  mkdir -p "$DATA" "$SOCKET"
  if [ "$(id -u)" = "0" ]; then
    chown -R postgres: "$ROOT"
  fi
  as_server_user "$BIN/initdb" -D "$DATA" -U lotse -A trust -E UTF8 --locale=C.UTF-8 \
    >"$ROOT/initdb.log" 2>&1 || { cat "$ROOT/initdb.log" >&2; exit 1; }
  PORT="$(free_port)"
  # Durability is pointless for test data; without fsync the suite runs much faster.
  as_server_user "$BIN/pg_ctl" -D "$DATA" -l "$ROOT/server.log" -w -t 60 \
    -o "-p $PORT -k $SOCKET -c listen_addresses=127.0.0.1 -c fsync=off \
        -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { cat "$ROOT/server.log" >&2; exit 1; }
  as_server_user "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U lotse lotse || {
    as_server_user "$BIN/pg_ctl" -D "$DATA" -m fast stop >/dev/null 2>&1 || true
    exit 1
  }
  URL="postgresql://lotse@127.0.0.1:$PORT/lotse"
  {
    echo "BIN='$BIN'"
    echo "ROOT='$ROOT'"
    echo "DATA='$DATA'"
    echo "URL='$URL'"
  } >"$STATE"
  echo "$URL"
}

stop() {
  if [ ! -f "$STATE" ]; then
    echo "no test server is running" >&2
    return
  fi
  # shellcheck disable=SC1090
  . "$STATE"
  as_server_user "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$ROOT"
  rm -f "$STATE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url)
    # shellcheck disable=SC1090
    [ -f "$STATE" ] && . "$STATE" && echo "$URL"
    ;;
  *)
    echo "usage: $0 start|stop|url" >&2
    exit 2
    ;;
esac
