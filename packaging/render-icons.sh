#!/usr/bin/env bash
# Renders assets/spoon-workbench.svg into every icon file the app and the installers use. Run it after
# editing the SVG and commit the results (the build does not need these tools).
#   PNG 16..512  rsvg-convert   (Debian: librsvg2-bin)
#   .ico         icotool        (Debian: icoutils)     for the Windows installers
#   .icns        png2icns       (Debian: icnsutils)    for the macOS installers
set -euo pipefail
cd "$(dirname "$0")/../assets"
mkdir -p png
for s in 16 32 48 64 128 256 512; do
  rsvg-convert -w "$s" -h "$s" spoon-workbench.svg -o "png/spoon-workbench-$s.png"
done
icotool -c -o spoon-workbench.ico png/spoon-workbench-{16,32,48,64,128}.png -r png/spoon-workbench-256.png
png2icns spoon-workbench.icns png/spoon-workbench-{16,32,48,128,256,512}.png >/dev/null
ls -l png spoon-workbench.ico spoon-workbench.icns
