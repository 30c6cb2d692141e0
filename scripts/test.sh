#!/usr/bin/env bash
# The whole test suite against real PostgreSQL, Redis and SMTP listeners; does its own set-up.
# Writes jest's results to jest-results.json; extra arguments go to jest.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/services.sh
ensure_services
ensure_dependencies
ensure_chromium
npm run build --silent
# Imports run one way: a cycle between files or feature folders fails before any test runs.
npm run lint:cycles --silent
# Types and lint over src/, test/, bench/ and migrations/: jest runs with diagnostics off and
# the build compiles src/ only, so this is where a type error in a test or a bench shows.
npm run typecheck --silent
npm run lint --silent
# The OpenAPI document builds without a server and passes Redocly's recommended rules.
npm run lint:openapi --silent
exec npx jest --json --outputFile=jest-results.json --forceExit "$@"
