#!/usr/bin/env bash
# `bitloom sim --mode all` on a workload whose sequential and intar schedules are the
# same: both modes must pass, and one harness must serve both (two harness-* folders:
# theirs and dataflow's, whose top re-splits the cores).
set -euo pipefail
bitloom=$1 spec=$2 work=$3
rm -rf "$work"
"$bitloom" sim "$spec" --mode all --runs 1 --work "$work" > "$work.log" 2>&1 || true
grep -q '| sequential | passed' "$work.log" || { echo "sequential did not pass: $work.log"; exit 1; }
grep -q '| intar | passed' "$work.log" || { echo "intar did not pass: $work.log"; exit 1; }
harnesses=$(find "$work/alike" -maxdepth 1 -name 'harness-*' -type d | wc -l)
[ "$harnesses" -eq 2 ] || { echo "$harnesses harness folders for two alike modes and dataflow"; exit 1; }
echo "both modes passed on one harness"
