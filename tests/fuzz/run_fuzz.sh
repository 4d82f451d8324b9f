#!/bin/sh
# Runs one fuzz target over its seed corpus (with its dictionary dict/NAME.dict
# and its libFuzzer flags flags/NAME, when there are) for a bounded number
# of executions: the ctest of each target (label `fuzz`), and each part of
# long_run.sh.
#   run_fuzz.sh TARGET_BINARY FUZZ_SOURCE_DIR WORK_DIR [libFuzzer flags...]
# New inputs go to WORK_DIR (emptied first), never into the source tree, so
# a run with the same flags starts from the same corpus.
set -eu
binary=$1
source_dir=$2
work=$3
shift 3
name=$(basename "$binary")
rm -rf "$work"
mkdir -p "$work/new" "$work/artifacts"
dict="$source_dir/dict/$name.dict"
if [ -f "$dict" ]; then
  set -- "-dict=$dict" "$@"
fi
flags="$source_dir/flags/$name"
if [ -f "$flags" ]; then
  # shellcheck disable=SC2046 # one flag per word
  set -- $(grep -v '^#' "$flags") "$@"
fi
# The project's sanitizer suppressions (third-party frames only), as ctest
# sets them, unless the caller set its own.
sanitizers="$source_dir/../../tools/sanitizers"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$sanitizers/lsan.supp}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1:suppressions=$sanitizers/ubsan.supp}"
# A finding is written to WORK_DIR/artifacts and fails the test.
exec "$binary" -timeout=25 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$work/artifacts/" "$@" \
  "$work/new" "$source_dir/corpus/$name"
