#!/usr/bin/env bash
# What the real Tortoise ORM 0.22.2 makes of `testudo inspectdb --format tortoise` (issue #14), regenerated
# from scratch (ours; Tortoise's and Aerich's code is never committed):
#   make.sh [sqlite|postgres|mysql ...]        (default: all three; CASES="shop ..." for some cases)
# For each dialect and case it makes a fresh database with the case's schema, then in <case>/<dialect>/:
#   source_schema.sql      that database, dumped (sqlite3 .schema / pg_dump -s / mariadb-dump --no-data)
#   models.py.txt          testudo inspectdb --format tortoise   (inspectdb.stderr.txt: its stderr)
#   inspectdb.json         testudo inspectdb --format json       (inspectdb_json.stderr.txt: the notes)
#   py_compile.txt         python3 -m py_compile on the module: exit code and output
#   tortoise_describe.json Aerich's get_models_describe("models") after Tortoise.init with the module
#   tortoise_schema.sql    Tortoise.generate_schemas into another fresh database, dumped as above
#   tortoise.txt           exit codes and errors of the two Tortoise steps
#   differences.txt        tortoise_side.py compare: inspectdb.json vs tortoise_describe.json per model
#                          and field, then source_schema.sql vs tortoise_schema.sql, each difference
#                          classified (README.md)
# Cases: shop (`testudo schema` of apps/shop's models) and tortoise_<name> for each fixture of ..: real
# Tortoise's DDL, ../<name>/<dialect>/get_schema_sql.sql. A DDL the server refuses leaves only
# source_apply.error.txt.
#
# Needs what ../../aerich/roundtrip/make.sh needs (its common.sh sets up the Python side: Tortoise 0.22.2,
# Aerich 0.8.2 and their dependencies as source trees under AERICH_PY, Debian's python3 drivers), the
# testudo binary (TESTUDO, default build/asan/apps/testudo/testudo) and apps/shop's models library
# (SHOP_MODELS, default build/asan/apps/shop/libshop_models.so), and the servers of `.ci/servers env`.
set -euo pipefail

source "$(dirname "$0")/../../aerich/roundtrip/common.sh"
dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Tortoise creates M2M tables in set order: a fixed hash seed keeps tortoise_schema.sql the same run to run.
export PYTHONHASHSEED=0
shop_models=$(realpath -m "${SHOP_MODELS:-$repo/build/asan/apps/shop/libshop_models.so}")

source_ddl() {  # $1 case, $2 dialect: the DDL the case's database is made with
  case $1 in
    shop) "$testudo" schema --models "$shop_models" --dialect "$2" ;;
    tortoise_*) cat "$dir/../${1#tortoise_}/$2/get_schema_sql.sql" ;;
  esac
}

apply_sql() {  # $1 dialect, $2 url, $3 sql file
  case $1 in
    sqlite) sqlite3 -bail db.sqlite3 <"$3" ;;
    postgres) psql -q -v ON_ERROR_STOP=1 "$2" -f "$3" ;;
    mysql) mysql_client "$2" mariadb "${2##*/}" <"$3" ;;
  esac
}

dump_schema() {  # $1 dialect, $2 url: common.sh's dump without pg_dump's per-run \restrict key
  schema_sql "$1" "$2" | grep -v '^\\\(un\)\?restrict '
}

run_case() {  # $1 case, $2 dialect
  local case=$1 d=$2 out="$dir/$1/$2" work url copy_url rc
  work=$(mktemp -d)
  url=$(server_url "$d" "inspect_${case}")
  copy_url=$(server_url "$d" "inspect_${case}_tortoise")
  rm -rf "$out" && mkdir -p "$out"
  cd "$work"
  fresh_database "$d" "$url"
  source_ddl "$case" "$d" >source.sql
  if ! apply_sql "$d" "$url" source.sql >"$out/source_apply.error.txt" 2>&1; then
    printf '%-21s %-9s the DDL does not apply: %s\n' "$case" "$d" "$(tail -1 "$out/source_apply.error.txt")"
    cd "$dir" && rm -rf "$work"
    return
  fi
  rm "$out/source_apply.error.txt"
  dump_schema "$d" "$url" >"$out/source_schema.sql"

  "$testudo" inspectdb --db-url "$url" --format tortoise >models.py 2>"$out/inspectdb.stderr.txt"
  "$testudo" inspectdb --db-url "$url" --format json >"$out/inspectdb.json" 2>"$out/inspectdb_json.stderr.txt"
  cp models.py "$out/models.py.txt"

  rc=0
  "$python" -m py_compile models.py >"$out/py_compile.txt" 2>&1 || rc=$?
  echo "exit $rc" >>"$out/py_compile.txt"

  : >"$out/tortoise.txt"
  rc=0
  "$python" "$dir/tortoise_side.py" describe "$url" "$out/tortoise_describe.json" 2>>"$out/tortoise.txt" || rc=$?
  echo "describe: exit $rc" >>"$out/tortoise.txt"
  mkdir copy && cd copy  # SQLite: the copy's db.sqlite3 beside the source's
  cp ../models.py .
  fresh_database "$d" "$copy_url"
  rc=0
  "$python" "$dir/tortoise_side.py" generate "$copy_url" 2>>"$out/tortoise.txt" || rc=$?
  echo "generate_schemas: exit $rc" >>"$out/tortoise.txt"
  dump_schema "$d" "$copy_url" >"$out/tortoise_schema.sql"
  cd "$dir"
  if [[ -s $out/tortoise_describe.json ]]; then
    "$python" tortoise_side.py compare "$d" "$out" >"$out/differences.txt"
  fi
  rm -rf "$work"
  printf '%-21s %-9s py_compile %s, %s; differences: %s\n' "$case" "$d" "$(tail -1 "$out/py_compile.txt")" \
    "$(grep -h '^describe\|^generate' "$out/tortoise.txt" | paste -sd, | sed 's/,/, /')" \
    "$(for c in a b c '?'; do printf '(%s) %s ' "$c" "$(grep -c "^($c)" "$out/differences.txt" || true)"; done)"
}

dialects=("$@")
((${#dialects[@]})) || dialects=(sqlite postgres mysql)
for d in "${dialects[@]}"; do
  for c in ${CASES:-shop tortoise_field_types tortoise_descriptions tortoise_hostile_defaults tortoise_self_m2m_default \
    tortoise_self_m2m_custom_keys}; do run_case "$c" "$d"; done
done
