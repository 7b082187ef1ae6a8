#!/usr/bin/env bash
# Proves the regression can fail: each mutant is a small, lint-clean bug in generated
# RTL, and `bitloom sim --rtl-dir` must report failing tests for every one of them.
# usage: run_mutants.sh BITLOOM SPEC WORKDIR
set -euo pipefail
bitloom=$1 spec=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
"$bitloom" generate "$spec" -o "$work/clean" >/dev/null
top=$(sed -n 's/^  "top": "\(.*\)",$/\1/p' "$work/clean/manifest.json")

protocol=$(sed -n 's/^  "protocol": "\(.*\)",$/\1/p' "$work/clean/manifest.json")
# name | protocol | file (pe or top) | sed expression
all_mutants=(
  "accumulator_not_restarted|os_tile|pe|s/(first_i ? {C_WIDTH{1'b0}} : acc_q)/(acc_q)/"
  "product_not_sign_extended|os_tile|pe|s/{{(C_WIDTH - P_WIDTH){product\[P_WIDTH-1\]}}, product}/{{(C_WIDTH - P_WIDTH){1'b0}}, product}/"
  "next_tile_overwrites_results|os_tile|top|s/wire beat_allowed = !beat_last || !tile_pending_q;/wire beat_allowed = !beat_last || !tile_pending_q || 1'b1;/"
  "tlast_on_wrong_row|os_tile|top|s/assign m_c_tlast  = drain_row_q\[ROWS-1\];/assign m_c_tlast  = drain_row_q[0];/"
  "output_ignores_ready|os_tile|top|s/assign drain_fire = m_c_tvalid \&\& m_c_tready;/assign drain_fire = m_c_tvalid \&\& (m_c_tready || 1'b1);/"
  "weights_swap_mid_batch|ws_stream|top|s/wire swap_now = batch_start_q \&\& shadow_full_q;/wire swap_now = (batch_start_q || 1'b1) \&\& shadow_full_q;/"
  "output_buffer_overrun|ws_stream|top|s/advance_d = out_count_d <= 2'd1;/advance_d = out_count_d <= 2'd2;/"
  "shadow_overwritten_during_swap|ws_stream|top|s/assign s_w_tready = !shadow_full_q \&\& swap_wait_q == 8'd0;/assign s_w_tready = !shadow_full_q \&\& (swap_wait_q == 8'd0 || 1'b1);/"
  "psum_not_sign_extended|ws_stream|pe|s/{{(C_WIDTH - P_WIDTH){product\[P_WIDTH-1\]}}, product}/{{(C_WIDTH - P_WIDTH){1'b0}}, product}/"
)
mutants=()
for m in "${all_mutants[@]}"; do
  IFS='|' read -r name proto rest <<<"$m"
  [ "$proto" = "$protocol" ] && mutants+=("$name|$rest")
done
status=0
for m in "${mutants[@]}"; do
  IFS='|' read -r name which expr <<<"$m"
  dir="$work/$name"
  cp -r "$work/clean" "$dir"
  file="$dir/rtl/$top.v"
  [ "$which" = pe ] && file="$dir/rtl/${top}_pe.v"
  before=$(md5sum <"$file")
  sed -i "$expr" "$file"
  if [ "$(md5sum <"$file")" = "$before" ]; then
    echo "MUTANT $name: the edit did not apply (generator output changed?)"; status=1; continue
  fi
  set +e
  out=$("$bitloom" sim "$spec" --rtl-dir "$dir" --work "$work/sim" --seed 1 2>&1)
  rc=$?
  set -e
  summary=$(grep -E "^sim .*: [0-9]+ tests, [0-9]+ failed" <<<"$out" || true)
  failed=$(sed -n 's/.* tests, \([0-9]*\) failed.*/\1/p' <<<"$summary")
  if [ $rc -ne 0 ] && [ -n "$failed" ] && [ "$failed" -gt 0 ]; then
    echo "caught  $name: $summary"
  else
    echo "MISSED  $name (exit $rc): ${summary:-no harness summary}"; echo "$out" | tail -5; status=1
  fi
done
[ $status -eq 0 ] && echo "${#mutants[@]} passed, 0 failed"
exit $status
