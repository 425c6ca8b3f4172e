#!/usr/bin/env bash
# Everything the test suite needs on a fresh Debian machine, then the tests.
#
#   bash scripts/test.sh [PYTEST ARGS...]
#
# Installs (only what is missing): PostgreSQL server, Chromium, a Java runtime
# (apt, as root), the package with its dev and spark extras (pip); starts a
# throwaway PostgreSQL cluster on 127.0.0.1:54329; runs pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
# a CJK font, so the report's screenshots show characters rather than boxes
dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || need+=(fonts-wqy-microhei)
if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q
        apt-get install -y -q --no-install-recommends "${need[@]}"
    else
        echo "test.sh: missing ${need[*]} (install them with apt-get as root); their tests will be skipped" >&2
    fi
fi

python3 -m pip install -q -e '.[dev,spark]'

if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    # a throwaway cluster on the first free port from 54329 (another one may hold it)
    for port in 54329 54330 54331 54332 54333; do
        if GONGWEN_TEST_PG_URL="$(bash scripts/pg_test_server.sh /tmp/gongwen-test-pg-$port $port)"; then
            export GONGWEN_TEST_PG_URL
            trap "bash scripts/pg_test_server.sh --stop /tmp/gongwen-test-pg-$port >/dev/null 2>&1 || true" EXIT
            break
        fi
    done
    [ -n "${GONGWEN_TEST_PG_URL:-}" ] || { echo "test.sh: could not start PostgreSQL" >&2; exit 1; }
fi

python3 -m pytest -q "$@"
