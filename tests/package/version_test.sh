#!/usr/bin/env bash
# The version rule of cmake/GenerateVersion.cmake, on throwaway git repos:
# a v* tag wins (less the 'v'), then VERSION-g<short commit>, then plain
# VERSION outside git; uncommitted changes add -dirty; a new commit or tag
# changes the version at the next run (no re-configure), an unchanged one
# leaves the generated files untouched (nothing recompiles).
# usage: version_test.sh SOURCE_DIR
set -euo pipefail
SCRIPT="$1/cmake/GenerateVersion.cmake"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# The version GenerateVersion.cmake writes for the tree $1.
version_of() {
  cmake -DSOURCE_DIR="$1" -DPROJECT_VERSION=1.2.3 -DOUTPUT_DIR="$WORK/out" \
    -P "$SCRIPT" >/dev/null
  cat "$WORK/out/version.txt"
}
expect() {  # expect WHAT GOT WANTED
  [[ "$2" == "$3" ]] || fail "$1: got '$2', want '$3'"
  echo "ok: $1: $2"
}

mkdir "$WORK/tarball"
expect "outside git" "$(version_of "$WORK/tarball")" "1.2.3"

repo="$WORK/repo"
git init -q "$repo"
git -C "$repo" -c user.name=t -c user.email=t@t commit -q --allow-empty -m one
short=$(git -C "$repo" rev-parse --short=7 HEAD)
expect "git, no tag" "$(version_of "$repo")" "1.2.3-g$short"
grep -q "kVersion\[\] = \"1.2.3-g$short\";" "$WORK/out/cordon_version.cc" ||
  fail "cordon_version.cc does not define kVersion as $short"

touch -d '2000-01-01' "$WORK/out/cordon_version.cc"
version_of "$repo" >/dev/null
[[ $(stat -c %Y "$WORK/out/cordon_version.cc") == $(date -d 2000-01-01 +%s) ]] ||
  fail "an unchanged version rewrote cordon_version.cc (everything relinks)"
echo "ok: unchanged version leaves the generated source alone"

git -C "$repo" tag other-1.0   # not v*: ignored
git -C "$repo" tag v2.0.0
expect "on tag v2.0.0" "$(version_of "$repo")" "2.0.0"

echo x > "$repo/file" && git -C "$repo" add file
expect "uncommitted change" "$(version_of "$repo")" "2.0.0-dirty"

git -C "$repo" -c user.name=t -c user.email=t@t commit -q -m two
short=$(git -C "$repo" rev-parse --short=7 HEAD)
expect "a commit after the tag" "$(version_of "$repo")" "2.0.0-1-g$short"
