#!/usr/bin/env bash
# Forwarding with the window open against headless, in the same run:
# bench_publish → mosquitto → mqhook → bench_sink (HTTP), once with
# `mqhook --no-gui` and once with the window (bench_window: MainWindow
# forwarding, the live view in front, following the newest message) under
# Xvfb. Each run measures the throughput (messages as fast as the publisher
# sends them) and, at a fixed 5,000 msg/s, the sink's latency and the GUI
# thread: how late a 10 ms timer fires and how long each repaint of the
# window takes (a frame). The summary prints medians and the ratio
# window/headless.
#
# usage: bench/window.sh [build-dir] [runs] [messages] [paced-messages]
#   messages         per throughput run                          20000
#   paced-messages   per run at 5,000 msg/s (the first second left out)  30000
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
runs=${2:-3}
count=${3:-20000}
paced_count=${4:-30000}
rate=5000

mqhook=$build/app/mqhook
window=$build/bench/bench_window
publish=$build/bench/bench_publish
sink=$build/bench/bench_sink
for program in "$mqhook" "$window" "$publish" "$sink"; do
    [ -x "$program" ] || {
        echo "$program is missing: cmake --build $build --target mqhook bench_window bench_publish bench_sink" >&2
        exit 1
    }
done
command -v Xvfb >/dev/null || { echo "Xvfb is not installed: apt-get install xvfb" >&2; exit 1; }
mosquitto=$(command -v mosquitto || echo /usr/sbin/mosquitto)
[ -x "$mosquitto" ] || { echo "mosquitto is not installed: apt-get install mosquitto" >&2; exit 1; }

work=$(mktemp -d "$build/window-work.XXXXXX")
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
trap cleanup EXIT

broker_port=$(free_port)
{
    [ "$(id -u)" = 0 ] && echo "user root"
    echo "listener $broker_port 127.0.0.1"
    echo "allow_anonymous true"
    echo "persistence false"
    echo "max_queued_messages 0"
    echo "set_tcp_nodelay true"
} >"$work/mosquitto.conf"
"$mosquitto" -c "$work/mosquitto.conf" 2>"$work/mosquitto.log" &
pids+=("$!")
wait_port "$broker_port"

# A display for the window, for the whole run.
Xvfb -displayfd 3 -screen 0 1400x900x24 -nolisten tcp 3>"$work/display" 2>"$work/xvfb.log" &
pids+=("$!")
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.05; done
display=:$(cat "$work/display")

# One run: kind (headless or window), messages, pace (0: as fast as possible).
# Prints the sink's line, and for the window the GUI thread's figures.
run() {
    local kind=$1 n=$2 pace=$3 dir sink_port sink_pid pid topic
    dir=$(mktemp -d "$work/run.XXXXXX")
    topic=bench/window/$RANDOM
    "$sink" --expect "$n" --warmup "$pace" --port-file "$dir/sink.port" --idle 20 >"$dir/sink.out" &
    sink_pid=$!
    pids+=("$sink_pid")
    for _ in $(seq 100); do [ -s "$dir/sink.port" ] && break; sleep 0.05; done
    sink_port=$(cat "$dir/sink.port")
    cat >"$dir/mqhook.json" <<JSON
{
  "mqtt_brokers": [{
    "client_id": "bench-window-$RANDOM", "alive": 60,
    "broker_ip": "127.0.0.1", "broker_port": $broker_port, "receive_maximum": 65535,
    "sub_deal_config": {
      "app_name": "bench", "app_id": "1", "enabled": true, "callbackMethod": "HTTP",
      "callbackAddress": ["http://127.0.0.1:$sink_port/hook"],
      "subTopic": {"topic": "$topic", "qos": 1}, "retry": 3
    }
  }],
  "log_config": {"level": "info", "filename": "", "maxsize": 10, "max_age": 0, "max_backups": 0},
  "queue": {"dir": "$dir/queue", "mode": "disk"}
}
JSON
    if [ "$kind" = headless ]; then
        "$mqhook" --no-gui --config "$dir/mqhook.json" >"$dir/out" 2>"$dir/log" &
        pid=$!
        for _ in $(seq 200); do grep -q 'connected to' "$dir/log" && break; sleep 0.05; done
    else
        DISPLAY=$display QT_QPA_PLATFORM=xcb "$window" --config "$dir/mqhook.json" >"$dir/out" 2>"$dir/log" &
        pid=$!
        for _ in $(seq 400); do grep -q '^forwarding' "$dir/out" && break; sleep 0.05; done
        kill -USR1 "$pid"
    fi
    pids+=("$pid")
    sleep 0.5
    if [ "$pace" -gt 0 ]; then
        "$publish" --port "$broker_port" --topic "$topic" --count "$n" --qos 1 --rate "$pace" >/dev/null
    else
        "$publish" --port "$broker_port" --topic "$topic" --count "$n" --qos 1 >/dev/null
    fi
    wait "$sink_pid" || true
    local gui=
    if [ "$kind" = window ]; then
        kill -USR2 "$pid"
        for _ in $(seq 100); do grep -q 'loop_p50_ms' "$dir/out" && break; sleep 0.05; done
        gui=$(grep 'loop_p50_ms' "$dir/out" | tail -1)
    fi
    kill -TERM "$pid"
    wait "$pid" || true
    echo "$(cat "$dir/sink.out") $gui"
    rm -rf "$dir"
}

median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.2f\n", (a[NR/2]+a[NR/2+1])/2}'; }
declare -A samples
add() { samples[$1]="${samples[$1]:-} $2"; }
med() { printf '%s\n' ${samples[$1]:-} | median; }

echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$runs"); do
    for kind in headless window; do
        out=$(run "$kind" "$count" 0)
        echo "run $r $kind throughput: $out"
        add "$kind:thr" "$(value throughput "$out")"
        add "$kind:lost" "$(value lost "$out")"
        out=$(run "$kind" "$paced_count" "$rate")
        echo "run $r $kind at $rate msg/s: $out"
        add "$kind:p50" "$(value p50_ms "$out")"
        add "$kind:p99" "$(value p99_ms "$out")"
        add "$kind:plost" "$(value lost "$out")"
        if [ "$kind" = window ]; then
            for k in loop_p50_ms loop_p99_ms frame_p50_ms frame_p99_ms rows; do
                add "$k" "$(value "$k" "$out")"
            done
        fi
    done
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
echo
echo "summary: medians of $runs runs; load now $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| | headless | window | window/headless |"
echo "|---|---|---|---|"
echo "| msg/s, $count messages as fast as sent | $(med headless:thr) | $(med window:thr) | $(ratio "$(med window:thr)" "$(med headless:thr)") |"
echo "| lost | $(med headless:lost) | $(med window:lost) | |"
echo "| sink p50 / p99 ms at $rate msg/s | $(med headless:p50) / $(med headless:p99) | $(med window:p50) / $(med window:p99) | |"
echo "GUI thread at $rate msg/s: timer lateness p50 $(med loop_p50_ms) ms, p99 $(med loop_p99_ms) ms; repaint (frame) p50 $(med frame_p50_ms) ms, p99 $(med frame_p99_ms) ms; rows in the live view $(med rows)"
