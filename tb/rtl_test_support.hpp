// Seeds and waveforms for Verilator GoogleTest harnesses.
//  - The base seed comes from --seed=N (default 1) and is printed; each test mixes in
//    its own name, so one test can be replayed alone with the same --seed.
//  - A failing scenario is run again with FST tracing and the waveform path printed.
#pragma once
#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace bitloom::tb {

uint64_t base_seed();
std::string trace_dir();
// Parses and removes --seed=N and --trace-dir=DIR; call before InitGoogleTest.
void parse_harness_args(int& argc, char** argv);

// The current test's seed: base seed mixed with the test's full name.
uint64_t test_seed();

// Runs `scenario(seed, trace_path)`; it returns its error messages (empty = pass).
// On failure it reruns the same seed with a waveform and reports both.
void run_scenario(const std::function<std::vector<std::string>(uint64_t, const std::string&)>& scenario);

}  // namespace bitloom::tb
