#!/usr/bin/env bash
# Produce and catch-up read benchmark: Floe's broker (--dev) against Apache Kafka (one KRaft broker
# from the Maven Central jars), one after the other on this machine, with the same load generator
# and client settings. Prints a side-by-side table with Floe/Kafka ratios and writes it to
# bench/results/. Run on purpose; ./test never runs it. See bench/README.md.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/produce.sh [options]
  --records N        measured records of the throughput run (default 2000000; 1 KiB each; long
                     enough that both brokers run at their steady pace: 500000 until 2026-12-01)
  --warmup N         records sent and acknowledged before measuring (default 1000000, so both
                     brokers are measured warmed up)
  --rate R           records/s of the fixed-rate latency run (default 10000; 0 skips that run); its
                     warm-up is 10 s at that rate
  --rate-records N   measured records of the fixed-rate run (default 150000)
  --partitions P     partitions of the benchmark topics (default 8)
  --seconds S        time limit of every load run (default 120)
  --only kafka|floe  run one broker only (e.g. to check the harness)
  --kafka-fsync      also run Kafka with a flush to disk after every message
  --no-build         use the jars already built
  --keep             keep the work directory (broker logs and data)
environment: BENCH_HEAP (heap of each broker JVM, default 2g)
EOF
}

RECORDS=2000000 WARMUP=1000000 RATE=10000 RATE_RECORDS=150000 PARTITIONS=8 SECONDS_LIMIT=120
ONLY="" KAFKA_FSYNC=false BUILD=true KEEP=false
ARGS_TEXT="$*"
while [ $# -gt 0 ]; do
  case "$1" in
    --records) RECORDS="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --rate) RATE="$2"; shift 2 ;;
    --rate-records) RATE_RECORDS="$2"; shift 2 ;;
    --partitions) PARTITIONS="$2"; shift 2 ;;
    --seconds) SECONDS_LIMIT="$2"; shift 2 ;;
    --only) ONLY="$2"; shift 2 ;;
    --kafka-fsync) KAFKA_FSYNC=true; shift ;;
    --no-build) BUILD=false; shift ;;
    --keep) KEEP=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 64 ;;
  esac
done
for n in "$RECORDS" "$WARMUP" "$RATE" "$RATE_RECORDS" "$PARTITIONS" "$SECONDS_LIMIT"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "not a whole number: $n" >&2; exit 64; }
done
case "$ONLY" in ""|kafka|floe) ;; *) echo "--only takes kafka or floe" >&2; exit 64 ;; esac

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
KAFKA_VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' pom.xml | head -n 1)"
HEAP="${BENCH_HEAP:-2g}"
# The same JVM flags for both brokers (Kafka's start script uses G1 with a 20 ms pause goal).
BROKER_JVM=(-Xms"$HEAP" -Xmx"$HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20)
FLOE_JAR="$ROOT/broker/target/floe-broker.jar"
KREF="$ROOT/bench/kafka-reference"
LOADGEN_CP="$ROOT/bench/loadgen/target/loadgen.jar:$ROOT/bench/loadgen/target/lib/*"

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

if $BUILD; then
  log "building the load generator and the Kafka reference (Kafka $KAFKA_VERSION)"
  ./mvnw -B -ntp -q -f bench/pom.xml -Dkafka.version="$KAFKA_VERSION" package
  if [ "$ONLY" != kafka ]; then
    log "building Floe's broker"
    ./mvnw -B -ntp -q -pl broker -am package -DskipTests
  fi
fi
[ "$ONLY" = kafka ] || [ -f "$FLOE_JAR" ] || { echo "missing $FLOE_JAR (run without --no-build)" >&2; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/floe-bench.XXXXXX")"
# A broker keeps every record of its run (about 1.1 KiB each on disk, plus Floe's WAL); a suite's data is removed
# once it is done unless --keep keeps all of them. A full disk would fail a run halfway, so check first.
SUITE_KIB=$(( (WARMUP + RECORDS + RATE_RECORDS + RATE * 10) * 11 / 10 + 512 * 1024 ))
SUITES_ON_DISK=1
if $KEEP; then SUITES_ON_DISK=3; fi
NEED_KIB=$(( SUITE_KIB * SUITES_ON_DISK + 1024 * 1024 ))
FREE_KIB="$(df -Pk "$WORK" | awk 'NR == 2 { print $4 }')"
if [ "$FREE_KIB" -lt "$NEED_KIB" ]; then
  echo "not enough free disk under $WORK: $((FREE_KIB / 1048576)) GiB free, this run needs about $((NEED_KIB / 1048576 + 1)) GiB" >&2
  rm -rf "$WORK"; exit 1
fi
if [ "$ONLY" != kafka ]; then
  # Run a copy, so a rebuild of broker/target during the run cannot swap classes under the broker.
  cp "$FLOE_JAR" "$WORK/floe-broker.jar"
  FLOE_JAR="$WORK/floe-broker.jar"
fi
BROKER_PID=""
cleanup() {
  stop_broker || true
  stop_leftovers
  if $KEEP; then log "work directory kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits until LOG has a line matching PATTERN while the broker lives; prints the line.
await_line() {
  local file="$1" pattern="$2" limit="$3" waited=0
  while [ "$waited" -lt "$limit" ]; do
    if grep -m 1 -E "$pattern" "$file" 2>/dev/null; then return 0; fi
    if ! kill -0 "$BROKER_PID" 2>/dev/null; then
      echo "broker exited before it was ready; last lines of $file:" >&2; tail -n 30 "$file" >&2; return 1
    fi
    sleep 0.5; waited=$((waited + 1))
  done
  echo "broker not ready after $((limit / 2)) s; last lines of $file:" >&2; tail -n 30 "$file" >&2
  return 1
}

# Each broker runs in its own session (setsid without a fork keeps the pid), so anything it starts
# (Floe's embedded PostgreSQL) can be stopped with it by process group.
launch() {
  local logfile="$1"; shift
  setsid "$@" >"$logfile" 2>&1 </dev/null &
  BROKER_PID=$!
}

# Graceful stop (SIGTERM, as an operator would), so Floe uploads its WAL before exiting; SIGKILL
# of the whole group only if it hangs.
stop_broker() {
  [ -n "$BROKER_PID" ] || return 0
  kill -TERM "$BROKER_PID" 2>/dev/null || true
  local waited=0
  while kill -0 "$BROKER_PID" 2>/dev/null && [ "$waited" -lt 120 ]; do sleep 0.5; waited=$((waited + 1)); done
  if kill -0 "$BROKER_PID" 2>/dev/null; then log "broker $BROKER_PID did not stop in 60 s: SIGKILL"; fi
  kill -KILL -- "-$BROKER_PID" 2>/dev/null || true
  wait "$BROKER_PID" 2>/dev/null || true
  BROKER_PID=""
}

# Floe's embedded PostgreSQL detaches from the broker; should a broker die without stopping it, it
# is found by its data directory under this run's work directory.
stop_leftovers() {
  local pid
  for pid in $(W="$WORK" ps -eo pid=,args= | W="$WORK" awk 'index($0, ENVIRON["W"]) { print $1 }'); do
    kill -TERM "$pid" 2>/dev/null || true
  done
}

# Each load run starts with the disk quiet: dirty pages a previous run left behind are written now, not while
# the next run waits on its own writes (Floe's fsyncs, Kafka's in the fsync run). Same for both brokers.
# Floe first finishes uploading what the previous run left in its WAL (up to its whole WAL after an
# unthrottled run), as Kafka's page cache is written back before its next run.
settle_disk() {
  [ "$1" != floe ] || await_uploads
  sync
}

# Floe's Prometheus metrics, or nothing while its endpoint does not answer.
floe_metrics() {
  curl -fsS "http://$FLOE_METRICS/metrics" 2>/dev/null
}

await_uploads() {
  local waited=0 left=""
  while [ "$waited" -lt 120 ]; do
    left="$(floe_metrics | awk '/^floe_wal_unuploaded_bytes/ { print int($2) }')"
    if [ "$left" = 0 ]; then return 0; fi
    sleep 0.5; waited=$((waited + 1))
  done
  log "floe still had ${left:-an unknown number of} bytes to upload after 60 s; the run starts anyway"
}

# Catch-up reads must come from storage, not from memory the previous run left warm.
drop_page_cache() {
  sync
  if [ -w /proc/sys/vm/drop_caches ] && echo 3 >/proc/sys/vm/drop_caches 2>/dev/null; then
    echo "dropped"
  else
    echo "not dropped (needs root)"
  fi
}

# Each prepare step sets DATA_DIR (everything the broker keeps across its restart).
DATA_DIR="" BOOTSTRAP=""
KAFKA_DIR=""
kafka_prepare() {
  local fsync="$1" cluster_id
  KAFKA_DIR="$WORK/kafka$([ "$fsync" = true ] && echo -fsync || true)"
  DATA_DIR="$KAFKA_DIR"
  mkdir -p "$KAFKA_DIR/log"
  local port controller
  port="$(free_port)"; controller="$(free_port)"
  sed -e "s|@PORT@|$port|g" -e "s|@CONTROLLER_PORT@|$controller|g" -e "s|@LOG_DIR@|$KAFKA_DIR/log|g" \
    "$KREF/server.properties.template" >"$KAFKA_DIR/server.properties"
  if [ "$fsync" = true ]; then echo "log.flush.interval.messages=1" >>"$KAFKA_DIR/server.properties"; fi
  cluster_id="$(java -cp "$KREF/target/lib/*" kafka.tools.StorageTool random-uuid)"
  java -cp "$KREF/target/lib/*" -Dlog4j2.configurationFile="$KREF/log4j2.properties" \
    kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_DIR/server.properties" >"$KAFKA_DIR/format.log" 2>&1
  BOOTSTRAP="127.0.0.1:$port"
}
kafka_start() {
  local n="$1"
  launch "$KAFKA_DIR/kafka-$n.log" java "${BROKER_JVM[@]}" -cp "$KREF/target/lib/*" \
    -Dlog4j2.configurationFile="$KREF/log4j2.properties" kafka.Kafka "$KAFKA_DIR/server.properties"
  await_line "$KAFKA_DIR/kafka-$n.log" 'Kafka Server started' 240 >/dev/null
}

FLOE_DIR="" FLOE_METRICS=""
floe_prepare() {
  FLOE_DIR="$WORK/floe"
  DATA_DIR="$FLOE_DIR/data"
  mkdir -p "$FLOE_DIR/data"
  FLOE_PORT="$(free_port)"
  FLOE_METRICS="127.0.0.1:$(free_port)"
}
floe_start() {
  local n="$1" line
  # The WAL a broker gets outside dev mode (dev mode's own is 64 MiB, to stay small on a laptop).
  launch "$FLOE_DIR/floe-$n.log" env FLOE_WAL_SIZE_BYTES=$((256 << 20)) FLOE_METRICS_LISTENER="$FLOE_METRICS" \
    java "${BROKER_JVM[@]}" -jar "$FLOE_JAR" --dev --port "$FLOE_PORT" --data-dir "$FLOE_DIR/data"
  line="$(await_line "$FLOE_DIR/floe-$n.log" 'FLOE_BROKER_READY bootstrap=' 240)"
  BOOTSTRAP="${line##*bootstrap=}"
  BOOTSTRAP="${BOOTSTRAP%%[[:space:]]*}"
  # Evidence for the catch-up read: after the graceful restart nothing is left to replay from the
  # WAL, so every record comes from the bucket.
  [ "$n" = 1 ] || log "floe restarted: $(grep -a -o 'WAL .*records to replay=[0-9]*' "$FLOE_DIR/floe-$n.log" | head -n 1 | sed 's/.* opened: //')"
}

loadgen() {
  java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$LOADGEN_CP" dev.floe.bench.LoadGen "$@" \
    | grep '^RESULT ' | tail -n 1
}

# Results, by "<broker>.<run>.<field>".
declare -A R
record() {
  local key="$1" line="$2" pair
  if [ -z "$line" ]; then
    echo "$key: the load generator failed (its error is above); no table from a partial run" >&2
    exit 1
  fi
  for pair in ${line#RESULT }; do R["$key.${pair%%=*}"]="${pair#*=}"; done
  log "$key: ${line#RESULT }"
}

# Floe's WAL fsyncs so far from its metrics' histogram: "<count> <seconds in all> <longer than 10 ms> <longer than
# 50 ms>".
fsync_counts() {
  floe_metrics | awk '
    /^floe_wal_fsync_seconds_count/ { n = $2 }
    /^floe_wal_fsync_seconds_sum/ { sum = $2 }
    /^floe_wal_fsync_seconds_bucket/ && /le="0.01"/ { a = $2 }
    /^floe_wal_fsync_seconds_bucket/ && /le="0.05"/ { b = $2 }
    END { printf "%d %.3f %d %d\n", n, sum, n - a, n - b }'
}

# The fsyncs of a Floe run, as "<run>.fsyncs", "<run>.fsync_seconds" and "<run>.fsyncs_over_<N>ms": at a fixed rate
# the slow fsyncs decide the p99 (each holds back every record that arrives meanwhile), and these say how many there were.
record_fsyncs() {
  local run="$1" before="$2" after b_n b_sum b_10 b_50 a_n a_sum a_10 a_50
  after="$(fsync_counts)"
  read -r b_n b_sum b_10 b_50 <<<"$before"
  read -r a_n a_sum a_10 a_50 <<<"$after"
  R["$run.fsyncs"]=$((a_n - b_n))
  R["$run.fsync_seconds"]="$(awk -v a="$a_sum" -v b="$b_sum" 'BEGIN { printf "%.2f", a - b }')"
  R["$run.fsyncs_over_10ms"]=$((a_10 - b_10))
  R["$run.fsyncs_over_50ms"]=$((a_50 - b_50))
}

# CPU seconds per GiB of a run, as "<run>.per_gib_<part>" beside its "cpu_<part>_s" fields.
per_gib() {
  local run="$1" key part
  for key in "${!R[@]}"; do
    [[ "$key" == "$run.cpu_"*"_s" ]] || continue
    part="${key#"$run.cpu_"}"; part="${part%_s}"
    R["$run.per_gib_$part"]="$(awk -v c="${R[$key]}" -v b="${R[$run.bytes]}" 'BEGIN { if (b > 0) printf "%.1f", c / (b / 1073741824) }')"
  done
}

# The pids whose CPU the load generator accounts: the broker JVM and, for Floe, its catalog's postmaster.
cpu_args() {
  local suite="$1" postmaster=""
  [ "$suite" != floe ] || postmaster="$(W="$FLOE_DIR/data/catalog" ps -eo pid=,args= \
    | W="$FLOE_DIR/data/catalog" awk '$2 ~ /postgres$/ && index($0, "-D " ENVIRON["W"]) { print $1; exit }')"
  echo "--broker-pid $BROKER_PID${postmaster:+ --catalog-pid $postmaster}"
}

# One broker's whole run: throughput, fixed-rate latency, then a graceful restart with a cold page
# cache and a read of everything from the beginning.
run_suite() {
  local name="$1" prepare="$2" start="$3"
  log "== $name =="
  $prepare
  $start 1
  log "$name ready at $BOOTSTRAP"
  settle_disk "$name"
  record "$name.max" "$(loadgen produce --bootstrap "$BOOTSTRAP" --topic bench-max --partitions "$PARTITIONS" \
    --records "$RECORDS" --warmup "$WARMUP" --seconds "$SECONDS_LIMIT" --label max $(cpu_args "$name"))"
  per_gib "$name.max"
  if [ "$RATE" -gt 0 ]; then
    settle_disk "$name"
    local fsyncs_before=""
    [ "$name" != floe ] || fsyncs_before="$(fsync_counts)"
    record "$name.rate" "$(loadgen produce --bootstrap "$BOOTSTRAP" --topic bench-rate --partitions "$PARTITIONS" \
      --records "$RATE_RECORDS" --warmup "$((RATE * 10))" --rate "$RATE" --seconds "$SECONDS_LIMIT" --label "rate$RATE" $(cpu_args "$name"))"
    [ "$name" != floe ] || record_fsyncs "$name.rate" "$fsyncs_before"
  fi
  local acknowledged="${R[$name.max.records]:-0}"
  local expected=$((acknowledged + WARMUP))
  log "$name: graceful stop, page cache $(drop_page_cache), restart"
  stop_broker
  log "$name: on disk after stop: $(cd "$DATA_DIR" && du -sh -- * 2>/dev/null | tr '\t\n' ' ,')"
  $start 2
  record "$name.catchup" "$(loadgen consume --bootstrap "$BOOTSTRAP" --topic bench-max --records "$expected" \
    --seconds "$SECONDS_LIMIT" --label catchup $(cpu_args "$name"))"
  per_gib "$name.catchup"
  stop_broker
  $KEEP || rm -rf "$DATA_DIR"
}

SUITES=()
if [ "$ONLY" != floe ]; then
  run_suite kafka "kafka_prepare false" kafka_start; SUITES+=(kafka)
  if $KAFKA_FSYNC; then run_suite kafka-fsync "kafka_prepare true" kafka_start; SUITES+=(kafka-fsync); fi
fi
if [ "$ONLY" != kafka ]; then
  run_suite floe floe_prepare floe_start; SUITES+=(floe)
fi

REFERENCES=()
for s in "${SUITES[@]}"; do [ "$s" = floe ] || REFERENCES+=("$s"); done

ratio() {
  local a="${1:-}" b="${2:-}"
  [ -n "$a" ] && [ -n "$b" ] && awk -v a="$a" -v b="$b" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "–" }' || echo "–"
}

# One table row: label, field, then one cell per suite and Floe's ratio to each Kafka run.
row() {
  local label="$1" key="$2" s line="| $1 |"
  for s in "${SUITES[@]}"; do line+=" ${R[$s.$key]:-–} |"; done
  for s in "${REFERENCES[@]}"; do
    if [ -n "${R[floe.$key]:-}" ] && [ -n "${R[$s.$key]:-}" ]; then
      line+=" $(ratio "${R[floe.$key]}" "${R[$s.$key]}") |"
    else
      line+=" – |"
    fi
  done
  echo "$line"
}

table() {
  local s header="| measure |" rule="|---|"
  for s in "${SUITES[@]}"; do header+=" $s |"; rule+="---:|"; done
  for s in "${REFERENCES[@]}"; do header+=" floe/$s |"; rule+="---:|"; done
  echo "$header"
  echo "$rule"
  row "produce throughput, MiB/s (unthrottled)" max.mib_per_s
  row "produce latency p50, ms (unthrottled)" max.p50_ms
  row "produce latency p99, ms (unthrottled)" max.p99_ms
  if [ "$RATE" -gt 0 ]; then
    row "produce latency p50, ms (at $RATE records/s)" rate.p50_ms
    row "produce latency p99, ms (at $RATE records/s)" rate.p99_ms
    row "produce latency p99.9, ms (at $RATE records/s)" rate.p999_ms
    row "Floe's WAL fsyncs in that run (warm-up included)" rate.fsyncs
    row "… their time in all, s" rate.fsync_seconds
    row "… longer than 10 ms" rate.fsyncs_over_10ms
    row "… longer than 50 ms" rate.fsyncs_over_50ms
  fi
  row "catch-up read after restart, MiB/s" catchup.mib_per_s
  if [ -n "${R[floe.max.cpu_machine_s]:-${R[kafka.max.cpu_machine_s]:-}}" ]; then
    row "CPU-s per GiB produced (unthrottled): whole machine" max.per_gib_machine
    row "… the load generator" max.per_gib_loadgen
    row "… the broker's own threads" max.per_gib_broker
    row "… its JIT compiler" max.per_gib_jit
    row "… its garbage collector" max.per_gib_gc
    row "… the S3 server inside the broker (Floe's dev mode)" max.per_gib_objectstore
    row "… the catalog's PostgreSQL" max.per_gib_catalog
    row "CPU-s per GiB read (catch-up): whole machine" catchup.per_gib_machine
  fi
  row "records not acknowledged (throughput run)" max.errors
  row "records not read back (catch-up)" catchup.errors
}

floe_revision() {
  local rev
  rev="$(git rev-parse --short HEAD 2>/dev/null)" || { echo "an unknown revision"; return; }
  if [ -n "$(git status --porcelain -- broker embedded 2>/dev/null)" ]; then rev+=" with local changes"; fi
  echo "$rev"
}

# The product's aim, checked against default Kafka: at least its throughput, a p99 (at the fixed
# rate, where neither broker is saturated) no worse than 1.5x its p99.
aim() {
  [ -n "${R[floe.max.mib_per_s]:-}" ] && [ -n "${R[kafka.max.mib_per_s]:-}" ] || return 0
  awk -v ft="${R[floe.max.mib_per_s]}" -v kt="${R[kafka.max.mib_per_s]}" \
      -v fp="${R[floe.rate.p99_ms]:-0}" -v kp="${R[kafka.rate.p99_ms]:-0}" 'BEGIN {
    printf "Aim: Floe throughput >= Kafka'"'"'s: %s (%.2f×)", (ft >= kt ? "met" : "not met"), ft / kt
    if (kp > 0) printf "; Floe p99 at the fixed rate <= 1.5× Kafka'"'"'s: %s (%.2f×)", (fp <= 1.5 * kp ? "met" : "not met"), fp / kp
    printf "\n"
  }'
}

STAMP="$(date -u +%Y-%m-%dT%H%M%SZ)"
RESULT_FILE="$ROOT/bench/results/produce-$STAMP.md"
mkdir -p "$ROOT/bench/results"
{
  echo "# Produce benchmark, $STAMP"
  echo
  echo "Command: \`bench/produce.sh${ARGS_TEXT:+ $ARGS_TEXT}\` (BENCH_HEAP=$HEAP)"
  echo
  echo "Machine: $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) memory;" \
    "$(java -version 2>&1 | head -n 1); Apache Kafka $KAFKA_VERSION; Floe at $(floe_revision)."
  echo
  echo "Load: 1 KiB random values, no keys, one producer with acks=all and idempotence, linger.ms=5," \
    "batch.size=64 KiB, no compression; $PARTITIONS partitions; $RECORDS measured records after $WARMUP warm-up records;" \
    "fixed-rate run: $RATE_RECORDS records at $RATE records/s. Catch-up: graceful restart of the broker, page cache dropped," \
    "then one consumer reads the throughput topic from the beginning."
  echo
  table
  echo
  aim
  echo
  echo "Raw results:"
  echo
  echo '```'
  for key in $(printf '%s\n' "${!R[@]}" | sed 's/\.[^.]*$//' | sort -u); do
    printf '%s:' "$key"
    for f in records seconds mib_per_s p50_ms p99_ms p999_ms max_ms errors; do
      [ -z "${R[$key.$f]:-}" ] || printf ' %s=%s' "$f" "${R[$key.$f]}"
    done
    echo
  done
  echo '```'
} >"$RESULT_FILE"

echo
table
echo
aim
log "written to ${RESULT_FILE#"$ROOT"/}"
