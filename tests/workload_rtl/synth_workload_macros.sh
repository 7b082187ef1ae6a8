#!/bin/sh
# `bitloom synth --rams macros` on a workload spec: the RAMs (buffer banks, panel buffers)
# become black boxes (SRAM macros the liberty lacks) and the logic around them is
# synthesized and timed. Against the same top with its RAMs as flops (the default):
# - the macros run meets the clock and lists its black boxes and their bits;
# - no RAM module is mapped (none has a row in the module table);
# - it has at least as many flops fewer as the macros hold bits (each RAM bit is at least
#   a flop when mapped), and less area.
# Usage: synth_workload_macros.sh BITLOOM SPEC.yaml CLOCK_NS WORKDIR
set -eu
bitloom=$(realpath "$1") spec=$(realpath "$2") clock=$3
mkdir -p "$4" && work=$(realpath "$4")
"$bitloom" synth "$spec" --clock-ns "$clock" --work "$work" --json "$work/flops.json" >"$work/flops.out" 2>&1 ||
  { cat "$work/flops.out"; echo "FAIL: bitloom synth (RAMs as flops) exit code"; exit 1; }
out="$work/macros.out"
"$bitloom" synth "$spec" --clock-ns "$clock" --rams macros --work "$work" --json "$work/macros.json" >"$out" 2>&1 ||
  { cat "$out"; echo "FAIL: bitloom synth --rams macros exit code"; exit 1; }
cat "$out"
grep -q "\*\*met\*\*" "$out" || { echo "FAIL: timing not met"; exit 1; }
bits=$(sed -n 's/^SRAM macros kept as black boxes: \([0-9]*\) bits.*/\1/p' "$out")
[ -n "$bits" ] && [ "$bits" -gt 0 ] || { echo "FAIL: no black boxes listed"; exit 1; }
if grep -E "^\| [A-Za-z0-9_]*_(bank|ram) \|" "$out"; then echo "FAIL: a RAM module was mapped"; exit 1; fi
top_field() { sed -n "s/^  \"$1\": \([0-9.e+]*\),*$/\1/p" "$2" | head -1; }
awk -v bits="$bits" -v ff="$(top_field flops "$work/flops.json")" -v fm="$(top_field flops "$work/macros.json")" \
    -v af="$(top_field area_um2 "$work/flops.json")" -v am="$(top_field area_um2 "$work/macros.json")" 'BEGIN {
  printf "RAM bits %d; flops %d -> %d; area %.0f -> %.0f um2\n", bits, ff, fm, af, am
  if (ff - fm < bits) { print "FAIL: fewer flops than bits went into the macros"; exit 1 }
  if (am >= af) { print "FAIL: the macros run is not smaller"; exit 1 }
  print "ok" }'
