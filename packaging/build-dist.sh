#!/usr/bin/env bash
# Builds the Spoon Workbench installers into target/dist from target/spoon-workbench.jar + target/lib
# (run `mvn package` first; normally started by Maven: `mvn -B -Pdist package`, or by `mvn verify` for
# the app-image smoke test). Linux only; macOS/Windows commands are in jpackage/README.md.
#
#   build-dist.sh --version V [--deb] [--smoke] [--training-cp CLASSPATH]
#
#   --version V         package version (the pom's)
#   --deb               also build the .deb (needs fakeroot and dpkg-deb)
#   --smoke             run the built launcher: --version, a simulator chat, a CDS check, and verify
#                       nothing was written into the app image; exits non-zero on any failure
#   --training-cp CP    test class path (with Monocle): record the classes the window needs, headless,
#                       for the AppCDS archive; without it only the CLI's classes are recorded
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
version=""; deb=false; smoke=false; training_cp=""
while [ $# -gt 0 ]; do
  case "$1" in
    --version) version=$2; shift 2 ;;
    --deb) deb=true; shift ;;
    --smoke) smoke=true; shift ;;
    --training-cp) training_cp=$2; shift 2 ;;
    *) echo "build-dist.sh: unknown argument '$1' (see the header of $0)" >&2; exit 64 ;;
  esac
done
[ -n "$version" ] || { echo "build-dist.sh: --version is required" >&2; exit 64; }

target=$root/target
work=$target/dist-work
dist=$target/dist
jar=$target/spoon-workbench.jar
app=spoon-workbench
image=$dist/$app
jdk_bin=${JAVA_HOME:+$JAVA_HOME/bin/}

started=$SECONDS
step() { printf '[dist] %4ss %s\n' "$((SECONDS - started))" "$*"; }
die() { printf '[dist] FAILED: %s\n' "$*" >&2; exit 1; }
# extract JAR into DIR: unzip when installed (fast), else the JDK's jar tool (one JVM start per jar)
extract() {
  mkdir -p "$2"
  if command -v unzip >/dev/null; then unzip -qo "$1" -d "$2"; else (cd "$2" && "${jdk_bin}jar" xf "$1"); fi
}

[ -f "$jar" ] && [ -d "$target/lib" ] || die "$jar or target/lib missing: run 'mvn package' first"
for tool in jlink jpackage jdeps jar java; do
  command -v "${jdk_bin}$tool" >/dev/null || die "${jdk_bin}$tool not found: a full JDK 17+ is needed"
done
rm -rf "$work" && mkdir -p "$work" "$dist"

# 1. Modules: what jdeps finds must be in jlink-modules.txt (reflection-only extras are listed there).
step "checking runtime modules with jdeps"
modules=$(grep -v '^\s*#' packaging/jlink-modules.txt | grep -v '^\s*$' | paste -sd, -)
# jdeps over a folder of unpacked jars, module-info dropped so everything is analysed as class path code
# (as the launcher runs it); prints the comma-separated modules needed
module_deps() {
  local dir=$1; shift
  rm -rf "$dir"; mkdir -p "$dir"
  for j in "$@"; do extract "$j" "$dir/$(basename "$j" .jar)"; done
  find "$dir" -name module-info.class -delete
  "${jdk_bin}jdeps" -q --multi-release 17 --ignore-missing-deps --print-module-deps "$dir"/* | tail -n 1
  rm -rf "$dir"
}
# the libraries' result is cached in target/dist-cache, keyed by their names and sizes
cache=$target/dist-cache; mkdir -p "$cache"
lib_key=$(ls -l --time-style=+%s "$target"/lib/*.jar | awk '{print $5, $7}' | cksum | cut -d' ' -f1)
if [ -f "$cache/lib-modules.$lib_key" ]; then
  lib_needed=$(cat "$cache/lib-modules.$lib_key")
else
  lib_needed=$(module_deps "$work/jdeps" "$target"/lib/*.jar)
  rm -f "$cache"/lib-modules.*; echo "$lib_needed" >"$cache/lib-modules.$lib_key"
fi
needed="$lib_needed,$(module_deps "$work/jdeps" "$jar")"
missing=""
for m in ${needed//,/ }; do
  case ",$modules," in *",$m,"*) ;; *) missing="$missing $m" ;; esac
done
[ -z "$missing" ] || die "the code needs module(s)$missing: add them to packaging/jlink-modules.txt"

# 2. Class list for AppCDS: CLI runs, plus the window headless under Monocle when the test class path is given.
step "recording classes for the AppCDS archive"
home="$work/training-home"
mkdir -p "$home"
run_env=(env -i "PATH=$PATH" "HOME=$home" "XDG_CONFIG_HOME=$home/config" "XDG_DATA_HOME=$home/data"
         "XDG_CACHE_HOME=$home/cache" "LANG=C.UTF-8")
lists=()
n=0
for args in "providers --json" "chat -p sim --message hi --json" "chat -p sim --message hi --stream --json"; do
  n=$((n + 1))
  # shellcheck disable=SC2086  # args is a list of words on purpose
  "${run_env[@]}" "${jdk_bin}java" -XX:DumpLoadedClassList="$work/cli-$n.classlist" -cp "$jar" \
      dev.spoon.Launcher $args >/dev/null || die "training run 'spoon-workbench $args' failed"
  lists+=("$work/cli-$n.classlist")
done
if [ -n "$training_cp" ]; then
  if "${run_env[@]}" "${jdk_bin}java" -XX:DumpLoadedClassList="$work/gui.classlist" -cp "$jar:$training_cp" \
      -Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw -Dprism.text=t2k \
      -Djava.awt.headless=true -Djavafx.cachedir="$home/openjfx" -Dspoon.home="$home/spoon" \
      dev.spoon.bench.StartupTraining 60 >"$work/gui-training.log" 2>&1; then
    lists+=("$work/gui.classlist")
  else
    step "warning: headless window training failed (see $work/gui-training.log); archive holds CLI classes only"
  fi
fi
# On a real desktop GTK glass and the OpenGL pipeline replace Monocle and the software renderer: list them too.
gtk=$("${jdk_bin}jar" tf "$target"/lib/javafx-graphics-*-linux.jar \
      | sed -n 's#^\(com/sun/glass/ui/gtk/.*\|com/sun/prism/es2/.*\)\.class$#\1#p')
{ cat "${lists[@]}"; printf '%s\n' "$gtk"; } | grep -v -e '^#' -e 'monocle' -e 'testfx' -e 'junit' -e 'dev/spoon/bench' \
  | awk '!seen[$0]++' >"$work/$app.classlist"

# 3. Input folder: our jar and its lib/ (manifest Class-Path) without JavaFX, which goes into the runtime (step 4).
step "preparing the application folder"
input=$work/input
mkdir -p "$input/lib"
cp "$jar" "$input/"
find "$target"/lib -maxdepth 1 -name '*.jar' ! -name 'javafx-*' -exec cp {} "$input/lib/" \;
cp "$work/$app.classlist" packaging/cds-archive.sh "$input/"

# 4. Runtime: only the modules above, plus JavaFX as modules of the runtime itself (JavaFX supports only named
#    modules: from the class path it warns "Unsupported JavaFX configuration" at every start), with JavaFX's native
#    libraries in the runtime's lib/ where JavaFX looks for them (cached in target/dist-cache per module list, JavaFX
#    jars and JDK build).
fxmods=$work/javafx
mkdir -p "$fxmods"
cp "$target"/lib/javafx-*-linux.jar "$fxmods/"
modules="$modules,javafx.controls,javafx.swing"
locales='en,de,fr,es,it,pt,nl,pl,ru,uk,tr,ja,zh,ko,hi,ar,he,sv,da,nb,fi,cs'
runtime_key=$(printf '%s\n' "$modules" "$locales" "$("${jdk_bin}java" -version 2>&1)" "$(ls "$fxmods")" \
  | cksum | cut -d' ' -f1)
runtime=$cache/runtime-$runtime_key
if [ -d "$runtime" ]; then
  step "jlink: cached runtime $runtime"
else
  step "jlink: $modules"
  rm -rf "$cache"/runtime-*
  "${jdk_bin}jlink" --module-path "$fxmods" --add-modules "$modules" --include-locales="$locales" \
    --strip-debug --no-man-pages --no-header-files --generate-cds-archive \
    --output "$runtime.tmp" >/dev/null
  rm -f "$runtime.tmp/lib/server/classes_nocoops.jsa"   # only used with heaps over 32 GB
  for j in "$fxmods"/*.jar; do
    extract "$j" "$work/natives"
  done
  find "$work/natives" -maxdepth 1 -name '*.so' -exec mv {} "$runtime.tmp/lib/" \;
  rm -rf "$work/natives"
  mv "$runtime.tmp" "$runtime"
fi

# 5. App image.
step "jpackage: app image $image"
rm -rf "$image"
"${jdk_bin}jpackage" --type app-image @jpackage/metadata.options @jpackage/launcher.options \
  @jpackage/linux/app-image.options --app-version "$version" \
  --input "$input" --runtime-image "$runtime" --dest "$dist"
launcher=$image/bin/$app
[ -x "$launcher" ] || die "no launcher at $launcher"
# jpackage's native Linux launcher looks itself up in the rpm and dpkg databases on every start (0.25 s here);
# packaging/linux/launcher.sh starts the same JVM from the same .cfg without that. Nothing else uses the
# native launcher's library.
cp packaging/linux/launcher.sh "$launcher"
chmod 755 "$launcher"
rm -f "$image/lib/libapplauncher.so"
# the script execs the runtime's java through this link, so the process is named spoon-workbench, not java
ln -s runtime/bin/java "$image/lib/$app"

# 6. AppCDS archive for this location.
step "AppCDS archive"
CDS_LOG="$work/cds-dump.log" "$image/lib/app/cds-archive.sh" "$image"

# 7. Smoke test: the launcher runs the CLI, the archive maps, nothing is written into the image.
if $smoke; then
  step "smoke test"
  smoke_home="$work/smoke-home"; mkdir -p "$smoke_home"
  smoke_env=(env -i "PATH=$PATH" "HOME=$smoke_home" "LANG=C.UTF-8")
  marker="$work/smoke.marker"; touch "$marker"; sleep 1
  out=$("${smoke_env[@]}" "$launcher" --version) || die "'$app --version' exited with $?"
  [[ "$out" == *"$version"* ]] || die "'$app --version' printed '$out', expected $version"
  out=$("${smoke_env[@]}" "$launcher" chat --message hi --json) || die "'$app chat --message hi --json' exited with $?"
  [[ "$out" == *'"provider":"sim"'* && "$out" == *'"finish_reason":"stop"'* ]] \
    || die "simulator chat printed unexpected JSON: $out"
  "$image/lib/runtime/bin/java" --list-modules | grep -q '^javafx.graphics@' \
    || die "JavaFX is not a module of the bundled runtime"
  # -Xshare:on makes the JVM fail when the archive cannot be mapped (by default it silently runs without)
  if [[ "$image" == *" "* ]]; then
    step "warning: '$image' contains a space, where JDK 17 cannot use an AppCDS archive: not checked"
  else
    "${smoke_env[@]}" JAVA_TOOL_OPTIONS=-Xshare:on "$launcher" --version >/dev/null 2>"$work/smoke-cds.log" \
      || die "the AppCDS archive does not map (see $work/smoke-cds.log)"
  fi
  changed=$(find "$image" -newer "$marker" | head -n 5)
  [ -z "$changed" ] || die "running the app wrote into its install folder: $changed"
  step "smoke test passed: $out"
fi

# 8. Debian package from the app image (the archive is made again by postinst for /opt).
if $deb; then
  command -v fakeroot >/dev/null || die "fakeroot is needed for the .deb (apt-get install fakeroot)"
  step "jpackage: .deb"
  staged=$work/deb-image/$app
  mkdir -p "$work/deb-image"
  cp -a "$image" "$staged"
  rm -f "$staged/lib/app/spoon-workbench.jsa" "$staged/lib/$app"   # postinst makes both (the link too)
  rm -f "$dist"/"$app"_*.deb
  "${jdk_bin}jpackage" @jpackage/metadata.options @jpackage/linux/deb.options --app-version "$version" \
    --app-image "$staged" --dest "$dist"
fi

step "done:"
if $deb; then du -sh "$image" "$dist"/"$app"_*.deb; else du -sh "$image"; fi | sed 's/^/[dist]   /'
