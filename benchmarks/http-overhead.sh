#!/usr/bin/env bash
# End-to-end overhead of tracing on a real Spring MVC application, all from one run:
# the sample app without telemetry, with this starter (ratio 1.0, OTLP/gRPC or OTLP/HTTP to a
# local sink), and with Spring Boot's own spring-boot-starter-opentelemetry at the same settings (probability
# 1.0, OTLP/HTTP to the same sink, metrics and logs export off), each loaded with wrk on loopback
# at a fixed concurrency for a fixed time. Prints requests/s, p50/p99 latency and the ratios to
# the baseline, how many spans the sink received from each, and the CPU time per request
# of the application (all its threads, and Tomcat's alone) and of the sink.
#
#   benchmarks/http-overhead.sh
#
# Settings (environment variables, all bounded):
#   DURATION=30       measured seconds per variant (at most 300)
#   WARMUP=60         unmeasured seconds of load first, for the JIT (at most 300). On two cores
#                     the application's CPU per request needs about 40 s of load to settle with this starter
#                     (more code: export path, metrics) and about 30 s without telemetry: with
#                     less, the run measures compilation, not the steady state (see the JIT
#                     column, and docs/benchmarks.md, run S)
#   CONNECTIONS=16    wrk connections (at most 256); WRK_THREADS=1
#   ENDPOINT=/hello   what to request (/orders/1 adds a JDBC query)
#   ROUNDS=1          repeat the whole sequence, interleaved (at most 5); the table shows medians
#   VARIANTS="baseline ours ours-http boot"   which to run: ours exports OTLP/gRPC, ours-http
#                     OTLP/HTTP (the default of this starter and of Spring Boot, so the two
#                     stacks are compared on the same protocol); add "boot-grpc" for
#                     Spring Boot over OTLP/gRPC, "ours-ratio-0.1" for this starter sampling
#                     10 % of traces, "ours-collector-down" for this starter with nothing
#                     listening at its endpoint (export fails, spans are dropped), and
#                     "ours-no-metrics" for this starter's tracing alone (ours also records and
#                     exports its metrics: boundaries, JVM, bridged Micrometer meters);
#                     "ours-before" and "ours-before-http" run the jar BEFORE_JAR with ours' and
#                     ours-http's settings, so that a change is measured before and after in one
#                     interleaved run; "ours-batch-2048" exports batches of 2048 spans from a
#                     queue of 8192 (a quarter of the export calls of ours under load). boot and boot-grpc run Spring Boot's tracing with its meter
#                     handler (actuator's DefaultMeterObservationHandler, wrapped by Micrometer
#                     Tracing's TracingAwareMeterObservationHandler): the script checks, after
#                     the warm-up, that http.server.requests counted the requests
#   BEFORE_JAR        the sample-app jar of the "before" build (for example main's), for the
#                     ours-before variants
#   TELEMETRY_TARGET=target         Maven build folder (-Dtelemetry.target)
#   SKIP_BUILD=1      reuse the jars already built
# Everything listens on 127.0.0.1 only: the app on 18080, the sink on 14317 (gRPC) and 14318 (HTTP).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
target="${TELEMETRY_TARGET:-target}"
duration="${DURATION:-30}"
warmup="${WARMUP:-60}"
connections="${CONNECTIONS:-16}"
wrk_threads="${WRK_THREADS:-1}"
endpoint="${ENDPOINT:-/hello}"
rounds="${ROUNDS:-1}"
variants="${VARIANTS:-baseline ours ours-http boot}"
port=18080
sink_grpc=14317
sink_http=14318

bounded() { # name value max
	if ! [[ "$2" =~ ^[0-9]+$ ]] || (($2 < 1 || $2 > $3)); then
		echo "$1 must be between 1 and $3, was '$2'" >&2
		exit 2
	fi
}
bounded DURATION "$duration" 300
bounded WARMUP "$warmup" 300
bounded CONNECTIONS "$connections" 256
bounded WRK_THREADS "$wrk_threads" 16
bounded ROUNDS "$rounds" 5

if ! command -v wrk >/dev/null 2>&1; then
	echo "Installing wrk from the system's package manager"
	if [[ $(id -u) -ne 0 ]]; then
		echo "wrk is missing and this is not root: install it (apt-get install wrk) and run again" >&2
		exit 2
	fi
	apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi

app_jar="$root/sample-app/$target/sample-app.jar"
boot_jar="$root/sample-app/$target/sample-app-boot-opentelemetry.jar"
bench_jar="$root/benchmarks/$target/benchmarks.jar"
if [[ -z "${SKIP_BUILD:-}" ]]; then
	echo "Building the sample app (twice: with this starter, and with Spring Boot's OpenTelemetry support) and the sink"
	# A measurement build: formatting is checked by the real build, not here.
	build=(-B -q -DskipTests -Dspring-javaformat.skip=true -Dtelemetry.target="$target")
	(cd "$root" && mvn "${build[@]}" -pl sample-app,benchmarks -am package)
	(cd "$root" && mvn "${build[@]}" -pl sample-app -am package -Pboot-opentelemetry)
fi
needed=("$app_jar" "$bench_jar")
# Spring Boot's own stack is only needed when a variant runs it.
[[ " $variants " == *" boot"* ]] && needed+=("$boot_jar")
for jar in "${needed[@]}"; do
	[[ -f "$jar" ]] || { echo "missing $jar" >&2; exit 2; }
done
before_jar="${BEFORE_JAR:-}"
if [[ " $variants " == *" ours-before"* ]] && [[ -z "$before_jar" || ! -f "$before_jar" ]]; then
	echo "the ours-before variants need BEFORE_JAR, the sample-app jar of the build to compare with (was '$before_jar')" >&2
	exit 2
fi

pids=()
cleanup() {
	for pid in "${pids[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	wait 2>/dev/null || true
}
trap cleanup EXIT

for p in $port $sink_grpc $sink_http; do
	if (echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
		echo "port $p on 127.0.0.1 is already in use" >&2
		exit 2
	fi
done

work="$(mktemp -d)"
java -Xmx256m -cp "$bench_jar" dev.telemetry.benchmarks.OtlpSink $sink_grpc $sink_http >"$work/sink.log" 2>&1 &
sink_pid=$!
pids+=("$sink_pid")
# The sink warms itself up (its JIT would otherwise compete with the first variant).
deadline=$((SECONDS + 90))
until grep -q ready "$work/sink.log" 2>/dev/null; do
	if ((SECONDS > deadline)) || ! kill -0 "$sink_pid" 2>/dev/null; then
		echo "the OTLP sink did not start; its log:" >&2
		cat "$work/sink.log" >&2
		exit 1
	fi
	sleep 0.5
done

sink_spans() {
	curl -sf "http://127.0.0.1:$sink_http/stats" | sed -E 's/spans=([0-9]+).*/\1/'
}

# Same JVM for every variant; heap fixed so that GC settings do not differ.
jvm=(-Xms512m -Xmx512m)
common=(--server.port=$port --server.address=127.0.0.1 --spring.main.banner-mode=off --logging.level.root=WARN)
ours_grpc="--telemetry.exporter.otlp.protocol=grpc --telemetry.exporter.otlp.endpoint=http://127.0.0.1:$sink_grpc --telemetry.tracing.sampler.type=parentbased_traceidratio --telemetry.tracing.sampler.ratio=1.0"
ours_http="--telemetry.exporter.otlp.protocol=http/protobuf --telemetry.exporter.otlp.endpoint=http://127.0.0.1:$sink_http --telemetry.tracing.sampler.type=parentbased_traceidratio --telemetry.tracing.sampler.ratio=1.0"
# Boot's variants expose the metrics endpoint, so the script can check that its meter handler ran.
boot_common="--telemetry.enabled=false --management.tracing.sampling.probability=1.0 --management.otlp.metrics.export.enabled=false --management.logging.export.otlp.enabled=false --management.endpoints.web.exposure.include=health,metrics"
args_for() {
	case "$1" in
		baseline) echo "$app_jar --telemetry.enabled=false" ;;
		ours) echo "$app_jar $ours_grpc" ;;
		ours-before) echo "$before_jar $ours_grpc" ;;
		ours-batch-2048) echo "$app_jar $ours_grpc --telemetry.tracing.batch.max-export-batch-size=2048 --telemetry.tracing.batch.max-queue-size=8192" ;;
		ours-before-http) echo "$before_jar $ours_http" ;;
		ours-ratio-0.1) echo "$app_jar --telemetry.exporter.otlp.protocol=grpc --telemetry.exporter.otlp.endpoint=http://127.0.0.1:$sink_grpc --telemetry.tracing.sampler.type=parentbased_traceidratio --telemetry.tracing.sampler.ratio=0.1" ;;
		ours-http) echo "$app_jar $ours_http" ;;
		ours-no-metrics) echo "$app_jar --telemetry.exporter.otlp.protocol=grpc --telemetry.exporter.otlp.endpoint=http://127.0.0.1:$sink_grpc --telemetry.tracing.sampler.type=parentbased_traceidratio --telemetry.tracing.sampler.ratio=1.0 --telemetry.metrics.enabled=false" ;;
		ours-collector-down) echo "$app_jar --telemetry.exporter.otlp.protocol=grpc --telemetry.exporter.otlp.endpoint=http://127.0.0.1:9 --telemetry.tracing.sampler.type=parentbased_traceidratio --telemetry.tracing.sampler.ratio=1.0" ;;
		boot) echo "$boot_jar $boot_common --management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:$sink_http/v1/traces" ;;
		boot-grpc) echo "$boot_jar $boot_common --management.opentelemetry.tracing.export.otlp.transport=grpc --management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:$sink_grpc" ;;
		*) echo "unknown variant $1" >&2; exit 2 ;;
	esac
}

wait_ready() {
	local deadline=$((SECONDS + 120))
	until curl -sf -o /dev/null "http://127.0.0.1:$port$endpoint"; do
		if ((SECONDS > deadline)) || ! kill -0 "$1" 2>/dev/null; then
			echo "the application did not start; its log:" >&2
			tail -40 "$work/app.log" >&2
			exit 1
		fi
		sleep 0.5
	done
}

# wrk reports latencies like 1.23ms, 850.00us or 1.02s: convert to milliseconds.
to_ms() {
	awk -v v="$1" 'BEGIN {
		if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
		else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
		else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
		else { printf "%s", v } }'
}

# CPU time (clock ticks) of a process, exited threads included; or of its live threads whose
# name starts with a prefix (Linux truncates thread names to 15 characters: Tomcat's are all
# "http-nio-...").
ticks() { # pid [thread-name-prefix]
	if [[ -z "${2:-}" ]]; then
		awk '{print $14 + $15}' "/proc/$1/stat"
		return
	fi
	local total=0 task name
	for task in /proc/"$1"/task/*; do
		name=$(cat "$task/comm" 2>/dev/null) || continue
		[[ "$name" == "$2"* ]] || continue
		total=$((total + $(awk '{print $14 + $15}' "$task/stat" 2>/dev/null || echo 0)))
	done
	echo "$total"
}
clock_ticks=$(getconf CLK_TCK)

# Seconds the JIT has spent compiling so far (jstat's compile time, elapsed per task, not CPU):
# its growth over the measured window says whether the warm-up was long enough. Empty when
# jstat is missing or cannot attach; the run goes on without it.
jit_seconds() { # pid
	{ jstat -compiler "$1" 2>/dev/null || true; } | awk 'NR == 2 {print $4}'
}

declare -A rps p50 p99 spans app_cpu tomcat_cpu sink_cpu jit_cpu spans_per_request
run_variant() {
	local variant=$1 round=$2
	read -r -a cmd <<<"$(args_for "$variant")"
	local jar=${cmd[0]}
	java "${jvm[@]}" -jar "$jar" "${cmd[@]:1}" "${common[@]}" >"$work/app.log" 2>&1 &
	local app_pid=$!
	pids+=("$app_pid")
	wait_ready "$app_pid"
	wrk -t"$wrk_threads" -c"$connections" -d"${warmup}s" "http://127.0.0.1:$port$endpoint" >/dev/null
	if [[ "$variant" == boot* ]]; then
		# Spring Boot's http.server.requests timer is made by its meter observation handler
		# only: a count proves the handler ran on every request of the warm-up.
		local counted
		counted=$(curl -sf "http://127.0.0.1:$port/actuator/metrics/http.server.requests" |
			sed -nE 's/.*"statistic":"COUNT","value":([0-9.E]+).*/\1/p')
		echo "  $variant: Spring Boot's meter handler counted ${counted:-no} requests in http.server.requests"
	fi
	local before app_before tomcat_before sink_before jit_before
	before=$(sink_spans)
	jit_before=$(jit_seconds "$app_pid")
	app_before=$(ticks "$app_pid")
	tomcat_before=$(ticks "$app_pid" http-nio)
	sink_before=$(ticks "$sink_pid")
	wrk -t"$wrk_threads" -c"$connections" -d"${duration}s" --latency "http://127.0.0.1:$port$endpoint" >"$work/wrk.txt"
	local app_after tomcat_after sink_after jit_after
	app_after=$(ticks "$app_pid")
	tomcat_after=$(ticks "$app_pid" http-nio)
	sink_after=$(ticks "$sink_pid")
	# After the CPU readings: jstat is a JVM of its own, and its start-up would delay them.
	jit_after=$(jit_seconds "$app_pid")
	# Let the last batch (schedule delay 5 s) reach the sink before counting.
	kill "$app_pid"
	local deadline=$((SECONDS + 30))
	while kill -0 "$app_pid" 2>/dev/null && ((SECONDS < deadline)); do
		sleep 0.2
	done
	kill -9 "$app_pid" 2>/dev/null || true
	wait "$app_pid" 2>/dev/null || true
	local after
	after=$(sink_spans)
	rps[$variant,$round]=$(awk '/^Requests\/sec:/ {print $2}' "$work/wrk.txt")
	p50[$variant,$round]=$(to_ms "$(awk '$1 == "50%" {print $2}' "$work/wrk.txt")")
	p99[$variant,$round]=$(to_ms "$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")")
	spans[$variant,$round]=$((after - before))
	# CPU microseconds per request served, from the kernel's accounting.
	local requests
	requests=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
	per_request() {
		awk -v t="$1" -v hz="$clock_ticks" -v n="$requests" 'BEGIN {printf "%.1f", (n > 0) ? t * 1e6 / hz / n : 0}'
	}
	app_cpu[$variant,$round]=$(per_request $((app_after - app_before)))
	tomcat_cpu[$variant,$round]=$(per_request $((tomcat_after - tomcat_before)))
	sink_cpu[$variant,$round]=$(per_request $((sink_after - sink_before)))
	jit_cpu[$variant,$round]=$(awk -v a="$jit_before" -v b="$jit_after" -v n="$requests" \
		'BEGIN {if (a == "" || b == "" || n == 0) print "n/a"; else printf "%.1f", (b - a) * 1e6 / n}')
	spans_per_request[$variant,$round]=$(awk -v s="${spans[$variant,$round]}" -v n="$requests" \
		'BEGIN {printf "%.3f", (n > 0) ? s / n : 0}')
	local errors
	errors=$(awk '/Non-2xx|Socket errors/' "$work/wrk.txt")
	printf '  round %d %-20s %10s req/s  p50 %8s ms  p99 %8s ms  spans received %s (%s per request)  CPU us/request: app %s (Tomcat threads %s, JIT %s), sink %s %s\n' \
		"$round" "$variant" "${rps[$variant,$round]}" "${p50[$variant,$round]}" "${p99[$variant,$round]}" \
		"${spans[$variant,$round]}" "${spans_per_request[$variant,$round]}" "${app_cpu[$variant,$round]}" \
		"${tomcat_cpu[$variant,$round]}" "${jit_cpu[$variant,$round]}" "${sink_cpu[$variant,$round]}" "$errors"
}

echo "Load before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, $(java -version 2>&1 | head -1)"
echo "wrk -t$wrk_threads -c$connections -d${duration}s (after ${warmup}s of warm-up) http://127.0.0.1:$port$endpoint"
for ((round = 1; round <= rounds; round++)); do
	for variant in $variants; do
		run_variant "$variant" "$round"
	done
done
echo "Load after: $(cut -d' ' -f1-3 /proc/loadavg)"

# The median over the rounds: one round disturbed by the machine does not move it.
median() { # variant map-name
	local -n values=$2
	for ((round = 1; round <= rounds; round++)); do
		echo "${values[$1,$round]}"
	done | sort -g | awk '{ v[NR] = $1; if ($1 == "n/a") na = 1 }
		END { if (na) { printf "n/a"; exit } printf "%.3f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo
echo "Medians over $rounds round(s); spans received: the total."
echo
echo "| variant | requests/s | p50 ms | p99 ms | throughput vs baseline | p50 vs baseline | p99 vs baseline | spans received | spans per request | app CPU us/request | CPU vs baseline | of which Tomcat threads | JIT compile time us/request | sink CPU us/request |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
base_cpu=$(median baseline app_cpu 2>/dev/null || echo 0)
base_rps=$(median baseline rps 2>/dev/null || echo 0)
base_p50=$(median baseline p50 2>/dev/null || echo 0)
base_p99=$(median baseline p99 2>/dev/null || echo 0)
for variant in $variants; do
	r=$(median "$variant" rps)
	a=$(median "$variant" p50)
	b=$(median "$variant" p99)
	s=0
	for ((round = 1; round <= rounds; round++)); do
		s=$((s + spans[$variant,$round]))
	done
	awk -v v="$variant" -v r="$r" -v a="$a" -v b="$b" -v br="$base_rps" -v ba="$base_p50" -v bb="$base_p99" -v s="$s" \
		-v c="$(median "$variant" app_cpu)" -v t="$(median "$variant" tomcat_cpu)" -v k="$(median "$variant" sink_cpu)" \
		-v j="$(median "$variant" jit_cpu)" -v q="$(median "$variant" spans_per_request)" -v bc="$base_cpu" \
		'BEGIN { printf "| %s | %.0f | %.2f | %.2f | %s | %s | %s | %d | %.3f | %.1f | %s | %.1f | %s | %.1f |\n", v, r, a, b,
			(br > 0) ? sprintf("%.2f", r / br) : "n/a", (ba > 0) ? sprintf("%.2f", a / ba) : "n/a",
			(bb > 0) ? sprintf("%.2f", b / bb) : "n/a", s, q, c, (bc > 0) ? sprintf("%.2f", c / bc) : "n/a", t,
			(j == "n/a") ? j : sprintf("%.1f", j), k }'
done
