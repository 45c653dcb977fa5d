#!/usr/bin/env bash
# Builds and runs tests/package/consumer against testudo, the way a user's project would.
#   run.sh find_package BUILD_DIR WORK_DIR [CXX_FLAGS]   (installs BUILD_DIR into WORK_DIR/prefix first)
#   run.sh subdirectory SOURCE_DIR WORK_DIR [CXX_FLAGS]
set -euo pipefail
mode=$1 from=$2 work=$3 flags=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work"
args=(-S "$here/consumer" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS=$flags")
case $mode in
  find_package)
    cmake --install "$from" --prefix "$work/prefix" >/dev/null
    args+=("-DCMAKE_PREFIX_PATH=$work/prefix") ;;
  subdirectory)
    args+=("-DTESTUDO_SOURCE_DIR=$from") ;;
  *) echo "run.sh: unknown mode '$mode' (find_package or subdirectory)" >&2; exit 2 ;;
esac
cmake "${args[@]}" >/dev/null
cmake --build "$work/build" >/dev/null
"$work/build/consumer"
