#!/bin/sh
# Creates the AppCDS archive lib/app/spoon-workbench.jsa of an installed Spoon Workbench, from the class list
# recorded at build time (lib/app/spoon-workbench.classlist). The launcher passes
# -XX:SharedArchiveFile=$APPDIR/spoon-workbench.jsa; on JDK 17 an archive only matches the exact class path it
# was made for, so it is made where the app lives: by packaging/build-dist.sh for target/dist, by the .deb's
# postinst for /opt/spoon-workbench. Loads classes, runs no application code, needs no display.
# If the dump fails, the runtime's default JDK archive is copied instead, so start-up still uses CDS.
# Usage: cds-archive.sh [APP_ROOT]   (APP_ROOT defaults to the install this script sits in)
set -e
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
app="$root/lib/app"
java="$root/lib/runtime/bin/java"
jsa="$app/spoon-workbench.jsa"
cfg=$(ls "$app"/*.cfg | head -n 1)
# The class path exactly as the launcher builds it from the .cfg (order matters to CDS).
cp=$(sed -n 's/^app\.classpath=//p' "$cfg" | sed "s|\$APPDIR|$app|g" | paste -sd: -)
rm -f "$jsa" "$jsa.tmp"
# G1 at dump time also archives heap objects (module graph), which later runs map whatever their GC.
if "$java" -Xshare:dump -XX:+UseG1GC -XX:SharedClassListFile="$app/spoon-workbench.classlist" \
        -XX:SharedArchiveFile="$jsa.tmp" -cp "$cp" >"${CDS_LOG:-/dev/null}" 2>&1; then
    mv "$jsa.tmp" "$jsa"
else
    rm -f "$jsa.tmp"
    cp "$root/lib/runtime/lib/server/classes.jsa" "$jsa"
    echo "cds-archive.sh: dump failed, using the JDK's default archive" >&2
fi
chmod 644 "$jsa"
