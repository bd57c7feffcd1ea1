#!/usr/bin/env bash
# End-to-end benchmark: bench_publish → mosquitto → mqhook --no-gui → bench_sink
# (HTTP), for queue.mode disk and memory, unbatched and batched, QoS 0 and 1.
# In the same run, mosquitto_sub alone receiving the same stream gives the
# physical limit; the summary prints medians and the ratios mqhook/mosquitto_sub.
#
# usage: bench/e2e.sh [build-dir] [runs] [messages] [latency-messages] [rss-messages]
#   messages          per throughput run (as fast as the publisher can)      20000
#   latency-messages  per latency run, published at a fixed 2,000 msg/s; the
#                     first second is a warm-up left out of p50/p99         12000
#   rss-messages      one extra run (disk, QoS 1, each batching) to see
#                     whether peak RSS grows with the count; 0 skips it       100000
# E2E_CASES="disk:1:1 memory:100:0 ..." (mode:batch:qos) limits the cases.
# E2E_RECEIVE_MAXIMUM (default 65535): mqhook's MQTT 5 Receive Maximum. With
# 1000 (mqhook's default), mosquitto 2.0.11 sent more than 1000 unacknowledged
# QoS 1 messages in a 12k msg/s burst and mqhook dropped the connection as a
# protocol violation (then: redelivered duplicates).
# E2E_PERF=FILE records a perf profile of mqhook (throughput runs) into FILE.N,
# and with E2E_ADMIN of the tail process into FILE.tail.N.
# E2E_DUMP=DIR makes the sink write each message's sequence, send and arrival
# time (µs) into DIR/<mode>-<batch>-<qos>-<paced|burst>.N.txt.
# E2E_BROKER_INFLIGHT sets mosquitto's max_inflight_messages (default 20;
# 0: no limit), the QoS 1 messages it sends mqhook before an acknowledgement.
# E2E_MAX_INFLIGHT sets the route's max_inflight (default: mqhook's, 6). Batched,
# 6 requests in flight bound the rate at about 12k msg/s on a 2-core box.
# E2E_ADMIN=1 runs each case twice per run, with the admin endpoint off and on
# (on: /metrics scraped every second and one `mqhook tail --json` attached),
# in alternating order, and adds a table of both side by side (CPU s: mqhook's
# CPU time in a throughput run; tail CPU s: that of the tail process).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
runs=${2:-3}
count=${3:-20000}
latency_count=${4:-12000}
rss_count=${5:-100000}
rate=2000
batch_size=100
batch_wait_ms=2
cases=${E2E_CASES:-"disk:1:1 disk:100:1 memory:1:1 memory:100:1 disk:1:0 disk:100:0 memory:1:0 memory:100:0"}

mqhook=$build/app/mqhook
publish=$build/bench/bench_publish
sink=$build/bench/bench_sink
for program in "$mqhook" "$publish" "$sink"; do
    [ -x "$program" ] || {
        echo "$program is missing: cmake --build $build --target mqhook bench_publish bench_sink" >&2
        exit 1
    }
done
for program in mosquitto mosquitto_sub; do
    command -v "$program" >/dev/null || [ -x "/usr/sbin/$program" ] || {
        echo "$program is not installed: apt-get install ${program/mosquitto_sub/mosquitto-clients}" >&2
        exit 1
    }
done
mosquitto=$(command -v mosquitto || echo /usr/sbin/mosquitto)

# On the real disk (the queue's fsyncs are part of what is measured).
work=$(mktemp -d "$build/e2e-work.XXXXXX")
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
trap cleanup EXIT
clk_tck=$(getconf CLK_TCK)

broker_port=$(free_port)
{
    [ "$(id -u)" = 0 ] && echo "user root"
    echo "listener $broker_port 127.0.0.1"
    echo "allow_anonymous true"
    echo "persistence false"
    echo "max_queued_messages 0"
    # mosquitto sends at most this many unacknowledged QoS 1 messages to a
    # client (default 20; EMQX's max_inflight is 32): a commit slower than
    # that many messages' worth of time holds the stream back.
    [ -n "${E2E_BROKER_INFLIGHT:-}" ] && echo "max_inflight_messages $E2E_BROKER_INFLIGHT"
    # As EMQX does by default (tcp nodelay): without it each small packet to
    # a subscriber can wait for the subscriber's delayed ACK (Nagle).
    echo "set_tcp_nodelay true"
} >"$work/mosquitto.conf"
"$mosquitto" -c "$work/mosquitto.conf" 2>"$work/mosquitto.log" &
broker_pid=$!
pids+=("$broker_pid")
wait_port "$broker_port"

# mosquitto_sub alone: messages/s from the first send to the last arrival.
sub_rate() { # qos messages
    local qos=$1 n=$2 topic=bench/sub/$RANDOM out first end sub_pid
    mosquitto_sub -h 127.0.0.1 -p "$broker_port" -t "$topic" -q "$qos" -C "$n" >/dev/null &
    sub_pid=$!
    sleep 0.5 # subscribed
    out=$("$publish" --port "$broker_port" --topic "$topic" --count "$n" --qos "$qos")
    wait "$sub_pid"
    end=$(now_us)
    first=$(value first_send_us "$out")
    awk -v n="$n" -v us="$((end - first))" 'BEGIN { printf "%d\n", n / (us / 1e6) }'
}

# One mqhook run. Prints the sink's line plus rss_kb=, cpu_s=.
mqhook_run() { # mode batch qos messages rate [admin]
    local mode=$1 batch=$2 qos=$3 n=$4 pace=$5 admin=${6:-0} dir sink_port sink_pid mqhook_pid out topic
    local admin_json="" admin_port="" tail_pid="" scrape_pid=""
    if [ "$admin" = 1 ]; then
        admin_port=$(free_port)
        admin_json=", \"admin\": {\"listen\": \"127.0.0.1:$admin_port\"}"
    fi
    dir=$(mktemp -d "$work/run.XXXXXX")
    topic=bench/e2e/$RANDOM
    # Paced runs: the first second (connections being opened) is left out of the latencies.
    local dump=()
    [ -n "${E2E_DUMP:-}" ] && dump=(--dump "$E2E_DUMP/$mode-$batch-$qos-$([ "$pace" -gt 0 ] && echo paced || echo burst).$RANDOM.txt")
    "$sink" --expect "$n" --warmup "$([ "$pace" -gt 0 ] && echo "$pace" || echo 0)" --port-file "$dir/sink.port" --idle 20 "${dump[@]}" >"$dir/sink.out" &
    sink_pid=$!
    pids+=("$sink_pid")
    for _ in $(seq 100); do [ -s "$dir/sink.port" ] && break; sleep 0.05; done
    sink_port=$(cat "$dir/sink.port")
    cat >"$dir/mqhook.json" <<JSON
{
  "mqtt_brokers": [{
    "client_id": "bench-mqhook-$RANDOM", "alive": 60,
    "broker_ip": "127.0.0.1", "broker_port": $broker_port,
    "receive_maximum": ${E2E_RECEIVE_MAXIMUM:-65535},
    "sub_deal_config": {
      "app_name": "bench", "app_id": "1", "enabled": true, "callbackMethod": "HTTP",
      "callbackAddress": ["http://127.0.0.1:$sink_port/hook"],
      "subTopic": {"topic": "$topic", "qos": $qos}, "retry": 3,${E2E_MAX_INFLIGHT:+ \"max_inflight\": $E2E_MAX_INFLIGHT,}
      "batch": {"max_messages": $batch, "max_wait_ms": $([ "$batch" -gt 1 ] && echo $batch_wait_ms || echo 0)}
    }
  }],
  "log_config": {"level": "info", "filename": "", "maxsize": 10, "max_age": 0, "max_backups": 0},
  "queue": {"dir": "$dir/queue", "mode": "$mode"}$admin_json
}
JSON
    "$mqhook" --no-gui --config "$dir/mqhook.json" 2>"$dir/mqhook.log" &
    mqhook_pid=$!
    pids+=("$mqhook_pid")
    for _ in $(seq 200); do grep -q 'connected to' "$dir/mqhook.log" && break; sleep 0.05; done
    grep -q 'connected to' "$dir/mqhook.log" || { echo "mqhook did not connect:" >&2; cat "$dir/mqhook.log" >&2; exit 1; }
    sleep 0.3 # SUBACK
    if [ "$admin" = 1 ]; then
        # What a watched service carries: a Prometheus scrape every second
        # and one event stream reader, taking everything.
        "$mqhook" tail --url "http://127.0.0.1:$admin_port" --json >"$dir/tail.out" 2>"$dir/tail.err" &
        tail_pid=$!
        pids+=("$tail_pid")
        (while :; do curl -s "http://127.0.0.1:$admin_port/metrics" >/dev/null || true; sleep 1; done) &
        scrape_pid=$!
        pids+=("$scrape_pid")
        for _ in $(seq 100); do grep -q 'Connected' "$dir/tail.err" && break; sleep 0.05; done
    fi
    local perf_pid=
    if [ -n "${E2E_PERF:-}" ] && [ "$pace" -eq 0 ]; then
        perf record -q -e cpu-clock ${E2E_PERF_ARGS:-} -p "$mqhook_pid" -o "$E2E_PERF.$RANDOM" 2>/dev/null &
        perf_pid=$!
        if [ -n "$tail_pid" ]; then
            perf record -q -e cpu-clock ${E2E_PERF_ARGS:-} -p "$tail_pid" -o "$E2E_PERF.tail.$RANDOM" 2>/dev/null &
            perf_pid="$perf_pid $!"
        fi
        sleep 0.2
    fi
    if [ "$pace" -gt 0 ]; then
        "$publish" --port "$broker_port" --topic "$topic" --count "$n" --qos "$qos" --rate "$pace" >"$dir/publish.out"
    else
        "$publish" --port "$broker_port" --topic "$topic" --count "$n" --qos "$qos" >"$dir/publish.out"
    fi
    wait "$sink_pid" || true
    if [ -n "$perf_pid" ]; then
        # shellcheck disable=SC2086 # one or two pids
        kill -INT $perf_pid
        wait $perf_pid || true
    fi
    out=$(cat "$dir/sink.out")
    local tailed=""
    if [ "$admin" = 1 ]; then
        kill "$scrape_pid" 2>/dev/null || true
        sleep 0.5 # the last events reach the reader
        local tail_cpu
        tail_cpu=$(awk -v tck="$clk_tck" '{ print ($14 + $15) / tck }' "/proc/$tail_pid/stat")
        kill -INT "$tail_pid" 2>/dev/null || true
        wait "$tail_pid" 2>/dev/null || true
        tailed=" tail_events=$(wc -l <"$dir/tail.out") tail_cpu_s=$tail_cpu"
    fi
    local rss cpu
    rss=$(awk '/^VmHWM/ {print $2}' "/proc/$mqhook_pid/status")
    cpu=$(awk -v tck="$clk_tck" '{ print ($14 + $15) / tck }' "/proc/$mqhook_pid/stat")
    kill -TERM "$mqhook_pid"
    wait "$mqhook_pid" || true
    # Every delivery recorded as done once mqhook stopped: nothing left pending.
    local left=0
    if [ "$mode" = disk ] && command -v sqlite3 >/dev/null; then
        left=$(sqlite3 "$dir/queue/outbox.db" "SELECT (SELECT COUNT(*) FROM deliveries) + (SELECT COUNT(*) FROM messages)")
    fi
    if [ "$(value lost "$out")" != 0 ] || [ "$left" != 0 ]; then
        echo "lost or left messages; mqhook's log:" >&2
        tail -20 "$dir/mqhook.log" >&2
    fi
    rm -rf "$dir"
    echo "$out rss_kb=$rss cpu_s=$cpu left_in_queue=$left$tailed"
}

median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.2f\n", (a[NR/2]+a[NR/2+1])/2}'; }
declare -A samples
add() { samples[$1]="${samples[$1]:-} $2"; }
med() { printf '%s\n' ${samples[$1]:-} | median; }

echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "messages: $count per throughput run, $latency_count at $rate msg/s per latency run; $runs runs; batch = $batch_size (max_wait_ms $batch_wait_ms)"
for run in $(seq "$runs"); do
    for qos in 0 1; do
        r=$(sub_rate "$qos" "$count")
        add "sub:$qos" "$r"
        echo "run $run mosquitto_sub qos $qos: $r msg/s"
    done
    for c in $cases; do
        IFS=: read -r mode batch qos <<<"$c"
        if [ -n "${E2E_ADMIN:-}" ]; then
            # Off and on alternate which goes first, run by run.
            order="0 1"
            [ $((run % 2)) = 0 ] && order="1 0"
            for admin in $order; do
                out=$(mqhook_run "$mode" "$batch" "$qos" "$count" 0 "$admin")
                echo "run $run $c admin=$admin throughput: $out"
                add "$c:a$admin:thr" "$(value throughput "$out")"
                add "$c:a$admin:lost" "$(value lost "$out")"
                add "$c:a$admin:cpu" "$(value cpu_s "$out")"
                [ "$admin" = 1 ] && add "$c:a1:tailcpu" "$(value tail_cpu_s "$out")"
                out=$(mqhook_run "$mode" "$batch" "$qos" "$latency_count" "$rate" "$admin")
                echo "run $run $c admin=$admin latency: $out"
                add "$c:a$admin:p99" "$(value p99_ms "$out")"
            done
            continue
        fi
        out=$(mqhook_run "$mode" "$batch" "$qos" "$count" 0)
        echo "run $run $c throughput: $out"
        add "$c:thr" "$(value throughput "$out")"
        add "$c:lost" "$(value lost "$out")"
        add "$c:dup" "$(value duplicates "$out")"
        add "$c:left" "$(value left_in_queue "$out")"
        add "$c:rss" "$(value rss_kb "$out")"
        add "$c:cpu10k" "$(awk -v c="$(value cpu_s "$out")" -v n="$count" 'BEGIN { printf "%.2f", c * 10000 / n }')"
        add "$c:sinkcpu10k" "$(awk -v c="$(value sink_cpu_s "$out")" -v n="$count" 'BEGIN { printf "%.2f", c * 10000 / n }')"
        out=$(mqhook_run "$mode" "$batch" "$qos" "$latency_count" "$rate")
        echo "run $run $c latency: $out"
        add "$c:p50" "$(value p50_ms "$out")"
        add "$c:p99" "$(value p99_ms "$out")"
        add "$c:lat_lost" "$(value lost "$out")"
    done
    echo "load after run $run: $(cut -d' ' -f1-3 /proc/loadavg)"
done

rss_lines=()
if [ "$rss_count" -gt 0 ] && [ -z "${E2E_ADMIN:-}" ]; then
    for batch in 1 "$batch_size"; do
        out=$(mqhook_run disk "$batch" 1 "$rss_count" 0)
        echo "rss run disk:$batch:1 x $rss_count: $out"
        base=$(med "disk:$batch:1:rss" | cut -d. -f1)
        rss_lines+=("disk, batch $batch, QoS 1: $rss_count messages: peak RSS $(($(value rss_kb "$out") / 1024)) MB, lost $(value lost "$out"), $(value throughput "$out") msg/s (vs $count messages: $([ -n "$base" ] && echo "$((base / 1024)) MB" || echo "not measured"))")
    done
fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
if [ -n "${E2E_ADMIN:-}" ]; then
    echo
    echo "admin endpoint off and on (on: /metrics every second, one tail --json): medians of $runs runs"
    printf '| %-8s | %-7s | %-3s | %11s | %10s | %5s | %10s | %9s | %5s | %9s | %10s | %9s | %10s |\n' \
        mode batch QoS "msg/s off" "msg/s on" ratio "p99 ms off" "p99 ms on" ratio "lost on" \
        "CPU s off" "CPU s on" "tail CPU s"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    for c in $cases; do
        IFS=: read -r mode batch qos <<<"$c"
        off=$(med "$c:a0:thr")
        on=$(med "$c:a1:thr")
        p_off=$(med "$c:a0:p99")
        p_on=$(med "$c:a1:p99")
        printf '| %-8s | %-7s | %-3s | %11s | %10s | %5s | %10s | %9s | %5s | %9s | %10s | %9s | %10s |\n' \
            "$mode" "$batch" "$qos" "$off" "$on" "$(ratio "$on" "$off")" "$p_off" "$p_on" \
            "$(ratio "$p_on" "$p_off")" "$(med "$c:a1:lost")" "$(med "$c:a0:cpu")" \
            "$(med "$c:a1:cpu")" "$(med "$c:a1:tailcpu")"
    done
    exit 0
fi
echo
echo "summary: medians of $runs runs; load now $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| %-8s | %-7s | %-3s | %9s | %11s | %13s | %4s | %8s | %7s | %7s | %7s | %11s | %16s |\n' \
    mode batch QoS msg/s sub_msg/s "ratio vs sub" lost dup/left "p50 ms" "p99 ms" "RSS MB" "CPU s/10k" "sink CPU s/10k"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for c in $cases; do
    IFS=: read -r mode batch qos <<<"$c"
    thr=$(med "$c:thr")
    sub=$(med "sub:$qos")
    printf '| %-8s | %-7s | %-3s | %9s | %11s | %13s | %4s | %8s | %7s | %7s | %7s | %11s | %16s |\n' \
        "$mode" "$batch" "$qos" "$thr" "$sub" "$(ratio "$thr" "$sub")" "$(med "$c:lost")" \
        "$(med "$c:dup")/$(med "$c:left")" "$(med "$c:p50")" "$(med "$c:p99")" \
        "$(awk -v k="$(med "$c:rss")" 'BEGIN { printf "%.1f", k / 1024 }')" "$(med "$c:cpu10k")" \
        "$(med "$c:sinkcpu10k")"
done
for line in "${rss_lines[@]}"; do echo "$line"; done
