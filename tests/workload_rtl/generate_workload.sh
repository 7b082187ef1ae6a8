#!/bin/sh
# `bitloom generate` on workloads: the supported spec gives the same bytes twice, and its
# RTL is lint-clean in Verilator, elaborates in Yosys and compiles in Icarus; a schedule
# the generator cannot build yet is refused with a message and exit code 1, and leaves
# no output behind.
# Usage: generate_workload.sh BITLOOM SUPPORTED.yaml MODE UNSUPPORTED.yaml MODE WORKDIR
set -eu
bitloom=$(realpath "$1") supported=$(realpath "$2") supported_mode=$3 unsupported=$(realpath "$4") unsupported_mode=$5
mkdir -p "$6" && work=$(realpath "$6")
rm -rf "$work" && mkdir -p "$work"
"$bitloom" generate "$supported" --mode "$supported_mode" -o "$work/a" >/dev/null
"$bitloom" generate "$supported" --mode "$supported_mode" -o "$work/b" >/dev/null
diff -r "$work/a" "$work/b" || { echo "FAIL: two runs differ"; exit 1; }
top=$(sed -n 's/^  "top": "\(.*\)",$/\1/p' "$work/a/manifest.json")
cd "$work/a/rtl"
verilator --lint-only -Wall -y . "$top.v" --top-module "$top" || { echo "FAIL: Verilator lint"; exit 1; }
yosys -q -p "read_verilog $(ls *.v | tr '\n' ' '); hierarchy -check -top $top; proc; check -assert" \
  || { echo "FAIL: Yosys"; exit 1; }
iverilog -g2005 -o "$work/icarus.out" -s "$top" ./*.v || { echo "FAIL: Icarus"; exit 1; }
cd "$work"
set +e
"$bitloom" generate "$unsupported" --mode "$unsupported_mode" -o "$work/refused" 2>"$work/refused.err"
rc=$?
set -e
[ "$rc" -eq 1 ] || { echo "FAIL: unsupported schedule gave exit code $rc"; exit 1; }
grep -q "does not support" "$work/refused.err" || { echo "FAIL: no reason given:"; cat "$work/refused.err"; exit 1; }
[ ! -e "$work/refused" ] || { echo "FAIL: output left behind"; exit 1; }
echo "ok: $top generated twice identically, lint-clean, Yosys and Icarus accept it; $(cat "$work/refused.err")"
