#!/usr/bin/env bash
# Starts a small S3-compatible store for the hub's S3 tests and benchmarks: Debian's Ceph with one
# monitor, one OSD (bluestore in a sparse file) and radosgw, on 127.0.0.1 only, without cephx.
#
#   scripts/ceph-start.sh DIR      (stop it with scripts/ceph-stop.sh DIR [--purge])
#
# DIR keeps the cluster: starting again on the same DIR reuses its data (a warm start, a few
# seconds), and starts only the daemons that are not running (a radosgw that died, say). When radosgw answers, DIR/s3.env holds AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
# REPRISE_S3_ENDPOINT (source it, or read it as KEY=VALUE lines).
#
# Ports (all on 127.0.0.1), by default from 7150 up; set REPRISE_CEPH_PORT_BASE to move them all,
# or one of them by its own variable:
#   REPRISE_CEPH_MON_PORT   (base)      the monitor, msgr2; msgr1 on the next port
#   REPRISE_CEPH_RGW_PORT   (base + 2)  radosgw's S3 endpoint
#   REPRISE_CEPH_OSD_PORTS  (base + 3 .. base + 20, "MIN-MAX")  the OSD's ports
# Packages: ceph-mon ceph-osd radosgw ceph-common (scripts/setup-system.sh installs them).
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "Usage: $0 DIR" >&2
  exit 2
fi
for tool in ceph-mon ceph-osd radosgw radosgw-admin ceph monmaptool uuidgen curl; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "Missing $tool: run scripts/setup-system.sh (installs Ceph from Debian's packages)." >&2
    exit 1
  fi
done

mkdir -p "$1"
dir="$(cd "$1" && pwd)"
base="${REPRISE_CEPH_PORT_BASE:-7150}"
mon_port="${REPRISE_CEPH_MON_PORT:-$base}"
rgw_port="${REPRISE_CEPH_RGW_PORT:-$((base + 2))}"
osd_ports="${REPRISE_CEPH_OSD_PORTS:-$((base + 3))-$((base + 20))}"
osd_min="${osd_ports%-*}"
osd_max="${osd_ports#*-}"
conf="$dir/ceph.conf"
log="$dir/log"
mkdir -p "$log" "$dir/run"

port_busy() {
  # ss lists listening sockets as ADDR:PORT; a match on any address means the port is taken.
  ss -Hltn "sport = :$1" 2>/dev/null | grep -q .
}

running() { [ -f "$dir/run/$1.pid" ] && kill -0 "$(cat "$dir/run/$1.pid")" 2>/dev/null; }

# Another server on one of our ports would otherwise be taken for ours.
ports=()
running mon || ports+=("$mon_port" "$((mon_port + 1))")
running rgw || ports+=("$rgw_port")
for port in "${ports[@]}"; do
  if port_busy "$port"; then
    echo "Port $port on 127.0.0.1 is taken: set REPRISE_CEPH_PORT_BASE to another range." >&2
    exit 1
  fi
done
if ! running osd; then
  busy_osd=0
  for port in $(seq "$osd_min" "$osd_max"); do port_busy "$port" && busy_osd=$((busy_osd + 1)); done
  if [ $((osd_max - osd_min + 1 - busy_osd)) -lt 8 ]; then
    echo "Fewer than 8 free ports in $osd_min-$osd_max for the OSD: set REPRISE_CEPH_OSD_PORTS." >&2
    exit 1
  fi
fi

# The conf is written on every start, so changed ports take effect on a warm start too.
fsid_file="$dir/fsid"
[ -f "$fsid_file" ] || uuidgen >"$fsid_file"
fsid="$(cat "$fsid_file")"
cat >"$conf" <<EOF
[global]
fsid = $fsid
mon_host = [v2:127.0.0.1:$mon_port,v1:127.0.0.1:$((mon_port + 1))]
public_addr = 127.0.0.1
cluster_addr = 127.0.0.1
auth_cluster_required = none
auth_service_required = none
auth_client_required = none
ms_bind_port_min = $osd_min
ms_bind_port_max = $osd_max
osd_pool_default_size = 1
osd_pool_default_min_size = 1
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
mon_allow_pool_size_one = true
osd_crush_chooseleaf_type = 0
mon_warn_on_pool_no_redundancy = false
paxos_propose_interval = 0.1
run_dir = $dir/run
log_file = $log/\$name.log
admin_socket = $dir/run/\$name.asok
pid_file = $dir/run/\$name.pid
[mon]
mon_data = $dir/mon
[osd]
osd_data = $dir/osd
osd_objectstore = bluestore
bluestore_block_create = true
bluestore_block_size = 4294967296
bdev_aio_poll_ms = 10
bluefs_log_compact_min_size = 1048576
osd_max_object_name_len = 256
osd_max_object_namespace_len = 64
[client.rgw]
rgw_data = $dir/rgw
rgw_frontends = beast endpoint=127.0.0.1:$rgw_port
auth_client_required = none
ms_mon_client_mode = crc
rgw_dns_name = 127.0.0.1
EOF

ceph_cli() { ceph -c "$conf" --connect-timeout 5 "$@"; }

wait_for() {
  local what="$1" tries="$2"
  shift 2
  for _ in $(seq "$tries"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "Ceph did not come up: $what (logs in $log)." >&2
  return 1
}

# A start that fails half-way stops what it started, so no daemon outlives it unseen.
trap 'status=$?; if [ $status -ne 0 ]; then "$(dirname "$0")/ceph-stop.sh" "$dir" >/dev/null 2>&1 || true; fi' EXIT

fresh=0
if [ ! -f "$dir/mon/done" ]; then
  fresh=1
  rm -rf "$dir/mon" "$dir/osd" "$dir/rgw"
  mkdir -p "$dir/mon" "$dir/osd" "$dir/rgw"
  monmaptool --create --fsid "$fsid" --addv a "[v2:127.0.0.1:$mon_port,v1:127.0.0.1:$((mon_port + 1))]" "$dir/monmap" >/dev/null
  ceph-mon -c "$conf" --id a --mkfs --monmap "$dir/monmap" >/dev/null
  touch "$dir/mon/done"
fi

if ! running mon; then
  ceph-mon -c "$conf" --id a -f >>"$log/mon.out" 2>&1 &
  echo $! >"$dir/run/mon.pid"
fi
wait_for "the monitor" 150 ceph_cli mon stat

if [ "$fresh" = 1 ]; then
  osd_uuid="$(uuidgen)"
  osd_id="$(ceph_cli osd new "$osd_uuid")"
  if [ "$osd_id" != 0 ]; then
    echo "Expected osd.0, the monitor gave osd.$osd_id." >&2
    exit 1
  fi
  ceph-osd -c "$conf" --id 0 --mkfs --osd-uuid "$osd_uuid" >>"$log/osd-mkfs.out" 2>&1
fi

if ! running osd; then
  ceph-osd -c "$conf" --id 0 -f >>"$log/osd.out" 2>&1 &
  echo $! >"$dir/run/osd.pid"
fi
osd_pid="$(cat "$dir/run/osd.pid")"
# After a kill -9 the monitor still lists the old OSD as up; only the address nonce (this pid) tells
# the new one apart.
osd_up() { ceph_cli osd dump 2>/dev/null | grep -E "^osd\.0 up .*/$osd_pid\]" >/dev/null; }
wait_for "osd.0 up" 300 osd_up

if ! running rgw; then
  radosgw -c "$conf" -n client.rgw -f >>"$log/rgw.out" 2>&1 &
  echo $! >"$dir/run/rgw.pid"
fi
rgw_up() { curl -fsS --max-time 2 "http://127.0.0.1:$rgw_port/" | grep -q ListAllMyBucketsResult; }
wait_for "radosgw on port $rgw_port" 300 rgw_up

if [ ! -f "$dir/keys" ]; then
  radosgw-admin -c "$conf" -n client.rgw user create --uid=reprise --display-name=Reprise >"$dir/user.json" 2>>"$log/rgw-admin.out"
  node -e '
    const user = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const key = user.keys[0];
    process.stdout.write(key.access_key + " " + key.secret_key + "\n");
  ' "$dir/user.json" >"$dir/keys"
fi
read -r access secret <"$dir/keys"
cat >"$dir/s3.env" <<EOF
AWS_ACCESS_KEY_ID=$access
AWS_SECRET_ACCESS_KEY=$secret
AWS_REGION=us-east-1
REPRISE_S3_ENDPOINT=http://127.0.0.1:$rgw_port
AWS_ENDPOINT_URL=http://127.0.0.1:$rgw_port
EOF
echo "Ceph S3 gateway at http://127.0.0.1:$rgw_port (credentials in $dir/s3.env)."
