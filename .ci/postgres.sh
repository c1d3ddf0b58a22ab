# A throwaway PostgreSQL for the history tests. Source this file, then:
#
#   pg_start   initdb into a temporary folder, start a server on a free port of
#              127.0.0.1 (trust authentication on loopback only, no other
#              address, no Unix socket login), create the database
#              codedesk_test, and export CODEDESK_TEST_POSTGRES (its URL) and
#              CI_REQUIRE_POSTGRES=1 (the tests fail instead of skipping)
#   pg_stop    stop the server and remove its folder (safe to call twice)
#
# It uses the machine's Debian postgresql package and installs it with apt-get
# when it is missing. Run as root (as CI is), the server runs as the postgres
# user; run as anyone else, it runs as them.

pg_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$dir" ] && [ "$(id -u)" = 0 ]; then
    echo "postgres.sh: installing the postgresql package" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2 ||
      { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2; }
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  fi
  if [ -z "$dir" ]; then
    echo "postgres.sh: no PostgreSQL under /usr/lib/postgresql (apt-get install postgresql)" >&2
    return 1
  fi
  echo "$dir"
}

# pg_as runs a command as the server's owner.
pg_as() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# pg_free_port prints a TCP port nothing listens on right now.
pg_free_port() {
  local port used
  used=$(ss -Htln 2>/dev/null | awk '{print $4}' | sed 's/.*://')
  while :; do
    port=$((20000 + RANDOM % 40000))
    if ! grep -qx "$port" <<<"$used"; then
      echo "$port"
      return
    fi
  done
}

pg_start() {
  local bin tries port
  bin=$(pg_bindir) || return 1
  PG_BIN=$bin PG_PORT=
  PG_TMP=$(mktemp -d /tmp/codedesk-pg.XXXXXX)
  mkdir -p "$PG_TMP/data" "$PG_TMP/sock"
  if [ "$(id -u)" = 0 ]; then
    chown -R postgres: "$PG_TMP"
  fi
  chmod 700 "$PG_TMP"
  # cd: the postgres user may not be allowed into the current folder.
  (cd "$PG_TMP" && pg_as "$bin/initdb" -D "$PG_TMP/data" -U postgres --encoding=UTF8 --locale=C \
    --auth=reject --no-sync >"$PG_TMP/initdb.log" 2>&1) || {
    cat "$PG_TMP/initdb.log" >&2
    return 1
  }
  # Trust on loopback only: nothing else is accepted, not even the socket.
  echo "host all all 127.0.0.1/32 trust" | pg_as tee "$PG_TMP/data/pg_hba.conf" >/dev/null
  for tries in 1 2 3 4 5; do
    port=$(pg_free_port)
    if (cd "$PG_TMP" && pg_as "$bin/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$PG_TMP/sock" \
      start >/dev/null); then
      PG_PORT=$port
      break
    fi
    # Someone took the port between the look and the start: try another.
  done
  if [ -z "${PG_PORT:-}" ]; then
    cat "$PG_TMP/server.log" >&2
    return 1
  fi
  (cd "$PG_TMP" && "$bin/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres \
    -c 'CREATE DATABASE codedesk_test') || return 1
  export CODEDESK_TEST_POSTGRES="postgres://postgres@127.0.0.1:$PG_PORT/codedesk_test?sslmode=disable"
  export CI_REQUIRE_POSTGRES=1
  echo "postgres.sh: PostgreSQL $("$bin/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT" >&2
}

pg_stop() {
  if [ -n "${PG_TMP:-}" ] && [ -d "$PG_TMP/data" ]; then
    (cd "$PG_TMP" && pg_as "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m fast -w stop >/dev/null 2>&1) || true
  fi
  if [ -n "${PG_TMP:-}" ]; then
    rm -rf "$PG_TMP"
  fi
  PG_TMP= PG_PORT=
}
