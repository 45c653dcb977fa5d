#!/usr/bin/env python3
"""ORM ÷ raw per workload from testudo_bench's JSON output (--benchmark_out=FILE --benchmark_out_format=json).

    bench/ratios.py run.json               one run
    bench/ratios.py before.json after.json two runs side by side

Prints one Markdown row per <backend>/<operation>: the raw and ORM medians of the repetitions,
ORM / raw on wall time and on (client) CPU time, and the spread: the lowest and highest ratio of
the pairs (repetition i of raw against repetition i of the ORM, which ran interleaved).
Needs --benchmark_repetitions >= 2 without --benchmark_report_aggregates_only.
"""
import json
import statistics
import sys
from collections import defaultdict

BACKENDS = ["sqlite", "postgres", "mysql"]


def load(path):
    """{(backend, operation): {"raw": [(wall ns, cpu ns), ...], "orm": [...]}} per repetition."""
    with open(path) as f:
        runs = json.load(f)["benchmarks"]
    times = defaultdict(list)
    for r in runs:
        if r.get("run_type") != "iteration":
            continue
        backend, operation, variant = r["run_name"].split("/")[:3]
        times[(backend, operation, variant)].append((r["real_time"], r["cpu_time"]))
    pairs = {}
    for (backend, operation, variant), reps in times.items():
        orm = times.get((backend, operation, "testudo_orm"))
        if variant.startswith("raw_") and orm:
            pairs[(backend, operation)] = {"raw": reps, "orm": orm}
    return pairs


def ratio(pair, i):
    """Median ratio and the spread of the pairs, on wall (i=0) or CPU (i=1) time."""
    raw, orm = pair["raw"], pair["orm"]
    each = [o[i] / r[i] for r, o in zip(raw, orm)]
    median = statistics.median(o[i] for o in orm) / statistics.median(r[i] for r in raw)
    return f"{median:.2f}", f"{min(each):.2f}–{max(each):.2f}"


def show(reps):
    """The median wall time, readable."""
    ns = statistics.median(r[0] for r in reps)
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def order(pairs):
    return sorted(pairs, key=lambda k: (BACKENDS.index(k[0]), k[1]))


def one_run(pairs):
    print("| backend | operation | raw | ORM | ORM / raw, wall | spread | ORM / raw, CPU | spread |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for key in order(pairs):
        p = pairs[key]
        print(f"| {key[0]} | {key[1]} | {show(p['raw'])} | {show(p['orm'])} | "
              + " | ".join(ratio(p, 0) + ratio(p, 1)) + " |")


def two_runs(before, after):
    print("| backend | operation | wall, before | wall, after (spread) | CPU, before | CPU, after (spread) |")
    print("| --- | --- | --- | --- | --- | --- |")
    for key in order(after):
        b = before.get(key)
        cells = []
        for i in (0, 1):
            cells.append(ratio(b, i)[0] if b else "–")
            median, spread = ratio(after[key], i)
            cells.append(f"{median} ({spread})")
        print(f"| {key[0]} | {key[1]} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    if len(sys.argv) == 3:
        two_runs(load(sys.argv[1]), load(sys.argv[2]))
    else:
        one_run(load(sys.argv[1] if len(sys.argv) > 1 else "/dev/stdin"))
