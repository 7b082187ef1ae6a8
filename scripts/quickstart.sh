#!/usr/bin/env bash
# README command 1: on a fresh Debian machine, install what is missing, build, and run
# the whole flow (generate, lint, Verilator regression, Yosys area) on the default spec.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
build/bitloom flow "${1:-examples/gemm_os_mac_4x4.yaml}"
