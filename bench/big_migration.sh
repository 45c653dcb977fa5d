#!/usr/bin/env bash
# Peak memory (max RSS) and time of `testudo upgrade`, `heads` and `history` for a native data
# migration of N INSERT statements, on SQLite and, when their URLs are set, PostgreSQL and MariaDB.
#   bench/big_migration.sh [N ...]        (default: 100000 1000000)
# Environment: TESTUDO (the binary; default build/release/apps/testudo/testudo),
# TESTUDO_TEST_POSTGRES_URL / TESTUDO_TEST_MYSQL_URL (as `.ci/servers env` prints them).
# The server databases must be throwaway ones: every table in them is dropped before each run.
# "baseline" is the same command on the same project before the data migration exists.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
testudo=$(realpath "${TESTUDO:-$here/build/release/apps/testudo/testudo}")
models=$here/migrations_fixtures/shop/tortoise_describe_v0.json
counts=("$@")
((${#counts[@]})) || counts=(100000 1000000)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Max RSS in kB and wall seconds of one testudo command run in the project folder.
measure() {
  (cd "$work/p" && /usr/bin/time -f '%M %e' -o "$work/time" "$testudo" "$@" >/dev/null 2>"$work/err") || {
    cat "$work/err" >&2
    return 1
  }
  cat "$work/time"
}

# Drops every table of a throwaway server database.
clean() {
  case $1 in
    postgres://*) psql -q "$1" -c 'DROP SCHEMA public CASCADE; CREATE SCHEMA public' 2>/dev/null ;;
    mysql://*)
      [[ $1 =~ ^mysql://([^:]+):([^@]+)@([^:/]+):([0-9]+)/([^?]+) ]] || { echo "cannot parse $1" >&2; exit 2; }
      local my=(mariadb -u "${BASH_REMATCH[1]}" -p"${BASH_REMATCH[2]}" -h "${BASH_REMATCH[3]}" -P "${BASH_REMATCH[4]}" "${BASH_REMATCH[5]}")
      local tables
      tables=$("${my[@]}" -N -e 'SELECT GROUP_CONCAT(CONCAT("`", table_name, "`")) FROM information_schema.tables WHERE table_schema = DATABASE()')
      [[ $tables == NULL ]] || "${my[@]}" -e "SET FOREIGN_KEY_CHECKS = 0; DROP TABLE $tables"
      ;;
  esac
}

# The statements go into the up section of an empty migration that `migrate --empty` wrote.
fill() {
  local file=$1 n=$2
  awk -v n="$n" '{ print } /^-- \+testudo up$/ {
    for (i = 1; i <= n; i++) printf "INSERT INTO tags (id, name) VALUES (%d, %ctag-%d%c);\n", i, 39, i, 39
  }' "$file" >"$file.new"
  mv "$file.new" "$file"
}

run() {
  local label=$1 url=$2 n=$3
  rm -rf "$work/p" && mkdir "$work/p"
  [[ $url == sqlite://* ]] || clean "$url"
  measure init -t "$models" --db-url "$url" >/dev/null
  measure init-db >/dev/null
  read -r base_up _ < <(measure upgrade)
  read -r base_heads _ < <(measure heads)
  read -r base_history _ < <(measure history)
  measure migrate --empty --name data >/dev/null
  local file
  file=$(ls "$work"/p/migrations/models/1_*_data.sql)
  fill "$file" "$n"
  local size
  size=$(stat -c %s "$file")
  read -r heads _ < <(measure heads)
  read -r up secs < <(measure upgrade)
  read -r history _ < <(measure history)
  printf '%-8s %8d %8.1f | %6.1f %6.1f %5.2fx %6.1fs | %6.1f %6.1f | %6.1f %6.1f\n' "$label" "$n" \
    "$(bc -l <<<"$size/1048576")" "$(bc -l <<<"$base_up/1024")" "$(bc -l <<<"$up/1024")" \
    "$(bc -l <<<"($up-$base_up)/($size/1024)")" "$secs" "$(bc -l <<<"$base_heads/1024")" \
    "$(bc -l <<<"$heads/1024")" "$(bc -l <<<"$base_history/1024")" "$(bc -l <<<"$history/1024")"
}

echo "max RSS in MB; 'over' = (upgrade - baseline) / file size"
printf '%-8s %8s %8s | %6s %6s %6s %7s | %6s %6s | %6s %6s\n' backend INSERTs file_MB base upgr over time \
  base heads base history
for n in "${counts[@]}"; do
  run sqlite "sqlite://$work/p/db.sqlite3" "$n"
  [[ -z ${TESTUDO_TEST_POSTGRES_URL:-} ]] || run postgres "$TESTUDO_TEST_POSTGRES_URL" "$n"
  [[ -z ${TESTUDO_TEST_MYSQL_URL:-} ]] || run mariadb "$TESTUDO_TEST_MYSQL_URL" "$n"
done
