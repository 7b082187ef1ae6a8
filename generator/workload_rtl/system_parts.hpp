// The workload top's bank glue (system_glue.cpp).
#pragma once
#include <string>
#include <vector>

#include "generator/workload_rtl/system_plan.hpp"
#include "hw/module.hpp"

namespace bitloom::workload_rtl::system {

enum class Slices { kRows, kColumns, kEither };

// A unit's read port on the banks: nets <net>_en, _addr (a global word address), _rot,
// _data; column readers also _pitch, and kEither readers _column (1: a column slice).
struct BankReader {
  std::string net;
  int bank = -1;  // the bank it always reads; -1: the address's bank bit says
  Slices slices = Slices::kRows;
  int port = 0;   // the banks' read port it uses (core u: port u; an SFU's input i: SfuPlan::port + i)
};

// Each bank's ports: bank<b>_wr_* from the writers <w>_wr_valid/_addr/_rot/_data (ready
// back on <w>_wr_ready), round robin among those whose address selects the bank;
// bank<b>_rd<p>_* from the readers of port p (one at a time: the plan never has two
// read a port in one phase), each reader's data from the bank it asked.
// The `first` writers go before the others (the loader: a ring block it fills late holds
// up every core). Bank b has read_ports(s, readers)[b] ports. Returns the read ports'
// data nets that no reader uses.
std::vector<std::string> add_bank_glue(hw::Module& m, const SystemPlan& s, const std::vector<BankReader>& readers,
                                       const std::vector<std::string>& writers, const std::vector<std::string>& first);

// A Verilog condition true during any of `phases` (the controller's phase count).
std::string in_phases(const std::vector<int>& phases);

// Per bank: its read ports, one past the highest port of a reader that may read it (on
// flops every port is a full read mux, so a bank no SFU reads keeps the cores' ports).
std::vector<int> read_ports(const SystemPlan& s, const std::vector<BankReader>& readers);

// Round-robin grants (Verilog expressions) among the requests `reqs`, `last` the register
// holding the index granted last: request i is granted when no request of its class
// asks between the last one granted and i. Requests marked `first` go before all others.
std::vector<std::string> round_robin_grants(const std::vector<std::string>& reqs, const std::string& last,
                                            const std::vector<bool>& first);

}  // namespace bitloom::workload_rtl::system
