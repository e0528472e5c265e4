#!/usr/bin/env bash
# Partition move time against partition size (issue 5): Apache Kafka (three KRaft brokers from the Maven Central
# jars) and Floe (three brokers on one catalog PostgreSQL and one S3 API server), one after the other on this
# machine. For each size a single-partition topic (replication factor 1) is filled with the same load generator
# and moved to another broker with the Admin API's alterPartitionReassignments; timed until the reassignment is
# complete and a produce is acknowledged by the new owner. Prints both and the Kafka/Floe ratio per size, and
# writes bench/results/. Run on purpose; ./test never runs it. See bench/README.md.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/move.sh [options]
  --sizes LIST       partition sizes, comma-separated, M = MiB, G = GiB (default 100M,1G,5G)
  --only kafka|floe  run one system only
  --fill-seconds S   time limit of each fill (default 120 + 1 s per 4 MiB)
  --move-limit S     longest wait for one move (default 1800)
  --settle S         pause between the end of the fill and the move (default 10)
  --no-build         use the jars already built
  --keep             keep the work directory (logs; the data of each size is always removed)
environment: BENCH_HEAP (heap of every broker JVM, default 1g)
EOF
}

. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/clusters.sh"
SIZES=100M,1G,5G ONLY="" FILL_SECONDS="" MOVE_LIMIT=1800 SETTLE=10 BUILD=true
ARGS_TEXT="$*"
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) SIZES="${2:-}"; shift 2 ;;
    --only) ONLY="${2:-}"; shift 2 ;;
    --fill-seconds) FILL_SECONDS="${2:-}"; shift 2 ;;
    --move-limit) MOVE_LIMIT="${2:-}"; shift 2 ;;
    --settle) SETTLE="${2:-}"; shift 2 ;;
    --no-build) BUILD=false; shift ;;
    --keep) KEEP=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 64 ;;
  esac
done
case "$ONLY" in ""|kafka|floe) ;; *) echo "--only takes kafka or floe" >&2; exit 64 ;; esac
[ -z "$FILL_SECONDS" ] || require_whole --fill-seconds "$FILL_SECONDS" 1
require_whole --move-limit "$MOVE_LIMIT" 1
require_whole --settle "$SETTLE" 0
SIZE_MIB=()
for size in ${SIZES//,/ }; do
  case "$size" in
    *[0-9]M) SIZE_MIB+=("${size%M}") ;;
    *[0-9]G) SIZE_MIB+=("$((${size%G} * 1024))") ;;
    *) echo "--sizes: '$size' is not a whole number followed by M or G" >&2; exit 64 ;;
  esac
  require_whole "--sizes ($size)" "${SIZE_MIB[-1]}" 1
done
[ "${#SIZE_MIB[@]}" -gt 0 ] || { echo "--sizes is empty" >&2; exit 64; }
SYSTEMS=()
[ "$ONLY" = floe ] || SYSTEMS+=(kafka)
[ "$ONLY" = kafka ] || SYSTEMS+=(floe)

cd "$ROOT"
if $BUILD; then
  if [ "$ONLY" = kafka ]; then build; else build product; fi
fi
make_work_dir move
trap 'cluster_stop; stop_started; stop_leftovers; remove_work_dir' EXIT
MACHINE="$(machine)"

label() { local mib="$1"; if [ $((mib % 1024)) = 0 ]; then echo "$((mib / 1024)) GiB"; else echo "$mib MiB"; fi; }

# Results by "<system>.<size MiB>": the move's RESULT line, the fill's, or why there is none.
declare -A MOVE FILL NOTE

# One size on one system: a fresh cluster, the API check, the fill, the move, then everything is removed.
measure() { # system mib
  local system="$1" mib="$2" topic="move-${2}m" records=$(($2 * 1024)) limit line rc need
  limit="${FILL_SECONDS:-$((120 + mib / 4))}"
  # Kafka holds the partition twice while it copies; Floe once in the bucket, plus WALs and the catalog.
  need=$((mib * 11 / 10 + 2048))
  [ "$system" != kafka ] || need=$((need + mib * 11 / 10))
  [ "$(free_mib)" -ge "$need" ] \
    || die "$(label "$mib") on $system needs about $need MiB free under $WORK, there are $(free_mib) MiB"
  log "== $system, $(label "$mib") =="
  "${system}_cluster_start" "$system-${mib}m"
  log "$system ready at $BOOTSTRAP"
  set +e
  java -Xmx256m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.org.apache.kafka=error \
    -cp "$ELASTIC_CP" dev.floe.bench.elastic.Elastic reassign-check --bootstrap "$BOOTSTRAP" --topic "$topic"
  rc=$?
  set -e
  if [ "$rc" = 3 ]; then
    NOTE[$system.$mib]="not measured: the broker does not advertise the reassignment APIs (keys 45/46)"
    UNSUPPORTED+=("$system")
    cluster_stop
    return
  fi
  [ "$rc" = 0 ] || die "$system: the reassignment check failed (exit status $rc)"

  log "$system: filling $topic with $records records of 1 KiB (limit $limit s)"
  line="$(java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$LOADGEN_CP" dev.floe.bench.LoadGen produce \
    --bootstrap "$BOOTSTRAP" --topic "$topic" --partitions 1 --records "$records" --warmup 0 --seconds "$limit" \
    --label fill | grep '^RESULT ' | tail -n 1 || true)"
  [ -n "$line" ] || die "$system: the fill failed (its error is above)"
  FILL[$system.$mib]="$line"
  log "$system fill: ${line#RESULT }"
  [ "$(field "$line" records)" = "$records" ] && [ "$(field "$line" errors)" = 0 ] \
    || die "$system: the fill acknowledged $(field "$line" records) of $records records; no move of a partial fill"
  sleep "$SETTLE"

  line="$(java -Xmx256m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.org.apache.kafka=error \
    -cp "$ELASTIC_CP" dev.floe.bench.elastic.Elastic move --bootstrap "$BOOTSTRAP" --topic "$topic" \
    --seconds "$MOVE_LIMIT" --label "$system-${mib}m" | grep '^RESULT ' | tail -n 1 || true)"
  if [ -n "$line" ]; then
    MOVE[$system.$mib]="$line"
    log "$system move: ${line#RESULT }"
  else
    NOTE[$system.$mib]="the move did not complete (see the error above)"
  fi
  cluster_stop
}

UNSUPPORTED=()
for mib in "${SIZE_MIB[@]}"; do
  for system in "${SYSTEMS[@]}"; do
    if [[ " ${UNSUPPORTED[*]} " == *" $system "* ]]; then
      NOTE[$system.$mib]="not measured: the broker does not advertise the reassignment APIs (keys 45/46)"
    else
      measure "$system" "$mib"
    fi
  done
done

cell() { # system mib field
  local line="${MOVE[$1.$2]:-}"
  if [ -n "$line" ]; then seconds "$(field "$line" "$3")"; else echo "–"; fi
}

ratio() { # kafka-ms floe-ms
  [ "${1:--}" != "-" ] && [ "${2:--}" != "-" ] && awk -v k="$1" -v f="$2" 'BEGIN { if (f > 0) printf "%.1f×", k / f; else print "–" }' \
    || echo "–"
}

table() {
  echo "| partition size | Kafka: move s | Floe: move s | Kafka/Floe |"
  echo "|---|---:|---:|---:|"
  local mib k f
  for mib in "${SIZE_MIB[@]}"; do
    k="$(field "${MOVE[kafka.$mib]:-RESULT}" writable_ms)"; f="$(field "${MOVE[floe.$mib]:-RESULT}" writable_ms)"
    printf '| %s | %s | %s | %s |\n' "$(label "$mib")" "$(cell kafka "$mib" writable_ms)" "$(cell floe "$mib" writable_ms)" \
      "$(ratio "$k" "$f")"
  done
}

details() {
  echo "| system | size | fill MiB/s | call accepted s | reassignment complete s | produce acknowledged s | listed in progress | log continues | leader afterwards (target) | note |"
  echo "|---|---|---:|---:|---:|---:|---|---|---|---|"
  local mib system move
  for mib in "${SIZE_MIB[@]}"; do
    for system in "${SYSTEMS[@]}"; do
      move="${MOVE[$system.$mib]:-RESULT}"
      printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s (%s) | %s |\n' "$system" "$(label "$mib")" \
        "$(field "${FILL[$system.$mib]:-RESULT}" mib_per_s)" "$(cell "$system" "$mib" accepted_ms)" \
        "$(cell "$system" "$mib" complete_ms)" "$(cell "$system" "$mib" writable_ms)" \
        "$(field "$move" listed_in_progress)" "$(field "$move" offset_continues)" "$(field "$move" leader_after)" \
        "$(field "$move" target)" "${NOTE[$system.$mib]:-}"
    done
  done
}

targets() {
  local mib f worst="" big="${SIZE_MIB[-1]}"
  for mib in "${SIZE_MIB[@]}"; do
    f="$(field "${MOVE[floe.$mib]:-RESULT}" writable_ms)"
    [ "$f" = "-" ] || worst="$(awk -v a="${worst:-0}" -v b="$f" 'BEGIN { print (b > a ? b : a) }')"
  done
  if [ -n "$worst" ]; then
    awk -v w="$worst" 'BEGIN { printf "Target (issue 5): a partition move ≤ 2 s at every size — slowest Floe move %.1f s: %s.\n",
      w / 1000, (w <= 2000 ? "met" : "not met") }'
  else
    echo "Target (issue 5): a partition move ≤ 2 s at every size — not measured (no Floe move)."
  fi
  local k f5
  k="$(field "${MOVE[kafka.$big]:-RESULT}" writable_ms)"; f5="$(field "${MOVE[floe.$big]:-RESULT}" writable_ms)"
  if [ "$big" = 5120 ] && [ "$k" != "-" ] && [ "$f5" != "-" ]; then
    awk -v k="$k" -v f="$f5" 'BEGIN { printf "Target (issue 5): Kafka/Floe ≥ 50× for a 5 GiB move — %.1f×: %s.\n", k / f,
      (k / f >= 50 ? "met" : "not met") }'
  else
    echo "Target (issue 5): Kafka/Floe ≥ 50× for a 5 GiB move — not measured in this run."
  fi
}

STAMP="$(date -u +%Y-%m-%dT%H%M%SZ)"
RESULT_FILE="$ROOT/bench/results/move-$STAMP.md"
mkdir -p "$ROOT/bench/results"
{
  echo "# Partition move benchmark, $STAMP"
  echo
  echo "Command: \`bench/move.sh${ARGS_TEXT:+ $ARGS_TEXT}\` (BENCH_HEAP=$HEAP)"
  echo
  echo "Machine: $MACHINE. Apache Kafka $KAFKA_VERSION; Floe at $(revision)."
  echo
  echo "Setup: three brokers per system, one system at a time, a fresh cluster per size. Kafka: KRaft combined" \
    "mode, defaults (no replication throttle). Floe: three brokers on one catalog PostgreSQL and one S3Proxy," \
    "broker defaults. A single-partition topic (replication factor 1) is filled with loadgen (1 KiB records," \
    "acks=all, idempotent), then moved from its leader to the broker with the lowest other id with" \
    "Admin.alterPartitionReassignments. Time: from the call until listPartitionReassignments no longer lists" \
    "the partition and Metadata names the target as leader and only replica, then until a produce to the" \
    "partition (a producer that was connected before the move) is acknowledged."
  echo
  table
  echo
  targets
  echo
  details
  echo
  echo "Raw results:"
  echo
  echo '```'
  for mib in "${SIZE_MIB[@]}"; do
    for system in "${SYSTEMS[@]}"; do
      [ -z "${FILL[$system.$mib]:-}" ] || echo "$system $mib MiB ${FILL[$system.$mib]}"
      [ -z "${MOVE[$system.$mib]:-}" ] || echo "$system $mib MiB ${MOVE[$system.$mib]}"
      [ -z "${NOTE[$system.$mib]:-}" ] || echo "$system $mib MiB: ${NOTE[$system.$mib]}"
    done
  done
  echo '```'
} >"$RESULT_FILE"

echo
table
echo
targets
echo
details
log "written to ${RESULT_FILE#"$ROOT"/}"
if [ "${#UNSUPPORTED[@]}" -gt 0 ]; then
  log "not measured on ${UNSUPPORTED[*]}: its broker does not advertise AlterPartitionReassignments (API key 45) and" \
    "ListPartitionReassignments (46), which the move uses (see the message above)"
  exit 3
fi
