#!/usr/bin/env bash
# Builds and runs tests/package/consumer against testudo, the way a user's project would.
#   run.sh find_package BUILD_DIR WORK_DIR [CXX_FLAGS]   (installs BUILD_DIR into WORK_DIR/prefix first)
#   run.sh pkg_config BUILD_DIR WORK_DIR [CXX_FLAGS]     (the same install; compiled with `pkg-config --cflags --libs`)
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
  pkg_config)
    cmake --install "$from" --prefix "$work/prefix" >/dev/null
    pc=$(find "$work/prefix" -name testudo.pc)
    export PKG_CONFIG_PATH=$(dirname "$pc")
    # The install was moved away from the prefix it was configured with: only a prefix computed
    # from the .pc file's own place finds the headers and the library.
    if ! [[ $(pkg-config --variable=prefix testudo) -ef $work/prefix ]]; then
      echo "run.sh: $pc names prefix '$(pkg-config --variable=prefix testudo)', not $work/prefix" >&2
      exit 1
    fi
    # shellcheck disable=SC2046,SC2086  # flags and pkg-config's output are lists of words
    ${CXX:-c++} $flags "$here/consumer/main.cpp" -o "$work/consumer" $(pkg-config --cflags --libs testudo)
    exec "$work/consumer" ;;
  subdirectory)
    args+=("-DTESTUDO_SOURCE_DIR=$from") ;;
  *) echo "run.sh: unknown mode '$mode' (find_package, pkg_config or subdirectory)" >&2; exit 2 ;;
esac
cmake "${args[@]}" >/dev/null
cmake --build "$work/build" >/dev/null
"$work/build/consumer"
