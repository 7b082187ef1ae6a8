#!/usr/bin/env bash
# Every primitive variant in DIR: verilator --lint-only -Wall, Yosys 0.23 (read,
# hierarchy -check, proc) and Icarus -g2005, each without a warning or error. A
# composite's submodules are found in DIR (one module per file). Files are checked in
# parallel, one job per core. usage: lint_prims.sh DIR [PATTERN]: with a file pattern
# (e.g. '[!m]*_top.v'), only the files it matches are checked as tops, each with every
# module below it (Verilator, Yosys and Icarus all read the hierarchy from DIR).
set -euo pipefail
dir=$1
pattern=${2:-*.v}

lint_one() {
  local v=$1 dir=$2 top out status=0
  top=$(basename "$v" .v)
  if ! out=$(verilator --lint-only -Wall -y "$dir" "$v" --top-module "$top" 2>&1) || [ -n "$out" ]; then
    echo "verilator: $top"; echo "$out"; status=1
  fi
  if ! out=$(yosys -q -p "read_verilog $v; hierarchy -check -libdir $dir -top $top; proc" 2>&1) || grep -qi warning <<<"$out"; then
    echo "yosys: $top"; echo "$out"; status=1
  fi
  if ! out=$(iverilog -g2005 -Wall -y "$dir" -o /dev/null -s "$top" "$v" 2>&1) || [ -n "$out" ]; then
    echo "icarus: $top"; echo "$out"; status=1
  fi
  return $status
}
export -f lint_one

if ls "$dir"/$pattern | xargs -P "$(nproc)" -I{} bash -c 'lint_one "$1" "$2"' _ {} "$dir"; then
  echo "$(ls "$dir"/$pattern | wc -l) files ($pattern) lint clean in Verilator, Yosys and Icarus"
else
  exit 1
fi
