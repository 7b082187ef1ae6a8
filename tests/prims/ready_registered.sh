#!/usr/bin/env bash
# A DMA channel's command ready must come from registers only: no input port of the
# channel may reach it through logic (it used to hang on the round-robin arbitration and
# the DRAM's request ready, the critical path of every workload top at 8.5 ns).
set -euo pipefail
dir=$1
flops=':-$dff:-$sdff:-$dffe:-$sdffe:-$sdffce:-$adff:-$aldff'
for top in prim_dma_read prim_dma_read_full prim_dma_read_pair prim_dma_write prim_dma_write_full prim_dma_write_strobed; do
  yosys -q -p "read_verilog $dir/$top.v $dir/${top}_*.v; hierarchy -top $top; proc; flatten; memory; opt_clean;
               select -assert-none i:* %co*$flops o:*cmd_ready_o %i" \
    || { echo "$top: an input reaches cmd_ready_o through logic"; exit 1; }
  echo "$top: cmd_ready_o from registers only"
done
