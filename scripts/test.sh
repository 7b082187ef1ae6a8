#!/usr/bin/env bash
# README command 2: install what is missing, build, and run the test suite.
# Default: every label but `slow` (unit, rtl, synth, fuzz, slurm: the slurm test brings up
# a single-node cluster on this machine with scripts/slurm-local.sh, as root). Pass ctest arguments to change it,
# e.g. scripts/test.sh -L slow.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
if [ $# -eq 0 ]; then set -- -LE slow; fi
ctest --test-dir build -j "$(nproc)" --output-on-failure "$@"
