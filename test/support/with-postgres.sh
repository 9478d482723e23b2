#!/usr/bin/env bash
# Runs a command against a throw-away PostgreSQL cluster (see postgres.sh), with DATABASE_URL set,
# and removes the cluster afterwards, whatever the command's outcome.
#
#   bash test/support/with-postgres.sh npx vitest run --project api
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
eval "$(bash "$here/postgres.sh" start)"
trap 'bash "$here/postgres.sh" stop "$CONCORD_PG_DIR"' EXIT
echo "PostgreSQL $(psql --version 2>/dev/null | awk '{print $3}' || true) at ${DATABASE_URL}" >&2
"$@"
