#!/usr/bin/env bash
# Sets up, builds and runs every test: unit tests and scenarios through CTest, first
# in a Release build, then in an AddressSanitizer + UndefinedBehaviorSanitizer build.
# The last line is CTest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
jobs=$(nproc)

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DSLUICE_BUILD_BENCH=OFF
cmake --build build -j "$jobs"
(cd build && ctest --output-on-failure -j "$jobs")

# No debug info (-g) keeps the sanitizer build fast; reports still name functions.
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=None -DSLUICE_SANITIZE=ON -DSLUICE_BUILD_BENCH=OFF
cmake --build build-asan -j "$jobs"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j "$jobs")
