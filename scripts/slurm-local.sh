#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for testing `bitloom sweep --backend slurm`:
# munged, slurmctld and slurmd on localhost, run as root, with a config and state under
# $BITLOOM_SLURM_DIR (default /tmp/bitloom-slurm). Usage:
#   scripts/slurm-local.sh start    # idempotent; prints `export SLURM_CONF=...`
#   scripts/slurm-local.sh stop
# Needs Debian's slurm-wlm and munge (scripts/install-deps.sh installs them). A real
# cluster needs none of this: see docs/dse.md.
set -euo pipefail
dir="${BITLOOM_SLURM_DIR:-/tmp/bitloom-slurm}"
conf="$dir/slurm.conf"
cmd="${1:-start}"

stop() {
  for p in slurmd slurmctld; do
    [ -f "$dir/$p.pid" ] && kill "$(cat "$dir/$p.pid")" 2>/dev/null || true
  done
  sleep 1
}

if [ "$cmd" = stop ]; then stop; exit 0; fi
[ "$cmd" = start ] || { echo "usage: $0 start|stop" >&2; exit 2; }

export SLURM_CONF="$conf"
if [ -f "$conf" ] && scontrol ping 2>/dev/null | grep -q UP && sinfo -h -o %T 2>/dev/null | grep -qE "idle|mixed|alloc"; then
  echo "export SLURM_CONF=$conf"
  exit 0
fi
stop
mkdir -p "$dir/state" "$dir/spool" /run/munge /var/log/munge /var/lib/munge
# munge: a key if the package did not make one, then the daemon (as root: --force).
if [ ! -s /etc/munge/munge.key ]; then
  mkdir -p /etc/munge
  dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 2>/dev/null
fi
chmod 0400 /etc/munge/munge.key
if ! munge -n >/dev/null 2>&1; then
  munged --force
  sleep 1
fi
node="$(hostname -s)"
cpus="$(nproc)"
mem_mb=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 512 ))
cat > "$conf" <<CONF
ClusterName=bitloom
SlurmctldHost=$node
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
SlurmctldPort=6817
SlurmdPort=6818
NodeName=$node CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=local Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld -f "$conf"
slurmd -f "$conf"
for _ in $(seq 60); do
  if sinfo -h -o %T 2>/dev/null | grep -qE "idle|mixed|alloc"; then
    echo "export SLURM_CONF=$conf"
    exit 0
  fi
  sleep 1
done
echo "slurm-local: the node did not come up; logs in $dir" >&2
tail -5 "$dir/slurmctld.log" "$dir/slurmd.log" >&2 || true
exit 1
