# The whole Floe product on this machine, as ./quickstart runs it but under the work directory and on free
# loopback ports, so it never touches a running quickstart: the control plane (embedded PostgreSQL), an
# environment with provider `local`, its data-plane agent, and a cluster created through the API. Sourced by
# failover.sh and scale.sh after lib/common.sh. Needs curl and jq.

CP_PID="" AGENT_PID=""
API_URL="" CLIENT_ID=floe-admin SECRET_FILE="" CLUSTER_ID="" BOOTSTRAP="" CATALOG_URL="" AGENT_STATE=""
TOKEN=""

api() { # method path [json body]
  local method="$1" path="$2"; shift 2
  curl -sS --max-time 30 -X "$method" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    ${1:+-d "$1"} "$API_URL$path"
}

stack_token() {
  TOKEN="$(curl -sS --max-time 30 -u "$CLIENT_ID:$(tr -d '\n' <"$SECRET_FILE")" -d grant_type=client_credentials \
    "$API_URL/oauth2/token" | jq -r .access_token)"
  [ -n "$TOKEN" ] && [ "$TOKEN" != null ] || die "no API token from $API_URL/oauth2/token"
}

# Follows an operation until it ends; fails unless it SUCCEEDED.
stack_follow() { # operation-id limit-seconds
  local op="$1" limit=$(($2 * 2)) waited=0 state=""
  while [ "$waited" -lt "$limit" ]; do
    state="$(api GET "/api/v1/operations/$op" | jq -r .state)"
    case "$state" in
      SUCCEEDED) return 0 ;;
      PENDING|RUNNING) ;;
      *) log "operation $op ended $state: $(api GET "/api/v1/operations/$op" | jq -c '{error, steps: [.steps[] | {name, state, message}]}')"
         return 1 ;;
    esac
    alive "$AGENT_PID" || { tail -n 30 "$WORK/agent.log" >&2; die "the agent exited; its log is above"; }
    sleep 0.5; waited=$((waited + 1))
  done
  log "operation $op not finished after $2 s (state $state); last lines of the agent's log:"
  tail -n 30 "$WORK/agent.log" >&2
  return 1
}

# Control plane, agent and a RUNNING cluster of BROKERS brokers; sets BOOTSTRAP, CLUSTER_ID, CATALOG_URL, ...
stack_start() { # brokers wal-gib
  local brokers="$1" wal_gib="$2" port created env_id bootstrap_token op
  local cp_jar
  cp_jar="$(ls "$ROOT"/control-plane/target/floe-control-plane-*-exec.jar 2>/dev/null | head -n 1)"
  [ -n "$cp_jar" ] && [ -f "$ROOT/data-plane-agent/target/floe-agent.jar" ] && [ -f "$ROOT/broker/target/floe-broker.jar" ] \
    || die "missing product jars (run without --no-build)"
  # Copies, so a rebuild in the checkout during the run cannot swap classes under running processes.
  cp "$cp_jar" "$WORK/control-plane.jar"
  cp "$ROOT/data-plane-agent/target/floe-agent.jar" "$WORK/floe-agent.jar"
  cp "$ROOT/broker/target/floe-broker.jar" "$WORK/floe-broker.jar"

  port="$(free_port)"
  API_URL="http://127.0.0.1:$port"
  SECRET_FILE="$WORK/control-plane/admin-secret"
  mkdir -p "$WORK/control-plane"
  log "control plane on $API_URL"
  launch "$WORK/control-plane.log" java -Xmx512m -jar "$WORK/control-plane.jar" \
    --server.port="$port" --server.address=127.0.0.1 --floe.api.public-url="$API_URL" \
    --floe.database.embedded-data-directory="$WORK/control-plane/pgdata" \
    --floe.security.bootstrap-admin.client-id="$CLIENT_ID" \
    --floe.security.bootstrap-admin.secret-file="$SECRET_FILE"
  CP_PID=$LAUNCHED
  local waited=0
  until curl -fsS -o /dev/null "$API_URL/actuator/health/readiness" 2>/dev/null; do
    alive "$CP_PID" || { tail -n 40 "$WORK/control-plane.log" >&2; die "the control plane exited during start-up"; }
    [ "$waited" -lt 480 ] || die "the control plane was not ready after 240 s; see $WORK/control-plane.log"
    sleep 0.5; waited=$((waited + 1))
  done
  stack_token

  created="$(api POST /api/v1/environments "{\"name\":\"bench-$RANDOM\",\"provider\":\"local\",\"settings\":{\"region\":\"local\"}}")"
  env_id="$(echo "$created" | jq -r .environment.id)"
  bootstrap_token="$(echo "$created" | jq -r .bootstrapToken)"
  [ -n "$env_id" ] && [ "$env_id" != null ] || die "environment not created: $created"

  AGENT_STATE="$WORK/agent"
  log "agent with the local provider (state in the work directory)"
  launch "$WORK/agent.log" java -Xmx384m -jar "$WORK/floe-agent.jar" \
    --floe.agent.control-plane-url="$API_URL" --floe.agent.bootstrap-token="$bootstrap_token" \
    --floe.agent.state-dir="$AGENT_STATE" --floe.agent.local.broker-jar="$WORK/floe-broker.jar"
  AGENT_PID=$LAUNCHED

  op="$(api POST /api/v1/clusters "{\"environmentId\":\"$env_id\",\"name\":\"bench\",\"tier\":\"standard\",
      \"spec\":{\"brokerCount\":$brokers,\"instanceType\":\"local\",\"zones\":[\"zone-a\"],\"walVolumeSizeGiB\":$wal_gib}}")"
  CLUSTER_ID="$(echo "$op" | jq -r .cluster.id)"
  [ -n "$CLUSTER_ID" ] && [ "$CLUSTER_ID" != null ] || die "cluster not created: $op"
  log "cluster $CLUSTER_ID: creating $brokers brokers"
  stack_follow "$(echo "$op" | jq -r .operation.id)" 300 || die "the cluster was not created"
  waited=0
  while :; do
    local status
    status="$(api GET "/api/v1/clusters/$CLUSTER_ID" | jq -c .status)"
    if [ "$(echo "$status" | jq -r .phase)" = RUNNING ] \
        && [ "$(echo "$status" | jq '[.brokers[] | select(.state == "UP")] | length')" = "$brokers" ]; then
      BOOTSTRAP="$(echo "$status" | jq -r .bootstrapServers)"
      break
    fi
    [ "$waited" -lt 240 ] || die "cluster not RUNNING with $brokers brokers UP after 120 s: $status"
    sleep 0.5; waited=$((waited + 1))
  done
  local pg_port
  pg_port="$(jq -r '.ports.postgres' "$AGENT_STATE/local/ports.json")"
  CATALOG_URL="jdbc:postgresql://127.0.0.1:$pg_port/floe_$(echo "$CLUSTER_ID" | tr -cd 'a-z0-9')"
  log "cluster RUNNING at $BOOTSTRAP; catalog $CATALOG_URL"
}

# Agent first (so it does not replace what is being stopped), then its brokers, S3 server and PostgreSQL
# (stop-local), then the control plane and its PostgreSQL; anything left is found by the work directory.
stack_stop() {
  if [ -n "$AGENT_PID" ]; then
    stop_pid "$AGENT_PID" 30
    if [ -d "$AGENT_STATE/local" ]; then
      timeout 180 java -jar "$WORK/floe-agent.jar" stop-local --floe.agent.state-dir="$AGENT_STATE" \
        >>"$WORK/agent-stop-local.log" 2>&1 || log "stop-local reported a problem; see $WORK/agent-stop-local.log"
    fi
    AGENT_PID=""
  fi
  if [ -n "$CP_PID" ]; then stop_pid "$CP_PID" 60; CP_PID=""; fi
  stop_started
  stop_leftovers
}

# Where the processes' logs are, for a results file or a failure.
stack_logs() {
  echo "control plane: $WORK/control-plane.log; agent: $WORK/agent.log; brokers: $AGENT_STATE/local/brokers/$CLUSTER_ID/*/broker.log"
}
