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
drain=$(sed -n 's/^    "drain": "\(.*\)",*$/\1/p' "$work/clean/manifest.json")
# name | protocol | file (pe or top) | sed expression
all_mutants=(
  "accumulator_not_restarted|os_tile:overlap|pe|s/acc_in = first_i ? {C_WIDTH{1'b0}} : acc_q;/acc_in = first_i ? acc_q : acc_q;/"
  "booth_digit_sign_dropped|os_tile|pe_step|s/assign m0_neg\[0\] = m0_a_ext\[2\];/assign m0_neg[0] = 1'b0 \&\& m0_a_ext[2];/"
  "shift_overfills_output_buffer|os_tile:shift|top|s/(flush_q || out_count_d <= 2'd1)/(flush_q || out_count_d <= 2'd2)/"
  "next_tile_enters_during_drain|os_tile:shift|top|s/wire beat_allowed = !tile_pending_q;/wire beat_allowed = !tile_pending_q || 1'b1;/"
  "flush_rows_reach_the_output|os_tile:shift|top|s/wire out_push = shifting \&\& !flush_q;/wire out_push = shifting \&\& (!flush_q || 1'b1);/"
  "ws_booth_digit_sign_dropped|ws_stream|pe_step|s/assign m0_neg\[0\] = m0_a_ext\[2\];/assign m0_neg[0] = 1'b0 \&\& m0_a_ext[2];/"
  "next_tile_overwrites_results|os_tile:overlap|top|s/wire beat_allowed = !beat_last || !tile_pending_q;/wire beat_allowed = !beat_last || !tile_pending_q || 1'b1;/"
  "tlast_on_wrong_row|os_tile:overlap|top|s/assign m_c_tlast  = drain_row_q\[ROWS-1\];/assign m_c_tlast  = drain_row_q[0];/"
  "output_ignores_ready|os_tile:overlap|top|s/assign drain_fire = m_c_tvalid \&\& m_c_tready;/assign drain_fire = m_c_tvalid \&\& (m_c_tready || 1'b1);/"
  "weights_swap_mid_batch|ws_stream|top|s/wire swap_now = batch_start_q \&\& (s_a_tuser\[0\] || !have_weights_q);/wire swap_now = (batch_start_q || 1'b1) \&\& (s_a_tuser[0] || !have_weights_q);/"
  "binding_ignores_tuser|ws_stream|top|s/wire swap_now = batch_start_q \&\& (s_a_tuser\[0\] || !have_weights_q);/wire swap_now = batch_start_q \&\& (s_a_tuser[0] || have_weights_q || !have_weights_q);/"
  "batch_does_not_wait_for_its_set|ws_stream|top|s/assign s_a_tready = advance \&\& (!swap_now || shadow_full_q);/assign s_a_tready = advance \&\& (!swap_now || shadow_full_q || have_weights_q);/"
  "output_buffer_overrun|ws_stream|top|s/advance_d = out_count_d <= 2'd1;/advance_d = out_count_d <= 2'd2;/"
  "shadow_overwritten_during_swap|ws_stream|top|s/assign s_w_tready = !shadow_full_q \&\& swap_wait_q == 8'd0;/assign s_w_tready = !shadow_full_q \&\& (swap_wait_q == 8'd0 || 1'b1);/"
  "delta_table_cut_short|elementwise|lane|s/wire in_domain = t < [0-9]*'d[0-9]*;/wire in_domain = t < 16'd4096;/"
  "gelu_truncates_instead_of_rounding|elementwise|lane|s/acc_rnd = acc + [-0-9]*'sd[0-9]*;/acc_rnd = acc;/"
  "first_row_slope_negated|elementwise|delta|0,/rom_c1 = \\([0-9]*'sd\\)/s//rom_c1 = -\\1/"
  "gelu_output_ignores_ready|elementwise|top|s/wire advance = !m_y_tvalid || m_y_tready;/wire advance = !m_y_tvalid || m_y_tready || 1'b1;/"
  "gelu_tlast_lost_under_stall|elementwise|top|s/last_q <= {last_q\[LATENCY-2:0\], s_x_tlast};/last_q <= {last_q[LATENCY-2:0], s_x_tlast \&\& m_y_tready};/"
  "running_sum_not_rescaled|softmax_rows|top|s/: run_sum_q >> shift_run;/: run_sum_q;/"
  "masked_lane_in_max|softmax_rows|top|s/if (f1_keep\[li\] \&\& /if ((f1_keep[li] || 1'b1) \&\& /"
  "buffer_admits_one_too_many|softmax_rows|top|s/assign s_x_tready = (reserved_q < /assign s_x_tready = (reserved_q <= /"
  "softmax_truncates_instead_of_rounding|softmax_rows|top|s/rounded = (wide + half) >> sh;/rounded = (wide + half - half) >> sh;/"
  "softmax_output_ignores_ready|softmax_rows|top|s/wire advance = !m_y_tvalid || m_y_tready;/wire advance = !m_y_tvalid || m_y_tready || 1'b1;/"
)
mutants=()
for m in "${all_mutants[@]}"; do
  IFS='|' read -r name proto rest <<<"$m"
  # A mutant names a protocol, or a protocol and the drain it applies to.
  if [ "$proto" = "$protocol" ] || [ "$proto" = "$protocol:$drain" ]; then mutants+=("$name|$rest"); fi
done
status=0
for m in "${mutants[@]}"; do
  IFS='|' read -r name which expr <<<"$m"
  dir="$work/$name"
  cp -r "$work/clean" "$dir"
  file="$dir/rtl/$top.v"
  [ "$which" != top ] && file="$dir/rtl/${top}_${which}.v"
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
