#!/usr/bin/env bash
# Scale-out (issue 5): the whole product runs on this machine (control plane, agent with the local provider, a
# cluster) under a temporary directory on free ports; a topic holding data takes light idempotent load while the
# cluster is scaled out through the control plane's API and back in, a few times. Per scale-out: the time from
# the API call to a balanced cluster, with the new brokers' process start-up reported apart. Writes
# bench/results/. Run on purpose; ./test never runs it. See bench/README.md.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/scale.sh [options]
  --from N           brokers before each scale-out, and after each scale-in (default 3)
  --to N             brokers after each scale-out (default 6)
  --repeats N        scale-outs, each followed by a scale-in (default 3)
  --partitions P     partitions of the benchmark topic (default 48)
  --prefill-mib M    data written to the topic before the first scale-out (default 256)
  --rate R           records/s of the light load during the run (default 200; 1 KiB records)
  --limit S          longest wait for one scale operation to end balanced (default 600)
  --wal-gib G        WAL volume size of each broker (default 1)
  --no-build         use the jars already built
  --keep             keep the work directory (logs, catalog, bucket)
EOF
}

. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/stack.sh"
FROM=3 TO=6 REPEATS=3 PARTITIONS=48 PREFILL_MIB=256 RATE=200 LIMIT=600 WAL_GIB=1 BUILD=true
ARGS_TEXT="$*"
while [ $# -gt 0 ]; do
  case "$1" in
    --from) FROM="${2:-}"; shift 2 ;;
    --to) TO="${2:-}"; shift 2 ;;
    --repeats) REPEATS="${2:-}"; shift 2 ;;
    --partitions) PARTITIONS="${2:-}"; shift 2 ;;
    --prefill-mib) PREFILL_MIB="${2:-}"; shift 2 ;;
    --rate) RATE="${2:-}"; shift 2 ;;
    --limit) LIMIT="${2:-}"; shift 2 ;;
    --wal-gib) WAL_GIB="${2:-}"; shift 2 ;;
    --no-build) BUILD=false; shift ;;
    --keep) KEEP=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 64 ;;
  esac
done
require_whole --from "$FROM" 3   # the standard tier asks for 3 brokers at least
require_whole --to "$TO" 1
[ "$TO" -gt "$FROM" ] && [ "$TO" -le 100 ] || { echo "--to must be above --from and at most 100" >&2; exit 64; }
require_whole --repeats "$REPEATS" 1; [ "$REPEATS" -le 20 ] || { echo "--repeats is at most 20" >&2; exit 64; }
require_whole --partitions "$PARTITIONS" 1
require_whole --prefill-mib "$PREFILL_MIB" 0
require_whole --rate "$RATE" 1
require_whole --limit "$LIMIT" 1
require_whole --wal-gib "$WAL_GIB" 1
command -v jq >/dev/null || { echo "jq is required (apt-get install jq)" >&2; exit 1; }

cd "$ROOT"
if $BUILD; then build product; fi
make_work_dir scale
trap 'stack_stop; remove_work_dir' EXIT
MACHINE="$(machine)"

stack_start "$FROM" "$WAL_GIB"
TOPIC=bench-scale
if [ "$PREFILL_MIB" -gt 0 ]; then
  log "prefill: $PREFILL_MIB MiB over $PARTITIONS partitions"
  PREFILL="$(java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$LOADGEN_CP" dev.floe.bench.LoadGen produce \
    --bootstrap "$BOOTSTRAP" --topic "$TOPIC" --partitions "$PARTITIONS" --records "$((PREFILL_MIB * 1024))" --warmup 0 \
    --seconds "$((120 + PREFILL_MIB))" --label prefill | grep '^RESULT ' | tail -n 1 || true)"
  [ -n "$PREFILL" ] || die "the prefill failed (its error is above)"
  log "prefill: ${PREFILL#RESULT }"
  [ "$(field "$PREFILL" errors)" = 0 ] || die "the prefill lost records; no measurement on a partial topic"
fi

log "measuring: $REPEATS × scale $FROM → $TO → $FROM under $RATE records/s"
RESULTS="$WORK/results.txt"
set +e
java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.org.apache.kafka=error \
  -cp "$ELASTIC_CP" dev.floe.bench.elastic.Elastic scale --api-url "$API_URL" --client-id "$CLIENT_ID" \
  --client-secret-file "$SECRET_FILE" --cluster "$CLUSTER_ID" --catalog-url "$CATALOG_URL" --state-dir "$AGENT_STATE" \
  --bootstrap "$BOOTSTRAP" --topic "$TOPIC" --partitions "$PARTITIONS" --from "$FROM" --to "$TO" \
  --repeats "$REPEATS" --rate "$RATE" --limit "$LIMIT" | tee "$RESULTS" | grep --line-buffered '^RESULT ' >&2
STATUS=${PIPESTATUS[0]}
set -e
mapfile -t OUT_LINES < <(grep '^RESULT kind=scale direction=out ' "$RESULTS" || true)
mapfile -t IN_LINES < <(grep '^RESULT kind=scale direction=in ' "$RESULTS" || true)
LOAD_LINE="$(grep '^RESULT kind=scale-load ' "$RESULTS" || true)"
[ "${#OUT_LINES[@]}" -gt 0 ] || die "no scale-out was measured (exit status $STATUS); logs: $(stack_logs)"

column() { # field lines...
  local name="$1" line; shift
  for line in "$@"; do field "$line" "$name"; done
}

summary_row() { # label field lines...
  local label="$1" name="$2" mm; shift 2
  read -r -a mm <<<"$(median_max $(column "$name" "$@"))"
  printf '| %s | %s | %s |\n' "$label" "$(seconds "${mm[0]}")" "$(seconds "${mm[1]}")"
}

summary_table() {
  echo "| scale $FROM → $TO, ${#OUT_LINES[@]} time(s) | median s | max s |"
  echo "|---|---:|---:|"
  summary_row "API call → balanced (total; clients' Metadata agrees)" total_ms "${OUT_LINES[@]}"
  summary_row "API call → balanced in the catalog" catalog_balanced_ms "${OUT_LINES[@]}"
  summary_row "API call → first new broker launched (control plane and agent)" first_launch_ms "${OUT_LINES[@]}"
  summary_row "process start-up: launch → lease in the catalog (slowest new broker)" startup_lease_ms "${OUT_LINES[@]}"
  summary_row "process start-up: launch → accepts connections (slowest new broker)" startup_accept_ms "${OUT_LINES[@]}"
  summary_row "API call → every new broker up" all_up_ms "${OUT_LINES[@]}"
  summary_row "rebalance: last new broker up → balanced (excludes process start-up)" rebalance_ms "${OUT_LINES[@]}"
  summary_row "API call → operation SUCCEEDED" operation_ms "${OUT_LINES[@]}"
  if [ "${#IN_LINES[@]}" -gt 0 ]; then
    summary_row "scale-in $TO → $FROM: API call → balanced" total_ms "${IN_LINES[@]}"
    summary_row "scale-in $TO → $FROM: API call → operation SUCCEEDED" operation_ms "${IN_LINES[@]}"
  fi
}

runs_table() {
  echo "| rep | scale | total s | catalog balanced s | first launch s | start-up (lease) s | start-up (accepting) s | all up s | rebalance s | operation s | partitions per broker (catalog) | $TOPIC leaders per broker | status |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|"
  local line
  for line in "${OUT_LINES[@]}" "${IN_LINES[@]}"; do
    printf '| %s | %s → %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$(field "$line" rep)" \
      "$(field "$line" from)" "$(field "$line" to)" "$(seconds "$(field "$line" total_ms)")" \
      "$(seconds "$(field "$line" catalog_balanced_ms)")" \
      "$(seconds "$(field "$line" first_launch_ms)")" "$(seconds "$(field "$line" startup_lease_ms)")" \
      "$(seconds "$(field "$line" startup_accept_ms)")" "$(seconds "$(field "$line" all_up_ms)")" \
      "$(seconds "$(field "$line" rebalance_ms)")" "$(seconds "$(field "$line" operation_ms)")" \
      "$(field "$line" owners)" "$(field "$line" topic_leaders)" "$(field "$line" status)"
  done
}

STAMP="$(date -u +%Y-%m-%dT%H%M%SZ)"
RESULT_FILE="$ROOT/bench/results/scale-$STAMP.md"
mkdir -p "$ROOT/bench/results"
{
  echo "# Scale-out benchmark, $STAMP"
  echo
  echo "Command: \`bench/scale.sh${ARGS_TEXT:+ $ARGS_TEXT}\`"
  echo
  echo "Machine: $MACHINE. Floe at $(revision)."
  echo
  echo "Setup: control plane, agent (provider local) and a $FROM-broker cluster (tier standard, WAL volume $WAL_GIB GiB," \
    "broker defaults) on this machine. Topic $TOPIC: $PARTITIONS partitions, $PREFILL_MIB MiB written before the" \
    "first scale-out; one idempotent producer (acks=all) writes $RATE records/s of 1 KiB to every partition in" \
    "turn throughout. Each repetition: POST /api/v1/clusters/{id}/scale to $TO brokers, wait until balanced, then" \
    "back to $FROM. Balanced = exactly nodes 1..N serve (catalog lease live, state UP), every partition of every" \
    "topic (the internal coordinator slots included, which the balancer counts) is owned by one of them with no" \
    "hand-over pending, partition counts per broker differ by at most 1, and Metadata names the catalog's owner" \
    "as the leader of every partition of $TOPIC (clients see it). Launch = the agent's pid file of" \
    "the new broker; lease = its brokers.started_at; accepting = first TCP connection to its listener."
  echo
  summary_table
  echo
  runs_table
  echo
  [ -z "${PREFILL:-}" ] || echo "Prefill: ${PREFILL#RESULT }"
  echo "Load over the whole run: sent $(field "$LOAD_LINE" sent), acknowledged $(field "$LOAD_LINE" acknowledged)," \
    "failed $(field "$LOAD_LINE" failed) records (last error: $(field "$LOAD_LINE" last_error))."
  [ "$STATUS" = 0 ] || echo "The run stopped early (exit status $STATUS): see the status column."
  echo
  echo "Raw results:"
  echo
  echo '```'
  grep '^RESULT ' "$RESULTS"
  echo '```'
} >"$RESULT_FILE"

echo
summary_table
echo
runs_table
log "written to ${RESULT_FILE#"$ROOT"/}"
[ "$STATUS" = 0 ] || die "the run stopped early (exit status $STATUS); logs: $(stack_logs) (use --keep to keep them)"
