#!/usr/bin/env bash
# The fault suite (issue 17): its own PostgreSQL, PgBouncer, Redis and SMTP sink on spare
# 127.0.0.1 ports, two API and two worker processes from dist/, the failure scenarios, and a
# table of expected vs observed. Not part of `npm test`; takes a few minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/services.sh
ensure_dependencies
missing=()
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql-15)
[ -x /usr/sbin/pgbouncer ] || missing+=(pgbouncer)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "rapport faults: installing ${missing[*]}"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") >/dev/null
    # Debian starts a packaged pgbouncer; the suite runs its own.
    service pgbouncer stop >/dev/null 2>&1 || true
  else
    echo "rapport faults: needs ${missing[*]} (apt-get install as root)" >&2
    exit 1
  fi
fi
npm run build --silent
exec timeout 600 node -r ts-node/register/transpile-only test/faults/fault-suite.ts
