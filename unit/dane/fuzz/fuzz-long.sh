#!/bin/sh
# The long fuzzing run (`make fuzz`), issue 9 item 13: the TLSA RDATA, names
# and event-raise targets for FUZZ_RUNS executions each (default 10 million),
# the verify target (about 1,000 executions a second under ASan) for
# FUZZ_VERIFY_SECONDS (default 3600) with -jobs=2.  All under ASan+UBSan.
# Usage: fuzz-long.sh BUILD_DIR
#   BUILD_DIR: a clang build of unit/ with -DUNIT_FUZZ=ON.  New corpus entries
#   go to BUILD_DIR/fuzz-work/TARGET, crashing inputs to
#   BUILD_DIR/fuzz-work/TARGET-crash-*; keep those as regression vectors.
# Prints one line per target: executions, new corpus entries, findings.
# Exits 1 if any target found anything.
set -eu
B=$(cd "$1" && pwd)
RUNS=${FUZZ_RUNS:-10000000}
VSECS=${FUZZ_VERIFY_SECONDS:-3600}
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../../.." && pwd)
W=$B/fuzz-work
rc=0
summary=

runs_of() {  # LOG...: sum of "Done N runs" (one per job)
  cat "$@" 2>/dev/null | sed -n 's/^Done \([0-9]*\) runs.*/\1/p' | awk '{s+=$1} END {print s+0}'
}
finish() {  # NAME STATUS LOG...
  n=$1 st=$2; shift 2
  ex=$(runs_of "$@")
  found=$(ls "$W/$n"-crash-* "$W/$n"-leak-* "$W/$n"-timeout-* "$W/$n"-oom-* 2>/dev/null | wc -l)
  [ "$st" = 0 ] && [ "$found" = 0 ] || rc=1
  summary="$summary$(printf '%-18s %12s executions  %4s findings  exit %s' "$n" "$ex" "$found" "$st")
"
}

one() {  # NAME BINARY SEEDDIR
  n=$1 bin=$2 seed=$3
  mkdir -p "$W/$n"
  echo "== $n: $RUNS executions"
  st=0
  "$bin" -runs="$RUNS" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$W/$n-" "$W/$n" ${seed:+"$seed"} > "$W/$n.log" 2>&1 || st=$?
  tail -n 3 "$W/$n.log"
  finish "$n" "$st" "$W/$n.log"
}

one rdata "$B/dane/fuzz/fuzz_dane_rdata" "$HERE/corpus/rdata"
one names "$B/dane/fuzz/fuzz_dane_names" "$HERE/corpus/names"
one event_raise "$B/event/fuzz/fuzz_event_raise" ""

n=verify
mkdir -p "$W/$n"
echo "== $n: ${VSECS}s, -jobs=2"
rm -f "$W"/fuzz-*.log
st=0
(cd "$W" && "$B/dane/fuzz/fuzz_dane_verify" -jobs=2 -workers=2 \
   -max_total_time="$VSECS" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
   -artifact_prefix="$W/$n-" "$W/$n" "$HERE/corpus/verify") > "$W/$n.log" 2>&1 || st=$?
finish "$n" "$st" "$W"/fuzz-*.log

echo "== summary (commit $(git -C "$TOP" rev-parse --short HEAD 2>/dev/null || echo ?))"
printf '%s' "$summary"
exit $rc
