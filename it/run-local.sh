#!/usr/bin/env bash
# Runs the set-up of docs/exporting.md on this machine until Ctrl-C, with the files the tests
# run (docs/collector/*.yaml, it/jaeger/config.yaml) and their local defaults:
#   agent    OTLP on 127.0.0.1:4317 (gRPC) and 127.0.0.1:4318 (HTTP), the starter's default
#   gateway  OTLP on 127.0.0.1:5317; the application's metrics on http://127.0.0.1:9464/metrics
#   Jaeger   OTLP on 127.0.0.1:6317; its query API on http://127.0.0.1:16686/api/ (no UI: the
#            web assets are not part of its Go module)
# Logs go to it/target/logs. Build the programs first: it/build-peers.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bin=it/target/bin
if [[ ! -x $bin/otelcol-e2e || ! -x $bin/jaeger ]]; then
	echo "run-local: the Collector and Jaeger are not built; run it/build-peers.sh first" >&2
	exit 1
fi
mkdir -p it/target/logs
pids=()
stop() {
	kill "${pids[@]}" 2>/dev/null || true
	wait
}
trap stop EXIT
"$bin/jaeger" --config it/jaeger/config.yaml >>it/target/logs/jaeger.log 2>&1 &
pids+=($!)
"$bin/otelcol-e2e" --config docs/collector/gateway.yaml >>it/target/logs/gateway.log 2>&1 &
pids+=($!)
"$bin/otelcol-e2e" --config docs/collector/agent.yaml >>it/target/logs/agent.log 2>&1 &
pids+=($!)
echo "run-local: agent on 127.0.0.1:4317, Jaeger's API on http://127.0.0.1:16686/api/, metrics on" \
	"http://127.0.0.1:9464/metrics; logs in it/target/logs; Ctrl-C stops all three"
# Ends when any of them exits (a port in use, say): then the trap stops the others.
wait -n
