#!/bin/sh
# Simulates a hand-written reference array in Icarus against integer arithmetic
# (ref_tb.v, ref_mt_tb.v, ref_m2d_tb.v) so that the benchmark's baseline is a correct design, not just
# a small one.
# usage: check.sh mac|opt1|mt_mac|m2d_mac WORK_DIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
kind=$1
work=$2
mkdir -p "$work"
case "$kind" in
  mac) sources="$here/ref_tb.v $here/ref_os_mac.v" define="" ;;
  opt1) sources="$here/ref_tb.v $here/ref_os_opt1.v" define="-DOPT1" ;;
  mt_mac) sources="$here/ref_mt_tb.v $here/ref_mt_mac.v" define="" ;;
  m2d_mac) sources="$here/ref_m2d_tb.v $here/ref_m2d_mac.v" define="" ;;
  *) echo "check.sh: unknown reference '$kind' (mac, opt1, mt_mac or m2d_mac)" >&2; exit 2 ;;
esac
iverilog -g2005 $define -o "$work/ref_$kind.vvp" $sources
out=$(vvp -n "$work/ref_$kind.vvp")
echo "$out"
echo "$out" | grep -q "reference: PASS"
