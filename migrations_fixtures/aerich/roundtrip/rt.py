"""Helper of make.sh (ours, not Aerich's): dump a database after a round-trip step, compare runs.

  rt.py dump DIALECT URL OUTDIR     writes aerich_rows.json, rows.json, schema.json into OUTDIR
  rt.py compare [--no-stdout] RUN_A RUN_B
                                    compares schema.json / rows.json / aerich rows step by step (and
                                    the output, unless the runs' tools differ: --no-stdout)

schema.json is the schema as the server reports it (columns with type, nullability, default and
comment; primary key; foreign keys by columns, target and ON DELETE; indexes by name, columns and
uniqueness), so two runs compare by meaning, not by the text of the DDL that made them. Foreign key
names are left out: Tortoise leaves them to the server (PostgreSQL, MariaDB) and tools that
re-create a key name it themselves. The `aerich` table is left out of schema.json (testudo adds
nullable columns of its own to it); its rows are in aerich_rows.json (id, version, app, content).
`testudo_lock` (the table of testudo's migration lock on MariaDB, docs/cli.md) is left out too: it
belongs to the tool that ran the step, not to the models.
"""
import asyncio
import json
import re
import sqlite3
import sys
from pathlib import Path
from urllib.parse import urlparse

SKIP = {"aerich", "sqlite_sequence", "testudo_lock"}


def norm(v):
    if v is None or isinstance(v, (int, float, str, bool)):
        return v
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return str(v)  # Decimal and the like: exact text


def sorted_rows(rows):
    return sorted(rows, key=lambda r: json.dumps(r, sort_keys=True))


# ---------------------------------------------------------------- SQLite

def dump_sqlite(url):
    con = sqlite3.connect(url.removeprefix("sqlite://"))
    con.row_factory = sqlite3.Row
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    schema, rows, aerich = {}, {}, []
    for t in tables:
        if t == "aerich":
            aerich = [dict(r) for r in con.execute("SELECT id, version, app, content FROM aerich ORDER BY id")]
        if t in SKIP:
            continue
        cols = [dict(r) for r in con.execute(f'PRAGMA table_xinfo("{t}")')]
        fks = {}
        for r in con.execute(f'PRAGMA foreign_key_list("{t}")'):
            fk = fks.setdefault(r["id"], {"columns": [], "ref_table": r["table"], "ref_columns": [],
                                          "on_delete": r["on_delete"]})
            fk["columns"].append(r["from"])
            fk["ref_columns"].append(r["to"])
        idx = []
        for r in con.execute(f'PRAGMA index_list("{t}")'):
            names = [i["name"] for i in con.execute(f'PRAGMA index_info("{r["name"]}")')]
            name = None if r["origin"] != "c" else r["name"]  # auto indexes are named by SQLite
            idx.append({"name": name, "columns": names, "unique": bool(r["unique"]), "origin": r["origin"]})
        schema[t] = {
            "columns": [{"name": c["name"], "type": c["type"].upper(), "nullable": not c["notnull"],
                         "default": c["dflt_value"]} for c in cols],
            "primary_key": [c["name"] for c in sorted(cols, key=lambda c: c["pk"]) if c["pk"]],
            "foreign_keys": sorted(fks.values(), key=lambda f: f["columns"]),
            "indexes": sorted(idx, key=lambda i: (i["columns"], i["unique"])),
        }
        rows[t] = sorted_rows([{k: norm(r[k]) for k in r.keys()} for r in con.execute(f'SELECT * FROM "{t}"')])
    return schema, rows, aerich


# ---------------------------------------------------------------- PostgreSQL

async def dump_postgres(url):
    import asyncpg
    con = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        tables = [r[0] for r in await con.fetch(
            "SELECT table_name FROM information_schema.tables WHERE table_schema='public' "
            "AND table_type='BASE TABLE' ORDER BY 1")]
        schema, rows, aerich = {}, {}, []
        for t in tables:
            if t == "aerich":
                aerich = [dict(r) for r in await con.fetch(
                    "SELECT id, version, app, content::text AS content FROM aerich ORDER BY id")]
            if t in SKIP:
                continue
            cols = await con.fetch(
                "SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable,"
                " pg_get_expr(d.adbin, d.adrelid) AS default, col_description(a.attrelid, a.attnum) AS comment"
                " FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                " WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum", f'"{t}"')
            cons = await con.fetch(
                "SELECT contype::text, conname, confdeltype::text,"  # "char" comes back as bytes
                " ARRAY(SELECT attname FROM unnest(conkey) WITH ORDINALITY k(n, o) JOIN pg_attribute ON attrelid = conrelid"
                "  AND attnum = k.n ORDER BY o) AS cols, confrelid::regclass::text AS ref,"
                " ARRAY(SELECT attname FROM unnest(confkey) WITH ORDINALITY k(n, o) JOIN pg_attribute ON attrelid = confrelid"
                "  AND attnum = k.n ORDER BY o) AS refcols"
                " FROM pg_constraint WHERE conrelid = $1::regclass", f'"{t}"')
            actions = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}
            idx = await con.fetch(
                "SELECT i.relname AS name, x.indisunique AS unique, x.indisprimary AS primary,"
                " ARRAY(SELECT attname FROM unnest(x.indkey) WITH ORDINALITY k(n, o) JOIN pg_attribute ON attrelid = x.indrelid"
                "  AND attnum = k.n ORDER BY o) AS cols"
                " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = $1::regclass", f'"{t}"')
            schema[t] = {
                "columns": [dict(c) for c in cols],
                "primary_key": next((list(c["cols"]) for c in cons if c["contype"] == "p"), []),
                "foreign_keys": sorted(({"columns": list(c["cols"]), "ref_table": c["ref"].strip('"'),
                                         "ref_columns": list(c["refcols"]), "on_delete": actions[c["confdeltype"]]}
                                        for c in cons if c["contype"] == "f"), key=lambda f: f["columns"]),
                "indexes": sorted(({"name": i["name"], "columns": list(i["cols"]), "unique": i["unique"]}
                                   for i in idx if not i["primary"]), key=lambda i: (i["columns"], i["unique"])),
            }
            rows[t] = sorted_rows([{k: norm(v) for k, v in r.items()} for r in await con.fetch(f'SELECT * FROM "{t}"')])
        return schema, rows, aerich
    finally:
        await con.close()


# ---------------------------------------------------------------- MariaDB

async def dump_mysql(url):
    import aiomysql
    u = urlparse(url)
    con = await aiomysql.connect(host=u.hostname, port=u.port or 3306, user=u.username, password=u.password,
                                 db=u.path.lstrip("/"), autocommit=True)
    db = u.path.lstrip("/")
    try:
        cur = await con.cursor(aiomysql.DictCursor)

        async def q(sql, *args):
            await cur.execute(sql, args)
            return await cur.fetchall()

        tables = [r["TABLE_NAME"] for r in await q(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA=%s ORDER BY 1", db)]
        schema, rows, aerich = {}, {}, []
        for t in tables:
            if t == "aerich":
                aerich = list(await q("SELECT id, version, app, content FROM aerich ORDER BY id"))
            if t in SKIP:
                continue
            cols = await q("SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE='YES' AS nullable,"
                           " COLUMN_DEFAULT AS `default`, COLUMN_COMMENT AS comment, EXTRA AS extra"
                           " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA=%s AND TABLE_NAME=%s"
                           " ORDER BY ORDINAL_POSITION", db, t)
            fks = await q("SELECT k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS col, k.REFERENCED_TABLE_NAME AS ref,"
                          " k.REFERENCED_COLUMN_NAME AS refcol, r.DELETE_RULE AS on_delete"
                          " FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r"
                          " ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME"
                          " AND r.TABLE_NAME = k.TABLE_NAME"
                          " WHERE k.TABLE_SCHEMA=%s AND k.TABLE_NAME=%s ORDER BY k.CONSTRAINT_NAME, k.ORDINAL_POSITION", db, t)
            by_fk = {}
            for f in fks:
                e = by_fk.setdefault(f["name"], {"columns": [], "ref_table": f["ref"], "ref_columns": [],
                                                 "on_delete": f["on_delete"]})
                e["columns"].append(f["col"])
                e["ref_columns"].append(f["refcol"])
            st = await q("SELECT INDEX_NAME AS name, NON_UNIQUE AS nu, COLUMN_NAME AS col FROM information_schema.STATISTICS"
                         " WHERE TABLE_SCHEMA=%s AND TABLE_NAME=%s ORDER BY INDEX_NAME, SEQ_IN_INDEX", db, t)
            idx = {}
            for s in st:
                idx.setdefault(s["name"], {"name": s["name"], "columns": [], "unique": not s["nu"]})["columns"].append(s["col"])
            schema[t] = {
                "columns": [{k: (bool(v) if k == "nullable" else v) for k, v in c.items()} for c in cols],
                "primary_key": idx.pop("PRIMARY", {"columns": []})["columns"],
                "foreign_keys": sorted(by_fk.values(), key=lambda f: f["columns"]),
                "indexes": sorted(idx.values(), key=lambda i: (i["columns"], i["unique"])),
            }
            rows[t] = sorted_rows([{k: norm(v) for k, v in r.items()} for r in await q(f"SELECT * FROM `{t}`")])
        return schema, rows, aerich
    finally:
        con.close()


def dump(dialect, url, out):
    if dialect == "sqlite":
        schema, rows, aerich = dump_sqlite(url)
    else:
        schema, rows, aerich = asyncio.run({"postgres": dump_postgres, "mysql": dump_mysql}[dialect](url))
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "schema.json").write_text(json.dumps(schema, indent=1, default=norm) + "\n")
    (out / "rows.json").write_text(json.dumps(rows, indent=1, default=norm) + "\n")
    (out / "aerich_rows.json").write_text(json.dumps(aerich, indent=1, default=norm) + "\n")


def snapshot(row):
    """The row's snapshot as a comparable value: parsed, without Aerich's own model (its form
    differs between Aerich versions, see ../../README.md)."""
    content = json.loads(row["content"]) if isinstance(row["content"], str) else row["content"]
    return {k: v for k, v in content.items() if k != "models.Aerich"}


def untimed_text(text):
    """Output with the timestamps of migration file names taken out (runs differ in them)."""
    return re.sub(r"_[0-9]{14}_", "_", text)


def compare(run_a, run_b, stdout=True):
    """Prints one line per step: same / what differs (schema, rows, aerich versions and snapshots,
    exit code, stdout unless `stdout` is false). Exit 1 when anything differs."""
    a, b = Path(run_a), Path(run_b)
    bad = False
    for step in sorted(p.name for p in a.iterdir() if p.is_dir()):
        if not (b / step).is_dir():
            print(f"{step}: missing in {b.name}")
            bad = True
            continue
        diffs = []
        for f in ("schema.json", "rows.json"):
            if json.loads((a / step / f).read_text()) != json.loads((b / step / f).read_text()):
                diffs.append(f)
        ra = json.loads((a / step / "aerich_rows.json").read_text())
        rb = json.loads((b / step / "aerich_rows.json").read_text())
        va = [r["version"].split("_", 2)[::2] for r in ra]  # number and name, not the timestamp
        vb = [r["version"].split("_", 2)[::2] for r in rb]
        if va != vb:
            diffs.append(f"aerich versions {va} != {vb}")
        elif [snapshot(r) for r in ra] != [snapshot(r) for r in rb]:
            diffs.append("aerich content")
        if (a / step / "exit_code.txt").read_text() != (b / step / "exit_code.txt").read_text():
            diffs.append(f"exit code {(a / step / 'exit_code.txt').read_text().strip()} != "
                         f"{(b / step / 'exit_code.txt').read_text().strip()}")
        if stdout and untimed_text((a / step / "stdout.txt").read_text()) != untimed_text((b / step / "stdout.txt").read_text()):
            diffs.append("stdout")
        print(f"{step}: " + ("same" if not diffs else "DIFFERS: " + "; ".join(diffs)))
        bad = bad or bool(diffs)
    return 1 if bad else 0


if __name__ == "__main__":
    if sys.argv[1] == "dump":
        dump(*sys.argv[2:5])
    elif sys.argv[1] == "compare":
        no_stdout = sys.argv[2] == "--no-stdout"
        sys.exit(compare(*sys.argv[2 + no_stdout:4 + no_stdout], stdout=not no_stdout))
    else:
        sys.exit(__doc__)
