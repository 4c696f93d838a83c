#!/usr/bin/env bash
# -----------------------------------------------------------------------------
# utils/check-ns343.sh - build and test dnn-surgery inside ns-3.43 (Debian trixie)
# -----------------------------------------------------------------------------
#
# Same check as utils/check-in-tree.sh (which does the work; see its header for
# every step and option), for ns-3.43 from Debian 13 "trixie"'s `ns3` source
# package:
#
#   * adds ONLY a deb-src entry for trixie
#     (/etc/apt/sources.list.d/dnn-surgery-src-trixie.list); no trixie binary
#     repository is added to the system, nothing from trixie is installed;
#   * `apt-get source ns3/trixie` into
#     ${DNN_SURGERY_NS3_WORKDIR:-$HOME/.cache/dnn-surgery-ns3}/3.43
#     (an already unpacked tree there is reused);
#   * copies the module to contrib/dnn-surgery, configures with
#     --enable-modules=dnn-surgery (plus --enable-examples --enable-tests and
#     --filter-module-examples-and-tests=dnn-surgery), builds with bookworm's
#     g++ 12 / cmake 3.25 (ns-3.43 needs C++20 and GCC >= 10.1), and runs every
#     dnn-surgery test suite and the examples of test/examples-to-run.py.
#
# If the ns-3.43 source package cannot be downloaded (some mirrors lack it),
# the default --mode auto falls back to a headers-only check: Debian trixie's
# libns3-dev 3.43 is fetched with `apt-get download` through a private apt
# configuration in the work dir (system sources untouched, nothing installed),
# every module .cc is compiled against its headers with -std=c++20, and the
# standalone CMake build is configured against its ns3Config.cmake (ns3::core
# etc.). Nothing is linked or run in that mode (trixie's libns3 needs glibc
# 2.38); the summary line then says PARTIAL-PASS. Use --strict to make that
# case exit 3, or --mode in-tree to make it a failure.
#
# Usage:
#   utils/check-ns343.sh [--keep|--clean] [--jobs N] [--profile P] [--no-deps]
#                        [--no-tests] [--mode auto|in-tree|headers] [--strict]
# Environment: DNN_SURGERY_NS3_WORKDIR, DNN_SURGERY_JOBS, DNN_SURGERY_NICE,
#              DNN_SURGERY_TEST_TIMEOUT (as for check-in-tree.sh).
# -----------------------------------------------------------------------------
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
    exit 0
fi
exec bash "$here/check-in-tree.sh" --ns3 3.43 --suite trixie "$@"
