#!/usr/bin/env bash
# -----------------------------------------------------------------------------
# utils/check-ns343.sh - build and test dnn-surgery inside an ns-3.43 tree
# -----------------------------------------------------------------------------
#
# Same check as utils/check-in-tree.sh (which does the work; see its header for
# every step and option), for ns-3.43 from the official release tarball
# ns-3.43.tar.xz in $DNN_SURGERY_NS3_TARBALLS (default <repo>/../shared/ns-3):
#
#   * unpacks it into ${DNN_SURGERY_NS3_WORKDIR:-$HOME/.cache/dnn-surgery-ns3}/3.43
#     (an already unpacked and built tree there is reused: reruns are incremental);
#   * copies the module to contrib/dnn-surgery, configures with
#     --enable-modules=dnn-surgery (ns-3 adds the modules named in the module's
#     CMakeLists.txt) plus --enable-examples --enable-tests and
#     --filter-module-examples-and-tests=dnn-surgery, builds with ccache under
#     nice (ns-3.43 needs C++20 and GCC >= 10.1; bookworm's g++ 12 is fine), and
#     runs every dnn-surgery test suite with ./test.py --suite=... and the
#     examples of test/examples-to-run.py.
#
# Without the tarball, --source debian uses trixie's `ns3` source package, and
# --mode headers only compiles the module against trixie's libns3-dev headers
# (nothing linked or run; see check-in-tree.sh).
#
# Profile: debug (-O0, asserts and logs on) unless --profile or
# DNN_SURGERY_NS3_PROFILE says otherwise: the quickest ns-3 build on 2 cores.
#
# Usage:
#   utils/check-ns343.sh [--keep|--clean] [--jobs N] [--profile P] [--no-deps]
#                        [--no-tests] [--source auto|tarball|debian]
# Environment: DNN_SURGERY_NS3_WORKDIR, DNN_SURGERY_NS3_TARBALLS, DNN_SURGERY_JOBS,
#              DNN_SURGERY_NICE, DNN_SURGERY_TEST_TIMEOUT (as for check-in-tree.sh).
# -----------------------------------------------------------------------------
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
    exit 0
fi
exec bash "$here/check-in-tree.sh" --ns3 3.43 --suite trixie --profile "${DNN_SURGERY_NS3_PROFILE:-debug}" "$@"
