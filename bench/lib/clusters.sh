# Three-broker clusters without the control plane, for bench/move.sh (sourced after lib/common.sh):
#   Kafka: three Apache Kafka nodes in KRaft combined mode from the Maven Central jars (kafka-reference/);
#   Floe:  one catalog PostgreSQL and one S3 API server (floe-infra/, the product's embedded module) and three
#          floe-broker.jar processes configured through the environment (broker/README.md), as the broker's
#          integration tests run them.
# Each sets BOOTSTRAP and CLUSTER_DIR (everything the cluster keeps on disk) and is stopped by cluster_stop.

KREF="$ROOT/bench/kafka-reference"
INFRA_CP="$ROOT/bench/floe-infra/target/floe-infra.jar:$ROOT/bench/floe-infra/target/lib/*"
HEAP="${BENCH_HEAP:-1g}"
# The same JVM flags for every broker of both systems (Kafka's start script uses G1 with a 20 ms pause goal).
BROKER_JVM=(-Xms"$HEAP" -Xmx"$HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20)
CLUSTER_DIR="" CLUSTER_KIND="" BOOTSTRAP="" FLOE_PORT=""
CLUSTER_PIDS=()

kafka_cluster_start() { # directory name
  CLUSTER_DIR="$WORK/$1" CLUSTER_KIND=kafka
  local i cluster_id voters="" ports=() controllers=() addresses=()
  for i in 1 2 3; do
    ports+=("$(free_port)"); controllers+=("$(free_port)")
    voters+="${voters:+,}$i@127.0.0.1:${controllers[$((i - 1))]}"
    addresses+=("127.0.0.1:${ports[$((i - 1))]}")
  done
  cluster_id="$(java -cp "$KREF/target/lib/*" kafka.tools.StorageTool random-uuid)"
  for i in 1 2 3; do
    mkdir -p "$CLUSTER_DIR/node-$i/log"
    sed -e "s|@NODE_ID@|$i|g" -e "s|@PORT@|${ports[$((i - 1))]}|g" -e "s|@CONTROLLER_PORT@|${controllers[$((i - 1))]}|g" \
      -e "s|@VOTERS@|$voters|g" -e "s|@LOG_DIR@|$CLUSTER_DIR/node-$i/log|g" \
      "$KREF/cluster.properties.template" >"$CLUSTER_DIR/node-$i/server.properties"
    java -cp "$KREF/target/lib/*" -Dlog4j2.configurationFile="$KREF/log4j2.properties" kafka.tools.StorageTool \
      format -t "$cluster_id" -c "$CLUSTER_DIR/node-$i/server.properties" >"$CLUSTER_DIR/node-$i/format.log" 2>&1 \
      || { cat "$CLUSTER_DIR/node-$i/format.log" >&2; die "cannot format Kafka node $i"; }
  done
  CLUSTER_PIDS=()
  for i in 1 2 3; do
    launch "$CLUSTER_DIR/node-$i.log" java "${BROKER_JVM[@]}" -cp "$KREF/target/lib/*" \
      -Dlog4j2.configurationFile="$KREF/log4j2.properties" kafka.Kafka "$CLUSTER_DIR/node-$i/server.properties"
    CLUSTER_PIDS+=("$LAUNCHED")
  done
  for i in 1 2 3; do
    await_line "$CLUSTER_DIR/node-$i.log" 'Kafka Server started' 240 "${CLUSTER_PIDS[$((i - 1))]}" "Kafka node $i" >/dev/null \
      || die "Kafka did not start"
  done
  BOOTSTRAP="$(IFS=,; echo "${addresses[*]}")"
}

floe_cluster_start() { # directory name
  CLUSTER_DIR="$WORK/$1" CLUSTER_KIND=floe
  mkdir -p "$CLUSTER_DIR"
  [ -f "$WORK/floe-broker.jar" ] || cp "$ROOT/broker/target/floe-broker.jar" "$WORK/floe-broker.jar"
  CLUSTER_PIDS=()
  launch "$CLUSTER_DIR/infra.log" java -Xmx1g -cp "$INFRA_CP" dev.floe.bench.infra.FloeInfra \
    "$CLUSTER_DIR/infra" floe_bench_move "$CLUSTER_DIR/infra.env"
  CLUSTER_PIDS+=("$LAUNCHED")
  await_line "$CLUSTER_DIR/infra.log" '^FLOE_INFRA_READY' 240 "$LAUNCHED" "the catalog PostgreSQL and S3 server" >/dev/null \
    || die "Floe's catalog and bucket did not start"
  local infra_env i addresses=()
  mapfile -t infra_env <"$CLUSTER_DIR/infra.env"
  for i in 1 2 3; do
    floe_broker_start "$i" infra_env
    addresses+=("127.0.0.1:$FLOE_PORT")
  done
  for i in 1 2 3; do
    floe_broker_ready "$i"
  done
  BOOTSTRAP="$(IFS=,; echo "${addresses[*]}")"
}

floe_broker_start() { # node id, name of the array holding the catalog and bucket settings
  local i="$1"
  local -n settings="$2"
  FLOE_PORT="$(free_port)"
  # Balancing off: the benchmark places the partition itself, as Kafka's reassignment does, and the count
  # balancer would otherwise even out the one-partition difference the move creates (docs/balancing.md).
  launch "$CLUSTER_DIR/broker-$i.log" env "${settings[@]}" FLOE_BROKER_NODE_ID="$i" FLOE_CLUSTER_ID=bench-move \
    FLOE_BALANCE_ENABLED=false FLOE_LISTENER="127.0.0.1:$FLOE_PORT" FLOE_ADVERTISED_LISTENER="127.0.0.1:$FLOE_PORT" \
    FLOE_WAL_DIR="$CLUSTER_DIR/wal-$i" FLOE_S3_BUCKET=floe-bench-move java "${BROKER_JVM[@]}" -jar "$WORK/floe-broker.jar"
  CLUSTER_PIDS+=("$LAUNCHED")
}

floe_broker_ready() { # node id (CLUSTER_PIDS[0] is the catalog and bucket)
  await_line "$CLUSTER_DIR/broker-$1.log" '^FLOE_BROKER_READY' 240 "${CLUSTER_PIDS[$1]}" "Floe broker $1" >/dev/null \
    || die "Floe did not start"
}

# Brokers first (SIGTERM: graceful), then the catalog and bucket; then the data goes (logs stay with --keep), so
# the disk is free for the next size.
cluster_stop() {
  if [ "${#CLUSTER_PIDS[@]}" -gt 0 ]; then
    if [ "$CLUSTER_KIND" = floe ] && [ "${#CLUSTER_PIDS[@]}" -gt 1 ]; then
      stop_pids "${CLUSTER_PIDS[@]:1}"   # Floe's brokers, then its catalog and bucket
      stop_pids "${CLUSTER_PIDS[0]}"
    else
      stop_pids "${CLUSTER_PIDS[@]}"     # Kafka's nodes together: one alone waits for a quorum that is leaving
    fi
  fi
  CLUSTER_PIDS=() CLUSTER_KIND=""
  stop_leftovers
  if [ -n "$CLUSTER_DIR" ]; then
    rm -rf "$CLUSTER_DIR"/node-*/log "$CLUSTER_DIR"/infra "$CLUSTER_DIR"/wal-*
    $KEEP || rm -rf "$CLUSTER_DIR"
  fi
  CLUSTER_DIR=""
}
