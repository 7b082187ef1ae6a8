#!/usr/bin/env bash
# Generates SPEC into DIR, replacing DIR and touching DIR.stamp only when some generated
# file differs, so that what is built from DIR is rebuilt only then.
# usage: generate_if_changed.sh BITLOOM SPEC DIR
set -euo pipefail
bitloom=$1 spec=$2 dir=$3
rm -rf "$dir.new"
"$bitloom" generate "$spec" -o "$dir.new" >/dev/null
if [ -d "$dir" ] && [ -e "$dir.stamp" ] && diff -rq "$dir" "$dir.new" >/dev/null; then
  rm -rf "$dir.new"
else
  rm -rf "$dir"
  mv "$dir.new" "$dir"
  touch "$dir.stamp"
fi
