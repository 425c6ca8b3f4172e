#!/bin/sh
# Start a throwaway PostgreSQL cluster for tests and benchmarks, print its URL.
#
#   scripts/pg_test_server.sh [DATADIR] [PORT]      start (or reuse) the cluster
#   scripts/pg_test_server.sh --stop [DATADIR]      stop it
#
#   export GONGWEN_TEST_PG_URL="$(scripts/pg_test_server.sh /tmp/gongwen-pg 54329)"
#
# Idempotent: an initialised DATADIR is reused, a running server is left
# running, the database is created only when missing. Listens on 127.0.0.1
# only, trust auth, socket in DATADIR; fsync is off (a crash loses the
# cluster, which is fine for a throwaway one).
# PostgreSQL refuses to run as root, so as root the cluster belongs to the
# `postgres` user (Debian's package creates it), otherwise to the caller.
# The URL goes to stdout, everything else to stderr.
# Env: PG_BIN (dir with initdb/pg_ctl), PG_DB (default gongwen_test),
#      PG_USER (run-as user when root, default postgres).
set -eu

STOP=0
if [ "${1:-}" = "--stop" ]; then STOP=1; shift; fi
DATADIR="${1:-/tmp/gongwen-pg}"
PORT="${2:-54329}"
DB="${PG_DB:-gongwen_test}"
RUN_AS="${PG_USER:-postgres}"

log() { echo "pg_test_server: $*" >&2; }
die() { log "error: $*"; exit 1; }

if [ -z "${PG_BIN:-}" ]; then
    PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -z "$PG_BIN" ] && command -v pg_config >/dev/null 2>&1; then
        PG_BIN="$(pg_config --bindir)"
    fi
fi
[ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] \
    || die "no PostgreSQL server binaries found (apt-get install postgresql, or set PG_BIN)"

case "$DATADIR" in /*) ;; *) DATADIR="$(pwd)/$DATADIR" ;; esac

if [ "$(id -u)" = "0" ]; then
    id "$RUN_AS" >/dev/null 2>&1 || die "running as root needs a user '$RUN_AS' to own the cluster (set PG_USER)"
    as_owner() { su "$RUN_AS" -s /bin/sh -c "$*"; }
    OWNER="$RUN_AS"
else
    as_owner() { sh -c "$*"; }
    OWNER="$(id -un)"
fi

# Quote one argument for the sh -c strings above.
q() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }

if [ "$STOP" = 1 ]; then
    if [ -f "$DATADIR/PG_VERSION" ]; then
        as_owner "$(q "$PG_BIN/pg_ctl") -D $(q "$DATADIR") -m fast stop" >&2 || true
    fi
    exit 0
fi

mkdir -p "$DATADIR"
if [ "$(id -u)" = "0" ]; then
    chown "$OWNER" "$DATADIR"
    chmod 700 "$DATADIR"
    # the owner must be able to reach DATADIR through its parents
    as_owner "test -x $(q "$DATADIR")" \
        || die "user $OWNER cannot reach $DATADIR; pick a DATADIR under /tmp"
fi

if [ ! -f "$DATADIR/PG_VERSION" ]; then
    log "initialising $DATADIR as $OWNER"
    as_owner "$(q "$PG_BIN/initdb") -D $(q "$DATADIR") -U postgres --auth=trust --encoding=UTF8 --no-locale" \
        >"$DATADIR.initdb.log" 2>&1 || { cat "$DATADIR.initdb.log" >&2; die "initdb failed"; }
fi

if as_owner "$(q "$PG_BIN/pg_ctl") -D $(q "$DATADIR") status" >/dev/null 2>&1; then
    log "server already running in $DATADIR"
else
    log "starting server on 127.0.0.1:$PORT"
    as_owner "$(q "$PG_BIN/pg_ctl") -D $(q "$DATADIR") -l $(q "$DATADIR/server.log") -w -t 60 \
        -o \"-c listen_addresses=127.0.0.1 -p $PORT -k $(q "$DATADIR") -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" start" \
        >&2 || { tail -n 20 "$DATADIR/server.log" >&2 || true; die "server did not start (port $PORT taken?)"; }
fi

PSQL="$(q "$PG_BIN/psql") -X -q -h 127.0.0.1 -p $PORT -U postgres -d postgres"
i=0
until as_owner "$PSQL -tAc 'SELECT 1'" >/dev/null 2>&1; do
    i=$((i + 1))
    [ "$i" -le 30 ] || die "server in $DATADIR does not answer on 127.0.0.1:$PORT"
    sleep 1
done
if [ "$(as_owner "$PSQL -tAc \"SELECT 1 FROM pg_database WHERE datname = '$DB'\"")" != "1" ]; then
    log "creating database $DB"
    as_owner "$PSQL -c 'CREATE DATABASE \"$DB\"'" >&2
fi

echo "postgresql://postgres@127.0.0.1:$PORT/$DB"
