// The files `bitloom generate` writes for a workload: rtl/<module>.v (each with the
// spec's name and hash), manifest.json (compile order, the top's ports, the DRAM layout
// a driver must fill, the controller program, the schedule's bytes and cycles).
#pragma once
#include "generator/emit.hpp"
#include "generator/workload/scheduler.hpp"
#include "generator/workload_rtl/system.hpp"

namespace bitloom::workload_rtl {

FileSet render_workload(const workload::Workload& w, const workload::Scheduled& s, const SystemRtl& r);

}  // namespace bitloom::workload_rtl
