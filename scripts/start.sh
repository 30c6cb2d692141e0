#!/usr/bin/env bash
# Starts Rapport on this machine: dependencies, build, database created and migrated, then the
# API and the worker together (Ctrl-C stops both). Does its own set-up on a fresh clone.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/services.sh
ensure_services
ensure_dependencies
npm run build --silent
node dist/cli.js migrate
node dist/cli.js first-run

node dist/main.js &
api=$!
node dist/worker.js &
worker=$!
trap 'kill -TERM $api $worker 2>/dev/null; wait' INT TERM
wait -n $api $worker
kill -TERM $api $worker 2>/dev/null || true
wait
