#!/usr/bin/env bash
# Runs `npm test` several times in a row while a busy loop keeps one CPU core fully occupied, and fails
# when any run fails or takes longer than the limit. Checks that the suite holds on a busy machine.
#
#   scripts/suite-under-load.sh                 # 3 runs, 6 minutes each at most
#   RUNS=1 LIMIT_SECONDS=120 scripts/suite-under-load.sh test/unit   # arguments go to vitest
#
# Each run's output is kept in a log file (its path is printed). The busy loop is bounded in time and
# killed at the end, whatever happens.
set -u

RUNS="${RUNS:-3}"
LIMIT_SECONDS="${LIMIT_SECONDS:-360}"
LOG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/suite-under-load.XXXXXX")"

# One core busy for at most the whole check plus a margin, even if this script is killed with -9.
timeout "$((RUNS * LIMIT_SECONDS + 120))" sh -c 'while :; do :; done' &
BUSY_PID=$!
trap 'kill "$BUSY_PID" 2>/dev/null; wait "$BUSY_PID" 2>/dev/null' EXIT

echo "suite under load: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, busy loop pid $BUSY_PID, node $(node --version)"
echo "runs: $RUNS, limit: ${LIMIT_SECONDS} s each, logs: $LOG_DIR"

failed=0
for run in $(seq 1 "$RUNS"); do
  log="$LOG_DIR/run-$run.log"
  started=$(date +%s)
  # The limit ends a run that is too slow, so a hang cannot stall the check.
  timeout --kill-after=30 "$LIMIT_SECONDS" npm test -- "$@" >"$log" 2>&1
  status=$?
  seconds=$(($(date +%s) - started))
  if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    verdict="FAILED (took longer than ${LIMIT_SECONDS} s)"
  elif [ "$status" -ne 0 ]; then
    verdict="FAILED (exit $status)"
  elif [ "$seconds" -gt "$LIMIT_SECONDS" ]; then
    verdict="FAILED (took longer than ${LIMIT_SECONDS} s)"
  else
    verdict="passed"
  fi
  summary=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^ +(Test Files|Tests) ' | tr -s ' ' | paste -sd ';' -)
  echo "run $run: $verdict in ${seconds} s —${summary:- no vitest summary} (log: $log)"
  [ "$verdict" = "passed" ] || failed=1
done

if [ "$failed" -ne 0 ]; then
  echo "suite under load: FAILED"
  exit 1
fi
echo "suite under load: all $RUNS runs passed within ${LIMIT_SECONDS} s"
