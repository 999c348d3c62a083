#!/usr/bin/env bash
# Memory per idle connection: opens CONNS (10,000) TCP connections from a separate client JVM
# (dev.twine.bench.http.IdleConnections) to each HTTP responder of bench-http.sh (Twine's demo, Netty-epoll, NIO)
# and reports the server's resident set (VmRSS) and Java heap in use (after jcmd GC.run, from jstat -gc) before
# and after, per connection. MODES: "used" (each connection served one keep-alive request first, then idle) and
# "fresh" (never sent anything).
#
#   src/jmh/wrk/bench-idle.sh            # CONNS=10000 MODES="used fresh" SERVERS="twine netty nio"
#
# Output: stdout and OUT/results.md (target/idle-bench), OUT/raw.csv.
set -euo pipefail
cd "$(dirname "$0")/../../.."

CONNS=${CONNS:-10000}
MODES=${MODES:-"used fresh"}
SERVERS=${SERVERS:-"twine netty nio"}
SERVER_CPU=${SERVER_CPU:-1}
CLIENT_CPU=${CLIENT_CPU:-0}
HEAP=${HEAP:-256m}
GC=${GC:-UseParallelGC}
OUT=${OUT:-target/idle-bench}
TWINE_JAR=target/twine-0.1.0-SNAPSHOT.jar
BENCH_JAR=target/twine-benchmarks.jar

jdk_feature() { sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null || echo 0; }
if [ -z "${JAVA_HOME:-}" ] || [ "$(jdk_feature "$JAVA_HOME")" -lt 22 ] 2>/dev/null; then
    JAVA_HOME=""
    for d in /usr/lib/jvm/*; do
        v=$(jdk_feature "$d"); v=${v:-0}
        if [ -x "$d/bin/java" ] && [ "$v" -ge 22 ]; then JAVA_HOME=$d; fi
    done
    [ -n "$JAVA_HOME" ] || { echo "bench-idle: no JDK 22+ under /usr/lib/jvm; set JAVA_HOME" >&2; exit 2; }
fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
if [ -z "${BENCH_CP:-}" ]; then
    if [ ! -f "$TWINE_JAR" ] || [ ! -f "$BENCH_JAR" ] \
        || ! unzip -l "$BENCH_JAR" 2>/dev/null | grep -q 'dev/twine/bench/http/IdleConnections.class'; then
        echo "bench-idle: building $BENCH_JAR (mvn -Pjmh package)" >&2
        MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" \
            mvn -B -ntp -q -Dstyle.color=never -Pjmh -DskipTests package >&2
    fi
    BENCH_CP=$BENCH_JAR
fi

# Both JVMs hold CONNS descriptors each.
need=$(( CONNS + 1000 ))
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$need" ]; then
    ulimit -n "$need" 2>/dev/null || ulimit -n "$(ulimit -Hn)"
fi
[ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge "$need" ] \
    || { echo "bench-idle: RLIMIT_NOFILE $(ulimit -n) < $need (raise the hard limit)" >&2; exit 2; }

JVM=(java "-XX:+$GC" "-Xms$HEAP" "-Xmx$HEAP")
mkdir -p "$OUT"
SERVER_PID="" CLIENT_PID=""
cleanup() {
    for p in $CLIENT_PID $SERVER_PID; do
        kill "$p" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$p" 2>/dev/null || true
        wait "$p" 2>/dev/null || true
    done
    SERVER_PID="" CLIENT_PID=""
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_of() { case $1 in twine) echo 18181;; netty) echo 18182;; nio) echo 18183;; esac; }

start_server() {
    local name=$1 port
    port=$(port_of "$name")
    case $name in
        twine) exec taskset -c "$SERVER_CPU" "${JVM[@]}" --enable-native-access=dev.twine -p "$TWINE_JAR" \
                   -m dev.twine/dev.twine.demo.Demo --http "$port" --echo 0 --forward 0 ;;
        netty) exec taskset -c "$SERVER_CPU" "${JVM[@]}" --enable-native-access=ALL-UNNAMED \
                   -Dio.netty.leakDetection.level=disabled -cp "$BENCH_CP" dev.twine.bench.http.NettyHttpServer "$port" ;;
        nio)   exec taskset -c "$SERVER_CPU" "${JVM[@]}" -cp "$BENCH_CP" dev.twine.bench.http.NioHttpServer "$port" ;;
        *) echo "bench-idle: unknown server $name" >&2; exit 2 ;;
    esac > "$OUT/server-$name.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 200); do
        if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; then return 0; fi
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$OUT/server-$name.log" >&2; exit 1; }
        sleep 0.1
    done
    echo "bench-idle: $name did not answer" >&2
    exit 1
}

measure() { # prints "RSS_KiB HEAP_KiB OPEN_FDS" of SERVER_PID after a full GC
    timeout 30 jcmd "$SERVER_PID" GC.run > /dev/null
    sleep 0.5
    local rss heap
    rss=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$SERVER_PID/status")
    # jstat -gc columns: S0C S1C S0U S1U EC EU OC OU ...; heap used = S0U + S1U + EU + OU (KiB)
    heap=$(timeout 30 jstat -gc "$SERVER_PID" | awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i }
        NR == 2 { printf "%.0f", $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"] }')
    echo "$rss $heap $(ls "/proc/$SERVER_PID/fd" | wc -l)"
}

established() { ss -Htn state established "( sport = :$1 )" | wc -l; }

RAW="$OUT/raw.csv"
echo "server,mode,conns,rss_before_kib,rss_after_kib,heap_before_kib,heap_after_kib,rss_bytes_per_conn,heap_bytes_per_conn" > "$RAW"
echo "bench-idle: CONNS=$CONNS MODES=$MODES; server: ${JVM[*]} on CPU $SERVER_CPU; $(java -version 2>&1 | head -1)" >&2
for mode in $MODES; do
    for server in $SERVERS; do
        port=$(port_of "$server")
        start_server "$server"
        # Load the serving code paths (and the JIT's first tiers) before the baseline.
        timeout 20 taskset -c "$CLIENT_CPU" wrk -t1 -c16 -d1s "http://127.0.0.1:$port/" > /dev/null 2>&1 || true
        sleep 1
        read -r rss0 heap0 fds0 < <(measure)
        taskset -c "$CLIENT_CPU" java -Xmx256m -cp "$BENCH_CP" dev.twine.bench.http.IdleConnections \
            "$port" "$CONNS" "$mode" 20 > "$OUT/client.log" 2>&1 &
        CLIENT_PID=$!
        for _ in $(seq 600); do
            grep -q '^open\|^failed' "$OUT/client.log" && break
            kill -0 "$CLIENT_PID" 2>/dev/null || break
            sleep 0.1
        done
        grep -q '^open' "$OUT/client.log" || { cat "$OUT/client.log" >&2; echo "bench-idle: $server: client failed" >&2; exit 1; }
        for _ in $(seq 100); do [ "$(established "$port")" -ge "$CONNS" ] && break; sleep 0.1; done
        sleep 1
        n=$(established "$port")
        read -r rss1 heap1 fds1 < <(measure)
        if [ $(( fds1 - fds0 )) -lt "$n" ]; then
            echo "bench-idle: $server: $n established but only $(( fds1 - fds0 )) accepted: dividing by that" >&2
            n=$(( fds1 - fds0 ))
        fi
        cleanup
        line=$(echo "$server $mode $n $rss0 $rss1 $heap0 $heap1" | awk '{ printf "%s,%s,%d,%d,%d,%d,%d,%.0f,%.0f",
            $1, $2, $3, $4, $5, $6, $7, ($5 - $4) * 1024 / $3, ($7 - $6) * 1024 / $3 }')
        echo "$line" >> "$RAW"
        echo "bench-idle: $line" >&2
    done
done

{
    echo "# Memory per idle connection ($CONNS connections; server ${JVM[*]}; $(date -u +%Y-%m-%d); $(java -version 2>&1 | head -1))"
    echo
    echo "| server | mode | connections | RSS delta bytes/conn | heap delta bytes/conn | RSS before→after KiB | heap before→after KiB |"
    echo "|---|---|---:|---:|---:|---:|---:|"
    tail -n +2 "$RAW" | awk -F, '{ printf "| %s | %s | %d | %s | %s | %d→%d | %d→%d |\n", $1, $2, $3, $8, $9, $4, $5, $6, $7 }'
    echo
    echo "used: each connection served one keep-alive request, then idle; fresh: connected, nothing sent."
    echo "Heap = S0U+S1U+EU+OU of jstat -gc after jcmd GC.run; RSS = VmRSS (includes heap pages touched)."
    echo "Kernel socket memory is not in either figure."
} | tee "$OUT/results.md"
