#!/bin/sh
# Simulates a hand-written reference array in Icarus against integer arithmetic
# (ref_tb.v) so that the benchmark's baseline is a correct design, not just a small one.
# usage: check.sh mac|opt1 WORK_DIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
kind=$1
work=$2
mkdir -p "$work"
define=""
[ "$kind" = opt1 ] && define="-DOPT1"
iverilog -g2005 $define -o "$work/ref_$kind.vvp" "$here/ref_tb.v" "$here/ref_os_$kind.v"
out=$(vvp -n "$work/ref_$kind.vvp")
echo "$out"
echo "$out" | grep -q "reference: PASS"
