#!/usr/bin/env bash
# The C++ activity example against the INSTALLED library: builds sluice, installs it into
# <build>/cpp-example/prefix, builds examples/cpp (find_package(sluice)) against that
# prefix, starts activity_generator and runs activity_example for SECONDS seconds
# (default 20), then stops the generator.
#   bash examples/cpp/run.sh [SECONDS]
# SLUICE_BUILD_DIR picks the build folder of sluice (default: build).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-${SLUICE_RUN_SECONDS:-20}}
build=${SLUICE_BUILD_DIR:-build}
work=$(pwd)/$build/cpp-example
input=/tmp/sluice/activity/input

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
# What `cmake --install` installs: the layer libraries (through sluice_api) and the tool.
cmake --build "$build" --target sluice_api sluice activity_generator
cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -S examples/cpp -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/build"

rm -rf "$input"
mkdir -p "$input"
"$build/examples/activity_generator" "$input" --interval-seconds 2 2>/tmp/sluice/activity/generator.log &
generator=$!
trap 'kill "$generator" 2>/dev/null || true; wait "$generator" 2>/dev/null || true' EXIT
echo "activity_generator (pid $generator) writes into $input; running activity_example for ${seconds}s" >&2

"$work/build/activity_example" "$input" "$seconds"
