#!/usr/bin/env bash
# Makes every application icon from opsdeck.svg: png/opsdeck-SIZE.png (Linux; jpackage uses the 256 one),
# opsdeck.ico (Windows: 16–256 px) and opsdeck.icns (macOS: 16–1024 px). The results are committed, so a
# build needs none of these tools; run this after changing the SVG.
# Needs (Debian): librsvg2-bin (rsvg-convert), imagemagick (convert), icnsutils (png2icns).
#   apt-get install librsvg2-bin imagemagick icnsutils && bash icons/make-icons.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
for tool in rsvg-convert convert png2icns; do
  command -v "$tool" >/dev/null || { echo "make-icons: $tool is missing (apt-get install librsvg2-bin imagemagick icnsutils)" >&2; exit 1; }
done

mkdir -p png
for size in 16 24 32 48 64 128 256 512 1024; do
  rsvg-convert --width "$size" --height "$size" --keep-aspect-ratio opsdeck.svg --output "png/opsdeck-$size.png"
done

# Windows: one .ico with the sizes Explorer and the taskbar ask for (256 is stored as PNG)
convert png/opsdeck-{16,24,32,48,64,128,256}.png -define png:exclude-chunks=date,time opsdeck.ico

# macOS: png2icns takes 16, 32, 48, 128, 256, 512 and 1024 and picks the icns type per size
png2icns opsdeck.icns png/opsdeck-{16,32,48,128,256,512,1024}.png >/dev/null

ls -l png opsdeck.ico opsdeck.icns
