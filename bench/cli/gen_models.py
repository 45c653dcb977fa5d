#!/usr/bin/env python3
"""A Tortoise describe JSON of N models for the CLI bench (bench/cli/run.py).

    bench/cli/gen_models.py N [--change PERCENT:SALT ...] > models.json

The models are copies of the example shop (migrations_fixtures/shop/tortoise_describe_v0.json):
groups of six (categories with a self-reference, users with indexes and unique fields, products
with a foreign key and a many-to-many to tags, orders, order lines with two foreign keys), each
group under its own names (models.Product0007, table products_0007). A last group of fewer than
six holds only the self-contained models (categories, users). Each --change alters PERCENT of the
models, picked by SALT, in one of four ways taken in turn: a nullable column added, a VARCHAR
widened, an index added, a column made nullable; several --change apply one after the other.
The output is the same for the same arguments.
"""
import argparse
import copy
import hashlib
import json
import pathlib
import sys

SHOP = pathlib.Path(__file__).resolve().parents[2] / "migrations_fixtures/shop/tortoise_describe_v0.json"
MODEL_KEYS = {"name", "python_type", "model_name"}  # keys whose value may name a model
TABLE_KEYS = {"table", "through"}  # keys whose value may name a table
SELF_CONTAINED = ["models.Category", "models.User"]  # no relation to another model of the group


def renamed(node, models, tables, key=None):
    """`node` with the group's model and table names (by key, so a field called `tags` stays)."""
    if isinstance(node, dict):
        return {k: renamed(v, models, tables, k) for k, v in node.items()}
    if isinstance(node, list):
        return [renamed(v, models, tables) for v in node]
    if isinstance(node, str) and key in MODEL_KEYS:
        return models.get(node, node)
    if isinstance(node, str) and key in TABLE_KEYS:
        return tables.get(node, node)
    return node


def group(shop, g, only=None):
    names = [n for n in shop if only is None or n in only]
    models = {n: f"{n}{g:04d}" for n in names}
    tables = {m["table"]: f"{m['table']}_{g:04d}" for m in shop.values()}
    tables.update({f["through"]: f"{f['through']}_{g:04d}" for m in shop.values() for f in m["m2m_fields"]})
    out = {}
    for name in names:
        model = renamed(shop[name], models, tables)
        for key in ("backward_fk_fields", "backward_o2o_fields", "m2m_fields"):  # relations to models left out
            model[key] = [f for f in model[key] if f["python_type"] in models.values()]
        out[models[name]] = model
    return out


def change(model, kind):
    """One of four schema changes, on the model's first CharField (else its first data field)."""
    fields = model["data_fields"]
    field = next((f for f in fields if f["field_type"] == "CharField"), fields[0])
    if kind == 0:
        added = copy.deepcopy(field)
        added.update(name="bench_note", db_column="bench_note", nullable=True, unique=False, indexed=False)
        fields.append(added)
    elif kind == 1 and field["field_type"] == "CharField":
        width = field["constraints"]["max_length"] + 20
        field["constraints"]["max_length"] = width
        field["db_field_types"][""] = f"VARCHAR({width})"
    elif kind == 2:
        model["indexes"].append([field["name"]])
    else:
        field["nullable"] = not field["nullable"]


def picked(names, percent, salt):
    """PERCENT of the names (at least one), in an order that SALT shuffles."""
    ranked = sorted(names, key=lambda n: hashlib.sha256(f"{salt}:{n}".encode()).digest())
    return ranked[:max(1, round(len(ranked) * percent / 100))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="number of models")
    parser.add_argument("--change", action="append", default=[], metavar="PERCENT:SALT",
                        help="alter PERCENT of the models, picked by SALT (repeatable)")
    args = parser.parse_args()
    shop = json.loads(SHOP.read_text())
    full, rest = divmod(args.count, len(shop))
    models = {}
    for g in range(full):
        models.update(group(shop, g))
    if rest:
        models.update(group(shop, full, SELF_CONTAINED[:rest] if rest <= 2 else SELF_CONTAINED))
        for i in range(len(SELF_CONTAINED), rest):  # more self-contained ones under further group numbers
            models.update(group(shop, full + i - 1, ["models.User"]))
    for spec in args.change:
        percent, _, salt = spec.partition(":")
        for i, name in enumerate(picked(models, float(percent), salt)):
            change(models[name], i % 4)
    json.dump(dict(sorted(models.items())), sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
