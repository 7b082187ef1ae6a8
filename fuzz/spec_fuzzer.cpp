// libFuzzer target over spec loading and validation (`bitloom validate`): any input
// must either load and build, or be refused with a SpecError. Anything else (another
// exception, a crash, a sanitizer report, a hang, a leak) is a finding.
//
// Nonlinear units with wide formats take seconds to build under the sanitizers (their
// tables are fitted over up to 2^24 codes); the fuzzer loads and validates their specs
// but builds only those with inputs and outputs of at most 12 bits, so it spends its
// time on many inputs. The wide ones are built by the unit tests.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "generator/design.hpp"
#include "generator/spec.hpp"
#include "generator/spec_error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const bitloom::Spec spec = bitloom::load_spec_text(text, "fuzz.yaml");
    const auto& n = spec.nonlinear;
    const bool wide = spec.kind != bitloom::BlockKind::kGemm && (n.x.width > 12 || n.y.width > 12);
    if (!wide) bitloom::build_design(spec);
  } catch (const bitloom::SpecError&) {
    // A refused spec: the expected outcome for most inputs.
  } catch (const std::exception& e) {
    std::fprintf(stderr, "not a SpecError: %s\n", e.what());
    std::abort();
  }
  return 0;
}
