#!/usr/bin/env bash
# The storefront over HTTP under wrk, on each backend: GET /users/{id}, GET /users/{id}/orders,
# POST /users and an 80/15/5 mix, at 16 and 128 connections. Prints req/s, p50, p99 and errors.
#   bench/http/run.sh [sqlite] [postgres] [mysql]      (default: every backend with a URL)
# PostgreSQL and MariaDB come from TESTUDO_BENCH_POSTGRES_URL / TESTUDO_BENCH_MYSQL_URL: throwaway
# databases, as the seeding DELETES every user and order there. SQLite uses a file in a temp dir
# (SQLITE_OPTIONS: URL options for it, e.g. synchronous=NORMAL).
# Settings (environment): BUILD (build/release), DURATION (10s), CONNECTIONS ("16 128"),
# SCENARIOS ("get_user orders post_user mix"), WRK_THREADS (2), USERS (10000), ORDERS (100000),
# SETTLE (3: seconds of rest before each run), STOREFRONT (storefront, or storefront-async: the
# Boost.Beast server over testudo::aio), STOREFRONT_ARGS (extra server options, e.g. "--threads 64").
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD:-$here/../../build/release}
storefront=$build/apps/storefront/${STOREFRONT:-storefront}
seed=$build/bench/storefront_seed
for tool in wrk "$storefront" "$seed"; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing (apt-get install wrk; cmake --build --preset release)" >&2; exit 1; }
done

tmp=$(mktemp -d)
server=
cleanup() {
  [[ -z $server ]] || { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; }
  rm -rf "$tmp"
}
trap cleanup EXIT

url_of() {
  case $1 in
    sqlite) echo "sqlite://$tmp/bench.db${SQLITE_OPTIONS:+?$SQLITE_OPTIONS}" ;;
    postgres) echo "${TESTUDO_BENCH_POSTGRES_URL:-}" ;;
    mysql) echo "${TESTUDO_BENCH_MYSQL_URL:-}" ;;
    *) echo "run.sh: unknown backend '$1' (sqlite, postgres, mysql)" >&2; exit 2 ;;
  esac
}

# Starts the storefront on a free port; sets $server (pid) and $port.
start_server() {
  # shellcheck disable=SC2086  # STOREFRONT_ARGS is a list of options
  "$storefront" --db "$1" --port 0 ${STOREFRONT_ARGS:-} >"$tmp/out" 2>/dev/null &
  server=$!
  for _ in $(seq 100); do
    port=$(sed -n 's|^storefront listening on http://[^:]*:\([0-9]*\)$|\1|p' "$tmp/out")
    [[ -n $port ]] && return
    sleep 0.1
  done
  echo "run.sh: the storefront did not start" >&2
  exit 1
}

stop_server() {
  kill "$server"
  wait "$server" || true
  server=
}

# One wrk run: prints a table row. It starts after a pause: requests of the previous run that wrk
# gave up on (timeouts) may still be running in the server, and would count against this run.
run_wrk() {  # backend scenario connections first_id last_id
  local result
  sleep "${SETTLE:-3}"
  result=$(wrk -t"${WRK_THREADS:-2}" -c"$3" -d"${DURATION:-10s}" -s "$here/storefront.lua" \
    "http://127.0.0.1:$port" -- "$2" "$4" "$5" | sed -n 's/^RESULT //p')
  read -r requests rps p50 p99 socket_errors non_2xx <<<"$result"
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$2" "$3" "$rps" "$p50" "$p99" \
    "$socket_errors socket, $non_2xx non-2xx"
}

backends=("$@")
if ((${#backends[@]} == 0)); then
  backends=(sqlite)
  [[ -z ${TESTUDO_BENCH_POSTGRES_URL:-} ]] || backends+=(postgres)
  [[ -z ${TESTUDO_BENCH_MYSQL_URL:-} ]] || backends+=(mysql)
fi

echo "| backend | scenario | connections | req/s | p50 ms | p99 ms | errors |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for backend in "${backends[@]}"; do
  url=$(url_of "$backend")
  [[ -n $url ]] || { echo "run.sh: set TESTUDO_BENCH_${backend^^}_URL" >&2; exit 2; }
  seeded=$("$seed" --db "$url" --users "${USERS:-10000}" --orders "${ORDERS:-100000}")
  read -r first last <<<"$(sed -n 's/.*(ids \([0-9]*\)\.\.\([0-9]*\)).*/\1 \2/p' <<<"$seeded")"
  [[ -n $last ]] || { echo "run.sh: unexpected seeder output: $seeded" >&2; exit 1; }
  start_server "$url"
  wrk -t1 -c4 -d2s -s "$here/storefront.lua" "http://127.0.0.1:$port" -- mix "$first" "$last" >/dev/null  # warm-up
  for scenario in ${SCENARIOS:-get_user orders post_user mix}; do
    for connections in ${CONNECTIONS:-16 128}; do
      run_wrk "$backend" "$scenario" "$connections" "$first" "$last"
    done
  done
  stop_server
done
