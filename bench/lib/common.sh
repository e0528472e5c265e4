# Shared by bench/failover.sh, bench/move.sh and bench/scale.sh (sourced, never run): logging, argument checks,
# loopback ports, processes started in their own session and stopped by the EXIT trap, results-file headers.
# Every process a script starts runs under its work directory (WORK) or names it in its arguments, so whatever
# survives a crash of the script is still found and stopped (stop_leftovers).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
KAFKA_VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$ROOT/pom.xml" | head -n 1)"
ELASTIC_CP="$ROOT/bench/elastic/target/elastic.jar:$ROOT/bench/elastic/target/lib/*"
LOADGEN_CP="$ROOT/bench/loadgen/target/loadgen.jar:$ROOT/bench/loadgen/target/lib/*"
WORK=""
KEEP=false
STARTED_PIDS=()

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "$*"; exit 1; }

require_whole() { # name value [min]
  [[ "$2" =~ ^[0-9]+$ ]] || { echo "$1 must be a whole number, was: $2" >&2; exit 64; }
  [ "$2" -ge "${3:-0}" ] || { echo "$1 must be at least ${3:-0}, was: $2" >&2; exit 64; }
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

make_work_dir() { # name
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/floe-bench-$1.XXXXXX")"
}

# Builds the bench modules, and with "product" first the product's jars and installs them (floe-infra needs the
# embedded module from the local Maven repository).
build() { # [product]
  if [ "${1:-}" = product ]; then
    log "building Floe (./mvnw install -DskipTests)"
    (cd "$ROOT" && ./mvnw -B -ntp -q install -DskipTests)
  fi
  log "building the bench modules (Kafka $KAFKA_VERSION)"
  (cd "$ROOT" && ./mvnw -B -ntp -q -f bench/pom.xml -Dkafka.version="$KAFKA_VERSION" package)
}

# Starts a command in its own session (setsid without a fork keeps the pid) with output to a log file; sets
# LAUNCHED to its pid and remembers it for stop_started.
launch() { # logfile command...
  local logfile="$1"; shift
  setsid "$@" >"$logfile" 2>&1 </dev/null &
  LAUNCHED=$!
  STARTED_PIDS+=("$LAUNCHED")
}

alive() { kill -0 "$1" 2>/dev/null; }

# SIGTERM (the graceful path), then SIGKILL of its whole session if it has not ended within GRACE seconds.
stop_pid() { # pid [grace seconds]
  local pid="$1" grace="${2:-60}" waited=0
  alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  while alive "$pid" && [ "$waited" -lt $((grace * 4)) ]; do sleep 0.25; waited=$((waited + 1)); done
  if alive "$pid"; then log "pid $pid did not stop in ${grace} s: SIGKILL"; fi
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# Several processes at once: SIGTERM to all, then SIGKILL to those still running after GRACE seconds.
stop_pids() { # pid...
  local pid waited=0 grace=60 running
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
  while [ "$waited" -lt $((grace * 4)) ]; do
    running=""
    for pid in "$@"; do alive "$pid" && running+=" $pid"; done
    [ -n "$running" ] || break
    sleep 0.25; waited=$((waited + 1))
  done
  for pid in "$@"; do
    if alive "$pid"; then log "pid $pid did not stop in ${grace} s: SIGKILL"; fi
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}

stop_started() {
  local i
  for ((i = ${#STARTED_PIDS[@]} - 1; i >= 0; i--)); do stop_pid "${STARTED_PIDS[$i]}" 30; done
  STARTED_PIDS=()
}

# Whatever still runs with the work directory in its command line (brokers, PostgreSQL servers, S3 servers that
# were started by processes of ours and detached from them): SIGTERM, then SIGKILL. PostgreSQL is stopped by
# its postmaster (SIGINT = fast shutdown) so it leaves no shared memory behind.
stop_leftovers() {
  [ -n "$WORK" ] || return 0
  local pid pidfile
  while IFS= read -r pidfile; do
    pid="$(head -n 1 "$pidfile" 2>/dev/null || true)"
    [[ "$pid" =~ ^[0-9]+$ ]] && alive "$pid" && kill -INT "$pid" 2>/dev/null || true
  done < <(find "$WORK" -name postmaster.pid 2>/dev/null)
  sleep 1
  local pids
  pids="$(W="$WORK" ps -eo pid=,args= | W="$WORK" awk -v self=$$ 'index($0, ENVIRON["W"]) && $1 != self { print $1 }')"
  [ -z "$pids" ] || kill -TERM $pids 2>/dev/null || true
  local waited=0
  while [ "$waited" -lt 40 ]; do
    pids="$(W="$WORK" ps -eo pid=,args= | W="$WORK" awk 'index($0, ENVIRON["W"]) { print $1 }')"
    [ -n "$pids" ] || break
    sleep 0.25; waited=$((waited + 1))
  done
  [ -z "$pids" ] || { log "SIGKILL to leftovers: $pids"; kill -KILL $pids 2>/dev/null || true; }
}

remove_work_dir() {
  [ -n "$WORK" ] || return 0
  if $KEEP; then log "work directory kept: $WORK"; else rm -rf "$WORK"; fi
}

# Waits until FILE has a line matching PATTERN while process PID lives; prints the line.
await_line() { # file pattern seconds pid what
  local file="$1" pattern="$2" limit=$(($3 * 4)) pid="$4" what="$5" waited=0
  while [ "$waited" -lt "$limit" ]; do
    if grep -a -m 1 -E "$pattern" "$file" 2>/dev/null; then return 0; fi
    if ! alive "$pid"; then
      log "$what exited before it was ready; last lines of $file:"; tail -n 30 "$file" >&2; return 1
    fi
    sleep 0.25; waited=$((waited + 1))
  done
  log "$what not ready after $3 s; last lines of $file:"; tail -n 30 "$file" >&2
  return 1
}

# Free space in MiB where the work directory lives.
free_mib() { df -Pm "${1:-$WORK}" | awk 'NR == 2 { print $4 }'; }

revision() {
  local rev
  rev="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)" || { echo "an unknown revision"; return; }
  if [ -n "$(git -C "$ROOT" status --porcelain -- broker embedded control-plane data-plane-agent 2>/dev/null)" ]; then
    rev+=" with local changes"
  fi
  echo "$rev"
}

machine() {
  echo "$(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) memory, load average $(cut -d ' ' -f 1-3 /proc/loadavg) at the start; $(java -version 2>&1 | head -n 1)"
}

# RESULT lines: "RESULT kind=x a=1 b=2" -> the value of one field, or "-".
field() { # line name
  local pair
  for pair in ${1#RESULT }; do
    if [ "${pair%%=*}" = "$2" ]; then echo "${pair#*=}"; return; fi
  done
  echo "-"
}

# Median and maximum of the numbers given (ignores "-"); prints "median max" or "- -".
median_max() {
  printf '%s\n' "$@" | awk '$1 != "-" && $1 != "" { v[n++] = $1 }
    END {
      if (n == 0) { print "- -"; exit }
      for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
      m = n % 2 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2
      printf "%.0f %.0f\n", m, v[n - 1]
    }'
}

seconds() { # milliseconds -> seconds with one decimal, or "-"
  [ "${1:--}" = "-" ] && { echo "–"; return; }
  awk -v ms="$1" 'BEGIN { printf "%.1f", ms / 1000 }'
}
