#!/usr/bin/env bash
# Proves the regression can fail: each mutant is a small, lint-clean bug planted in the
# statement that drives a named net of the generated RTL (`bitloom generate --mutate`),
# and `bitloom sim --rtl-dir` must report failing tests for every one of them.
# usage: run_mutants.sh BITLOOM SPEC WORKDIR
set -euo pipefail
bitloom=$1 spec=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
"$bitloom" generate "$spec" -o "$work/clean" >/dev/null
top=$(sed -n 's/^  "top": "\(.*\)",$/\1/p' "$work/clean/manifest.json")

protocol=$(sed -n 's/^  "protocol": "\(.*\)",$/\1/p' "$work/clean/manifest.json")
drain=$(sed -n 's/^    "drain": "\(.*\)",*$/\1/p' "$work/clean/manifest.json")
arch=$(sed -n 's/^    "arch": "\(.*\)",*$/\1/p' "$work/clean/manifest.json")
pe=$(sed -n 's/^    "pe": "\(.*\)",*$/\1/p' "$work/clean/manifest.json")
# name | protocol[:drain] or arch[:pe or drain] | module (suffix of the top's name, or top) | net | FROM=>TO.
# Each mutant edits only the statement that drives the named net (bitloom generate
# --mutate): FROM is a regular expression, TO its replacement ($1 for a group).
all_mutants=(
  'accumulator_not_restarted|systolic_os:overlap|pe_step_digits|sum_in|restart_i \? [0-9]+.d0 : sum_i=>restart_i ? sum_i : sum_i'
  'booth_digit_sign_dropped|systolic_os|pe_recode|neg_o[1]|a_ext\[4\]=>1'"'"'b0 && a_ext[4]'
  'os_booth_plus_two_lost|systolic_os|pe_recode|two_o[1]|\| \(~a_ext\[4\]=>| (1'"'"'b0 & ~a_ext[4]'
  'os_row_passes_one_for_two|systolic_os|pe|a_digits_o|a_digits_i=>{a_digits_i[DIGITS +: DIGITS], a_digits_i[2*DIGITS +: DIGITS], a_digits_i[0 +: DIGITS]}'
  'shift_overfills_output_buffer|os_tile:shift|top|shift_d|out_count_d <= 2.d1=>out_count_d <= 2'"'"'d2'
  'next_tile_enters_during_drain|os_tile:shift|top|beat_allowed|!tile_pending_q=>!tile_pending_q || 1'"'"'b1'
  'flush_rows_reach_the_output|os_tile:shift|top|out_push|!flush_q=>(!flush_q || 1'"'"'b1)'
  'ws_booth_digit_sign_dropped|systolic_ws|pe_recode|neg_o[1]|a_ext\[4\]=>1'"'"'b0 && a_ext[4]'
  'next_tile_overwrites_results|os_tile:overlap|top|beat_allowed|!tile_pending_q=>!tile_pending_q || 1'"'"'b1'
  'tlast_on_wrong_row|systolic_os:overlap|top|m_c_tlast|drain_row_q\[ROWS-1\]=>drain_row_q[0]'
  'output_ignores_ready|systolic_os:overlap|top|drain_fire|m_c_tvalid && m_c_tready=>m_c_tvalid && (m_c_tready || 1'"'"'b1)'
  'weights_swap_mid_batch|systolic_ws|top|swap_now|batch_start_q &&=>(batch_start_q || 1'"'"'b1) &&'
  'binding_ignores_tuser|systolic_ws|top|swap_now|!have_weights_q=>have_weights_q || !have_weights_q'
  'batch_does_not_wait_for_its_set|systolic_ws|top|s_a_tready|shadow_full_q\)=>shadow_full_q || have_weights_q)'
  'output_buffer_overrun|systolic_ws|top|advance_d|2.d1=>2'"'"'d2'
  'shadow_overwritten_during_swap|systolic_ws|top|s_w_tready|swap_wait_q == 8.d0=>(swap_wait_q == 8'"'"'d0 || 1'"'"'b1)'
  'mt_weights_swap_mid_batch|mul_tree|top|swap_now|batch_start_q &&=>(batch_start_q || 1'"'"'b1) &&'
  'mt_binding_ignores_tuser|mul_tree|top|swap_now|!have_weights_q=>have_weights_q || !have_weights_q'
  'mt_batch_does_not_wait_for_its_set|mul_tree|top|s_a_tready|shadow_full_q\)=>shadow_full_q || have_weights_q)'
  'mt_output_buffer_overrun|mul_tree|top|advance_d|2.d1=>2'"'"'d2'
  'mt_shadow_shifted_before_copy|mul_tree|top|s_w_tready|&& !swap0_q=>&& 1'"'"'b1'
  'mt_rows_leave_a_stage_early|mul_tree|top|out_push|valid2_q=>(valid1_q || valid2_q)'
  'mt_tlast_needs_the_row_behind|mul_tree|top|last2_q|last1_q=>(last0_q && last1_q)'
  'mt_mac_booth_digit_sign_dropped|mul_tree:mac|pe_step_recode|neg_o[1]|a_ext\[4\]=>1'"'"'b0 && a_ext[4]'
  'mt_opt1_booth_digit_sign_dropped|mul_tree:opt1|pe_step_recode|neg_o[1]|a_ext\[4\]=>1'"'"'b0 && a_ext[4]'
  'mt_ent_digit_three_does_not_carry|mul_tree:ent|pe_step_recode|e0_c1|>= 3.d3=>>= 3'"'"'d4'
  'mt_ent_digit_sign_ignored|mul_tree:ent|pe_step_recode|e0_s|a_i\[[0-9]+\]=>1'"'"'b0'
  'm2d_first_flag_lost|matrix_2d:mac:overlap|top|first_d|beat_fire && first_pending_q=>beat_fire && 1'"'"'b0 && first_pending_q'
  'm2d_results_read_before_capture|matrix_2d:opt1:overlap|top|captured_q|last_row\[0\]=>(last_row[0] || last_d)'
  'm2d_booth_digit_sign_dropped|matrix_2d:opt1|pe_recode|neg_o[1]|a_ext\[4\]=>1'"'"'b0 && a_ext[4]'
  'm2d_booth_plus_two_lost|matrix_2d:mac|pe_recode|two_o[1]|\| \(~a_ext\[4\]=>| (1'"'"'b0 & ~a_ext[4]'
  'cube_booth_digit_sign_dropped|cube|pe_recode|neg_o[1]|a_ext\[4\]=>1'"'"'b0 && a_ext[4]'
  'sparse_digit_sign_lost|matrix_2d:sparse_serial|encoder|neg_o|issue && neg_q=>issue && 1'"'"'b0 && neg_q'
  'sparse_group_ends_when_one_row_does|matrix_2d:sparse_serial|top|group_done|&row_final=>|row_final'
  'sparse_final_of_a_loaded_group_misjudged|matrix_2d:sparse_serial|encoder|load_rest|mask_d - one=>mask_d - one - one'
  'sparse_b_taken_while_the_group_waits|matrix_2d:sparse_serial|top|b_take_q|handover=>load_full_q'
  'sparse_beat_taken_on_handover|matrix_2d:sparse_serial|top|beat_allowed|\(!load_full_q\)=>(!load_full_q || handover)'
  'sparse_negation_carry_lost|matrix_2d:sparse_serial|pe|carry_d|neg_i\}=>1'"'"'b0}'
  'sparse_weight_shift_halved|matrix_2d:sparse_serial|pe|shifted|\{weight_i, 1.b0\}=>{1'"'"'b0, weight_i}'
  'm2d_shift_drain_after_every_group|matrix_2d:sparse_serial:shift|top|all_done|&& act_last_q=>&& (act_last_q || running_q)'
  'm2d_shift_sums_do_not_move_up|matrix_2d:sparse_serial:shift|pe|sum_in|shift_i \? below_sum_i=>(shift_i && 1'"'"'b0) ? below_sum_i'
  'm2d_opt1_shift_pair_does_not_move_up|matrix_2d:opt1:shift|pe|sum_q|shift_i \? below_sum_i=>(shift_i && 1'"'"'b0) ? below_sum_i'
  'm2d_mac_shift_does_not_move_up|matrix_2d:mac:shift|pe|sum_q|shift_i \? below_i=>(shift_i && 1'"'"'b0) ? below_i'
  'delta_table_cut_short|elementwise|lane|in_domain|t < ([0-9]+).d[0-9]+=>t < $1'"'"'d4096'
  'gelu_truncates_instead_of_rounding|elementwise|lane|acc_rnd|acc \+ -?[0-9]+.sd[0-9]+=>acc'
  'first_row_slope_negated|elementwise|delta|rom_c1|= ([0-9]+.sd)=>= -$1'
  'gelu_output_ignores_ready|elementwise|top|advance|m_y_tready=>m_y_tready || 1'"'"'b1'
  'gelu_tlast_lost_under_stall|elementwise|top|last_q|s_x_tlast\}=>s_x_tlast && m_y_tready}'
  'running_sum_not_rescaled|softmax_rows|top|run_part|: run_sum_q >> shift_run=>: run_sum_q'
  'masked_lanes_in_max_and_sum|softmax_rows|top|f1_keep|f0_keep=>{LANES{1'"'"'b1}}'
  'buffer_admits_one_too_many|softmax_rows|top|s_x_tready|\(reserved_q < =>(reserved_q <= '
  'softmax_truncates_instead_of_rounding|softmax_rows|top|rounded|\(wide \+ half\)=>(wide + half - half)'
  'softmax_output_ignores_ready|softmax_rows|top|advance|m_y_tready=>m_y_tready || 1'"'"'b1'
)
mutants=()
for m in "${all_mutants[@]}"; do
  IFS='|' read -r name proto rest <<<"$m"
  # A mutant names a protocol, a protocol and the drain, an arch, an arch and a PE or drain,
  # or an arch, a PE and a drain.
  if [ "$proto" = "$protocol" ] || [ "$proto" = "$protocol:$drain" ] || [ "$proto" = "$arch" ] ||
     [ "$proto" = "$arch:$pe" ] || [ "$proto" = "$arch:$drain" ] || [ "$proto" = "$arch:$pe:$drain" ]; then mutants+=("$name|$rest"); fi
done
status=0
for m in "${mutants[@]}"; do
  IFS='|' read -r name which net edit <<<"$m"
  dir="$work/$name"
  module=$top
  [ "$which" != top ] && module="${top}_${which}"
  if ! "$bitloom" generate "$spec" -o "$dir" --mutate "$module:$net:$edit" >"$work/$name.generate.log" 2>&1; then
    echo "MUTANT $name: could not be planted"; cat "$work/$name.generate.log"; status=1; continue
  fi
  if diff -rq "$work/clean/rtl" "$dir/rtl" >/dev/null; then
    echo "MUTANT $name: the design did not change"; status=1; continue
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
