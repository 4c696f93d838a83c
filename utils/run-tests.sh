#!/usr/bin/env bash
# Runs every test of dnn-surgery: builds (warnings as errors) if needed, checks formatting, then
# runs ctest (the ns-3 TestSuites through the module's test runner, the GoogleTest tests, the
# examples listed in test/examples-to-run.py, the fuzz-corpus replays and the end-to-end
# bad-input and crash-safety tests).
#
#   utils/run-tests.sh              the normal build in build/
#   utils/run-tests.sh --sanitize   the same suite built with -fsanitize=address,undefined in
#                                   build-sanitize/; any ASan or UBSan report fails its test
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == "--sanitize" ]]; then
    export DNN_SURGERY_BUILD_DIR=${DNN_SURGERY_BUILD_DIR:-build-sanitize}
    SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
    # warnings are judged by the normal build: sanitizer instrumentation makes GCC's flow
    # analysis report false positives
    utils/build.sh -DDNN_SURGERY_WARNINGS_AS_ERRORS=OFF -DDNN_SURGERY_BUILD_BENCHMARKS=OFF \
        -DCMAKE_CXX_FLAGS="$SAN" -DCMAKE_EXE_LINKER_FLAGS="$SAN" \
        -DCMAKE_SHARED_LINKER_FLAGS="$SAN"
    # Leaks are reported too; the suppressions name only ns-3's own libraries (their global
    # objects live until exit), never the module.
    export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1:${ASAN_OPTIONS:-}"
    export LSAN_OPTIONS="suppressions=$(pwd)/utils/lsan-suppressions.txt:print_suppressions=0"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"
    ctest --test-dir "$DNN_SURGERY_BUILD_DIR" --output-on-failure -j"${JOBS:-$(nproc)}" \
        --timeout 1500
    echo "run-tests: sanitizer build (ASan + UBSan) in $DNN_SURGERY_BUILD_DIR: every test passed"
    exit 0
fi
utils/build.sh -DDNN_SURGERY_WARNINGS_AS_ERRORS=ON
utils/check-format.sh
ctest --test-dir "${DNN_SURGERY_BUILD_DIR:-build}" --output-on-failure -j"${JOBS:-$(nproc)}"
