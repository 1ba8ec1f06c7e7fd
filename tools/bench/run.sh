#!/usr/bin/env bash
# make bench: run the benchmark suites ("run.sh down" stops a stack kept with -Dbench.keep-stack=true). Settings: BENCH_OPTS="-Dbench.rounds=5 -Dbench.rate=2000 ..."
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
exec java ${BENCH_OPTS:-} -Droomsync.root="$root" -jar "$root/tools/bench/target/roomsync-bench.jar" "$@"
