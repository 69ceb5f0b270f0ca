#!/usr/bin/env bash
# Stops the Ceph that scripts/ceph-start.sh DIR started, by the pids it wrote in DIR/run.
#
#   scripts/ceph-stop.sh DIR [--purge]     (--purge also removes DIR and all its data)
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ] || { [ $# -eq 2 ] && [ "$2" != --purge ]; }; then
  echo "Usage: $0 DIR [--purge]" >&2
  exit 2
fi
dir="$1"
if [ ! -d "$dir" ]; then
  echo "No Ceph folder at $dir." >&2
  exit 1
fi

# radosgw first (it keeps no state: killed if it takes more than 3 s), then the OSD, then the monitor.
stop() {
  local name="$1" grace="$2" pid_file="$dir/run/$1.pid"
  [ -f "$pid_file" ] || return 0
  local pid
  pid="$(cat "$pid_file")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq $((grace * 10))); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
    for _ in $(seq 20); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  rm -f "$pid_file"
}
stop rgw 3
stop osd 10
stop mon 10

if [ $# -eq 2 ]; then
  rm -rf "$dir"
  echo "Ceph stopped and $dir removed."
else
  echo "Ceph stopped ($dir kept: scripts/ceph-start.sh $dir starts it again)."
fi
