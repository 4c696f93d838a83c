#!/usr/bin/env bash
# Fuzzes the module's readers with clang's libFuzzer (AddressSanitizer and UBSan on):
#   utils/run-fuzz.sh [seconds per target, default 600] [target ...]
# Targets: profile-reader, scenario-reader, stream-reassembler (test/fuzz/fuzz-<target>.cc).
# Builds into build-fuzz/ with clang, starts each target from its seed corpus
# (test/fuzz/corpus/<target>, copied to build-fuzz/corpus/<target>, where new inputs
# accumulate) and writes any crash to test/fuzz/crashes/<target>/: commit it, so that the
# plain replay test under ctest (ctest -L fuzz) keeps it as a regression test.
# Needs clang and libclang-rt-dev (utils/install-deps.sh --fuzz installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${1:-600}
shift || true
TARGETS=("$@")
if [[ ${#TARGETS[@]} -eq 0 ]]; then
    TARGETS=(profile-reader scenario-reader stream-reassembler)
fi
CXX=${FUZZ_CXX:-clang++}
if ! command -v "$CXX" >/dev/null; then
    echo "run-fuzz: $CXX not found (apt-get install clang libclang-rt-dev)" >&2
    exit 1
fi
BUILD=${DNN_SURGERY_FUZZ_BUILD_DIR:-build-fuzz}
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
cmake -S . -B "$BUILD" -DCMAKE_CXX_COMPILER="$CXX" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DDNN_SURGERY_FUZZ=ON -DDNN_SURGERY_BUILD_BENCHMARKS=OFF \
    -DCMAKE_CXX_FLAGS="$SAN -fsanitize=fuzzer-no-link" \
    -DCMAKE_EXE_LINKER_FLAGS="$SAN" -DCMAKE_SHARED_LINKER_FLAGS="$SAN" >/dev/null
cmake --build "$BUILD" -j"${JOBS:-$(nproc)}" --target "${TARGETS[@]/#/fuzz-}"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
for t in "${TARGETS[@]}"; do
    corpus="$BUILD/corpus/$t"
    crashes="test/fuzz/crashes/$t"
    mkdir -p "$corpus" "$crashes"
    cp -n test/fuzz/corpus/"$t"/* "$corpus"/ 2>/dev/null || true
    log="$BUILD/fuzz-$t.log"
    echo "run-fuzz: $t for $SECONDS_PER_TARGET s (log $log)"
    set +e
    "$BUILD/bin/fuzz-$t" -max_total_time="$SECONDS_PER_TARGET" -timeout=20 -rss_limit_mb=4096 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$crashes/" "$corpus" >"$log" 2>&1
    rc=$?
    set -e
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    found=$(find "$crashes" -type f | wc -l)
    echo "run-fuzz: $t: exit $rc, $execs executions, corpus $(find "$corpus" -type f | wc -l) inputs, $found crash file(s) in $crashes"
    if [[ $rc -ne 0 ]]; then
        status=1
        grep -m5 -E "ERROR|SUMMARY|fuzz property" "$log" || true
    fi
done
exit $status
