#!/usr/bin/env bash
# Sets up, builds sluice and runs the main example on its own (no external service):
# a generator writes user-activity JSON Lines files every 2 s, and
# examples/pipelines/activity.sql reads them with two queries (derived columns + filter in
# append mode; counts and distinct users per activity type in complete mode), printing
# each batch to the console, for 20 seconds (SLUICE_RUN_SECONDS changes it).
#   bash scripts/run_example.sh                 # the activity example
#   bash scripts/run_example.sh PIPELINE.sql    # another pipeline file, e.g. examples/pipelines/rate_console.sql
# More examples: docs/examples.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
seconds=${SLUICE_RUN_SECONDS:-20}
if [ $# -eq 0 ]; then
  exec bash examples/activity/run.sh "$seconds"
fi
build=${SLUICE_BUILD_DIR:-build}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target sluice
exec "./$build/tools/sluice/sluice" run "$1" --timeout "$seconds"
