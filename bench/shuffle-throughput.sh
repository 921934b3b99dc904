#!/usr/bin/env bash
# Shuffle throughput between two executor processes over loopback. One process writes lineitem-like shuffle
# files with the real ShuffleWriter and serves them with its block server (authenticated, optionally TLS); another
# fetches every block as reduce tasks do (NetworkBlockFetcher) and prints MB/s of uncompressed data, once only
# decompressing the frames and once also deserializing the batches. Runs with compression off, with lz4 and with zstd
# (KILN_SHUFFLE_CODECS overrides the list).
#   bench/shuffle-throughput.sh [MB] [TASKS] [TLS]    (defaults: 1024 MB of uncompressed data, 2 reduce tasks, tls false)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mb="${1:-1024}"
tasks="${2:-2}"
tls="${3:-false}"
"$root/kiln" version >/dev/null
echo "$mb MB of uncompressed shuffle data, $tasks fetching tasks, tls $tls, $(nproc) cores"
printf "%-8s %-8s %10s %10s %12s %12s\n" codec decode raw_mb wire_mb raw_mb_per_s wire_mb_per_s

server=""
dir=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; fi
  if [ -n "$dir" ]; then rm -rf "$dir"; fi
  server=""
  dir=""
}
trap cleanup EXIT

for codec in ${KILN_SHUFFLE_CODECS:-none lz4 zstd}; do
  dir="$(mktemp -d)"
  "$root/kiln" bench shuffle-serve --dir "$dir" --mb "$mb" --codec "$codec" --tls "$tls" >"$dir/server.log" 2>&1 &
  server=$!
  while [ ! -f "$dir/manifest.json" ]; do
    kill -0 "$server" 2>/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    sleep 0.2
  done
  for decode in frames batches; do
    line="$("$root/kiln" bench shuffle-fetch --manifest "$dir/manifest.json" --tasks "$tasks" --decode "$decode")"
    field() { sed -nE "s/.*$1=([0-9]+).*/\1/p" <<<"$line"; }
    printf "%-8s %-8s %10s %10s %12s %12s\n" "$codec" "$decode" "$(field raw_mb)" "$(field wire_mb)" "$(field raw_mb_per_s)" "$(field wire_mb_per_s)"
  done
  cleanup
done
