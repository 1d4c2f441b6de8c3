#!/usr/bin/env bash
# The user-activity example: builds sluice and activity_generator, starts the generator
# (a JSON Lines file of events every 2 s into /tmp/sluice/activity/input), runs
# examples/pipelines/activity.sql for SECONDS seconds (default 20), then stops the
# generator.
#   bash examples/activity/run.sh [SECONDS]
# SLUICE_BUILD_DIR picks the build folder (default: build).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-${SLUICE_RUN_SECONDS:-20}}
build=${SLUICE_BUILD_DIR:-build}
input=/tmp/sluice/activity/input

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target sluice activity_generator

# A fresh input folder each run (the queries keep no checkpoint, so they start over too).
rm -rf "$input"
mkdir -p "$input"
"$build/examples/activity_generator" "$input" --interval-seconds 2 2>/tmp/sluice/activity/generator.log &
generator=$!
trap 'kill "$generator" 2>/dev/null || true; wait "$generator" 2>/dev/null || true' EXIT
echo "activity_generator (pid $generator) writes into $input; running the pipeline for ${seconds}s" >&2

"$build/tools/sluice/sluice" run examples/pipelines/activity.sql --timeout "$seconds"
