#!/usr/bin/env bash
# Installs every Debian package bitloom needs to build, test and run its flows.
# Safe to run again: only missing packages are installed.
set -euo pipefail
packages=(
  cmake ninja-build g++ make ccache pkg-config
  libfmt-dev libyaml-cpp-dev nlohmann-json3-dev libssl-dev zlib1g-dev libgtest-dev libsqlite3-dev
  verilator libsystemc-dev iverilog yosys opensta qflow-tech-osu018
  clang libclang-rt-14-dev
  chromium slurm-wlm munge
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
