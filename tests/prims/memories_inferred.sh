#!/usr/bin/env bash
# Yosys 0.23 must see the RAMs and the ROM as memories ($mem_v2 cells after proc and
# memory -nomap), not as a sea of flops and multiplexers.
set -euo pipefail
dir=$1
for top in prim_ram_sp prim_ram_sdp prim_ram_sdp_256x16 prim_rom; do
  yosys -q -p "read_verilog $dir/$top.v; hierarchy -top $top; proc; opt_clean; memory -nomap; select -assert-count 1 t:\$mem_v2" \
    || { echo "$top: no memory inferred"; exit 1; }
  echo "$top: one \$mem_v2"
done
