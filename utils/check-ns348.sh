#!/usr/bin/env bash
# -----------------------------------------------------------------------------
# utils/check-ns348.sh - build and test dnn-surgery inside an ns-3.48 tree
# -----------------------------------------------------------------------------
#
# Same check as utils/check-in-tree.sh (which does the work; see its header for
# every step and option), for ns-3.48 from the official release tarball
# ns-3.48.tar.xz in $DNN_SURGERY_NS3_TARBALLS (default <repo>/../shared/ns-3):
#
#   * unpacks it into ${DNN_SURGERY_NS3_WORKDIR:-$HOME/.cache/dnn-surgery-ns3}/3.48
#     (an already unpacked and built tree there is reused: reruns are incremental);
#   * copies the module to contrib/dnn-surgery, configures with
#     --enable-modules=dnn-surgery (ns-3 adds the modules named in the module's
#     CMakeLists.txt) plus --enable-examples --enable-tests and
#     --filter-module-examples-and-tests=dnn-surgery, builds with ccache under
#     nice (ns-3.48 needs C++20, GCC >= 11 and CMake >= 3.25: bookworm's g++ 12
#     and cmake 3.25 are enough), and
#     runs every dnn-surgery test suite with ./test.py --suite=... and the
#     examples of test/examples-to-run.py.
#
# No Debian release ships ns-3.48: the tarball is the only source.
#
# Profile: debug (-O0, asserts and logs on) unless --profile or
# DNN_SURGERY_NS3_PROFILE says otherwise: the quickest ns-3 build on 2 cores.
#
# Usage:
#   utils/check-ns348.sh [--keep|--clean] [--jobs N] [--profile P] [--no-deps]
#                        [--no-tests] [--debug-info]
# Environment: DNN_SURGERY_NS3_WORKDIR, DNN_SURGERY_NS3_TARBALLS, DNN_SURGERY_JOBS,
#              DNN_SURGERY_NICE, DNN_SURGERY_TEST_TIMEOUT (as for check-in-tree.sh).
# -----------------------------------------------------------------------------
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
    exit 0
fi
exec bash "$here/check-in-tree.sh" --ns3 3.48 --source tarball --profile "${DNN_SURGERY_NS3_PROFILE:-debug}" "$@"
