#!/usr/bin/env bash
# Spoon Workbench launcher for Linux (replaces jpackage's native bin/spoon-workbench; see packaging/README.md).
# It starts the bundled runtime exactly as the native launcher would, from lib/app/spoon-workbench.cfg (the
# JVM options and class path jpackage wrote), but without the package lookup the native launcher does on every
# start: it runs `rpm -qf` and `dpkg -S` on itself, twice, to find the package it came from, and `dpkg -S`
# searches the whole package database (0.25 s per start on a small Debian; more on a full desktop).
set -e
self=$(readlink -f "${BASH_SOURCE[0]}")
root=$(cd "$(dirname "$self")/.." && pwd)
app=$root/lib/app
cfg=$app/spoon-workbench.cfg
[ -r "$cfg" ] || { echo "spoon-workbench: $cfg is missing; reinstall Spoon Workbench" >&2; exit 1; }
opts=()
classpath=""
main=""
while IFS= read -r line || [ -n "$line" ]; do
  line=${line//\$APPDIR/$app}
  case $line in
    app.classpath=*) classpath=${classpath:+$classpath:}${line#app.classpath=} ;;
    app.mainclass=*) main=${line#app.mainclass=} ;;
    java-options=*) opts+=("${line#java-options=}") ;;
  esac
done <"$cfg"
[ -n "$main" ] || { echo "spoon-workbench: no app.mainclass in $cfg; reinstall Spoon Workbench" >&2; exit 1; }
# A command-line run (any argument but --gui) lives for seconds: C1-compiled code only, no C2. C2's compilations
# cost more than they save in such a process (chat --stream --json of 100,000 chunks: 2.7-3.2 s instead of
# 8.0-8.7 s, CliStreamBench, same load). The window and `spoon serve` run for long and keep the full JIT.
case ${1-} in
  ""|--gui|serve) ;;
  *) opts+=("-XX:TieredStopAtLevel=1") ;;
esac
# as the native launcher: the app folder on the library path, the launcher's path as jpackage.app-path
export LD_LIBRARY_PATH="$app${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
# lib/spoon-workbench links to the runtime's java: started through it, the process is named spoon-workbench
# (made by the build for the app image, by postinst for the .deb; without it the process is just "java")
java=$root/lib/spoon-workbench
[ -L "$java" ] || java=$root/lib/runtime/bin/java
exec -a "$self" "$java" "${opts[@]}" "-Djpackage.app-path=$self" -cp "$classpath" "$main" "$@"
