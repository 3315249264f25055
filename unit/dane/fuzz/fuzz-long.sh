#!/bin/sh
# Run each DANE fuzzer for longer (for `make fuzz`).
# Usage: fuzz-long.sh BUILD_DIR [SECONDS_EACH]
#   BUILD_DIR: a clang build of unit/ with -DUNIT_FUZZ=ON (the fuzzers are in
#   BUILD_DIR/dane/fuzz).  New corpus entries go to BUILD_DIR/dane/fuzz/work.
set -eu
B=$1/dane/fuzz
S=${2:-300}
HERE=$(cd "$(dirname "$0")" && pwd)
rc=0
for f in rdata names verify; do
  mkdir -p "$B/work/$f"
  echo "== fuzz_dane_$f for ${S}s"
  "$B/fuzz_dane_$f" -max_total_time="$S" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$B/work/$f-" "$B/work/$f" "$HERE/corpus/$f" || rc=1
done
exit $rc
