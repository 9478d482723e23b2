#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the API suites, from Debian's `postgresql` package.
#
#   eval "$(bash test/support/postgres.sh start)"   # installs when missing, starts, prints exports
#   bash test/support/postgres.sh stop "$CONCORD_PG_DIR"
#
# `start` creates a cluster in a fresh temporary folder owned by the `postgres` user, listening on
# 127.0.0.1 only (and a socket in that folder), with fsync off (test data is disposable), creates
# the database `concord`, and prints `export DATABASE_URL=...` and `export CONCORD_PG_DIR=...`.
set -euo pipefail

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && echo "$dir"
}

install_postgres() {
  [ -n "$(bin_dir)" ] && return 0
  echo "Installing Debian's postgresql for the PostgreSQL test run..." >&2
  if [ "$(id -u)" -ne 0 ]; then
    echo "PostgreSQL is missing: run 'sudo apt-get install -y postgresql'." >&2
    exit 1
  fi
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  [ -n "$(bin_dir)" ] || { echo "postgresql did not install" >&2; exit 1; }
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

case "${1:-}" in
  start)
    install_postgres
    bin=$(bin_dir)
    dir=$(mktemp -d /tmp/concord-pg-XXXXXX)
    chmod 755 "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    port=${CONCORD_PG_PORT:-$(free_port)}
    as_postgres "$bin/initdb" -D "$dir/data" -A trust -U postgres --no-sync >/dev/null
    as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" >/dev/null
    as_postgres "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres concord
    echo "export CONCORD_PG_DIR=$dir"
    echo "export DATABASE_URL=postgres://postgres@127.0.0.1:$port/concord"
    ;;
  stop)
    dir=${2:?usage: postgres.sh stop DIR}
    bin=$(bin_dir)
    as_postgres "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: postgres.sh start | stop DIR" >&2
    exit 2
    ;;
esac
