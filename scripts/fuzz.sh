#!/usr/bin/env bash
# Fuzzes spec loading and validation with libFuzzer (clang; address and undefined-
# behaviour sanitizers). usage: scripts/fuzz.sh [SECONDS] [libFuzzer options...]
# The seed corpus is every spec in examples/, tests/ and bench/; findings (crash-*,
# timeout-*, leak-*) land in build/fuzz/findings. Default 60 s; see README for longer runs.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
command -v clang++ >/dev/null || { echo "fuzz: clang++ is missing (scripts/install-deps.sh installs it)"; exit 1; }
cmake -S fuzz -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/fuzz >/dev/null
corpus=build/fuzz/corpus
mkdir -p "$corpus" build/fuzz/findings
# Seeds: every spec the project ships (bad ones included), copied so libFuzzer may add to them.
find examples tests bench fuzz/seeds -name '*.yaml' -exec cp -n {} "$corpus"/ \; 2>/dev/null || true
echo "fuzz: $(ls "$corpus" | wc -l) corpus entries, ${seconds} s"
exec build/fuzz/spec_fuzzer "$corpus" -max_total_time="$seconds" -timeout=60 -rss_limit_mb=4096 \
  -max_len=4096 -artifact_prefix=build/fuzz/findings/ -print_final_stats=1 "$@"
