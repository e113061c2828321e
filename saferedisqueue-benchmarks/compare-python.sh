#!/usr/bin/env bash
# Side by side with the original Python saferedisqueue on one redis-server in one run:
# W(N,100,8,4) mixed through this project (pushAsync producers, then push producers) and the Python
# library with 4 producer and 4 consumer processes (python_baseline.py), three rounds each, then the
# medians. The Python library is not part of this project: pass the directory holding its
# saferedisqueue.py as PY_SRQ_LIB; it needs redis-py (Debian: apt-get install -y python3-redis).
#   PY_SRQ_LIB=/path/to/lib saferedisqueue-benchmarks/compare-python.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-50000}"
JAR=saferedisqueue-benchmarks/target/saferedisqueue-benchmarks-0.1.0-SNAPSHOT.jar
JAVA="${JAVA:-java}"
PORT="${PORT:-6391}"
OUT="$(mktemp -d)"
redis-server --port "$PORT" --save "" --appendonly no --daemonize yes --logfile "$OUT/redis.log"
trap 'redis-cli -p "$PORT" shutdown nosave >/dev/null 2>&1 || true' EXIT
sleep 0.5
URL="redis://127.0.0.1:$PORT/0"
for round in 1 2 3; do
  "$JAVA" -jar "$JAR" --mode=workload --redis-url="$URL" --n="$N" --size=100 --c=8 --p=4 \
    --push=async >"$OUT/async-$round.txt" 2>&1
  "$JAVA" -jar "$JAR" --mode=workload --redis-url="$URL" --n="$N" --size=100 --c=8 --p=4 \
    --push=sync >"$OUT/sync-$round.txt" 2>&1
  /usr/bin/python3 saferedisqueue-benchmarks/python/python_baseline.py --redis-url="$URL" \
    --lib="${PY_SRQ_LIB:-}" --n="$N" --size=100 --c=4 --p=4 >"$OUT/python-$round.txt" 2>&1
  redis-cli -p "$PORT" flushall >/dev/null
done
mixed() { grep -h "^saferedisqueue W" "$@" | grep -o "mixed=[0-9]*" | head -1 | cut -d= -f2; }
median() { sort -n | sed -n 2p; }
A=$(for r in 1 2 3; do mixed "$OUT/async-$r.txt"; done | median)
S=$(for r in 1 2 3; do mixed "$OUT/sync-$r.txt"; done | median)
P=$(for r in 1 2 3; do grep -o '[0-9]* msg/s' "$OUT/python-$r.txt" | tr -d ' msg/s'; done | median)
echo "results in $OUT"
echo "median mixed msg/s: java pushAsync $A, java push $S, python $P"
awk -v a="$A" -v s="$S" -v p="$P" 'BEGIN { printf "ratios: pushAsync %.1fx, push %.1fx\n", a / p, s / p }'
