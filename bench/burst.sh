#!/usr/bin/env bash
# Burst benchmark: a libmosquitto publisher (bench_burst_publish, C) sends N
# QoS 1 messages of about 200 bytes as fast as it can to a local mosquitto
# (max_queued_messages 0); mosquitto_sub and mqhook --no-gui (disk queue, one
# POST per message, the default max_inflight) both receive the same burst in
# the same run, and mqhook forwards it to bench_sink (an epoll HTTP sink that
# answers 200). The figure is mqhook's rate over mosquitto_sub's, each from the
# first send to its last arrival.
#
# usage: bench/burst.sh [build-dir ...]
#   Several build directories (e.g. the code before a change and after it) are
#   run alternately, run by run, against the same broker, publisher and sink
#   (those of the first one): side by side under the same noise.
# BURST_COUNTS   messages per run, one case each              "50000 200000"
# BURST_SETS     sets of BURST_RUNS runs per case and build   1
# BURST_RUNS     runs per set                                 3
# BURST_QUEUE    queue.mode                                   disk
# BURST_RECEIVE_MAXIMUM mqhook's MQTT 5 Receive Maximum (65535, as bench/e2e.sh
#                says why)
# BURST_PERF=FILE records a perf profile of mqhook into FILE.<build>.<count>.<set>.<run>.
# BURST_LOGS=DIR keeps mqhook's log of each run there.
#
# Each run prints one line; the noise of the machine is in it: the load average
# before the run and the share of the run's time that some task waited for a
# CPU (/proc/pressure/cpu). The summary gives, per case and build, medians of
# every figure, the median ratio of each set, and RSS over the first and the
# second half of the run (flat: the second no higher than the first).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
builds=()
for dir in "${@:-$here/../build}"; do builds+=("$(cd "$dir" && pwd)"); done
counts=${BURST_COUNTS:-"50000 200000"}
sets=${BURST_SETS:-1}
runs=${BURST_RUNS:-3}
queue_mode=${BURST_QUEUE:-disk}

publish=${builds[0]}/bench/bench_burst_publish
sink=${builds[0]}/bench/bench_sink
for program in "$publish" "$sink"; do
    [ -x "$program" ] || {
        echo "$program is missing: cmake --build ${builds[0]} --target bench_burst_publish bench_sink" \
            "(bench_burst_publish needs libmosquitto-dev)" >&2
        exit 1
    }
done
for build in "${builds[@]}"; do
    [ -x "$build/app/mqhook" ] || { echo "$build/app/mqhook is missing" >&2; exit 1; }
done
for program in mosquitto mosquitto_sub; do
    command -v "$program" >/dev/null || [ -x "/usr/sbin/$program" ] || {
        echo "$program is not installed: apt-get install ${program/mosquitto_sub/mosquitto-clients}" >&2
        exit 1
    }
done
mosquitto=$(command -v mosquitto || echo /usr/sbin/mosquitto)

# On the real disk of the first build (the queue's fsyncs are part of what is measured).
work=$(mktemp -d "${builds[0]}/burst-work.XXXXXX")
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
trap cleanup EXIT
clk_tck=$(getconf CLK_TCK)
# Microseconds some task waited for a CPU, since boot.
cpu_pressure_us() { sed -n 's/^some .*total=\([0-9]*\).*/\1/p' /proc/pressure/cpu 2>/dev/null || echo 0; }
# Context switches (voluntary and not) of every thread of a process so far.
context_switches() {
    local total=0 key value
    for status in /proc/"$1"/task/*/status; do
        while read -r key value; do
            case $key in voluntary_ctxt_switches: | nonvoluntary_ctxt_switches:) total=$((total + value)) ;; esac
        done <"$status" 2>/dev/null || true
    done
    echo "$total"
}
# VmRSS (kB) of a process every 0.2 s into a file, until it is killed; cheap (no forks).
sample_rss() {
    local key value rest
    while [ -e "/proc/$1/status" ]; do
        while read -r key value rest; do
            [ "$key" = VmRSS: ] && echo "$value"
        done <"/proc/$1/status" 2>/dev/null || true
        sleep 0.2
    done >"$2"
}

broker_port=$(free_port)
{
    [ "$(id -u)" = 0 ] && echo "user root"
    echo "listener $broker_port 127.0.0.1"
    echo "allow_anonymous true"
    echo "persistence false"
    echo "max_queued_messages 0"
    echo "set_tcp_nodelay true" # as EMQX has it by default (see bench/e2e.sh)
} >"$work/mosquitto.conf"
"$mosquitto" -c "$work/mosquitto.conf" 2>"$work/mosquitto.log" &
pids+=("$!")
wait_port "$broker_port"

# One run of build $1 with $2 messages; prints key=value pairs.
burst_run() {
    local build=$1 n=$2 label=$3 dir topic sink_port sink_pid mqhook_pid sub_pid rss_pid
    dir=$(mktemp -d "$work/run.XXXXXX")
    topic=bench/burst/$RANDOM$RANDOM
    local load pressure_before start_us
    load=$(cut -d' ' -f1 /proc/loadavg)
    "$sink" --expect "$n" --port-file "$dir/sink.port" --idle 20 >"$dir/sink.out" &
    sink_pid=$!
    pids+=("$sink_pid")
    for _ in $(seq 100); do [ -s "$dir/sink.port" ] && break; sleep 0.05; done
    sink_port=$(cat "$dir/sink.port")
    cat >"$dir/mqhook.json" <<JSON
{
  "mqtt_brokers": [{
    "client_id": "bench-mqhook-$RANDOM", "alive": 60,
    "broker_ip": "127.0.0.1", "broker_port": $broker_port,
    "receive_maximum": ${BURST_RECEIVE_MAXIMUM:-65535},
    "sub_deal_config": {
      "app_name": "bench", "app_id": "1", "enabled": true, "callbackMethod": "HTTP",
      "callbackAddress": ["http://127.0.0.1:$sink_port/hook"],
      "subTopic": {"topic": "$topic", "qos": 1}, "retry": 3
    }
  }],
  "log_config": {"level": "info", "filename": "", "maxsize": 10, "max_age": 0, "max_backups": 0},
  "queue": {"dir": "$dir/queue", "mode": "$queue_mode"}
}
JSON
    "$build/app/mqhook" --no-gui --config "$dir/mqhook.json" 2>"$dir/mqhook.log" &
    mqhook_pid=$!
    pids+=("$mqhook_pid")
    (
        timeout 300 mosquitto_sub -h 127.0.0.1 -p "$broker_port" -t "$topic" -q 1 -C "$n" >/dev/null
        now_us >"$dir/sub.end"
    ) &
    sub_pid=$!
    pids+=("$sub_pid")
    for _ in $(seq 200); do grep -q 'connected to' "$dir/mqhook.log" && break; sleep 0.05; done
    grep -q 'connected to' "$dir/mqhook.log" || { echo "mqhook did not connect:" >&2; cat "$dir/mqhook.log" >&2; exit 1; }
    sleep 0.5 # both SUBACKs
    sample_rss "$mqhook_pid" "$dir/rss" &
    rss_pid=$!
    pids+=("$rss_pid")
    local perf_pid=
    if [ -n "${BURST_PERF:-}" ]; then
        perf record -q ${BURST_PERF_ARGS:--g} -e cpu-clock -p "$mqhook_pid" -o "$BURST_PERF.$label" 2>/dev/null &
        perf_pid=$!
        sleep 0.3
    fi
    local switches_before cpu_before
    switches_before=$(context_switches "$mqhook_pid")
    cpu_before=$(awk '{ print $14 + $15 }' "/proc/$mqhook_pid/stat")
    pressure_before=$(cpu_pressure_us)
    start_us=$(now_us)
    "$publish" --port "$broker_port" --topic "$topic" --count "$n" --qos 1 >"$dir/publish.out"
    wait "$sink_pid" || true
    wait "$sub_pid" || true
    local end_us pressure_after
    end_us=$(now_us)
    pressure_after=$(cpu_pressure_us)
    if [ -n "$perf_pid" ]; then kill -INT "$perf_pid"; wait "$perf_pid" || true; fi
    local out rss cpu_ticks switches first sub_end
    out=$(cat "$dir/sink.out")
    rss=$(awk '/^VmHWM/ {print $2}' "/proc/$mqhook_pid/status")
    cpu_ticks=$(awk -v before="$cpu_before" '{ print $14 + $15 - before }' "/proc/$mqhook_pid/stat")
    switches=$(($(context_switches "$mqhook_pid") - switches_before))
    kill "$rss_pid" 2>/dev/null || true
    wait "$rss_pid" 2>/dev/null || true
    kill -TERM "$mqhook_pid"
    wait "$mqhook_pid" || true
    local left=0
    if [ "$queue_mode" = disk ] && command -v sqlite3 >/dev/null; then
        left=$(sqlite3 "$dir/queue/outbox.db" "SELECT (SELECT COUNT(*) FROM deliveries) + (SELECT COUNT(*) FROM messages)")
    fi
    if [ "$(value lost "$out")" != 0 ] || [ "$left" != 0 ]; then
        echo "lost or left messages; mqhook's log:" >&2
        tail -20 "$dir/mqhook.log" >&2
    fi
    local published
    published=$(cat "$dir/publish.out")
    first=$(value first_send_us "$published")
    sub_end=$(cat "$dir/sub.end" 2>/dev/null || echo 0)
    # RSS over the first and the second half of the samples (the run from the first send on).
    local halves
    halves=$(awk '{ a[NR] = $1 } END { h = int(NR / 2); for (i = 1; i <= NR; ++i) { if (i <= h) { if (a[i] > f) f = a[i] } else if (a[i] > s) s = a[i] }
                    printf "%.1f %.1f", f / 1024, s / 1024 }' "$dir/rss")
    [ -n "${BURST_LOGS:-}" ] && cp "$dir/mqhook.log" "$BURST_LOGS/mqhook.$label.log"
    rm -rf "$dir"
    awk -v n="$n" -v thr="$(value throughput "$out")" -v first="$first" -v sub_end="$sub_end" \
        -v ticks="$cpu_ticks" -v tck="$clk_tck" -v sink_cpu="$(value sink_cpu_s "$out")" \
        -v rss="$rss" -v halves="$halves" -v switches="$switches" -v load="$load" \
        -v pressure="$((pressure_after - pressure_before))" -v wall="$((end_us - start_us))" \
        -v lost="$(value lost "$out")" -v dup="$(value duplicates "$out")" -v left="$left" \
        -v pub="$(value rate "$published")" 'BEGIN {
        split(halves, h, " ")
        sub_rate = sub_end > first ? n / ((sub_end - first) / 1e6) : 0
        printf "publisher=%d mqhook=%d sub=%d ratio=%.3f cpu_us=%.1f sink_cpu_us=%.1f rss_mb=%.1f rss_first_half_mb=%.1f rss_second_half_mb=%.1f switches_per_msg=%.2f lost=%d duplicates=%d left=%d load=%s cpu_pressure=%.0f%%\n",
            pub, thr, sub_rate, (sub_rate > 0 ? thr / sub_rate : 0), ticks / tck * 1e6 / n, sink_cpu * 1e6 / n,
            rss / 1024, h[1], h[2], switches / n, lost, dup, left, load, (wall > 0 ? 100 * pressure / wall : 0)
    }'
}

median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }
declare -A samples
add() { samples[$1]="${samples[$1]:-} $2"; }
med() { printf '%s\n' ${samples[$1]:-} | median; }
name_of() { local name; name=$(basename "$1"); [ "$name" = build ] && name=$(basename "$(dirname "$1")"); echo "$name"; }

echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg); $(sed -n 's/^some /cpu pressure: /p' /proc/pressure/cpu 2>/dev/null)"
echo "builds: ${builds[*]}; $sets set(s) of $runs runs per case and build, queue $queue_mode"
keys="mqhook sub ratio cpu_us sink_cpu_us rss_mb rss_first_half_mb rss_second_half_mb switches_per_msg lost duplicates left cpu_pressure"
for n in $counts; do
    for set in $(seq "$sets"); do
        for run in $(seq "$runs"); do
            for build in "${builds[@]}"; do
                label=$(name_of "$build").$n.$set.$run
                out=$(burst_run "$build" "$n" "$label")
                echo "$n messages, set $set run $run, $(name_of "$build"): $out"
                for key in $keys; do add "$build:$n:$key" "$(value "$key" "$out")"; add "$build:$n:$set:$key" "$(value "$key" "$out")"; done
            done
        done
    done
done

echo
echo "summary: medians; load now $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| %-9s | %-12s | %8s | %8s | %6s | %-20s | %9s | %9s | %7s | %13s | %8s | %13s | %8s |\n' \
    messages build "mqhook" "sub" ratio "set medians" "CPU µs" "sink µs" "RSS MB" "RSS halves MB" "switches" "lost/dup/left" pressure
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for n in $counts; do
    for build in "${builds[@]}"; do
        set_medians=
        for set in $(seq "$sets"); do set_medians+="$(med "$build:$n:$set:ratio") "; done
        printf '| %-9s | %-12s | %8s | %8s | %6s | %-20s | %9s | %9s | %7s | %13s | %8s | %13s | %7s%% |\n' \
            "$n" "$(name_of "$build")" "$(med "$build:$n:mqhook")" "$(med "$build:$n:sub")" \
            "$(med "$build:$n:ratio")" "${set_medians% }" "$(med "$build:$n:cpu_us")" \
            "$(med "$build:$n:sink_cpu_us")" "$(med "$build:$n:rss_mb")" \
            "$(med "$build:$n:rss_first_half_mb")/$(med "$build:$n:rss_second_half_mb")" \
            "$(med "$build:$n:switches_per_msg")" \
            "$(printf '%s\n' ${samples[$build:$n:lost]} | awk '{s+=$1} END {print s}')/$(printf '%s\n' ${samples[$build:$n:duplicates]} | awk '{s+=$1} END {print s}')/$(printf '%s\n' ${samples[$build:$n:left]} | awk '{s+=$1} END {print s}')" \
            "$(med "$build:$n:cpu_pressure")"
    done
done
echo "ratio: mqhook's rate over mosquitto_sub's in the same run (median of the runs; set medians each of $runs runs);"
echo "CPU µs: per message over the whole run; switches: context switches of mqhook's threads per message;"
echo "lost/dup/left: summed over the runs; pressure: share of the run some task waited for a CPU"
