// Shared between the planner's files (not a public interface).
#pragma once
#include "generator/workload/plan.hpp"

namespace bitloom::workload {

// Input `input` of `task` is read whole (B of a row-order GEMM unless re-streamed, A of a
// panel GEMM).
bool reads_whole(const TaskPlan& t, const Task& task, size_t input, bool restream);
// The task makes its output row block by row block, in order.
bool makes_rows_in_order(const Workload& w, const Plan& p, int task);
// Fills tasks (phase, binding, order, sources) and tensors (home, loads, FIFOs).
void place_tensors(const Workload& w, Plan& p);
// The columns of the cores a binding runs on (SFUs: L).
inline int cols_of(const Workload& w, const Binding& b) { return b.core_cols > 0 ? b.core_cols : w.lanes; }

}  // namespace bitloom::workload
