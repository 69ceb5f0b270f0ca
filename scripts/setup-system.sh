#!/usr/bin/env bash
# Installs the system packages Reprise's tests use (Chromium for end-to-end tests, ffmpeg for
# media, espeak-ng and sox to make speech for the fake microphone, flite and Festival with a voice
# for speech analysis material in other voices than espeak-ng's, openssl for the hub's TLS test,
# poppler-utils and qpdf to read back and check the certificate PDFs, and Ceph's monitor, OSD and
# radosgw for the hub's S3 tests: scripts/ceph-start.sh), from Debian's repositories.
# Does nothing when they are already there.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
command -v ffprobe >/dev/null 2>&1 || need+=(ffmpeg)
command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
command -v sox >/dev/null 2>&1 || need+=(sox)
command -v flite >/dev/null 2>&1 || need+=(flite)
command -v text2wave >/dev/null 2>&1 || need+=(festival)
[ -d /usr/share/festival/voices/english/kal_diphone ] || need+=(festvox-kallpc16k)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || need+=(qpdf)
[ -d /usr/share/fonts/truetype/dejavu ] || need+=(fonts-dejavu-core)
# Ceph's recommends pull in hundreds of MB the tests never use (mgr modules, python tools).
ceph=()
command -v radosgw >/dev/null 2>&1 || ceph=(ceph-mon ceph-osd radosgw ceph-common uuid-runtime)

if [ ${#need[@]} -eq 0 ] && [ ${#ceph[@]} -eq 0 ]; then
  echo "System packages present: chromium, ffmpeg, espeak-ng, sox, flite, festival, openssl, poppler-utils, qpdf, ceph."
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "Missing: ${need[*]} ${ceph[*]}. Install them with your package manager (as root: apt-get install -y ${need[*]} ${ceph[*]})." >&2
    exit 1
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing: ${need[*]} ${ceph[*]}. This script knows apt-get only; install them with your package manager." >&2
  exit 1
fi
echo "Installing ${need[*]} ${ceph[*]} with apt-get..."
$sudo apt-get update -qq
if [ ${#need[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
if [ ${#ceph[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${ceph[@]}" >/dev/null
fi
echo "Installed: ${need[*]} ${ceph[*]}."
