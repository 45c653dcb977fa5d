#!/usr/bin/env bash
# Builds and runs tests/package/consumer against testudo, the way a user's project would.
#   run.sh find_package BUILD_DIR WORK_DIR [CXX_FLAGS]   (installs BUILD_DIR into WORK_DIR/prefix first)
#   run.sh pkg_config BUILD_DIR WORK_DIR [CXX_FLAGS]     (the same install; compiled with `pkg-config --cflags --libs`)
#   run.sh subdirectory SOURCE_DIR WORK_DIR [CXX_FLAGS]
#   run.sh deb BUILD_DIR WORK_DIR [CXX_FLAGS]            (cpack -G DEB, its files checked, then find_package
#                                                         and pkg-config from the unpacked tree)
#   run.sh inspectdb BUILD_DIR WORK_DIR [CXX_FLAGS]      (the same install; `inspectdb` of SQLite schemas
#                                                         builds into models that describe what it read)
set -euo pipefail
mode=$1 from=$2 work=$3 flags=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work"
args=(-S "$here/consumer" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS=$flags")
after=()
# The installed CLI loads the consumer's models library (built by testudo_add_models).
check_models_library() {
  local cli=$1 schema
  schema=$("$cli" --models "$work/build/libconsumer_models.so" schema --dialect sqlite)
  [[ $schema == *'CREATE TABLE "tags"'* ]] || { echo "run.sh: $cli did not load the models library: $schema" >&2; exit 1; }
}

# The .deb of BUILD_DIR holds every part, and its tree serves find_package and pkg-config.
check_deb() {
  (cd "$work" && cpack -G DEB --config "$from/CPackConfig.cmake" -B "$work/deb" >/dev/null)
  local deb
  deb=$(find "$work/deb" -maxdepth 1 -name 'testudo_*.deb')
  [[ -n $deb ]] || { echo "run.sh: cpack made no testudo_*.deb in $work/deb" >&2; exit 1; }
  dpkg-deb -x "$deb" "$work/root"
  for f in usr/bin/testudo usr/include/testudo/orm.hpp usr/share/man/man1/testudo.1 \
           usr/share/bash-completion/completions/testudo usr/share/zsh/vendor-completions/_testudo \
           usr/share/fish/vendor_completions.d/testudo.fish; do
    [[ -e $work/root/$f ]] || { echo "run.sh: $deb lacks /$f" >&2; exit 1; }
  done
  for f in libtestudo.a cmake/testudo/testudoConfig.cmake cmake/testudo/testudoModels.cmake pkgconfig/testudo.pc; do
    [[ -n $(find "$work/root/usr/lib" -path "*/$f") ]] || { echo "run.sh: $deb lacks lib/.../$f" >&2; exit 1; }
  done
  local depends
  depends=$(dpkg-deb -f "$deb" Depends)
  [[ $depends == *libpqxx* && $depends == *libc6* ]] || { echo "run.sh: $deb Depends lacks libc6/libpqxx: $depends" >&2; exit 1; }
  PKG_CONFIG_PATH=$(dirname "$(find "$work/root" -name testudo.pc)") \
    pkg-config --cflags --libs testudo >/dev/null
}

# For each models source: init-db on SQLite, then inspectdb's C++ built with testudo_add_models must
# describe exactly what `inspectdb --format json` says, and its Tortoise module must compile.
check_inspectdb() {
  local cli=$1 source case dir url
  for source in "$from/apps/shop/libshop_models.so" "$here/../../migrations_fixtures/tortoise/field_types/describe.json"; do
    case=$(basename "$(dirname "$source")")
    dir=$work/inspect/$case url=sqlite:///$work/inspect/$case/db.sqlite3
    mkdir -p "$dir/src"
    "$cli" --models "$source" --db-url "$url" --location "$dir/migrations" init-db >/dev/null
    "$cli" --db-url "$url" inspectdb --format cpp >"$dir/src/models.hpp"
    "$cli" --db-url "$url" inspectdb --format json >"$dir/inspected.json"
    "$cli" --db-url "$url" inspectdb --format tortoise >"$dir/models.py"
    printf '#include "models.hpp"\n' >"$dir/src/models.cpp"
    printf 'cmake_minimum_required(VERSION 3.25)\nproject(inspected LANGUAGES CXX)\nfind_package(testudo REQUIRED)\n%s\n' \
      'testudo_add_models(inspected_models SOURCES src/models.cpp)' >"$dir/CMakeLists.txt"
    cmake -S "$dir" -B "$dir/build" -G Ninja "-DCMAKE_CXX_FLAGS=$flags" "-DCMAKE_PREFIX_PATH=$work/prefix" >/dev/null
    cmake --build "$dir/build" >/dev/null
    "$cli" --models "$dir/build/libinspected_models.so" schema --describe >"$dir/built.json"
    diff -u "$dir/inspected.json" "$dir/built.json" >&2 ||
      { echo "run.sh: $case: the models inspectdb wrote describe otherwise than it read" >&2; exit 1; }
    python3 -m py_compile "$dir/models.py" ||
      { echo "run.sh: $case: inspectdb's Tortoise module does not compile (python3-minimal: .ci/deps servers)" >&2; exit 1; }
  done
  echo "consumer OK: inspectdb"
}

case $mode in
  find_package)
    cmake --install "$from" --prefix "$work/prefix" >/dev/null
    args+=("-DCMAKE_PREFIX_PATH=$work/prefix")
    after=(check_models_library "$work/prefix/bin/testudo") ;;
  inspectdb)
    cmake --install "$from" --prefix "$work/prefix" >/dev/null
    check_inspectdb "$work/prefix/bin/testudo"
    exit 0 ;;
  deb)
    check_deb
    args+=("-DCMAKE_PREFIX_PATH=$work/root/usr")
    after=(check_models_library "$work/root/usr/bin/testudo") ;;
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
  *) echo "run.sh: unknown mode '$mode' (find_package, pkg_config, subdirectory, deb or inspectdb)" >&2; exit 2 ;;
esac
cmake "${args[@]}" >/dev/null
cmake --build "$work/build" >/dev/null
if ((${#after[@]})); then "${after[@]}"; fi
"$work/build/consumer"
