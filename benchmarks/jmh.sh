#!/usr/bin/env bash
# Runs the JMH benchmarks side by side and prints the tables of docs/benchmarks.md.
#   benchmarks/jmh.sh [quick|medium|full] [regex]
# quick: 1 fork, 2 + 3 one-second iterations (about 7 minutes on 2 cores); medium: 2 forks,
# 3 + 5; full: 3 forks, 5 + 5.
# Builds the benchmark jar first if it is missing (set TELEMETRY_TARGET to use another build folder).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
target="${TELEMETRY_TARGET:-target}"
jar="$root/benchmarks/$target/benchmarks.jar"
if [[ ! -f "$jar" ]]; then
	(cd "$root" && mvn -B -q -pl benchmarks -am package -DskipTests -Dspring-javaformat.skip=true -Dtelemetry.target="$target")
fi
cd "$root/benchmarks/$target"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
java -cp "$jar" dev.telemetry.benchmarks.SideBySide "${1:-quick}" ${2:+"$2"} | tee "side-by-side-${1:-quick}.txt"
