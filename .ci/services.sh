#!/usr/bin/env bash
# Starts (or stops) the services the distributed-screening tests need, on this machine only:
#   - munged (its own socket and key under the state folder),
#   - a one-node Slurm cluster: slurmctld + slurmd on localhost (own slurm.conf and ports under the state folder),
#   - a PostgreSQL cluster (initdb + pg_ctl in the state folder, own port, a user and a database).
# Debian's slurm-wlm, munge and postgresql are installed with apt-get when missing (needs root).
#
#   .ci/services.sh start    start what is not already running (idempotent), write $STATE/env.sh and print its path
#   .ci/services.sh stop     stop exactly what `start` started (by the PIDs it recorded), nothing else
#   .ci/services.sh status   say what runs
#
# After `start`, `source "$STATE/env.sh"` exports SLURM_CONF, NITROLYTE_TEST_SLURM=1 and
# NITROLYTE_TEST_PG="Host=...;Port=...;Username=...;Database=...", which the tests read.
# Environment: NITROLYTE_SERVICES_DIR (state folder, default /tmp/nitrolyte-services),
# NITROLYTE_SLURMCTLD_PORT (16817), NITROLYTE_SLURMD_PORT (16818), NITROLYTE_PG_PORT (15432),
# NITROLYTE_SERVICES_NO_INSTALL=1 (never call apt-get), NITROLYTE_SERVICES_SKIP="slurm pg" (what not to start).
set -uo pipefail

STATE="${NITROLYTE_SERVICES_DIR:-/tmp/nitrolyte-services}"
CTLD_PORT="${NITROLYTE_SLURMCTLD_PORT:-16817}"
SLURMD_PORT="${NITROLYTE_SLURMD_PORT:-16818}"
PG_PORT="${NITROLYTE_PG_PORT:-15432}"
SKIP="${NITROLYTE_SERVICES_SKIP:-}"
PG_USER=nitrolyte
PG_DB=nitrolyte_test
NODE="$(hostname -s)"

log() { echo "services: $*" >&2; }

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }
pid_of() { [ -s "$1" ] && head -n1 "$1" | tr -dc '0-9'; }

# Records a PID this script started (stop kills only these).
started() { echo "$2 $1" >>"$STATE/started"; }

pg_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && { echo "$d"; return 0; }; done
  command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)"
}

install_missing() {
  [ "${NITROLYTE_SERVICES_NO_INSTALL:-}" = 1 ] && return 0
  local want=()
  case " $SKIP " in *" slurm "*) ;; *)
    command -v munged >/dev/null 2>&1 || want+=(munge)
    command -v slurmctld >/dev/null 2>&1 && command -v slurmd >/dev/null 2>&1 && command -v sbatch >/dev/null 2>&1 || want+=(slurm-wlm)
  esac
  case " $SKIP " in *" pg "*) ;; *) [ -n "$(pg_bin)" ] || want+=(postgresql); esac
  [ ${#want[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then log "missing ${want[*]} and not root: not installing"; return 0; fi
  log "installing ${want[*]} (apt-get)"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null) \
    || log "warning: apt-get install ${want[*]} failed"
}

start_munge() {
  local pid; pid="$(pid_of "$STATE/munge/munged.pid")"
  if alive "$pid"; then log "munged already running (pid $pid)"; return 0; fi
  mkdir -p "$STATE/munge"; chmod 700 "$STATE/munge"
  if [ ! -s "$STATE/munge/munge.key" ]; then
    dd if=/dev/urandom of="$STATE/munge/munge.key" bs=1024 count=1 status=none
    chmod 400 "$STATE/munge/munge.key"
  fi
  munged --force --socket="$STATE/munge/munge.socket" --key-file="$STATE/munge/munge.key" \
    --pid-file="$STATE/munge/munged.pid" --log-file="$STATE/munge/munged.log" --seed-file="$STATE/munge/munged.seed" \
    || { log "munged did not start (see $STATE/munge/munged.log)"; return 1; }
  for _ in $(seq 50); do pid="$(pid_of "$STATE/munge/munged.pid")"; alive "$pid" && break; sleep 0.1; done
  alive "$pid" || { log "munged did not start"; return 1; }
  started munged "$pid"; log "munged started (pid $pid)"
}

write_slurm_conf() {
  local cpus mem_mb
  cpus="$(nproc)"
  mem_mb=$(( $(awk '/^MemTotal:/ {print $2}' /proc/meminfo) / 1024 ))
  # slurmd refuses a node whose configured memory exceeds what it finds; keep a margin.
  mem_mb=$(( mem_mb * 95 / 100 ))
  mkdir -p "$STATE/slurm/state" "$STATE/slurm/spool" "$STATE/slurm/log"
  cat >"$STATE/slurm/slurm.conf" <<EOF
# One-node Slurm cluster for Nitrolyte's tests (written by .ci/services.sh).
ClusterName=nitrolyte-ci
SlurmctldHost=$NODE(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$STATE/munge/munge.socket
StateSaveLocation=$STATE/slurm/state
SlurmdSpoolDir=$STATE/slurm/spool
SlurmctldPidFile=$STATE/slurm/slurmctld.pid
SlurmdPidFile=$STATE/slurm/slurmd.pid
SlurmctldLogFile=$STATE/slurm/log/slurmctld.log
SlurmdLogFile=$STATE/slurm/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
SwitchType=switch/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
ReturnToService=2
SchedulerType=sched/backfill
SchedulerParameters=bf_interval=1,sched_min_interval=0,batch_sched_delay=0
# Finished jobs stay visible to scontrol/squeue -t all for an hour (there is no accounting database for sacct).
MinJobAge=3600
MaxArraySize=10001
MaxJobCount=20000
KillWait=5
InactiveLimit=0
SlurmctldTimeout=30
SlurmdTimeout=60
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=debug Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
}

start_slurm() {
  command -v slurmctld >/dev/null 2>&1 || { log "slurmctld not installed: no Slurm"; return 1; }
  export SLURM_CONF="$STATE/slurm/slurm.conf"
  local cpid dpid
  cpid="$(pid_of "$STATE/slurm/slurmctld.pid")"; dpid="$(pid_of "$STATE/slurm/slurmd.pid")"
  [ -f "$SLURM_CONF" ] || write_slurm_conf
  if alive "$cpid"; then log "slurmctld already running (pid $cpid)"; else
    write_slurm_conf
    slurmctld -f "$SLURM_CONF" || { log "slurmctld did not start (see $STATE/slurm/log/slurmctld.log)"; return 1; }
    for _ in $(seq 100); do cpid="$(pid_of "$STATE/slurm/slurmctld.pid")"; alive "$cpid" && break; sleep 0.1; done
    alive "$cpid" || { log "slurmctld did not start (see $STATE/slurm/log/slurmctld.log)"; return 1; }
    started slurmctld "$cpid"; log "slurmctld started (pid $cpid)"
  fi
  if alive "$dpid"; then log "slurmd already running (pid $dpid)"; else
    slurmd -f "$SLURM_CONF" -N "$NODE" || { log "slurmd did not start (see $STATE/slurm/log/slurmd.log)"; return 1; }
    for _ in $(seq 100); do dpid="$(pid_of "$STATE/slurm/slurmd.pid")"; alive "$dpid" && break; sleep 0.1; done
    alive "$dpid" || { log "slurmd did not start (see $STATE/slurm/log/slurmd.log)"; return 1; }
    started slurmd "$dpid"; log "slurmd started (pid $dpid)"
  fi
  # Wait until the node is usable.
  local st=""
  for _ in $(seq 150); do
    st="$(sinfo -h -N -n "$NODE" -o %t 2>/dev/null | head -n1)"
    case "$st" in idle|mix|alloc|comp) break ;; esac
    sleep 0.2
  done
  case "$st" in idle|mix|alloc|comp) ;; *)
    scontrol update NodeName="$NODE" State=RESUME >/dev/null 2>&1 || true
    sleep 1; st="$(sinfo -h -N -n "$NODE" -o %t 2>/dev/null | head -n1)" ;;
  esac
  log "slurm node $NODE: ${st:-unknown}"
  case "$st" in idle|mix|alloc|comp) return 0 ;; *) return 1 ;; esac
}

start_pg() {
  local bin; bin="$(pg_bin)"
  [ -n "$bin" ] || { log "PostgreSQL server not installed: no PostgreSQL"; return 1; }
  local data="$STATE/pg/data" sock="$STATE/pg/sock" pid
  local as=(); [ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
  mkdir -p "$STATE/pg" "$sock"
  [ "$(id -u)" = 0 ] && chown postgres: "$STATE/pg" "$sock"
  pid="$(pid_of "$data/postmaster.pid")"
  if alive "$pid"; then log "postgres already running (pid $pid)"; else
    if [ ! -s "$data/PG_VERSION" ]; then
      "${as[@]}" "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --no-locale >"$STATE/pg/initdb.log" 2>&1 \
        || { log "initdb failed (see $STATE/pg/initdb.log)"; return 1; }
    fi
    "${as[@]}" "$bin/pg_ctl" -D "$data" -l "$STATE/pg/postgres.log" -w -t 60 \
      -o "-p $PG_PORT -k $sock -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" start >/dev/null \
      || { log "postgres did not start (see $STATE/pg/postgres.log)"; return 1; }
    pid="$(pid_of "$data/postmaster.pid")"
    started postgres "$pid"; log "postgres started (pid $pid, port $PG_PORT)"
  fi
  local psql=("${as[@]}" "$bin/psql" -h "$sock" -p "$PG_PORT" -U postgres -d postgres -qtA)
  [ "$("${psql[@]}" -c "select 1 from pg_roles where rolname='$PG_USER'")" = 1 ] \
    || "${psql[@]}" -c "create role $PG_USER login createdb" >/dev/null
  [ "$("${psql[@]}" -c "select 1 from pg_database where datname='$PG_DB'")" = 1 ] \
    || "${psql[@]}" -c "create database $PG_DB owner $PG_USER" >/dev/null
}

cmd_start() {
  mkdir -p "$STATE"; touch "$STATE/started"
  install_missing
  local env="$STATE/env.sh"
  : >"$env.tmp"
  case " $SKIP " in *" slurm "*) ;; *)
    if command -v munged >/dev/null 2>&1 && start_munge && start_slurm; then
      { echo "export SLURM_CONF='$STATE/slurm/slurm.conf'"; echo "export NITROLYTE_TEST_SLURM=1"; } >>"$env.tmp"
    else log "warning: no Slurm cluster (the Slurm tests will skip, or fail under CI=true)"; fi
  esac
  case " $SKIP " in *" pg "*) ;; *)
    if start_pg; then
      echo "export NITROLYTE_TEST_PG='Host=127.0.0.1;Port=$PG_PORT;Username=$PG_USER;Database=$PG_DB'" >>"$env.tmp"
    else log "warning: no PostgreSQL (the PostgreSQL tests will skip, or fail under CI=true)"; fi
  esac
  mv "$env.tmp" "$env"
  echo "$env"
}

cmd_stop() {
  [ -f "$STATE/started" ] || { log "nothing started here"; return 0; }
  if [ -f "$STATE/slurm/slurm.conf" ] && alive "$(pid_of "$STATE/slurm/slurmctld.pid")"; then
    # Jobs still on this private cluster (tests that failed midway) are cancelled before the daemons go.
    SLURM_CONF="$STATE/slurm/slurm.conf" scancel --quiet --full -u "$(id -un)" 2>/dev/null || true
    sleep 1
  fi
  local name pid
  # Stop in reverse order of start; each PID is checked to still be the program this script started.
  tac "$STATE/started" | while read -r pid name; do
    alive "$pid" || continue
    case "$(cat "/proc/$pid/comm" 2>/dev/null)" in
      "$name"|postgres) ;;
      *) log "pid $pid is no longer $name: left alone"; continue ;;
    esac
    if [ "$name" = postgres ]; then
      local as=(); [ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
      "${as[@]}" "$(pg_bin)/pg_ctl" -D "$STATE/pg/data" -m fast -w stop >/dev/null 2>&1 || kill "$pid"
    else
      kill "$pid"
    fi
    for _ in $(seq 100); do alive "$pid" || break; sleep 0.1; done
    alive "$pid" && { log "$name (pid $pid) did not stop on TERM: KILL"; kill -9 "$pid"; }
    log "$name (pid $pid) stopped"
  done
  : >"$STATE/started"
  rm -f "$STATE/env.sh"
}

cmd_status() {
  local f n
  for f in munge/munged.pid slurm/slurmctld.pid slurm/slurmd.pid pg/data/postmaster.pid; do
    n="$(pid_of "$STATE/$f")"
    if alive "$n"; then echo "$f: running (pid $n)"; else echo "$f: not running"; fi
  done
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
