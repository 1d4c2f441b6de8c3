#!/usr/bin/env bash
# The socket word-count example: builds sluice and line_server, starts the line server on
# 127.0.0.1:9999 (a line of words every 0.5 s, like `nc -lk 9999` with someone typing),
# runs examples/pipelines/socket_wordcount.sql for SECONDS seconds (default 20), then stops
# the server.
#   bash examples/socket/run.sh [SECONDS]
# SLUICE_BUILD_DIR picks the build folder (default: build).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-${SLUICE_RUN_SECONDS:-20}}
build=${SLUICE_BUILD_DIR:-build}

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target sluice line_server

"$build/examples/line_server" --port 9999 --interval-ms 500 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
# Wait until the server listens (or has failed, e.g. the port is taken).
for _ in $(seq 50); do
  kill -0 "$server" 2>/dev/null || { echo "line_server did not start (is port 9999 in use?)" >&2; exit 1; }
  (exec 3<>/dev/tcp/127.0.0.1/9999) 2>/dev/null && break
  sleep 0.1
done

"$build/tools/sluice/sluice" run examples/pipelines/socket_wordcount.sql --timeout "$seconds"
