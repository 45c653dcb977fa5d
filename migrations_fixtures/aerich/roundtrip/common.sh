# Shared by make.sh and docs_walkthrough.sh (sourced): the Python side (Aerich 0.8.2 and Tortoise
# 0.22.2 from source trees, see make.sh), the testudo binary, the databases and the docs' snippets.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../.." && pwd)
py=${AERICH_PY:-/work/py}
testudo=$(realpath -m "${TESTUDO:-$repo/build/asan/apps/testudo/testudo}")
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}

# Source trees carry no installed metadata; Tortoise and Aerich read their own versions from it.
mkdir -p "$py/site"
for p in tortoise_orm:0.22.2 aerich:0.8.2 dictdiffer:0.9.0 asyncclick:8.3.0.7 pypika_tortoise:0.3.2; do
  d="$py/site/${p%%:*}-${p##*:}.dist-info"
  mkdir -p "$d"
  printf 'Metadata-Version: 2.1\nName: %s\nVersion: %s\n' "${p%%:*}" "${p##*:}" >"$d/METADATA"
done
export PYTHONPATH="$py/site:$py/aerich:$py/tortoise-orm:$py/pypika-tortoise:$py/dictdiffer:$py/asyncclick/src"
python=/usr/bin/python3
# Aerich 0.8.2's CLI never closes its connections, and aiosqlite 0.17's worker thread is not a daemon,
# so on SQLite the process would wait for that thread forever after the command finished: make it a
# daemon (the command's work is done and committed by then; nothing else changes).
aerich() {
  "$python" -c 'import sys, aiosqlite.core as c
init = c.Connection.__init__
def daemon_init(self, *a, **k):
    init(self, *a, **k)
    self.daemon = True
c.Connection.__init__ = daemon_init
sys.argv[0] = "aerich"
from aerich.cli import main
main()' "$@"
}

# The models case: MariaDB takes shop-plainnote, since Aerich breaks the shop v1 note description there
# (README.md): the pure-Aerich run must be complete to be compared with.
case_of() { [[ $1 == mysql ]] && echo shop-plainnote || echo shop; }

server_url() {  # $1 dialect, $2 database name
  case $1 in
    sqlite) echo "sqlite://db.sqlite3" ;;
    postgres) echo "${TESTUDO_TEST_POSTGRES_URL%/*}/$2" ;;
    mysql) echo "${TESTUDO_TEST_MYSQL_URL%/*}/$2" ;;
  esac
}

mysql_client() {  # $1 url, rest: client arguments
  local u=${1#mysql://}; shift
  local cred=${u%%@*} hostport=${u#*@}; hostport=${hostport%%/*}
  "$@" -h "${hostport%:*}" -P "${hostport#*:}" -u "${cred%%:*}" -p"${cred#*:}"
}

fresh_database() {  # $1 dialect, $2 url
  case $1 in
    postgres) psql -q "${2%/*}/postgres" -c "DROP DATABASE IF EXISTS ${2##*/}" -c "CREATE DATABASE ${2##*/}" ;;
    mysql) mysql_client "$2" mariadb -e "DROP DATABASE IF EXISTS ${2##*/}; CREATE DATABASE ${2##*/}" ;;
    sqlite) rm -f db.sqlite3 ;;
  esac
}

seed() {  # $1 dialect, $2 url, $3 seed.sql
  case $1 in
    sqlite) sqlite3 -bail db.sqlite3 <"$3" ;;
    postgres) psql -q -v ON_ERROR_STOP=1 "$2" -f "$3" ;;
    mysql) mysql_client "$2" mariadb "${2##*/}" <"$3" ;;
  esac
}

schema_sql() {  # $1 dialect, $2 url: the DDL as the server's own dump tool prints it
  case $1 in
    sqlite) sqlite3 db.sqlite3 .schema ;;
    postgres) pg_dump --schema-only --no-owner "$2" | grep -v '^-- Dumped' ;;
    mysql) mysql_client "$2" mariadb-dump --no-data --skip-dump-date "${2##*/}" ;;
  esac
}

# Section 1 of docs/python.md, run as written: the models JSON testudo reads.
models_json() { sed -n "/^python3 - <<'EOF'/,/^EOF/p" "$repo/docs/python.md" | sed '1d;$d' | "$python" -; }

# Section 2 of docs/python.md: its [tool.testudo] block beside [tool.aerich], with this run's URL.
testudo_config() {  # $1 url
  { echo; doc_blocks 2 toml | sed "s|^default = \".*\"$|default = \"$1\"|"; } >>pyproject.toml
}

# The lines of every ```$2 block of section $1 ("## $1. ...") of docs/python.md.
doc_blocks() {
  awk -v sec="## $1." -v fence="\`\`\`$2" '
    /^## / { insec = index($0, sec) == 1 }
    insec && $0 == fence { inblock = 1; next }
    inblock && /^```/ { inblock = 0; next }
    inblock { print }' "$repo/docs/python.md"
}

