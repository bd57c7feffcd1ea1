#!/bin/bash
# Receive benchmark: mqhook's MqttClient (bench_mqtt_receive) against
# mosquitto_sub, both subscribed to the same mosquitto in the same run.
#
#   bench/mqtt-receive.sh [MESSAGES] [RUNS]      (default 100000 3)
#
# For QoS 0 and QoS 1 it publishes MESSAGES messages of 200 bytes (QoS 0:
# one mosquitto_pub -l; QoS 1: PUBLISHERS mosquitto_pub --repeat in parallel,
# since mosquitto_pub -l drops queued QoS 1 messages at the end of its input)
# and prints, per run, both receive rates (from the first
# to the last message each subscriber saw), their ratio and mqhook's CPU time
# per message; then the medians. BUILD_DIR selects the build (default build).
set -euo pipefail

MESSAGES=${1:-100000}
RUNS=${2:-3}
PUBLISHERS=${PUBLISHERS:-4}
MESSAGES=$(( MESSAGES / PUBLISHERS * PUBLISHERS ))
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD_DIR=${BUILD_DIR:-$HERE/../build}
BENCH=$BUILD_DIR/bench/bench_mqtt_receive
for program in mosquitto mosquitto_pub mosquitto_sub; do
    command -v "$program" >/dev/null || { echo "$program missing: apt-get install mosquitto mosquitto-clients" >&2; exit 1; }
done
[ -x "$BENCH" ] || { echo "$BENCH not built: cmake --build $BUILD_DIR --target bench_mqtt_receive" >&2; exit 1; }

WORK=$(mktemp -d)
BROKER_PID=""
cleanup() {
    [ -n "$BROKER_PID" ] && kill "$BROKER_PID" 2>/dev/null && wait "$BROKER_PID" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$WORK/mosquitto.conf" <<CONF
user root
listener $PORT 127.0.0.1
allow_anonymous true
persistence false
max_queued_messages 0
log_dest none
CONF
mosquitto -c "$WORK/mosquitto.conf" 2> "$WORK/mosquitto.log" &
BROKER_PID=$!
for _ in $(seq 100); do
    mosquitto_pub -h 127.0.0.1 -p "$PORT" -t bench/up -m up 2>/dev/null && break
    sleep 0.1
done

# 200-byte payloads (199 characters and the newline -l strips).
awk -v n="$MESSAGES" 'BEGIN { for (i = 1; i <= n; i++) printf "%010d-%0188d\n", i, 0 }' > "$WORK/payloads"

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

run_once() {
    local qos=$1 out=$WORK/mqhook.out sub=$WORK/sub.out
    : > "$out"
    : > "$sub"
    "$BENCH" --port "$PORT" --count "$MESSAGES" --qos "$qos" --topic-prefix bench > "$out" 2> "$WORK/mqhook.err" &
    local bench_pid=$!
    mosquitto_sub -h 127.0.0.1 -p "$PORT" -t 'bench/#' -q "$qos" -F '%U %t' > "$sub" &
    local sub_pid=$!
    # Both subscribed: a probe reaches both.
    for _ in $(seq 200); do
        if grep -q probe "$out" && grep -q bench/probe "$sub"; then break; fi
        mosquitto_pub -h 127.0.0.1 -p "$PORT" -t bench/probe -m probe
        sleep 0.1
    done
    if [ "$qos" = 0 ]; then
        mosquitto_pub -h 127.0.0.1 -p "$PORT" -t bench/data -q 0 -l < "$WORK/payloads"
    else
        local pids=() payload
        payload=$(head -1 "$WORK/payloads")
        for _ in $(seq "$PUBLISHERS"); do
            mosquitto_pub -h 127.0.0.1 -p "$PORT" -t bench/data -q "$qos" \
                --repeat $(( MESSAGES / PUBLISHERS )) -m "$payload" &
            pids+=($!)
        done
        wait "${pids[@]}"
    fi
    wait "$bench_pid" || true
    for _ in $(seq 600); do
        [ "$(grep -c ' bench/data$' "$sub")" -ge "$MESSAGES" ] && break
        sleep 0.1
    done
    kill "$sub_pid" 2>/dev/null || true
    wait "$sub_pid" 2>/dev/null || true

    local line received mq_rate cpu sub_count sub_rate
    line=$(grep '^received=' "$out" || echo "received=0 seconds=0 rate=0 cpu_us_per_msg=0")
    received=$(sed -E 's/.*received=([0-9]+).*/\1/' <<< "$line")
    mq_rate=$(sed -E 's/.*rate=([0-9.]+).*/\1/' <<< "$line")
    cpu=$(sed -E 's/.*cpu_us_per_msg=([0-9.]+).*/\1/' <<< "$line")
    read -r sub_count sub_rate < <(awk '$2 == "bench/data" { if (!n) first = $1; last = $1; n++ }
        END { printf "%d %.0f\n", n, (n > 1 && last > first) ? (n - 1) / (last - first) : 0 }' "$sub")
    echo "$qos $received $mq_rate $sub_count $sub_rate $cpu"
}

printf '%-4s %-4s %10s %12s %10s %14s %7s %12s\n' qos run mqhook_n mqhook_msg/s sub_n sub_msg/s ratio cpu_us/msg
for qos in 0 1; do
    : > "$WORK/results-$qos"
    for run in $(seq "$RUNS"); do
        read -r q n mq sn sr cpu < <(run_once "$qos")
        ratio=$(awk -v a="$mq" -v b="$sr" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
        printf '%-4s %-4s %10s %12s %10s %14s %7s %12s\n' "$q" "$run" "$n" "$mq" "$sn" "$sr" "$ratio" "$cpu"
        echo "$mq $sr $ratio $cpu" >> "$WORK/results-$qos"
    done
    printf '%-4s %-4s %10s %12s %10s %14s %7s %12s\n' "$qos" median "" \
        "$(cut -d' ' -f1 "$WORK/results-$qos" | median)" "" \
        "$(cut -d' ' -f2 "$WORK/results-$qos" | median)" \
        "$(cut -d' ' -f3 "$WORK/results-$qos" | median)" \
        "$(cut -d' ' -f4 "$WORK/results-$qos" | median)"
done
