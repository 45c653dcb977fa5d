#!/usr/bin/env bash
# Issue #11 round trip with the real Aerich, regenerated from scratch (ours; their code is never committed):
#   [RUNS="aerich mixed handback"] make.sh [sqlite|postgres|mysql ...]        (default: all three)
# For each dialect it makes fresh projects and databases and runs the same steps in each:
#   <dialect>/aerich/  pure Aerich: every step is Aerich's (STEPS below)
#   <dialect>/mixed/   Aerich init-db -> testudo migrate+upgrade (v1) -> Aerich migrate+upgrade (v2)
#                      -> testudo downgrade x2 -> Aerich history/heads/upgrade/migrate (hand-back)
#   <dialect>/handback/aerich/, <dialect>/handback/testudo/   shop-fk (HANDBACK_STEPS): testudo writes
#                      every file, Aerich (resp. testudo) applies, reverts and re-applies them
# then <dialect>/compare.txt and <dialect>/handback/compare.txt (rt.py compare: schema, table rows and
# aerich rows step by step).
#
# Needs: /usr/bin/python3 with the Debian packages python3-aiosqlite python3-asyncpg python3-aiomysql python3-tomlkit
# python3-iso8601 python3-tz python3-pydantic python3-typing-extensions python3-anyio; AERICH_PY (default
# /work/py) holding source trees aerich/ (github:waketzheng/aerich 8609435, release 0.8.2), tortoise-orm/
# (tag 0.22.2), pypika-tortoise/ (v0.3.2), dictdiffer/ (1ae323e), asyncclick/ (github:python-trio/asyncclick
# e85a989); the testudo binary (TESTUDO, default build/asan/apps/testudo/testudo); servers named by
# TESTUDO_TEST_POSTGRES_URL / TESTUDO_TEST_MYSQL_URL (.ci/servers env), whose user may create databases.
set -euo pipefail

source "$(dirname "$0")/common.sh"

# step | models | pure-Aerich command | mixed-run command ("=" : the same)
STEPS=(
  "01_init|v0|aerich init -t settings.TORTOISE_ORM|="
  "02_init_db|v0|aerich init-db|="
  "03_seed_rows|v0|seed|="
  "04_migrate_v1|v1|aerich migrate --name v1|testudo migrate --name v1"
  "05_upgrade_v1|v1|aerich upgrade|testudo upgrade"
  "06_migrate_nochange|v1|aerich migrate --name nochange|="
  "07_migrate_v2|v2|aerich migrate --name v2|="
  "08_upgrade_v2|v2|aerich upgrade|="
  "09_check_v2|v2|aerich migrate --name nochange|testudo migrate --check"
  "10_downgrade|v2|aerich downgrade --yes|testudo downgrade --yes"
  "11_downgrade|v2|aerich downgrade --yes|testudo downgrade --yes"
  "12_history|v2|aerich history|="
  "13_heads|v2|aerich heads|="
  "14_upgrade|v2|aerich upgrade|="
  "15_migrate_nochange|v2|aerich migrate --name nochange|="
)

# Hand-back of testudo's files (shop-fk: v1 rebuilds order_lines on SQLite, v2 rebuilds categories,
# which products point at): step | models | Aerich applies them | testudo applies them ("=" : the same).
# Step 10 applies both files in one `aerich upgrade`, on one connection.
HANDBACK_STEPS=(
  "01_init|v0|aerich init -t settings.TORTOISE_ORM|="
  "02_init_db|v0|aerich init-db|="
  "03_seed_rows|v0|seed|="
  "04_migrate_v1|v1|testudo migrate --name v1|="
  "05_upgrade_v1|v1|aerich upgrade|testudo upgrade"
  "06_migrate_v2|v2|testudo migrate --name v2|="
  "07_upgrade_v2|v2|aerich upgrade|testudo upgrade"
  "08_downgrade|v2|aerich downgrade --yes|testudo downgrade --yes"
  "09_downgrade|v2|aerich downgrade --yes|testudo downgrade --yes"
  "10_upgrade|v2|aerich upgrade|testudo upgrade"
  "11_check|v2|testudo migrate --check|="
  "12_heads|v2|aerich heads|="
)

run_step() {  # $1 dialect, $2 url, $3 case dir, $4 output dir, $5 command
  local out=$4 cmd=$5 rc=0
  mkdir -p "$out"
  echo "$cmd" >"$out/cmd.txt"
  case $cmd in
    seed) seed "$1" "$2" "$3/seed.sql" >"$out/stdout.txt" 2>"$out/stderr.txt" || rc=$? ;;
    aerich\ *) aerich ${cmd#aerich } </dev/null >"$out/stdout.txt" 2>"$out/stderr.txt" || rc=$? ;;
    testudo\ *)
      [[ -e models.json ]] || testudo_config "$2"
      models_json
      "$testudo" ${cmd#testudo } </dev/null >"$out/stdout.txt" 2>"$out/stderr.txt" || rc=$? ;;
  esac
  echo "$rc" >"$out/exit_code.txt"
  [[ -d migrations ]] && cp -r migrations "$out/migrations" && find "$out/migrations" -name __pycache__ -prune -exec rm -rf {} +
  cp pyproject.toml "$out/pyproject.toml.txt"
  [[ -e models.json ]] && cp models.json "$out/models.json"
  if [[ ${cmd%% *} == aerich && ${cmd#aerich } == init\ * ]]; then
    echo '[]' >"$out/aerich_rows.json"; echo '{}' >"$out/schema.json"; echo '{}' >"$out/rows.json"; : >"$out/schema.sql"
  else
    schema_sql "$1" "$2" >"$out/schema.sql"
    local dump_url=$2
    [[ $1 == sqlite ]] && dump_url="sqlite://$PWD/db.sqlite3"
    "$python" "$here/rt.py" dump "$1" "$dump_url" "$out"
  fi
  printf '%-22s %-40s exit %s\n' "${out##*/}" "$cmd" "$rc"
}

run() {  # $1 dialect, $2 models case, $3 steps (array name), $4 1: the steps' second command, $5 output dir,
        # $6 database name
  local dialect=$1 case_dir="$here/$2" second=$4 out=$5
  local -n steps=$3
  local work url
  work=$(mktemp -d)
  url=$(server_url "$dialect" "$6")
  rm -rf "$out"
  mkdir -p "$out"
  cd "$work"
  fresh_database "$dialect" "$url"
  printf '[project]\nname = "aerichproj"\nversion = "0.1.0"\n' >pyproject.toml
  sed "s|sqlite://db.sqlite3|$url|" "$here/shop/0.8.2/sqlite/settings.py.txt" >settings.py
  cp settings.py "$out/settings.py.txt"
  for s in "${steps[@]}"; do
    IFS='|' read -r name models first other <<<"$s"
    cp "$case_dir/models.$models.py.txt" models.py
    local cmd=$first
    [[ $second == 1 && $other != "=" ]] && cmd=$other
    run_step "$dialect" "$url" "$case_dir" "$out/$name" "$cmd"
  done
  cd "$here"
  rm -rf "$work"
}

dialects=("$@")
((${#dialects[@]})) || dialects=(sqlite postgres mysql)
runs=${RUNS:-aerich mixed handback}  # RUNS=mixed: keep the committed pure-Aerich run
for d in "${dialects[@]}"; do
  echo "== $d"
  for r in $runs; do
    case $r in
      aerich) run "$d" "$(case_of "$d")" STEPS 0 "$here/$d/aerich" aerichrt_aerich ;;
      mixed) run "$d" "$(case_of "$d")" STEPS 1 "$here/$d/mixed" aerichrt_mixed ;;
      handback)
        run "$d" shop-fk HANDBACK_STEPS 0 "$here/$d/handback/aerich" aerichrt_handback_aerich
        run "$d" shop-fk HANDBACK_STEPS 1 "$here/$d/handback/testudo" aerichrt_handback_testudo
        # The tools print different things: schema, rows, history and exit codes are compared.
        "$python" "$here/rt.py" compare --no-stdout "$here/$d/handback/aerich" "$here/$d/handback/testudo" |
          tee "$here/$d/handback/compare.txt" || true ;;
    esac
  done
  if [[ " $runs " == *" mixed "* || " $runs " == *" aerich "* ]]; then
    "$python" "$here/rt.py" compare "$here/$d/aerich" "$here/$d/mixed" | tee "$here/$d/compare.txt" || true
  fi
done
