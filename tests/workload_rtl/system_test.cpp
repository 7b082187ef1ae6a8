// The generated workload top (generator/workload_rtl/system.hpp) runs a whole workload
// from DRAM to DRAM against the DRAM model: inputs are written where the documented
// layout puts them, everything else is the canary; start is pulsed once and the test
// waits for done. Expected, from the spec and the golden model alone:
// - every output and every tensor kept in DRAM equals the golden model byte for byte,
//   with the rows' padding bytes 0; inputs unchanged; every byte outside the tensors
//   still the canary;
// - the top's byte counters = the DRAM model's counts = the schedule's bytes, exactly;
// - the DRAM port rules hold (tb/dram_port.hpp);
// - a watchdog fails the run when neither DRAM nor a buffer bank moves for 10^4 cycles;
// - a second start gives the same bytes and cycles; a reset in the middle of a run and
//   a full run after it give the same bytes and counters as a run from reset.
// Five seeds with fixed DRAM timing, five with random latency and dropped readies.
// Reads and writes share one DRAM data bus, as in both performance models. The cycles of
// the first run are printed per phase next to both models; for the encoder block they
// must be within 2 % in total and 5 % (or 64 cycles) per phase of the SystemC model. The
// mutant tops, each with one planted bug, are in mutant_test.cpp.
#include "Vattn_i_top.h"
#include "Vattn_top.h"
#include "Vchain_top.h"
#include "Vchain2_top.h"
#include "Venc1_i_top.h"
#include "Venc1_top.h"
#include "Venc2_i_top.h"
#include "Venc2_top.h"
#include "Vgelu_pair_top.h"
#include "Vhalf_beat_i_top.h"
#include "Vhalf_beat_top.h"
#include "Vodd2_i_top.h"
#include "Vodd2_top.h"
#include "Vproj_top.h"
#include "Vproj2_top.h"
#include "Vsplit_top.h"
#include "Vtrio_top.h"
#include "Vtwin_i_top.h"
#include "Vtwin_top.h"
#include "tests/workload_rtl/system_harness.hpp"

using namespace bitloom::system_test;

TEST(WorkloadSystem, ChainSequentialMatchesTheGoldenModel) { expect_golden<Vchain_top>(0); }
TEST(WorkloadSystem, ProjSequentialStreamsAThroughTheRing) { expect_golden<Vproj_top>(1); }
TEST(WorkloadSystem, AttnSequentialRunsTheSoftmaxBetweenBanks) { expect_golden<Vattn_top>(2); }
TEST(WorkloadSystem, EncoderBlockOnOneCoreMatchesTheGoldenModelAndTheCycles) { expect_golden<Venc1_top>(3, true); }
TEST(WorkloadSystem, ChainOnTwoCoresForksThePanelsAndSharesTheWriteChannel) { expect_golden<Vchain2_top>(4); }
TEST(WorkloadSystem, ProjOnTwoCoresSharesTheARing) { expect_golden<Vproj2_top>(5); }
TEST(WorkloadSystem, EncTinyOnItsTwoCoresMatchesTheGoldenModelAndTheCycles) { expect_golden<Venc2_top>(6, true); }
TEST(WorkloadSystem, OddEncoderOnTwoCoresMatchesTheGoldenModelAndTheCycles) { expect_golden<Vodd2_top>(7, true); }
TEST(WorkloadSystem, RunsAgainAndAfterAResetInTheMiddle) { expect_rerun_and_reset<Vproj_top>(1); }
TEST(WorkloadSystem, TwoCoresRunAgainAndAfterAResetInTheMiddle) { expect_rerun_and_reset<Vchain2_top>(4); }
TEST(WorkloadSystem, AddReadsBothInputsFromOneBankOnTwoPorts) { expect_golden<Vtwin_top>(8); }
TEST(WorkloadSystem, ThreeTasksOfAPhaseRunAtOnce) { expect_golden<Vtrio_top>(9); }
TEST(WorkloadSystem, AttnIntarStreamsSThroughABlockFifoToTheSoftmax) { expect_golden<Vattn_i_top>(10); }
TEST(WorkloadSystem, TwinIntarKeepsXAsItStreamsAndPrefetches) { expect_golden<Vtwin_i_top>(11); }
TEST(WorkloadSystem, EncoderBlockIntarOnOneCorePipelinesThroughFifosWithinTheCycles) {
  expect_golden<Venc1_i_top>(12, true);
}
TEST(WorkloadSystem, EncTinyIntarOnItsTwoCoresMatchesTheGoldenModelAndTheCycles) { expect_golden<Venc2_i_top>(13, true); }
TEST(WorkloadSystem, OddEncoderIntarOnTwoCoresMatchesTheGoldenModelAndTheCycles) { expect_golden<Vodd2_i_top>(14, true); }
// Printed, not required: 4 % above the SystemC model, which leaves out fixed costs that
// weigh at 1,249 cycles: x's load, the controller's RUNs, the drain (docs/workload_hardware.md).
TEST(WorkloadSystem, TwoCoresSplitTheColumnTilesOnBeatsOfTwoWords) { expect_golden<Vsplit_top>(15); }
// Rows narrower than a DRAM beat: B panel rows read as their beats, result rows written
// with strobes (the DRAM model writes and counts only the strobed bytes).
TEST(WorkloadSystem, PanelAndResultRowsOfHalfABeat) { expect_golden<Vhalf_beat_top>(16); }
TEST(WorkloadSystem, PanelAndResultRowsOfHalfABeatIntar) { expect_golden<Vhalf_beat_i_top>(17); }
TEST(WorkloadSystem, TwoGeluUnitsRunTwoTasksAtOnce) { expect_golden<Vgelu_pair_top>(18); }
