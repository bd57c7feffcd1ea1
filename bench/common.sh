# What the benchmark scripts share; sourced once $work is set. cleanup kills
# every process in pids and removes $work.
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
    for _ in $(seq 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.05
    done
    echo "nothing listens on port $1" >&2
    exit 1
}
# The number after "name=" in a line of key=value pairs.
value() { sed -n "s/.*\b$1=\([-0-9.]*\).*/\1/p" <<<"$2"; }
now_us() { echo $(($(date +%s%N) / 1000)); }
