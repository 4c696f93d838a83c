#!/usr/bin/env bash
# -----------------------------------------------------------------------------
# utils/check-ns335.sh - build and test dnn-surgery inside a waf-based ns-3 tree
# -----------------------------------------------------------------------------
#
# The waf counterpart of utils/check-in-tree.sh, for ns-3.33 to ns-3.35 (ns-3.35
# is the last waf release; default). From the official release tarball
# ns-<version>.tar.xz in $DNN_SURGERY_NS3_TARBALLS (default <repo>/../shared/ns-3):
#
#   1. check the build tools (g++ python3 libsqlite3-dev libboost-graph-dev
#      nlohmann-json3-dev libgsl-dev libxml2-dev pkg-config ccache xz-utils);
#   2. unpack the tarball (sha256 checked against SHA256SUMS when present) into
#      ${DNN_SURGERY_NS3_WORKDIR:-$HOME/.cache/dnn-surgery-ns3}/<version>, or reuse
#      the tree unpacked and built there (reruns are incremental);
#   3. copy the module to contrib/dnn-surgery (tar keeps the files' times) and
#      link wscript-compat/wscript as its wscript;
#   4. ./waf configure -d <profile> --disable-werror --disable-python
#        --enable-examples --enable-tests --enable-modules=dnn-surgery
#        --dnn-surgery-filter-examples-and-tests
#      (waf adds the ns-3 modules dnn-surgery depends on, which the wscript takes
#      from the ${libxxx} names in the module's CMakeLists.txt; the last option
#      keeps the other modules' examples and test suites out of the build, as
#      --filter-module-examples-and-tests does on CMake trees; -Werror is off
#      because ns-3.35's own sources warn under g++ 12 - the module's warnings
#      are counted below). CXX="ccache g++" when ccache is installed;
#   5. ./waf build under nice;
#   6. ./test.py --nowaf --suite=S for every suite declared in test/*.cc, then
#      ./test.py --nowaf --constrain=example (the examples listed in
#      test/examples-to-run.py; every listed one must have been built).
#   The last line printed is a one-line summary; the exit status is non-zero on
#   any failure.
#
# Usage:
#   utils/check-ns335.sh [--keep|--clean] [--ns3 VERSION] [--jobs N]
#                        [--profile debug|release|optimized] [--no-tests] [--debug-info]
# --debug-info: keep the debug profile's -ggdb -g3 (by default the debug profile's flags are used
#   without debug information, which builds faster; CXXFLAGS, when set, wins).
# Environment: DNN_SURGERY_NS3_WORKDIR, DNN_SURGERY_NS3_TARBALLS, DNN_SURGERY_JOBS (2),
#              DNN_SURGERY_NICE (19), DNN_SURGERY_TEST_TIMEOUT (1800 s per test.py call),
#              CCACHE_DIR (default $DNN_SURGERY_NS3_WORKDIR/ccache).
# -----------------------------------------------------------------------------
set -euo pipefail

SCRIPT_NAME=$(basename "$0")
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
MODULE=dnn-surgery

NS3_VERSION=3.35
JOBS=${DNN_SURGERY_JOBS:-2}
NICE=${DNN_SURGERY_NICE:-19}
TEST_TIMEOUT=${DNN_SURGERY_TEST_TIMEOUT:-1800}
PROFILE=debug
CLEAN=0
RUN_TESTS=1
DEBUG_INFO=0
TARBALLS=${DNN_SURGERY_NS3_TARBALLS:-$REPO_ROOT/../shared/ns-3}

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --keep) CLEAN=0 ;;
        --clean) CLEAN=1 ;;
        --ns3) NS3_VERSION=$2; shift ;;
        --ns3=*) NS3_VERSION=${1#*=} ;;
        --jobs | -j) JOBS=$2; shift ;;
        --jobs=*) JOBS=${1#*=} ;;
        --profile | -d) PROFILE=$2; shift ;;
        --profile=*) PROFILE=${1#*=} ;;
        --no-tests) RUN_TESTS=0 ;;
        --debug-info) DEBUG_INFO=1 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "$SCRIPT_NAME: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
    shift
done

TAG="ns-$NS3_VERSION"
TARBALL=$TARBALLS/ns-$NS3_VERSION.tar.xz
WORKROOT=${DNN_SURGERY_NS3_WORKDIR:-$HOME/.cache/dnn-surgery-ns3}
WORKDIR=$WORKROOT/$NS3_VERSION
LOGDIR=$WORKDIR/logs
TREE=$WORKDIR/ns-$NS3_VERSION
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
summary() { # summary STATUS TEXT...
    local status=$1
    shift
    echo
    echo "SUMMARY $MODULE $TAG (waf): $status - $* [$(($(date +%s) - T_START))s]"
}
die() {
    log "ERROR: $*"
    summary FAIL "$*"
    exit 1
}
niced() { nice -n "$NICE" "$@"; }
nocolor() { sed 's/\x1b\[[0-9;]*m//g'; }
RESULT_RE='^(\[[0-9]+/[0-9]+\] )?(PASS|FAIL|CRASH|SKIP|VALGR)'

# waf 2.0 of these releases runs on any python3 >= 3.6 up to 3.11 (imp is gone in 3.12).
PYTHON=python3
for p in /usr/bin/python3 python3; do
    if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import sys; sys.exit(0 if sys.version_info < (3, 12) else 1)'; then
        PYTHON=$p
        break
    fi
done

# ---------------------------------------------------------------------------
step "settings: repo=$REPO_ROOT workdir=$WORKDIR profile=$PROFILE jobs=$JOBS nice=$NICE python=$($PYTHON --version 2>&1)"
[ -f "$REPO_ROOT/wscript-compat/wscript" ] || die "$REPO_ROOT/wscript-compat/wscript not found"
if [ "$CLEAN" = 1 ] && [ -e "$WORKDIR" ]; then
    log "--clean: removing $WORKDIR"
    rm -rf "$WORKDIR"
fi
mkdir -p "$WORKDIR" "$LOGDIR"

step "1. build tools"
missing=()
for p in g++ python3 libsqlite3-dev libboost-graph-dev nlohmann-json3-dev libgsl-dev libxml2-dev pkg-config xz-utils; do
    if [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)" != installed ]; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] || die "missing packages: ${missing[*]} (apt-get install ${missing[*]}; or utils/install-deps.sh)"
log "$(g++ --version | head -n1); $($PYTHON --version 2>&1)"

step "2. ns-3 $NS3_VERSION source tree"
if [ -x "$TREE/waf" ] && [ -f "$TREE/test.py" ] && [ -d "$TREE/src/core" ]; then
    log "reusing unpacked tree $TREE (use --clean to start over)"
else
    [ -f "$TARBALL" ] || die "$TARBALL not found (set DNN_SURGERY_NS3_TARBALLS)"
    sums=$(dirname "$TARBALL")/SHA256SUMS
    if [ -f "$sums" ]; then
        (cd "$(dirname "$TARBALL")" && grep " $(basename "$TARBALL")\$" SHA256SUMS | sha256sum -c --quiet -) ||
            die "$TARBALL does not match $sums"
        log "$(basename "$TARBALL"): sha256 matches $sums"
    fi
    rm -rf "$TREE"
    log "unpacking $TARBALL"
    tar -xJf "$TARBALL" -C "$WORKDIR" || die "could not unpack $TARBALL"
    [ -x "$TREE/waf" ] || die "$TARBALL has no waf at ns-$NS3_VERSION/waf (a CMake release? use utils/check-in-tree.sh --ns3 $NS3_VERSION)"
fi
cd "$TREE"

step "3. copy the module to contrib/$MODULE"
rm -rf "contrib/$MODULE"
mkdir -p "contrib/$MODULE"
(cd "$REPO_ROOT" && tar -cf - --exclude='./build*' --exclude='./.git' --exclude='./cmake-build*' \
    --exclude='__pycache__' --exclude='*.db' --exclude='./plots' .) | tar -xf - -C "contrib/$MODULE"
ln -s wscript-compat/wscript "contrib/$MODULE/wscript"
log "tar $REPO_ROOT/ -> $TREE/contrib/$MODULE/ ($(find "contrib/$MODULE" -type f | wc -l) files; wscript -> wscript-compat/wscript)"

step "4. configure"
export CCACHE_DIR=${CCACHE_DIR:-$WORKROOT/ccache} CCACHE_BASEDIR=$TREE CCACHE_NOHASHDIR=1
if command -v ccache >/dev/null 2>&1; then
    export CXX="ccache g++"
    ccache -z >/dev/null 2>&1 || true
fi
# The debug profile compiles with -ggdb -g3 (macro tables in every object): far slower to build
# and link on 2 cores, and no check reads them. Unless CXXFLAGS is set (or --debug-info is given),
# the same flags are used without debug information. waf takes CXXFLAGS from the environment
# instead of the profile's; NS3_ASSERT_ENABLE and NS3_LOG_ENABLE still follow -d debug.
if [ "$DEBUG_INFO" = 0 ] && [ -z "${CXXFLAGS:-}" ] && [ "$PROFILE" = debug ]; then
    export CXXFLAGS="-O0 -g0 -Wall -D_DEBUG -fstrict-aliasing -Wstrict-aliasing"
fi
CONF=("$PYTHON" ./waf configure -d "$PROFILE" --disable-werror --disable-python --enable-examples --enable-tests
    --enable-modules="$MODULE" --dnn-surgery-filter-examples-and-tests)
log "CXX=\"${CXX:-g++}\" CXXFLAGS=\"${CXXFLAGS:-<profile>}\" ${CONF[*]}"
if ! niced "${CONF[@]}" >"$LOGDIR/configure.log" 2>&1; then
    tail -n 30 "$LOGDIR/configure.log"
    die "./waf configure failed (full log: $LOGDIR/configure.log)"
fi
grep -E 'dnn-surgery|Found contrib' "$LOGDIR/configure.log" | sed 's/^/    /'

step "5. build (nice $NICE, -j$JOBS)"
# Recompile the module's own objects every time (ccache hits replay the diagnostics) so that
# the warning count covers every one of its files.
find "build/contrib/$MODULE" -name '*.o' -delete 2>/dev/null || true
BUILD=("$PYTHON" ./waf build -j"$JOBS")
log "${BUILD[*]}"
if ! niced "${BUILD[@]}" >"$LOGDIR/build.log" 2>&1; then
    log "build failed; first errors:"
    nocolor <"$LOGDIR/build.log" | grep -E -m 30 -B3 -A8 'error:|undefined reference|Waf: Leaving|Build failed' || true
    echo "---- last 15 lines of $LOGDIR/build.log"
    nocolor <"$LOGDIR/build.log" | tail -n 15
    die "build failed (full log: $LOGDIR/build.log)"
fi
nwarn=$(nocolor <"$LOGDIR/build.log" | grep "contrib/$MODULE/.*warning:" | sort -u | wc -l || true)
ndeprecated=$(nocolor <"$LOGDIR/build.log" | grep "contrib/$MODULE/.*warning:.*deprecated" | sort -u | wc -l || true)
log "build OK; $nwarn compiler warnings in contrib/$MODULE, $ndeprecated of them deprecation warnings"
if [ "$nwarn" -gt 0 ]; then
    nocolor <"$LOGDIR/build.log" | grep "contrib/$MODULE/.*warning:" | sort -u | head -n 20
fi
if command -v ccache >/dev/null 2>&1; then
    log "ccache: $(ccache -s 2>/dev/null | grep -E '^ *Hits:' | head -n1 | tr -s ' ')"
fi
if [ "$RUN_TESTS" = 0 ]; then
    summary PASS "configured and built (tests not run: --no-tests)"
    exit 0
fi

step "6. test suites"
runner=$(find build/utils -maxdepth 1 -type f -name "ns*-test-runner*" | head -n1)
[ -n "$runner" ] || die "no test-runner was built"
export LD_LIBRARY_PATH="$TREE/build/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
mapfile -t all_suites < <("$runner" --print-test-name-list | sed 's/[[:space:]]*$//' | grep -v '^$' | sort -u)
mapfile -t declared < <(grep -rhoE 'TestSuite[[:space:]]*[({][[:space:]]*"[^"]+"' "contrib/$MODULE/test" 2>/dev/null |
    sed -E 's/.*"([^"]+)"/\1/' | sort -u)
log "declared in contrib/$MODULE/test: ${declared[*]:-<none>} (test-runner holds ${#all_suites[@]} suites)"
[ ${#declared[@]} -gt 0 ] || die "no TestSuite(\"...\") declared in contrib/$MODULE/test"
suite_pass=0
suite_fail=0
failed=()
for s in "${declared[@]}"; do
    case " ${all_suites[*]} " in
        *" $s "*) ;;
        *)
            log "suite '$s' is declared in contrib/$MODULE/test but not in the test-runner"
            suite_fail=$((suite_fail + 1))
            failed+=("suite-not-built:$s")
            continue
            ;;
    esac
    log "./test.py --nowaf --suite=$s"
    if niced timeout "$TEST_TIMEOUT" "$PYTHON" ./test.py --nowaf --nocolor --suite="$s" 2>&1 | nocolor >"$LOGDIR/suite-$s.log" &&
        grep -Eq '^(\[[0-9]+/[0-9]+\] )?PASS' "$LOGDIR/suite-$s.log"; then
        suite_pass=$((suite_pass + 1))
        grep -E "$RESULT_RE" "$LOGDIR/suite-$s.log" | sed 's/^/    /'
    else
        suite_fail=$((suite_fail + 1))
        failed+=("suite:$s")
        sed 's/^/    /' "$LOGDIR/suite-$s.log" | tail -n 15
        niced timeout "$TEST_TIMEOUT" "$runner" --suite="$s" --verbose 2>&1 | tail -n 40 | sed 's/^/    /' || true
    fi
done

step "7. examples from test/examples-to-run.py"
ex_pass=0
ex_fail=0
etr="contrib/$MODULE/test/examples-to-run.py"
mapfile -t listed < <("$PYTHON" - "$etr" <<'EOF'
import sys
g = {}
exec(open(sys.argv[1]).read(), g)
for name, do_run, *_ in g.get("cpp_examples", []):
    print(name.split(" ", 1)[0])
EOF
)
log "${#listed[@]} C++ example runs listed in $etr"
for name in "${listed[@]}"; do
    if ! ls build/contrib/"$MODULE"/examples/ns*-"$name"* >/dev/null 2>&1; then
        log "listed example '$name' was not built"
        ex_fail=$((ex_fail + 1))
        failed+=("example-not-built:$name")
    fi
done
log "./test.py --nowaf --constrain=example"
if niced timeout "$TEST_TIMEOUT" "$PYTHON" ./test.py --nowaf --nocolor --constrain=example 2>&1 | nocolor >"$LOGDIR/examples.log"; then ex_rc=0; else ex_rc=$?; fi
grep -E "$RESULT_RE" "$LOGDIR/examples.log" | sed 's/^/    /' || true
n_ok=$(grep -Ec '^(\[[0-9]+/[0-9]+\] )?PASS[^:]*: Example' "$LOGDIR/examples.log" || true)
n_bad=$(grep -Ec '^(\[[0-9]+/[0-9]+\] )?(FAIL|CRASH|VALGR)' "$LOGDIR/examples.log" || true)
ex_pass=$((ex_pass + n_ok))
ex_fail=$((ex_fail + n_bad))
if [ "$n_bad" -gt 0 ] || [ "$ex_rc" -ne 0 ]; then
    failed+=("examples(rc=$ex_rc)")
    tail -n 20 "$LOGDIR/examples.log" | sed 's/^/    /'
fi
grep -E 'tests passed' "$LOGDIR/examples.log" | tail -n1 | sed 's/^/    test.py: /' || true

echo
echo "$TAG in-tree (waf): $((suite_pass + ex_pass)) passed, $((suite_fail + ex_fail)) failed"
if [ ${#failed[@]} -gt 0 ]; then
    summary FAIL "suites $suite_pass passed/$suite_fail failed, examples $ex_pass passed/$ex_fail failed; failed: ${failed[*]}; logs in $LOGDIR"
    exit 1
fi
summary PASS "suites $suite_pass passed/0 failed, examples $ex_pass passed/0 failed, $nwarn warnings ($ndeprecated deprecation) in contrib/$MODULE (tree $TREE)"
