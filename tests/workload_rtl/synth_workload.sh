#!/bin/sh
# `bitloom synth` on a workload spec: the schedule's top through Yosys 0.23 (hierarchical)
# and OpenSTA on clk_i. It must meet the clock, report each unit kind of a two-core GEMM
# schedule as its own row, and the rows must add up to the total.
# With MODE, the schedule of that mode; with MAX_UM2, the total area must not exceed it (a
# guard on a figure the README quotes). With RAMS, `--rams RAMS` (macros: the RAMs as
# black boxes; a top without a panel buffer then has no row for it to require).
# Usage: synth_workload.sh BITLOOM SPEC.yaml CLOCK_NS WORKDIR [MODE [MAX_UM2 [RAMS]]]
set -eu
bitloom=$(realpath "$1") spec=$(realpath "$2") clock=$3 mode=${5:-spec} max_area=${6:-0} rams=${7:-flops}
mkdir -p "$4" && work=$(realpath "$4")
out="$work/synth.out"
"$bitloom" synth "$spec" --mode "$mode" --clock-ns "$clock" --rams "$rams" --work "$work" >"$out" 2>&1 || { cat "$out"; echo "FAIL: bitloom synth exit code"; exit 1; }
grep -q "\*\*met\*\*" "$out" || { cat "$out"; echo "FAIL: timing not met"; exit 1; }
panel="B panel buffer"
[ "$rams" = flops ] || panel="buffer banks"
for kind in "buffer banks" "compute cores" "DMA read and write" "$panel" "loader, panel reader, tile writers" \
            "controller" "top glue"; do
  grep -q "^| $kind" "$out" || { cat "$out"; echo "FAIL: no row for $kind"; exit 1; }
done
# The kinds' areas add up to the total (each module counted once, times its instances).
sed -n '/by unit kind/,$p' "$out" | awk -F'|' -v max="$max_area" '
  /^\| \*\*total/ { gsub(/[* ]/, "", $3); total = $3 }
  /^\| [a-zA-Z]/ && !/unit kind/ && !/total/ { sum += $3 }
  END { if (total == 0 || sum < total - 2 || sum > total + 2) { print "FAIL: kinds add up to " sum ", total " total; exit 1 }
        print "ok: unit kinds add up to " total " um2"
        if (max > 0 && total > max) { print "FAIL: total area " total " um2 above " max; exit 1 }
        if (max > 0) print "ok: total area at most " max " um2" }'
