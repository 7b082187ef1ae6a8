#!/usr/bin/env bash
# Every primitive variant in DIR: verilator --lint-only -Wall, Yosys 0.23 (read,
# hierarchy -check, proc) and Icarus -g2005, each without a warning or error. A
# composite's submodules are found in DIR (one module per file). Files are checked in
# parallel, one job per core. usage: lint_prims.sh DIR [TOP...]: with modules named, only
# DIR/TOP.v is checked for each, with every module below it (Verilator, Yosys and Icarus
# all read the hierarchy from DIR).
set -euo pipefail
dir=$1
shift
if [ $# -eq 0 ]; then
  files=$(ls "$dir"/*.v)
else
  files=$(printf "$dir/%s.v\n" "$@")
fi

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

if xargs -P "$(nproc)" -I{} bash -c 'lint_one "$1" "$2"' _ {} "$dir" <<<"$files"; then
  echo "$(wc -l <<<"$files") files lint clean in Verilator, Yosys and Icarus"
else
  exit 1
fi
