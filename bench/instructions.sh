#!/usr/bin/env bash
# Instructions per iteration of each workload, counted by valgrind (callgrind): a measure that a
# busy machine does not disturb, for before/after comparisons where timings mean little.
#   bench/instructions.sh BENCH_BINARY [REGEX]    e.g. bench/instructions.sh build/release/bench/testudo_bench 'sqlite/.*/testudo_orm'
# Each workload runs twice, N1 and N2 iterations (TESTUDO_BENCH_ITERATIONS); the difference of the
# two totals divided by N2 - N1 leaves out the seeding and setup both runs share.
set -euo pipefail
bench=${1:?usage: bench/instructions.sh BENCH_BINARY [REGEX]}
regex=${2:-testudo_orm}
command -v valgrind >/dev/null || { echo "instructions.sh: valgrind is missing (apt-get install valgrind)" >&2; exit 1; }

count() {  # count NAME ITERATIONS -> instructions of the whole run
  TESTUDO_BENCH_ITERATIONS=$2 valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bench" \
    --benchmark_filter="^$1(/|$)" 2>&1 | sed -n 's/.*Collected : //p'
}

"$bench" --benchmark_list_tests=true --benchmark_filter="$regex" | while read -r name; do
  case $name in  # fewer iterations where one reads or writes thousands of rows
    */select_all/* | */stream/* | */values_list* | */decimal_* | */all_lines/* | */create_2k/* | */icontains_count/* | \
      */aggregate/* | */prefetch/* | */filter_scan/*) n1=3 n2=9 ;;
    *) n1=200 n2=2000 ;;
  esac
  a=$(count "$name" $n1) b=$(count "$name" $n2)
  printf '%-45s %12d instructions/iteration\n' "$name" $(((b - a) / (n2 - n1)))
done
