#!/usr/bin/env bash
# Start-up benchmark for an installed or built app (never part of the test run). For each run: milliseconds
# from process start until the "Spoon Workbench" window is mapped on the X display, then the idle RSS after
# the window has been up for IDLE seconds. Needs an X display (e.g. `Xvfb :99 &` and DISPLAY=:99) and xdotool.
#   measure-startup.sh [LAUNCHER] [RUNS] [IDLE]
#   default LAUNCHER: target/dist/spoon-workbench/bin/spoon-workbench; RUNS 5; IDLE 10
# Each run uses a fresh throw-away HOME (first-start conditions: no preferences, no JavaFX cache).
set -euo pipefail
launcher=${1:-"$(dirname "$0")/../target/dist/spoon-workbench/bin/spoon-workbench"}
runs=${2:-5}
idle=${3:-10}
[ -n "${DISPLAY:-}" ] || { echo "measure-startup.sh: set DISPLAY (e.g. Xvfb :99 & export DISPLAY=:99)" >&2; exit 64; }
command -v xdotool >/dev/null || { echo "measure-startup.sh: needs xdotool (apt-get install xdotool)" >&2; exit 64; }
for i in $(seq "$runs"); do
  home=$(mktemp -d)
  start=$(date +%s%N)
  env -i "PATH=$PATH" "DISPLAY=$DISPLAY" "HOME=$home" "LANG=C.UTF-8" "$launcher" >"$home/out.log" 2>&1 &
  pid=$!
  until xdotool search --onlyvisible --name 'Spoon Workbench' >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo "run $i: the app exited before showing a window:"; cat "$home/out.log"; exit 1; }
    sleep 0.02
  done
  shown=$(( ($(date +%s%N) - start) / 1000000 ))
  sleep "$idle"
  rss=$(ps -o rss= -p "$pid" | tr -d ' ')
  echo "run $i: window after ${shown} ms, idle RSS $((rss / 1024)) MB"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$home"
done
