// The design under test's Verilator model. Each generated top is verilated with its own
// prefix (V<top>, passed as BITLOOM_DUT), so models of several blocks can share one
// binary; a single-block harness calls its model Vdut.
#pragma once

#ifndef BITLOOM_DUT
#error "BITLOOM_DUT names the Verilator model class (V<top>); bitloom's harness build defines it"
#endif
#define BITLOOM_STRINGIFY_(x) #x
#define BITLOOM_STRINGIFY(x) BITLOOM_STRINGIFY_(x)
#include BITLOOM_STRINGIFY(BITLOOM_DUT.h)

using Vdut = BITLOOM_DUT;
