#!/usr/bin/env bash
# HTTP delivery benchmark: POSTs per second from mqhook's dispatcher to a local
# nginx sink (return 200), next to what the same sink takes from wrk with a
# POST Lua script, in the same run. Prints each run and the medians and ratios.
#
# usage: bench/http-delivery.sh [build-dir] [runs] [seconds]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
runs=${2:-3}
seconds=${3:-5}
bench=$build/bench/bench_http

for program in nginx wrk; do
    command -v "$program" >/dev/null || [ -x "/usr/sbin/$program" ] || {
        echo "$program is not installed: apt-get install ${program/nginx/nginx-light}" >&2
        exit 1
    }
done
nginx=$(command -v nginx || echo /usr/sbin/nginx)
[ -f /usr/lib/nginx/modules/ngx_http_echo_module.so ] || {
    echo "the nginx echo module is missing: apt-get install libnginx-mod-http-echo" >&2
    exit 1
}
[ -x "$bench" ] || { echo "$bench is missing: cmake --build $build --target bench_http" >&2; exit 1; }

work=$(mktemp -d)
nginx_pid=
cleanup() {
    [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$work/logs" "$work/tmp"
cat >"$work/nginx.conf" <<CONF
load_module /usr/lib/nginx/modules/ngx_http_echo_module.so;
daemon off;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $work/tmp;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$port backlog=4096;
        # Anything but a POST is refused, so a wrk run that lost its Lua
        # script shows up as non-2xx answers.
        location / {
            if (\$request_method != POST) { return 405; }
            return 200;
        }
        # An endpoint that takes 20 ms per request, as a real one does: here
        # the number of connections decides the rate.
        location /slow {
            if (\$request_method != POST) { return 405; }
            echo_read_request_body;
            echo_sleep 0.02;
            echo ok;
        }
    }
}
CONF
"$nginx" -p "$work" -c "$work/nginx.conf" &
nginx_pid=$!
for _ in $(seq 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
done
url="http://127.0.0.1:$port/hook"
slow_url="http://127.0.0.1:$port/slow"

cat >"$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"device":"bench","value":21.5,"pad":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}'
done = function(summary, latency, requests)
    io.write("lua-post-script: active\n")
end
LUA

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }

# wrk at a given number of connections; prints requests/s.
wrk_rate() {
    local connections=$1 target=${2:-$url} out
    out=$(wrk -t1 -c"$connections" -d"${seconds}s" -s "$work/post.lua" "$target")
    grep -q 'lua-post-script: active' <<<"$out" || { echo "wrk did not run the POST script" >&2; exit 1; }
    if grep -q 'Non-2xx' <<<"$out"; then echo "wrk got non-2xx answers (not POST?)" >&2; exit 1; fi
    awk '/Requests\/sec/ {printf "%d\n", $2}' <<<"$out"
}

# bench_http with arguments; prints the value of key $1.
mqhook_rate() {
    local key=$1 out
    shift
    out=$("$bench" --url "$url" --duration "$seconds" "$@")  # a later --url wins
    echo "  $out" >&2
    grep -q ' failures=0' <<<"$out" || { echo "bench_http saw failures" >&2; exit 1; }
    sed -n "s/.* $key=\([0-9]*\).*/\1/p" <<<"$out"
}

declare -A result
measure() { # name command...
    local name=$1 values=()
    shift
    for _ in $(seq "$runs"); do values+=("$("$@")"); done
    result[$name]=$(printf '%s\n' "${values[@]}" | median)
    echo "$name: ${values[*]} -> median ${result[$name]}"
}

echo "sink: nginx on $url; $runs runs of ${seconds}s each; medians"
for c in 1 6 32 128; do
    measure "wrk_c$c" wrk_rate "$c"
done
for n in 1 6 32 128; do
    measure "mqhook_inflight$n" mqhook_rate messages_per_s --max-inflight "$n"
done
measure "mqhook_batch50_inflight6_msgs" mqhook_rate messages_per_s --max-inflight 6 --batch 50
measure "mqhook_batch50_inflight6_reqs" mqhook_rate requests_per_s --max-inflight 6 --batch 50
measure "sender32_one_manager" mqhook_rate messages_per_s --mode sender --max-inflight 32 --managers 1
measure "sender32_six_managers" mqhook_rate messages_per_s --mode sender --max-inflight 32 --managers 6
measure "slow_wrk_c32" wrk_rate 32 "$slow_url"
measure "slow_sender32_one_manager" mqhook_rate messages_per_s --url "$slow_url" --mode sender --max-inflight 32 --managers 1
measure "slow_sender32_six_managers" mqhook_rate messages_per_s --url "$slow_url" --mode sender --max-inflight 32 --managers 6
measure "slow_mqhook_inflight6" mqhook_rate messages_per_s --url "$slow_url" --max-inflight 6
measure "slow_mqhook_inflight32" mqhook_rate messages_per_s --url "$slow_url" --max-inflight 32

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
echo
echo "summary (medians, per second)"
printf '%-34s %10s %10s %8s\n' "case" "mqhook" "wrk" "ratio"
for n in 1 6 32 128; do
    printf '%-34s %10s %10s %8s\n' "POST, max_inflight $n (wrk -c$n)" "${result[mqhook_inflight$n]}" \
        "${result[wrk_c$n]}" "$(ratio "${result[mqhook_inflight$n]}" "${result[wrk_c$n]}")"
done
printf '%-34s %10s %10s %8s\n' "batch 50, inflight 6: messages" "${result[mqhook_batch50_inflight6_msgs]}" \
    "${result[wrk_c6]}" "$(ratio "${result[mqhook_batch50_inflight6_msgs]}" "${result[wrk_c6]}")"
printf '%-34s %10s\n' "batch 50, inflight 6: requests" "${result[mqhook_batch50_inflight6_reqs]}"
echo
# Managers serve https:// only; http:// (this sink) goes over mqhook's own
# HTTP/1.1 client whatever --managers says, so both columns measure that client.
echo "spreading over QNetworkAccessManagers (6 connections each), 32 requests in flight"
echo "(https only: on this http:// sink both columns are mqhook's own HTTP/1.1 client)"
printf '%-34s %10s %10s %8s\n' "case" "6 QNAMs" "1 QNAM" "ratio"
printf '%-34s %10s %10s %8s\n' "sender, sink answers at once" "${result[sender32_six_managers]}" \
    "${result[sender32_one_manager]}" \
    "$(ratio "${result[sender32_six_managers]}" "${result[sender32_one_manager]}")"
printf '%-34s %10s %10s %8s\n' "sender, sink takes 20 ms" "${result[slow_sender32_six_managers]}" \
    "${result[slow_sender32_one_manager]}" \
    "$(ratio "${result[slow_sender32_six_managers]}" "${result[slow_sender32_one_manager]}")"
echo
echo "sink takes 20 ms (wrk -c32: ${result[slow_wrk_c32]}/s)"
printf '%-34s %10s %10s %8s\n' "dispatcher, max_inflight 32 vs 6" "${result[slow_mqhook_inflight32]}" \
    "${result[slow_mqhook_inflight6]}" \
    "$(ratio "${result[slow_mqhook_inflight32]}" "${result[slow_mqhook_inflight6]}")"
