#!/usr/bin/env bash
# Builds the programs the end-to-end tests run next to the sample application, from Go sources
# fetched through the Go module proxy, into it/target/bin (git-ignored):
#   otelcol-e2e  an OpenTelemetry Collector with the components docs/collector/*.yaml use
#                (it/otelcol: a small main, every collector module pinned to one release)
#   jaeger       Jaeger v2 (it/jaeger: the version pinned in go.mod)
# A binary newer than its module's files is not rebuilt. Go's module and build caches
# (go env GOMODCACHE GOCACHE) keep later builds short. Needs Go 1.26 or later.
set -euo pipefail
cd "$(dirname "$0")"
out=target/bin
mkdir -p "$out"

if ! command -v go >/dev/null 2>&1; then
	echo "build-peers: Go is not installed (https://go.dev/doc/install); the tests that need the" \
		"Collector and Jaeger are skipped without it" >&2
	exit 1
fi

# build NAME MODULE_DIR PACKAGE
build() {
	local name=$1 dir=$2 package=$3 binary="$out/$1"
	if [[ -x $binary ]] && [[ -z $(find "$dir" -type f \( -name '*.go' -o -name 'go.mod' -o -name 'go.sum' \) \
		-newer "$binary" -print -quit) ]]; then
		echo "build-peers: $name is up to date"
		return
	fi
	local log
	log=$(mktemp)
	echo "build-peers: fetching the modules of $name ($dir/go.mod)"
	if ! (cd "$dir" && go mod download) 2>"$log"; then
		echo "build-peers: could not fetch a module that $name needs:" >&2
		# go names the module and version on the lines that say why (e.g. 403, not found).
		grep -E '@v[0-9]|reading|not found|Forbidden|timeout' "$log" | sort -u >&2 || cat "$log" >&2
		rm -f "$log"
		exit 1
	fi
	echo "build-peers: building $name"
	local started=$SECONDS
	if ! (cd "$dir" && go build -buildvcs=false -ldflags='-s -w' -o "../$binary.tmp" "$package") 2>"$log"; then
		echo "build-peers: building $name failed:" >&2
		cat "$log" >&2
		rm -f "$log"
		exit 1
	fi
	rm -f "$log"
	mv "$binary.tmp" "$binary"
	echo "build-peers: built $binary in $((SECONDS - started)) s"
}

build otelcol-e2e otelcol .
build jaeger jaeger github.com/jaegertracing/jaeger/cmd/jaeger
