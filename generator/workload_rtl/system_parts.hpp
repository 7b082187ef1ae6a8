// The workload top's pieces (system_top.cpp, system_glue.cpp).
#pragma once
#include "generator/workload_rtl/system_plan.hpp"
#include "hw/module.hpp"

namespace bitloom::workload_rtl::system {

// The buffer banks' port wiring: bank<b>_wr_* from the writers ld_wr_* (the loader, when
// there is one) and cc_wr_* (the core), decoded by the global address's bank bit and
// arbitrated; bank<b>_rd_addr / _rd_pitch from the core's A (bank 0) and B (bank 1) reads.
void add_bank_glue(hw::Module& m, const SystemPlan& s);

}  // namespace bitloom::workload_rtl::system
