#!/usr/bin/env python3
"""The testudo CLI at scale: migrate, history, heads and --version on generated SQLite projects.

    bench/cli/run.py [--models 50,500,2000] [--rounds 15] [--bin LABEL=PATH ...]

For each model count a project is built in a temp folder with the first binary (gen_models.py's
models; init, init-db, then two migrations of 1% of the models each, upgraded, so the version
table and the folder hold three migrations). Then every round runs each command once with each
binary, in turn (the binaries' order alternates), so that a slower or busier moment of the
machine hits all of them alike; one round is a warm-up and not counted. Each run is one process
timed from spawn to exit (wall) with its CPU time (user + system) and peak RSS from wait4().

Printed per command and binary: the median wall time, its min-max, the median CPU time and peak
RSS; with two binaries, the median of the per-round ratios second/first.
"""
import argparse
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
DEFAULT_BIN = HERE.parents[1] / "build/release/apps/testudo/testudo"
CHANGES = ["1:step1", "1:step2"]  # the two migrations after init, each on top of the one before
CHANGED = CHANGES + ["5:bench"]   # the models of "migrate, 5% changed"


def generate(path, count, changes):
    with open(path, "w") as out:
        subprocess.run([sys.executable, HERE / "gen_models.py", str(count)] + [f"--change={c}" for c in changes],
                       stdout=out, check=True)


def setup(binary, count, work):
    """The project folder of `count` models, and the two models files to migrate to."""
    project = work / f"p{count}"
    project.mkdir()
    files = {}
    for name, changes in [("m0", []), ("m1", CHANGES[:1]), ("m2", CHANGES), ("changed", CHANGED)]:
        files[name] = work / f"{name}_{count}.json"
        generate(files[name], count, changes)
    steps = [["init", "-t", files["m0"], "--db-url", "sqlite://db.sqlite3"], ["init-db"],
             ["--models", files["m1"], "migrate", "--name", "step1"], ["upgrade"],
             ["--models", files["m2"], "migrate", "--name", "step2"], ["upgrade"]]
    for step in steps:
        done = subprocess.run([binary] + [str(a) for a in step], cwd=project, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"setup step {step} failed:\n{done.stdout}{done.stderr}")
    return project, files


def spawn(argv, cwd, output):
    """Wall seconds, CPU seconds, peak RSS in MB and exit status of one run of argv."""
    fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    actions = [(os.POSIX_SPAWN_DUP2, fd, 1), (os.POSIX_SPAWN_DUP2, fd, 2), (os.POSIX_SPAWN_CLOSE, fd)]
    old = os.getcwd()
    os.chdir(cwd)
    try:
        start = time.perf_counter()
        pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - start
    finally:
        os.chdir(old)
        os.close(fd)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def commands(project, files):
    """(label, arguments, expected in the output, cleanup after each run)."""
    def drop_bench_files():
        for f in (project / "migrations/models").glob("*_bench.sql"):
            f.unlink()
    return [
        ("migrate, no change", ["--models", files["m2"], "migrate", "--name", "bench"], "No changes detected", None),
        ("migrate, 5% changed", ["--models", files["changed"], "migrate", "--name", "bench"], "Success creating",
         drop_bench_files),
        ("history", ["history"], "step2", None),
        ("heads", ["heads"], "No available heads", None),
        ("--version", ["--version"], "testudo ", None),
    ]


def measure(binaries, project, files, rounds, work):
    results = {}  # (command, label) -> list of (wall, cpu, rss)
    log = work / "output"
    for r in range(rounds + 1):
        order = binaries if r % 2 == 0 else binaries[::-1]
        for name, args, expected, cleanup in commands(project, files):
            for label, binary in order:
                wall, cpu, rss, code = spawn([str(binary)] + [str(a) for a in args], project, log)
                text = log.read_text(errors="replace")
                if code != 0 or expected not in text:
                    sys.exit(f"{label}: `{' '.join(map(str, args))}` exited {code} without '{expected}':\n{text}")
                if cleanup:
                    cleanup()
                if r > 0:
                    results.setdefault((name, label), []).append((wall, cpu, rss))
    return results


def report(count, binaries, results):
    labels = [label for label, _ in binaries]
    print(f"\n{count} models (medians of {len(next(iter(results.values())))} interleaved rounds)")
    head = "| command | " + " | ".join(f"{l} wall ms (min-max) | {l} CPU ms | {l} RSS MB" for l in labels)
    if len(labels) == 2:
        head += f" | {labels[1]} / {labels[0]}"
    print(head + " |")
    print("|" + " --- |" * (head.count("|")))
    names = list(dict.fromkeys(name for name, _ in results))
    for name in names:
        cells = []
        for label in labels:
            runs = results[(name, label)]
            walls = [w * 1000 for w, _, _ in runs]
            cells.append(f"{statistics.median(walls):.1f} ({min(walls):.1f}-{max(walls):.1f})")
            cells.append(f"{statistics.median(c * 1000 for _, c, _ in runs):.1f}")
            cells.append(f"{statistics.median(m for _, _, m in runs):.1f}")
        if len(labels) == 2:
            a, b = results[(name, labels[0])], results[(name, labels[1])]
            cells.append(f"{statistics.median(y[0] / x[0] for x, y in zip(a, b)):.3f}")
        print(f"| {name} | " + " | ".join(cells) + " |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", default="50,500,2000", help="model counts, comma-separated")
    parser.add_argument("--rounds", type=int, default=15, help="counted rounds (after one warm-up round)")
    parser.add_argument("--bin", action="append", default=[], metavar="LABEL=PATH",
                        help=f"a testudo binary (repeatable; default: {DEFAULT_BIN})")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder and print its path")
    args = parser.parse_args()
    binaries = [(b.partition("=")[0], pathlib.Path(b.partition("=")[2]).resolve()) for b in args.bin]
    binaries = binaries or [("testudo", DEFAULT_BIN)]
    work = pathlib.Path(tempfile.mkdtemp(prefix="testudo-cli-bench-"))
    try:
        for count in (int(c) for c in args.models.split(",")):
            project, files = setup(binaries[0][1], count, work)
            report(count, binaries, measure(binaries, project, files, args.rounds, work))
    finally:
        if args.keep:
            print(f"\nkept {work}")
        else:
            shutil.rmtree(work)


if __name__ == "__main__":
    main()
