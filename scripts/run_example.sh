#!/usr/bin/env bash
# Sets up, builds sluice and runs the main example pipeline (rate source -> console)
# for 20 seconds, or until Ctrl-C. Pass another pipeline file to run that instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build --target sluice
pipeline=${1:-examples/pipelines/rate_console.sql}
exec ./build/tools/sluice/sluice run "$pipeline" --timeout "${SLUICE_RUN_SECONDS:-20}"
