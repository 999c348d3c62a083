#!/usr/bin/env bash
# wrk-driven macro benchmark: the same "Hello, World!" HTTP/1.1 responder on Twine (the demo's HelloHttp),
# Netty's native epoll transport and plain JDK NIO (dev.twine.bench.http.*HttpServer: same response bytes, same
# parsing rules), each one I/O thread. Servers are started in turn, pinned to CPU 1 (taskset), and driven by wrk
# pinned to CPU 0; REPS repetitions, server order rotated per repetition. Cases: keep-alive c16 and c256,
# 16-deep pipelining c16 and c256 (pipeline.lua, every response counted), Connection: close churn c16.
# Per run: requests/s, p50/p99 latency, and the server's CPU per request (utime+stime from /proc/PID/stat).
#
#   src/jmh/wrk/bench-http.sh                       # REPS=3 DURATION=5s
#   REPS=5 DURATION=15s src/jmh/wrk/bench-http.sh   # a full run (by hand, on an otherwise idle machine)
#
# Environment: REPS, DURATION (wrk -d), WARMUP (per server start), SERVERS ("twine netty nio"),
# CASES ("ka16 ka256 pipe16 pipe256 close16"), SERVER_CPU (1), CLIENT_CPU (0), HEAP (256m), GC (UseParallelGC),
# BENCH_CP (class path of the peers and Chart; default target/twine-benchmarks.jar, built if it lacks them),
# OUT (target/http-bench).
# Output: OUT/raw.csv (every run), OUT/results.md (medians, ratios to Netty-epoll), OUT/chart.png.
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROOT=$PWD
HERE=src/jmh/wrk

REPS=${REPS:-3}
DURATION=${DURATION:-5s}
WARMUP=${WARMUP:-3s}
SERVERS=${SERVERS:-"twine netty nio"}
CASES=${CASES:-"ka16 ka256 pipe16 pipe256 close16"}
SERVER_CPU=${SERVER_CPU:-1}
CLIENT_CPU=${CLIENT_CPU:-0}
HEAP=${HEAP:-256m}
GC=${GC:-UseParallelGC}
OUT=${OUT:-target/http-bench}
VERSION=0.1.0-SNAPSHOT
TWINE_JAR=target/twine-$VERSION.jar
BENCH_JAR=target/twine-benchmarks.jar

# --- a JDK >= 22 (the jars are built for it) ---
jdk_feature() { sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null || echo 0; }
if [ -z "${JAVA_HOME:-}" ] || [ "$(jdk_feature "$JAVA_HOME")" -lt 22 ] 2>/dev/null; then
    JAVA_HOME=""
    for d in /usr/lib/jvm/*; do
        v=$(jdk_feature "$d"); v=${v:-0}
        if [ -x "$d/bin/java" ] && [ "$v" -ge 22 ]; then JAVA_HOME=$d; fi
    done
    [ -n "$JAVA_HOME" ] || { echo "bench-http: no JDK 22+ under /usr/lib/jvm; set JAVA_HOME" >&2; exit 2; }
fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
command -v wrk >/dev/null || { echo "bench-http: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
command -v taskset >/dev/null || { echo "bench-http: taskset is not installed (util-linux)" >&2; exit 2; }

# --- the jars: build them (never clean) if missing or older than the benchmark peers ---
if [ -z "${BENCH_CP:-}" ]; then
    if [ ! -f "$TWINE_JAR" ] || [ ! -f "$BENCH_JAR" ] \
        || ! unzip -l "$BENCH_JAR" 2>/dev/null | grep -q 'dev/twine/bench/http/Chart.class'; then
        echo "bench-http: building $BENCH_JAR (mvn -Pjmh package)" >&2
        MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" \
            mvn -B -ntp -q -Dstyle.color=never -Pjmh -DskipTests package >&2
    fi
    BENCH_CP=$BENCH_JAR
fi
[ -f "$TWINE_JAR" ] || { echo "bench-http: $TWINE_JAR missing (mvn -DskipTests package)" >&2; exit 2; }

CLK_TCK=$(getconf CLK_TCK)
JVM=(java "-XX:+$GC" "-Xms$HEAP" "-Xmx$HEAP")
mkdir -p "$OUT"
RAW="$OUT/raw.csv"
LOG="$OUT/wrk.log"
: > "$LOG"
echo "rep,server,case,requests,seconds,rps,p50_us,p99_us,server_cpu_us_per_req,errors" > "$RAW"

SERVER_PID=""
stop_server() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=""
    fi
}
trap stop_server EXIT
trap 'exit 130' INT TERM

port_of() { case $1 in twine) echo 18081;; netty) echo 18082;; nio) echo 18083;; esac; }

start_server() { # $1 = server name; sets SERVER_PID, waits until it answers
    local name=$1 port
    port=$(port_of "$name")
    case $name in
        twine) exec taskset -c "$SERVER_CPU" "${JVM[@]}" --enable-native-access=dev.twine -p "$TWINE_JAR" \
                   -m dev.twine/dev.twine.demo.Demo --http "$port" --echo 0 --forward 0 ;;
        netty) exec taskset -c "$SERVER_CPU" "${JVM[@]}" --enable-native-access=ALL-UNNAMED \
                   -Dio.netty.leakDetection.level=disabled -cp "$BENCH_CP" dev.twine.bench.http.NettyHttpServer "$port" ;;
        nio)   exec taskset -c "$SERVER_CPU" "${JVM[@]}" -cp "$BENCH_CP" dev.twine.bench.http.NioHttpServer "$port" ;;
        *) echo "bench-http: unknown server $name" >&2; exit 2 ;;
    esac > "$OUT/server-$name.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 200); do
        if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; then 
            # /proc/PID/stat must be the server JVM itself (exec above), not a shell around it.
            [ "$(cat "/proc/$SERVER_PID/comm" 2>/dev/null)" = java ] || { echo "bench-http: pid $SERVER_PID is not the JVM" >&2; exit 1; }
            return 0
        fi
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$OUT/server-$name.log" >&2; echo "bench-http: $name died" >&2; exit 1; }
        sleep 0.1
    done
    echo "bench-http: $name did not answer on port $port within 20 s" >&2
    exit 1
}

cpu_ticks() { # utime + stime (fields 14 and 15 of /proc/PID/stat; the fields after "comm)")
    local stat
    stat=$(cat "/proc/$1/stat")
    stat=${stat##*) }
    set -- $stat
    echo $(( ${12} + ${13} ))
}

to_us() { # wrk's "1.23ms" / "456.00us" / "1.02s" -> microseconds
    echo "$1" | awk '{ v = $1; f = 0
        if (v ~ /us$/) f = 1; else if (v ~ /ms$/) f = 1000; else if (v ~ /m$/) f = 6e7; else if (v ~ /s$/) f = 1e6
        sub(/[a-z]+$/, "", v); if (f == 0 || v == "") print "NaN"; else printf "%.1f", v * f }'
}

wrk_case() { # $1 case, $2 port, $3 duration: prints wrk's output
    local c=$1 port=$2 d=$3 url="http://127.0.0.1:$2/"
    local to=$(( ${d%s} + 30 ))
    case $c in
        ka16)    timeout "$to" taskset -c "$CLIENT_CPU" wrk -t1 -c16 -d"$d" --latency "$url" ;;
        ka256)   timeout "$to" taskset -c "$CLIENT_CPU" wrk -t1 -c256 -d"$d" --latency "$url" ;;
        pipe16)  timeout "$to" taskset -c "$CLIENT_CPU" wrk -t1 -c16 -d"$d" --latency -s "$HERE/pipeline.lua" "$url" -- 16 ;;
        pipe256) timeout "$to" taskset -c "$CLIENT_CPU" wrk -t1 -c256 -d"$d" --latency -s "$HERE/pipeline.lua" "$url" -- 16 ;;
        close16) timeout "$to" taskset -c "$CLIENT_CPU" wrk -t1 -c16 -d"$d" --latency -H 'Connection: close' "$url" ;;
        *) echo "bench-http: unknown case $c" >&2; exit 2 ;;
    esac
}

# --- sanity: every server answers with the same bytes (keep-alive, close, and a pipelined mix) ---
check_bytes() { # $1 server name, port up
    local port=$1 f=$2
    curl -s --raw -i --max-time 5 "http://127.0.0.1:$port/" > "$f.ka"
    curl -s --raw -i --max-time 5 -H 'Connection: close' "http://127.0.0.1:$port/" > "$f.close"
    # Pipelined: a GET, a POST with a 5-byte body, then an HTTP/1.0 request that ends the connection.
    exec 3<>"/dev/tcp/127.0.0.1/$port"
    printf 'GET / HTTP/1.1\r\nHost: x\r\n\r\nPOST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhelloGET / HTTP/1.0\r\n\r\nGET /never HTTP/1.1\r\nHost: x\r\n\r\n' >&3
    timeout 5 cat <&3 > "$f.pipe" || true
    exec 3<&- 3>&-
}

rotate() { # $1 = offset: prints SERVERS rotated left by offset
    local arr=($SERVERS) n i
    n=${#arr[@]}
    for ((i = 0; i < n; i++)); do printf '%s ' "${arr[$(( (i + $1) % n ))]}"; done
}

echo "bench-http: REPS=$REPS DURATION=$DURATION WARMUP=$WARMUP servers: $SERVERS; cases: $CASES;" \
     "server on CPU $SERVER_CPU (${JVM[*]}), wrk on CPU $CLIENT_CPU; $(java -version 2>&1 | head -1)" >&2
for ((rep = 1; rep <= REPS; rep++)); do
    for server in $(rotate $(( rep - 1 ))); do
        port=$(port_of "$server")
        start_server "$server"
        if [ "$rep" -eq 1 ]; then
            check_bytes "$port" "$OUT/bytes-$server"
        fi
        # Warm-up: JIT the keep-alive, pipelined and close paths before anything is measured.
        wrk_case ka16 "$port" "$WARMUP" >> "$LOG" 2>&1 || true
        wrk_case pipe16 "$port" "$WARMUP" >> "$LOG" 2>&1 || true
        wrk_case close16 "$port" 1s >> "$LOG" 2>&1 || true
        for c in $CASES; do
            before=$(cpu_ticks "$SERVER_PID")
            t0=$(date +%s.%N)
            out=$(wrk_case "$c" "$port" "$DURATION" 2>&1) || true
            t1=$(date +%s.%N)
            after=$(cpu_ticks "$SERVER_PID")
            { echo "=== rep $rep $server $c"; echo "$out"; } >> "$LOG"
            reqs=$(echo "$out" | sed -n 's/^ *\([0-9]*\) requests in \([0-9.]*\)\(m\?s\).*/\1/p')
            secs=$(echo "$out" | sed -n 's/^ *[0-9]* requests in \([0-9.]*\)s,.*/\1/p')
            rps=$(echo "$out" | sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p')
            lua=$(echo "$out" | sed -n 's/^lua_responses \([0-9]*\)/\1/p')
            non200=$(echo "$out" | sed -n 's/^lua_non200 \([0-9]*\)/\1/p')
            errs=$(echo "$out" | sed -n 's/^ *Socket errors: \(.*\)/\1/p' | tr -d ' ,' )
            n2xx=$(echo "$out" | sed -n 's/^ *Non-2xx or 3xx responses: \([0-9]*\)/\1/p')
            p50=$(to_us "$(echo "$out" | awk '$1 == "50%" {print $2}')")
            p99=$(to_us "$(echo "$out" | awk '$1 == "99%" {print $2}')")
            case $c in pipe*)
                # wrk's coordinated-omission correction assumes one request per round trip: with 16 in flight
                # it adds samples below the recorded minimum, so its percentiles come out biased or as 0.
                p50=NaN p99=NaN ;;
            esac
            if [ -z "$reqs" ] || [ "$reqs" = 0 ]; then
                echo "bench-http: rep $rep $server $c: wrk reported no requests (see $LOG)" >&2
                reqs=0 rps=0 secs=${secs:-0}
            fi
            if [ -n "$lua" ] && [ "$lua" != "$reqs" ]; then
                echo "bench-http: rep $rep $server $c: wrk counted $reqs, pipeline.lua $lua responses; using pipeline.lua's" >&2
                rps=$(echo "$lua $secs" | awk '{ printf "%.2f", ($2 > 0 ? $1 / $2 : 0) }')
                reqs=$lua
            fi
            cpu=$(echo "$before $after $reqs $CLK_TCK" | awk '{ printf "%.3f", ($3 > 0 ? ($2 - $1) * 1e6 / $4 / $3 : 0) }')
            e="${errs}${n2xx:+ non2xx:$n2xx}${non200:+ lua_non200:$non200}"
            [ "$non200" = 0 ] && e="${errs}${n2xx:+ non2xx:$n2xx}"
            echo "$rep,$server,$c,$reqs,$secs,$rps,$p50,$p99,$cpu,\"$e\"" >> "$RAW"
            printf 'bench-http: rep %d %-5s %-7s %10s req/s  p50 %8s us  p99 %8s us  server CPU %7s us/req %s\n' \
                "$rep" "$server" "$c" "$rps" "$p50" "$p99" "$cpu" "$e" >&2
        done
        stop_server
    done
done

# --- identical bytes from every server? ---
first=""
for server in $SERVERS; do
    [ -n "$first" ] || { first=$server; continue; }
    for k in ka close pipe; do
        if ! cmp -s "$OUT/bytes-$first.$k" "$OUT/bytes-$server.$k"; then
            echo "bench-http: WARNING: $server's $k response bytes differ from $first's ($OUT/bytes-*.$k)" >&2
        fi
    done
done

# --- medians, ratios to Netty-epoll, chart ---
java -Djava.awt.headless=true -cp "$BENCH_CP" dev.twine.bench.http.Chart "$RAW" "$OUT" \
    "REPS=$REPS DURATION=$DURATION, $(date -u +%Y-%m-%d), $(nproc) CPUs ($(sed -n 's/^model name\t: //p' /proc/cpuinfo | head -1)), $(java -version 2>&1 | head -1)"
