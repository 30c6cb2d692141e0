#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer on localhost, starting the local ones if they are
# installed but stopped. Sourced by start.sh, test.sh and .ci/run.
ensure_services() {
  if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
      echo "rapport: starting PostgreSQL"
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
    fi
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
    pg_isready -q -h 127.0.0.1 -p 5432 || { echo "rapport: PostgreSQL is not answering on 127.0.0.1:5432" >&2; return 1; }
  fi
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    if command -v redis-server >/dev/null 2>&1; then
      echo "rapport: starting Redis"
      mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
      redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
        --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
    fi
    for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
    redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || { echo "rapport: Redis is not answering on 127.0.0.1:6379" >&2; return 1; }
  fi
}

# Installs dependencies exactly as locked, when node_modules is missing or older than the lock.
# A symlinked node_modules belongs to another checkout (a git worktree sharing it): npm ci here
# would empty that checkout's node_modules through the link, so it is left alone.
ensure_dependencies() {
  [ -L node_modules ] && return 0
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
  fi
}

# Browser tests drive Debian's chromium through playwright-core (never a browser download).
ensure_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "rapport: installing Debian's chromium for the browser tests"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 || true
  fi
  [ -x /usr/bin/chromium ] || echo "rapport: /usr/bin/chromium is missing (apt-get install chromium); the browser tests will fail" >&2
}
