#!/usr/bin/env bash
# Failover RTO (issue 5): the whole product runs on this machine (control plane, agent with the local provider,
# a 3-broker cluster) under a temporary directory on free ports; idempotent producers (acks=all) write to many
# partitions while one broker after another is SIGKILLed. Per kill: the time until every partition acknowledges
# a produce again, split into the catalog's steps; median and maximum over the kills. Writes bench/results/.
# Run on purpose; ./test never runs it. See bench/README.md.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/failover.sh [options]
  --kills N          brokers SIGKILLed, one after another, each after the cluster healed (default 5)
  --brokers N        brokers of the cluster (default 3)
  --partitions P     partitions of the benchmark topic (default 48)
  --producers N      idempotent producers (acks=all) writing to every partition in turn (default 2)
  --rate R           records/s of all producers together (default 1000; 1 KiB records)
  --rto-limit S      longest wait for every partition to be writable after a kill (default 120)
  --heal-limit S     longest wait for the replacement and balanced partitions after a kill (default 240)
  --wal-gib G        WAL volume size of each broker (default 1)
  --no-build         use the jars already built
  --keep             keep the work directory (logs, catalog, bucket)
EOF
}

. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/stack.sh"
KILLS=5 BROKERS=3 PARTITIONS=48 PRODUCERS=2 RATE=1000 RTO_LIMIT=120 HEAL_LIMIT=240 WAL_GIB=1 BUILD=true
ARGS_TEXT="$*"
while [ $# -gt 0 ]; do
  case "$1" in
    --kills) KILLS="${2:-}"; shift 2 ;;
    --brokers) BROKERS="${2:-}"; shift 2 ;;
    --partitions) PARTITIONS="${2:-}"; shift 2 ;;
    --producers) PRODUCERS="${2:-}"; shift 2 ;;
    --rate) RATE="${2:-}"; shift 2 ;;
    --rto-limit) RTO_LIMIT="${2:-}"; shift 2 ;;
    --heal-limit) HEAL_LIMIT="${2:-}"; shift 2 ;;
    --wal-gib) WAL_GIB="${2:-}"; shift 2 ;;
    --no-build) BUILD=false; shift ;;
    --keep) KEEP=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 64 ;;
  esac
done
require_whole --kills "$KILLS" 1; [ "$KILLS" -le 100 ] || { echo "--kills is at most 100" >&2; exit 64; }
require_whole --brokers "$BROKERS" 2
require_whole --partitions "$PARTITIONS" 1
require_whole --producers "$PRODUCERS" 1
require_whole --rate "$RATE" 1
require_whole --rto-limit "$RTO_LIMIT" 1
require_whole --heal-limit "$HEAL_LIMIT" 1
require_whole --wal-gib "$WAL_GIB" 1
command -v jq >/dev/null || { echo "jq is required (apt-get install jq)" >&2; exit 1; }

cd "$ROOT"
if $BUILD; then build product; fi
make_work_dir failover
trap 'stack_stop; remove_work_dir' EXIT
MACHINE="$(machine)"

stack_start "$BROKERS" "$WAL_GIB"

log "measuring: $KILLS kills under $RATE records/s over $PARTITIONS partitions"
RESULTS="$WORK/results.txt"
set +e
java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.org.apache.kafka=error -cp "$ELASTIC_CP" dev.floe.bench.elastic.Elastic failover \
  --bootstrap "$BOOTSTRAP" --catalog-url "$CATALOG_URL" --state-dir "$AGENT_STATE" --cluster "$CLUSTER_ID" \
  --brokers "$BROKERS" --partitions "$PARTITIONS" --kills "$KILLS" --producers "$PRODUCERS" --rate "$RATE" \
  --rto-limit "$RTO_LIMIT" --heal-limit "$HEAL_LIMIT" | tee "$RESULTS" | grep --line-buffered '^RESULT ' >&2
STATUS=${PIPESTATUS[0]}
set -e
mapfile -t KILL_LINES < <(grep '^RESULT kind=failover ' "$RESULTS" || true)
LOAD_LINE="$(grep '^RESULT kind=failover-load ' "$RESULTS" || true)"
[ "${#KILL_LINES[@]}" -gt 0 ] || die "no failover was measured (exit status $STATUS); logs: $(stack_logs)"

column() { local line; for line in "${KILL_LINES[@]}"; do field "$line" "$1"; done; }

per_kill_table() {
  echo "| kill | node | controller | its partitions | RTO s | median of its partitions s | detection s | fenced by | volume attach s | WAL recovery s | reassignment s | clients s | healed s | status |"
  echo "|---:|---:|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|"
  local line
  for line in "${KILL_LINES[@]}"; do
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$(field "$line" kill)" \
      "$(field "$line" victim)" "$(field "$line" controller)" "$(field "$line" victim_partitions)" \
      "$(seconds "$(field "$line" rto_ms)")" "$(seconds "$(field "$line" victim_median_ms)")" \
      "$(seconds "$(field "$line" detection_ms)")" "$(field "$line" fence_reason | tr '_' ' ')" \
      "$(seconds "$(field "$line" attach_ms)")" \
      "$(seconds "$(field "$line" recovery_ms)")" "$(seconds "$(field "$line" reassign_ms)")" \
      "$(seconds "$(field "$line" client_ms)")" \
      "$(seconds "$(field "$line" healed_ms)")" "$(field "$line" status)"
  done
}

summary_row() { # label field
  local mm
  read -r -a mm <<<"$(median_max $(column "$2"))"
  printf '| %s | %s | %s |\n' "$1" "$(seconds "${mm[0]}")" "$(seconds "${mm[1]}")"
}

summary_table() {
  echo "| failover, $((${#KILL_LINES[@]})) kill(s) | median s | max s |"
  echo "|---|---:|---:|"
  summary_row "RTO: every partition accepts writes again" rto_ms
  summary_row "detection (kill → fenced)" detection_ms
  summary_row "request (fenced → WAL move requested)" request_ms
  summary_row "volume attach (requested → attached, agent)" attach_ms
  summary_row "WAL recovery (attached → recovered, target broker)" recovery_ms
  summary_row "reassignment (recovered → the killed broker owns nothing, catalog)" reassign_ms
  summary_row "clients (reassigned → last partition acknowledges a produce)" client_ms
  summary_row "the killed broker's partitions: median time writable" victim_median_ms
  summary_row "other brokers' partitions: slowest" others_max_ms
  summary_row "healed (replacement serving, partitions balanced)" healed_ms
}

target_line() {
  local mm
  read -r -a mm <<<"$(median_max $(column rto_ms))"
  if [ "${mm[1]}" = "-" ]; then echo "Target: failover RTO ≤ 5 s — not measured."; return; fi
  awk -v m="${mm[0]}" -v x="${mm[1]}" 'BEGIN {
    printf "Target (issue 5): failover RTO ≤ 5 s — median %.1f s, max %.1f s: %s.\n", m / 1000, x / 1000,
      (x <= 5000 ? "met" : (m <= 5000 ? "met by the median, not by the max" : "not met")) }'
}

STAMP="$(date -u +%Y-%m-%dT%H%M%SZ)"
RESULT_FILE="$ROOT/bench/results/failover-$STAMP.md"
mkdir -p "$ROOT/bench/results"
{
  echo "# Failover benchmark, $STAMP"
  echo
  echo "Command: \`bench/failover.sh${ARGS_TEXT:+ $ARGS_TEXT}\`"
  echo
  echo "Machine: $MACHINE. Floe at $(revision)."
  echo
  echo "Setup: control plane, agent (provider local) and a $BROKERS-broker cluster (tier standard, WAL volume $WAL_GIB GiB," \
    "broker defaults: lease 5 s) on this machine. Load: $PRODUCERS idempotent producers (acks=all, loadgen's client" \
    "settings), $RATE records/s of 1 KiB in total, each writing to all $PARTITIONS partitions in turn. Each kill" \
    "is a SIGKILL of one broker process (nodes in turn); RTO is the time from the signal until a record sent after" \
    "the process was gone is acknowledged by every partition; the split comes from the catalog (brokers.fenced_at," \
    "wal_moves.requested_at/attached_at/recovered_at). The next kill waits until the agent's replacement serves and" \
    "partitions are balanced again."
  echo
  summary_table
  echo
  target_line
  echo
  per_kill_table
  echo
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
target_line
echo
per_kill_table
log "written to ${RESULT_FILE#"$ROOT"/}"
[ "$STATUS" = 0 ] || die "the run stopped early (exit status $STATUS); logs: $(stack_logs) (use --keep to keep them)"
