#!/bin/sh
# Writes tests/fuzz/corpus/fuzz_api from api_seeds.txt: each seed is the
# RPC's index in the generated table (byte 0), the flags (byte 1) and the
# request serialized by protoc. Run after adding seeds or RPCs:
#   tests/fuzz/make_api_seeds.sh BUILD_DIR   (a CORDON_FUZZ build)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
table="$1/tests/fuzz/fuzz_api_methods.inc"
out="$here/corpus/fuzz_api"
rm -rf "$out"
mkdir -p "$out"
n=0
grep -v '^#' "$here/api_seeds.txt" | while IFS='|' read -r rpc flags text; do
  # Line 1 of the table is a comment: RPC k is on line k + 2.
  line=$(grep -n ", $rpc, " "$table" | head -1)
  index=$(( ${line%%:*} - 2 ))
  type=$(echo "$line" | sed -E 's/.*, ::([A-Za-z0-9_:]+), ::[A-Za-z0-9_:]+\)$/\1/; s/::/./g')
  n=$((n + 1))
  file="$out/$(printf '%02d' "$n")_$rpc"
  printf "\\$(printf '%03o' "$index")\\$(printf '%03o' "0x$flags")" > "$file"
  echo "$text" | protoc --encode="$type" \
    -I "$root/protos" -I /usr/share/gocode/src/github.com/gogo/googleapis \
    -I /usr/share/grpc-proto "$root"/protos/cordon/v1/*.proto >> "$file"
done
ls "$out" | wc -l
