"""Helper of make.sh (ours, not Tortoise's): what the real Tortoise makes of inspectdb's module.

  tortoise_side.py describe URL OUT       Tortoise.init with ./models.py (app "models", beside
                                          aerich.models as an Aerich project has it) and write
                                          Aerich's get_models_describe("models"), models.Aerich
                                          removed, to OUT
  tortoise_side.py generate URL           Tortoise.init with ./models.py alone and
                                          generate_schemas(safe=False) into URL's (fresh) database
  tortoise_side.py compare DIALECT DIR    every difference, classified: inspectdb.json vs
                                          tortoise_describe.json (per model/field), then
                                          source_schema.sql vs tortoise_schema.sql (per statement,
                                          a CREATE TABLE per line)

The module is imported from the current directory as `models`.
"""
import asyncio
import difflib
import json
import os
import re
import sys

KINDS = ["data_fields", "fk_fields", "backward_fk_fields", "o2o_fields", "backward_o2o_fields", "m2m_fields"]


async def describe(url, out):
    from aerich.coder import JsonEncoder
    from aerich.utils import get_models_describe
    from tortoise import Tortoise

    await Tortoise.init(db_url=url, modules={"models": ["models", "aerich.models"]})
    try:
        found = get_models_describe("models")
    finally:
        await Tortoise.close_connections()
    found.pop("models.Aerich")
    with open(out, "w", encoding="utf-8") as f:
        f.write(json.dumps(found, cls=JsonEncoder, indent=1, ensure_ascii=False) + "\n")


async def generate(url):
    from tortoise import Tortoise

    await Tortoise.init(db_url=url, modules={"models": ["models"]})
    try:
        await Tortoise.generate_schemas(safe=False)
    finally:
        await Tortoise.close_connections()


# ---------------------------------------------------------------- compare

def fields_of(model):
    """{field name: (kind, field describe)}; the primary key is kind "pk_field"."""
    out = {model["pk_field"]["name"]: ("pk_field", model["pk_field"])}
    for kind in KINDS:
        for f in model.get(kind, []):
            out[f["name"]] = (kind, f)
    return out


def column_type(field, dialect):
    """The column type a field gets on `dialect` (Tortoise: the dialect's entry, else the "" one)."""
    types = field.get("db_field_types") or {}
    return types.get(dialect, types.get(""))


def show(v):
    return json.dumps(v, ensure_ascii=False, sort_keys=True)


# What never changes the schema Tortoise makes (class c). Keys a describe has for Python's sake
# only, or that restate a key compared on its own (db_field_types: the dialect's entry is compared
# as "column type").
NO_SCHEMA_KEYS = {
    "docstring": "a Python docstring, never in the database",
    "python_type": "the Python class the value is read as (relations: the model's name), not a column",
    "managed": "Aerich's managed flag (None unless the model sets it); no table attribute",
    "db_field_types": "other dialects' entries; this dialect's type is compared as 'column type'",
}


def classify_describe(key, a, b, field):
    """(class, why) of one describe difference; `field` is inspectdb's describe of the field."""
    if key in NO_SCHEMA_KEYS:
        return "c", NO_SCHEMA_KEYS[key]
    kind = (field or {}).get("field_type")
    if key == "db_default" and b is None:
        if kind == "DateField" and re.fullmatch(r"'\d{4}-\d\d-\d\d'(::date)?", a):
            return "a", "Tortoise can declare it: default=datetime.date(Y, M, D) writes DEFAULT 'Y-M-D'"
        if kind == "TimeField" and a.lower().startswith("current_timestamp"):
            return "b", ("Tortoise's describe cannot say it: models.py.txt has TimeField(auto_now_add=True), which "
                         "writes DEFAULT CURRENT_TIMESTAMP, but TimeField's describe has no auto_now_add key")
        if kind in ("CharField", "TextField") and re.fullmatch(r"'.*'", a, re.S):
            return "a", "inspection: a string literal left undecoded (MariaDB shows a backslash escaped); Tortoise wants default=\"...\""
        return "b", "Tortoise 0.22 has no database-side default expression"
    if key == "default" and kind == "UUIDField" and a is None and b == "<function uuid.uuid4>":
        return "c", "Tortoise gives every UUID primary key the Python-side default uuid4; never in the DDL"
    return "?", "not classified yet: look at it"


CLASSES = {
    "a": "testudo bug: models.py.txt does not say what the database has, and Tortoise could",
    "b": "Tortoise cannot express it",
    "c": "never changes the schema",
    "?": "not classified",
}


def describe_differences(dialect, mine, theirs):
    """Yields (where, key, inspectdb's value, Tortoise's value, inspectdb's field describe or None)."""
    for name in sorted(set(mine) | set(theirs)):
        a, b = mine.get(name), theirs.get(name)
        if a is None or b is None:
            yield name, "model", "present" if a else "absent", "present" if b else "absent", None
            continue
        for key in sorted((set(a) | set(b)) - set(KINDS) - {"pk_field"}):
            if a.get(key) != b.get(key):
                yield name, key, a.get(key), b.get(key), None
        fa, fb = fields_of(a), fields_of(b)
        for field in sorted(set(fa) | set(fb)):
            where = f"{name}.{field}"
            if field not in fa or field not in fb:
                yield where, "field", fa.get(field, ("absent",))[0], fb.get(field, ("absent",))[0], None
                continue
            (ka, da), (kb, db) = fa[field], fb[field]
            if ka != kb:
                yield where, "kind", ka, kb, da
            if "db_field_types" in da or "db_field_types" in db:
                ta, tb = column_type(da, dialect), column_type(db, dialect)
                if ta != tb:
                    yield where, "column type", ta, tb, da
            for key in sorted(set(da) | set(db)):
                if da.get(key) != db.get(key):
                    yield where, key, da.get(key), db.get(key), da


# ---------------------------------------------------------------- the two dumps
# Compared statement by statement, in no order (the order of statements is not part of a schema);
# a CREATE TABLE line by line, in order (its column order is).

# Lines of a dump that differ on every run or name the database, and SQL comments.
NOISE = re.compile(r"^(\\(un)?restrict |--)")
# Names the server gives (or the tool chose): FK constraints and the index MariaDB makes for a FK.
NAMES = [
    (re.compile(r'CONSTRAINT "[^"]+" '), ""),                                    # SQLite, inline
    (re.compile(r"ADD CONSTRAINT \S+ FOREIGN KEY"), "ADD CONSTRAINT <fk> FOREIGN KEY"),  # pg_dump
    (re.compile(r"CONSTRAINT `[^`]+` FOREIGN KEY"), "CONSTRAINT <fk> FOREIGN KEY"),  # MariaDB
    (re.compile(r"^KEY `[^`]+` \((`[^`]+`)\)$"), r"KEY <fk> (\1)"),
]
CREATE_TABLE = re.compile(r'CREATE TABLE (?:IF NOT EXISTS )?["`]?(?:public\.)?([^"`( ]+)')


def statements(path):
    """{key: [normalised lines]}: key "table NAME" for a CREATE TABLE, else the statement's text."""
    out, current = {}, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or NOISE.match(line):
                continue
            current.append(" ".join(line.split()).rstrip(","))
            if line.rstrip().endswith(";"):
                m = CREATE_TABLE.match(current[0])
                key = f"table {m.group(1)}" if m else " ".join(current)
                out[key] = current
                current = []
    return out


def unnamed(line):
    for pattern, repl in NAMES:
        line = pattern.sub(repl, line)
    return line


def subject(line):
    """What a line declares: its column (first quoted name) or the object of a COMMENT ON."""
    m = re.match(r"COMMENT ON (?:COLUMN|TABLE) (\S+) IS", line) or re.match(r'["`]?([a-z_]\w*)["`]? ', line)
    return m.group(1) if m else unnamed(line)


def paired(only_src, only_tort):
    """Yields (source line or None, Tortoise line or None): each source line with the Tortoise line
    that is the same, declares the same thing, or differs only in names."""
    only_tort = list(only_tort)
    for line in only_src:
        same = [t for t in only_tort if t == line] or [t for t in only_tort if subject(t) == subject(line)] \
            or [t for t in only_tort if unnamed(t) == unnamed(line)]
        if same:
            only_tort.remove(same[0])
        yield line, same[0] if same else None
    for line in only_tort:
        yield None, line


def dump_differences(source_path, tortoise_path):
    src, tort = statements(source_path), statements(tortoise_path)
    for key in sorted(set(src) & set(tort)):
        if key.startswith("table ") and src[key] != tort[key]:
            a, b = src[key], tort[key]
            only_a, only_b = [], []
            for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
                if op != "equal":
                    only_a += a[i1:i2]
                    only_b += b[j1:j2]
            yield from paired(only_a, only_b)
    yield from paired([" ".join(v) for k, v in sorted(src.items()) if k not in tort],
                      [" ".join(v) for k, v in sorted(tort.items()) if k not in src])


def classify_dump(dialect, src, tort):
    """(class, why) of a source line and the Tortoise line that declares the same thing (or None)."""
    if tort is None or src is None:
        return "?", "declared on one side only"
    if src == tort:
        if re.match(r'["`]?[a-z_]\w*["`]? ', src):
            return "b", ("column order: Tortoise writes a model's FK columns after all its other columns, so a plain "
                         "column among the FK columns moves (only ForeignKeyField(db_constraint=False) would keep it there)")
        return "c", "the order of a table's indexes in the dump"
    if unnamed(src) == unnamed(tort):
        return "b", "FK constraint name: Tortoise leaves it to the server here (MariaDB's index for the FK follows it)"
    if dialect == "sqlite" and re.search(r"DECIMAL\(\d+,\d+\)", src) and "VARCHAR(40)" in tort:
        return "b", "Tortoise's DecimalField is VARCHAR(40) on SQLite (its default then as text)"
    if dialect == "sqlite" and re.sub(r" ?/\*.*\*/", "", src) == tort:
        return "a", ("inspection: the SQLite column comment (only in the CREATE TABLE text) is not read; "
                     "Tortoise wants description=... and writes /* ... */ itself")
    if dialect == "sqlite" and "/*" in src and src.replace("\\", "") == tort.replace("\\", ""):
        return "b", ("Tortoise escapes SQLite comments (a backslash before each \\ and newline) and testudo reads "
                     "them as stored: a description with a backslash grows a backslash each round (the source's are "
                     "Tortoise's own)")
    if "ON UPDATE current_timestamp" in src and src.replace(" ON UPDATE current_timestamp(6)", "") == tort:
        return "a", "inspection: ON UPDATE CURRENT_TIMESTAMP is Tortoise's DatetimeField(auto_now=True), rendered auto_now_add=True"
    if "json_valid" in src:
        return "a", ("inspection: a MariaDB JSON column (longtext utf8mb4_bin + CHECK json_valid) is read as TextField; "
                     "Tortoise's JSONField makes exactly this column")
    if re.search(r"DEFAULT '\d{4}-\d\d-\d\d'", src) and "DEFAULT" not in tort:
        return "a", "renderer: the date default is dropped (a note); Tortoise wants default=datetime.date(Y, M, D)"
    if re.search(r"(?i)\btime\b.*DEFAULT current_timestamp", src) and "DEFAULT" not in tort:
        return "a", "renderer: the default is dropped (a note); Tortoise wants TimeField(auto_now_add=True)"
    if src.startswith("COMMENT ON") and re.sub(r'\\([\\"])', r"\1", tort) == src:
        return "b", ("Tortoise escapes PostgreSQL comments the MySQL way (a backslash before each \\ and \"), which "
                     "PostgreSQL keeps: no description with a backslash or \" survives (the source's are Tortoise's own, "
                     "see ../README.md)")
    if dialect == "mysql" and re.search(r"DEFAULT '.*\\\\.*'", src) and "DEFAULT" not in tort:
        return "a", ("inspection: MariaDB shows a string default's backslash escaped ('C:\\\\temp'); left undecoded, it "
                     "is dropped (a note); Tortoise wants default=\"C:\\\\temp\" and writes this DEFAULT")
    return "?", "not classified yet: look at it"


def compare(dialect, case_dir):
    def load(name):
        with open(os.path.join(case_dir, name), encoding="utf-8") as f:
            return json.load(f)

    counts = dict.fromkeys(CLASSES, 0)
    part1, part2 = [], []
    for where, key, a, b, field in describe_differences(dialect, load("inspectdb.json"), load("tortoise_describe.json")):
        cls, why = classify_describe(key, a, b, field)
        counts[cls] += 1
        part1.append(f"({cls}) {where} {key}: inspectdb {show(a)} / tortoise {show(b)}\n    {why}")
    for src, tort in dump_differences(os.path.join(case_dir, "source_schema.sql"),
                                      os.path.join(case_dir, "tortoise_schema.sql")):
        cls, why = classify_dump(dialect, src, tort)
        counts[cls] += 1
        part2.append(f"({cls}) - {src}\n    + {tort}\n    {why}")
    print(f"# {dialect}: {len(part1) + len(part2)} differences")
    for cls, n in counts.items():
        print(f"#   ({cls}) {n}: {CLASSES[cls]}")
    print(f"\n## 1. inspectdb.json vs tortoise_describe.json: {len(part1)}, per model/field")
    print("\n".join(part1))
    print(f"\n## 2. source_schema.sql (-) vs tortoise_schema.sql (+), per statement in any order, a table's lines in"
          f" order, white space collapsed: {len(part2)}")
    print("\n".join(part2))


def main(argv):
    sys.path.insert(0, os.getcwd())  # where make.sh put models.py
    if argv[:1] == ["describe"] and len(argv) == 3:
        asyncio.run(describe(argv[1], argv[2]))
    elif argv[:1] == ["generate"] and len(argv) == 2:
        asyncio.run(generate(argv[1]))
    elif argv[:1] == ["compare"] and len(argv) == 3:
        compare(*argv[1:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
