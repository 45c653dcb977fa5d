#!/usr/bin/env python3
"""ORM ÷ raw per workload from testudo_bench's JSON output (--benchmark_format=json or --benchmark_out).

    bench/ratios.py run.json

Prints one Markdown row per <backend>/<operation>: the raw and ORM medians of the repetitions,
ORM / raw on wall time and on (client) CPU time, and the spread: the lowest and highest ratio of
the pairs (repetition i of raw against repetition i of the ORM, which ran interleaved).
Needs --benchmark_repetitions >= 2 without --benchmark_report_aggregates_only.
"""
import json
import statistics
import sys
from collections import defaultdict


def main(path):
    with open(path) as f:
        runs = json.load(f)["benchmarks"]
    times = defaultdict(list)  # (backend, operation, variant) -> [(wall ns, cpu ns), ...] per repetition
    for r in runs:
        if r.get("run_type") != "iteration":
            continue
        backend, operation, variant = r["run_name"].split("/")[:3]
        times[(backend, operation, variant)].append((r["real_time"], r["cpu_time"]))
    print("| backend | operation | raw | ORM | ORM / raw, wall | spread | ORM / raw, CPU | spread |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    backends = ["sqlite", "postgres", "mysql"]
    for (backend, operation, variant), raw in sorted(times.items(), key=lambda kv: (backends.index(kv[0][0]), kv[0][1])):
        orm = times.get((backend, operation, "testudo_orm"))
        if not variant.startswith("raw_") or not orm:
            continue
        cells = []
        for i in (0, 1):  # wall, CPU
            pairs = [o[i] / r[i] for r, o in zip(raw, orm)]
            cells += [f"{statistics.median(o[i] for o in orm) / statistics.median(r[i] for r in raw):.2f}",
                      f"{min(pairs):.2f}–{max(pairs):.2f}"]
        print(f"| {backend} | {operation} | {show(raw)} | {show(orm)} | " + " | ".join(cells) + " |")


def show(reps):
    """The median wall time, readable."""
    ns = statistics.median(r[0] for r in reps)
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/dev/stdin")
