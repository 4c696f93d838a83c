#!/usr/bin/env bash
# Runs every test of dnn-surgery: builds (warnings as errors) if needed, checks formatting, then
# runs ctest (the ns-3 TestSuites through the module's test runner, the GoogleTest tests and the
# examples listed in test/examples-to-run.py).
set -euo pipefail
cd "$(dirname "$0")/.."
utils/build.sh -DDNN_SURGERY_WARNINGS_AS_ERRORS=ON
utils/check-format.sh
ctest --test-dir "${DNN_SURGERY_BUILD_DIR:-build}" --output-on-failure -j"${JOBS:-$(nproc)}"
