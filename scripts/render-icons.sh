#!/usr/bin/env bash
# Renders resources/icon.svg to the app icons electron-builder and the window use.
# Needs Debian's librsvg2-bin, imagemagick and icnsutils (apt-get install -y librsvg2-bin imagemagick icnsutils).
set -euo pipefail
cd "$(dirname "$0")/../resources"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for size in 16 32 48 128 256 512 1024; do rsvg-convert -w "$size" -h "$size" icon.svg -o "$tmp/$size.png"; done
cp "$tmp/512.png" icon.png
cp "$tmp/256.png" icon-256.png
convert "$tmp/16.png" "$tmp/32.png" "$tmp/48.png" "$tmp/256.png" icon.ico
png2icns icon.icns "$tmp/16.png" "$tmp/32.png" "$tmp/48.png" "$tmp/128.png" "$tmp/256.png" "$tmp/512.png" "$tmp/1024.png" >/dev/null
