#!/usr/bin/env bash
# -----------------------------------------------------------------------------
# utils/check-standalone-ns348.sh - the standalone build against an installed ns-3.48
# -----------------------------------------------------------------------------
#
# How a user of a newer ns-3 release uses dnn-surgery without putting it in the
# tree: install ns-3 from its release tarball, then build this repository on its
# own against that installation (cmake/standalone.cmake: find_package(ns3),
# ns3::core target names, C++20 for ns-3 >= 3.43).
#
#   1. the ns-3 tree: the one utils/check-ns348.sh (check-in-tree.sh --ns3 <version>) keeps in
#      $WORKROOT/<version>/ns-<version> (WORKROOT=${DNN_SURGERY_NS3_WORKDIR:-$HOME/.cache/dnn-surgery-ns3}),
#      so that its built objects are reused (same profile: nothing is recompiled), or else
#      ns-<version>.tar.xz from $DNN_SURGERY_NS3_TARBALLS (default <repo>/../shared/ns-3)
#      unpacked there. The two scripts lock the tree (flock), so they never run on it at once;
#   2. ./ns3 configure -d <profile> --prefix=$WORK/prefix --disable-examples --disable-tests
#        --enable-modules="<the ${libxxx} modules of the module's CMakeLists.txt>"
#      ./ns3 build; ./ns3 install      (nice, -jN, ccache), with WORK=$WORKROOT/<version>-install.
#      dnn-surgery itself is not enabled, so it is not installed. The next in-tree check
#      configures the tree back;
#   3. cmake -S <repo> -B $WORK/build-dnn-surgery -DCMAKE_PREFIX_PATH=$WORK/prefix
#        -DDNN_SURGERY_WARNINGS_AS_ERRORS=ON; cmake --build; ctest (every ns-3 suite,
#      GoogleTest test and example of the standalone build), with LD_LIBRARY_PATH
#      pointing at the installed libraries.
#   The last line printed is a one-line summary; the exit status is non-zero on failure.
#
# Usage:
#   utils/check-standalone-ns348.sh [--ns3 VERSION] [--jobs N] [--profile P] [--clean]
#                                   [--no-tests]
#     --ns3 VERSION   a CMake ns-3 release with a tarball (default 3.48)
#     --profile P     ns-3 build profile (default debug; release/optimized turn
#                     NS_LOG and NS_ASSERT off in the installed libraries)
# Environment: DNN_SURGERY_NS3_WORKDIR, DNN_SURGERY_NS3_TARBALLS, DNN_SURGERY_JOBS (2),
#              DNN_SURGERY_NICE (19), CCACHE_DIR (default $DNN_SURGERY_NS3_WORKDIR/ccache).
# -----------------------------------------------------------------------------
set -euo pipefail

SCRIPT_NAME=$(basename "$0")
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
MODULE=dnn-surgery

NS3_VERSION=3.48
JOBS=${DNN_SURGERY_JOBS:-2}
NICE=${DNN_SURGERY_NICE:-19}
PROFILE=debug
CLEAN=0
RUN_TESTS=1
TARBALLS=${DNN_SURGERY_NS3_TARBALLS:-$REPO_ROOT/../shared/ns-3}

while [ $# -gt 0 ]; do
    case "$1" in
        --ns3) NS3_VERSION=$2; shift ;;
        --ns3=*) NS3_VERSION=${1#*=} ;;
        --jobs | -j) JOBS=$2; shift ;;
        --jobs=*) JOBS=${1#*=} ;;
        --profile | -d) PROFILE=$2; shift ;;
        --profile=*) PROFILE=${1#*=} ;;
        --clean) CLEAN=1 ;;
        --no-tests) RUN_TESTS=0 ;;
        -h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "$SCRIPT_NAME: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
    shift
done

TAG="ns-$NS3_VERSION"
TARBALL=$TARBALLS/ns-$NS3_VERSION.tar.xz
WORKROOT=${DNN_SURGERY_NS3_WORKDIR:-$HOME/.cache/dnn-surgery-ns3}
WORK=$WORKROOT/$NS3_VERSION-install
TREE=$WORKROOT/$NS3_VERSION/ns-$NS3_VERSION
PREFIX=$WORK/prefix
BUILD=$WORK/build-$MODULE
LOGDIR=$WORK/logs
T_START=$(date +%s)
STEP_T0=$T_START

log() { printf '[%s %s %s] %s\n' "$SCRIPT_NAME" "$TAG" "$(date +%H:%M:%S)" "$*"; }
step() {
    local now
    now=$(date +%s)
    printf '[%s %s %s] ==== %s (previous step %ss, total %ss)\n' \
        "$SCRIPT_NAME" "$TAG" "$(date +%H:%M:%S)" "$*" $((now - STEP_T0)) $((now - T_START))
    STEP_T0=$now
}
summary() {
    local status=$1
    shift
    echo
    echo "SUMMARY $MODULE standalone against installed $TAG: $status - $* [$(($(date +%s) - T_START))s]"
}
die() {
    log "ERROR: $*"
    summary FAIL "$*"
    exit 1
}
niced() { nice -n "$NICE" "$@"; }
nocolor() { sed 's/\x1b\[[0-9;]*m//g'; }

step "settings: repo=$REPO_ROOT work=$WORK profile=$PROFILE jobs=$JOBS nice=$NICE"
if [ "$CLEAN" = 1 ]; then
    log "--clean: removing $WORK (the ns-3 tree is check-in-tree.sh's: its --clean removes it)"
    rm -rf "$WORK"
fi
mkdir -p "$WORK" "$LOGDIR" "$(dirname "$TREE")"
export CCACHE_DIR=${CCACHE_DIR:-$WORKROOT/ccache} CCACHE_BASEDIR=$TREE CCACHE_NOHASHDIR=1
exec 9>"$(dirname "$TREE")/.tree.lock"
flock -n 9 || { log "waiting for another check on $TREE"; flock 9; }

step "1. ns-3 $NS3_VERSION source tree"
if [ -x "$TREE/ns3" ] && [ -d "$TREE/src/core" ]; then
    log "reusing $TREE"
else
    [ -f "$TARBALL" ] || die "$TARBALL not found (set DNN_SURGERY_NS3_TARBALLS)"
    sums=$(dirname "$TARBALL")/SHA256SUMS
    if [ -f "$sums" ]; then
        (cd "$(dirname "$TARBALL")" && grep " $(basename "$TARBALL")\$" SHA256SUMS | sha256sum -c --quiet -) ||
            die "$TARBALL does not match $sums"
    fi
    rm -rf "$TREE"
    log "unpacking $TARBALL"
    tar -xJf "$TARBALL" -C "$(dirname "$TREE")" || die "could not unpack $TARBALL"
    [ -x "$TREE/ns3" ] || die "$TARBALL has no ./ns3 (a waf release cannot be installed for the CMake build)"
fi

step "2. configure, build and install ns-3 into $PREFIX"
# The ns-3 modules dnn-surgery links: the ${libxxx} names in its CMakeLists.txt (ns-3 adds
# their own dependencies).
mods=$(sed -n '/LIBRARIES_TO_LINK/,/)/p' "$REPO_ROOT/CMakeLists.txt" | grep -o '\${lib[A-Za-z0-9_-]*}' |
    sed 's/^\${lib//; s/}$//' | grep -vx "$MODULE" | awk '!seen[$0]++' | paste -sd';')
[ -n "$mods" ] || die "no \${libxxx} modules found in $REPO_ROOT/CMakeLists.txt"
log "modules: $mods"
cd "$TREE"
GEN=()
if command -v ninja >/dev/null 2>&1; then GEN=(-G Ninja); fi
CONF=(./ns3 configure "${GEN[@]}" -d "$PROFILE" --prefix="$PREFIX" --disable-examples --disable-tests
    --enable-modules="$mods")
log "${CONF[*]}"
niced "${CONF[@]}" >"$LOGDIR/ns3-configure.log" 2>&1 || {
    tail -n 40 "$LOGDIR/ns3-configure.log"
    die "./ns3 configure failed (log: $LOGDIR/ns3-configure.log)"
}
command -v ccache >/dev/null 2>&1 && ccache -z >/dev/null 2>&1
# ./ns3 build caps -j at nproc-1; cmake --build is what it runs.
log "cmake --build cmake-cache -j $JOBS; ./ns3 install"
niced cmake --build cmake-cache -j "$JOBS" >"$LOGDIR/ns3-build.log" 2>&1 || {
    nocolor <"$LOGDIR/ns3-build.log" | grep -E -m 20 -A5 'error:|FAILED:' || tail -n 20 "$LOGDIR/ns3-build.log"
    die "ns-3 build failed (log: $LOGDIR/ns3-build.log)"
}
command -v ccache >/dev/null 2>&1 && log "ccache: $(ccache -s 2>/dev/null | grep -E '^ *Hits:' | head -n1 | tr -s ' ')"
niced ./ns3 install >"$LOGDIR/ns3-install.log" 2>&1 || {
    tail -n 20 "$LOGDIR/ns3-install.log"
    die "./ns3 install failed (log: $LOGDIR/ns3-install.log)"
}
cfg=$(find "$PREFIX" -name ns3Config.cmake | head -n1)
[ -n "$cfg" ] || die "no ns3Config.cmake under $PREFIX"
libdir=$(dirname "$(find "$PREFIX" -name "libns$NS3_VERSION-core*.so" | head -n1)")
log "installed: $cfg; libraries in $libdir ($(find "$libdir" -name "libns$NS3_VERSION-*.so" | wc -l))"

step "3. standalone build of $MODULE against $PREFIX"
cd "$REPO_ROOT"
LAUNCH=()
command -v ccache >/dev/null 2>&1 && LAUNCH=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
export CCACHE_BASEDIR=$REPO_ROOT
SCONF=(cmake -S "$REPO_ROOT" -B "$BUILD" "${GEN[@]}" -DCMAKE_PREFIX_PATH="$PREFIX"
    -DDNN_SURGERY_WARNINGS_AS_ERRORS=ON "${LAUNCH[@]}")
log "${SCONF[*]}"
niced "${SCONF[@]}" >"$LOGDIR/standalone-configure.log" 2>&1 || {
    tail -n 40 "$LOGDIR/standalone-configure.log"
    die "standalone configure failed (log: $LOGDIR/standalone-configure.log)"
}
grep -E 'dnn-surgery:' "$LOGDIR/standalone-configure.log" | sed 's/^/    /'
grep -q "standalone build against installed ns-3 $NS3_VERSION" "$LOGDIR/standalone-configure.log" ||
    die "the standalone build did not pick the installed ns-$NS3_VERSION (see $LOGDIR/standalone-configure.log)"
niced cmake --build "$BUILD" -j "$JOBS" >"$LOGDIR/standalone-build.log" 2>&1 || {
    nocolor <"$LOGDIR/standalone-build.log" | grep -E -m 20 -A5 'error:|FAILED:' || tail -n 20 "$LOGDIR/standalone-build.log"
    die "standalone build failed (log: $LOGDIR/standalone-build.log)"
}
ndeprecated=$(nocolor <"$LOGDIR/standalone-build.log" | grep -c 'warning:.*deprecated' || true)
log "standalone build OK (warnings are errors; $ndeprecated deprecation warnings)"
if [ "$RUN_TESTS" = 0 ]; then
    summary PASS "installed and built (tests not run: --no-tests)"
    exit 0
fi

step "4. ctest"
export LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
if niced ctest --test-dir "$BUILD" --output-on-failure -j "$JOBS" >"$LOGDIR/ctest.log" 2>&1; then rc=0; else rc=$?; fi
grep -E '^ *[0-9]+/[0-9]+ Test' "$LOGDIR/ctest.log" | sed 's/^/    /' | tail -n 60
line=$(grep -E 'tests passed' "$LOGDIR/ctest.log" | tail -n1)
[ "$rc" -eq 0 ] || {
    grep -A30 'The following tests FAILED' "$LOGDIR/ctest.log" || true
    die "ctest: ${line:-failed} (log: $LOGDIR/ctest.log)"
}
summary PASS "ctest: $line (ns-3 installed in $PREFIX)"
