#!/usr/bin/env bash
# The suites that run a second time on PostgreSQL (DATABASE_URL set by with-postgres.sh): every API
# suite with the default pool, again with a pool of one connection (no request may need two), and
# three built servers sharing the database.
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must point at PostgreSQL}"
npx vitest run --project api
DATABASE_POOL_MAX=1 npx vitest run --project api
npx vitest run --project built test/multi-instance.test.ts
