#!/usr/bin/env bash
# Runs every command of docs/python.md, in its order, with the real Aerich 0.8.2 and Tortoise 0.22.2
# (needs what make.sh needs):  docs_walkthrough.sh [sqlite|postgres|mysql ...]  (default: all three)
# The commands are read from the page itself (its sh and toml blocks, section by section), so the page
# cannot drift from what was run. Per dialect: a project Aerich manages (aerich init, init-db, the
# seed rows), then the shop models v1 (section 1's snippet, sections 2 and 3: testudo), then v2
# (section 1 again, section 4: back to Aerich). docs/<dialect>/log.txt holds every command with its
# exit code and output; a command whose comment says "exit N" must exit N, every other one 0.
set -euo pipefail
source "$(dirname "$0")/common.sh"

testudo() { "$testudo" "$@"; }
failures=0

log_run() {  # $1 log file, $2 command line as written in the page
  local rc=0 out err
  out=$(mktemp) err=$(mktemp)
  (eval "$2") </dev/null >"$out" 2>"$err" || rc=$?
  local want=0
  [[ $2 =~ \#.*exit\ ([0-9]+) ]] && want=${BASH_REMATCH[1]}
  {
    echo "\$ $2"
    sed 's/^/  | /' "$out"
    [[ -s $err ]] && sed 's/^/  ! /' "$err"
    echo "  exit $rc$([[ $rc != "$want" ]] && echo " (EXPECTED $want)")"
  } >>"$1"
  [[ $rc == "$want" ]] || { echo "FAILED ($rc, expected $want): $2" >&2; failures=$((failures + 1)); }
  rm -f "$out" "$err"
}

walk() {  # $1 dialect
  local dialect=$1 case_dir="$here/$(case_of "$1")" url work out="$here/docs/$1"
  url=$(server_url "$dialect" aerichrt_docs)
  work=$(mktemp -d)
  rm -rf "$out" && mkdir -p "$out"
  local log="$out/log.txt"
  cd "$work"
  fresh_database "$dialect" "$url"
  printf '[project]\nname = "aerichproj"\nversion = "0.1.0"\n' >pyproject.toml
  sed "s|sqlite://db.sqlite3|$url|" "$here/shop/0.8.2/sqlite/settings.py.txt" >settings.py
  echo "# setup: a project Aerich manages, with rows ($dialect)" >"$log"
  cp "$case_dir/models.v0.py.txt" models.py
  log_run "$log" "aerich init -t settings.TORTOISE_ORM"
  log_run "$log" "aerich init-db"
  log_run "$log" "seed $dialect $url $case_dir/seed.sql"

  cp "$case_dir/models.v1.py.txt" models.py
  echo "# models changed (v1); section 1" >>"$log"
  log_run "$log" models_json
  echo "# section 2" >>"$log"
  while IFS= read -r line; do log_run "$log" "${line//sqlite:\/\/db.sqlite3/$url}"; done < <(doc_blocks 2 sh)
  testudo_config "$url"
  echo "# section 2: pyproject.toml now" >>"$log"
  sed 's/^/  | /' pyproject.toml >>"$log"
  echo "# section 3" >>"$log"
  while IFS= read -r line; do log_run "$log" "$line"; done < <(doc_blocks 3 sh)

  cp "$case_dir/models.v2.py.txt" models.py
  echo "# models changed (v2); section 1 (for testudo's last command), then section 4" >>"$log"
  log_run "$log" models_json
  while IFS= read -r line; do log_run "$log" "$line"; done < <(doc_blocks 4 sh)
  cp -r migrations "$out/migrations"
  find "$out/migrations" -name __pycache__ -prune -exec rm -rf {} +
  cd "$here"
  rm -rf "$work"
  # Timestamps and durations vary from run to run: keep the log comparable.
  sed -E -i "s/_[0-9]{14}_/_<timestamp>_/g; s/applied [0-9-]+[ T][0-9:.]+Z? \\([0-9]+ ms\\)/applied <time>/g; s|$here|<roundtrip>|g" "$log"
  echo "== $dialect: $(grep -c '^\$' "$log") commands"
}

dialects=("$@")
((${#dialects[@]})) || dialects=(sqlite postgres mysql)
for d in "${dialects[@]}"; do walk "$d"; done
((failures == 0)) || { echo "$failures command(s) did not exit as the page says" >&2; exit 1; }
