#!/usr/bin/env bash
# -----------------------------------------------------------------------------
# utils/check-in-tree.sh - build and test dnn-surgery inside a real ns-3 tree
# -----------------------------------------------------------------------------
#
# Reproducible, from-scratch check that the module builds and passes its tests
# as an ordinary ns-3 contrib module (contrib/dnn-surgery) of a CMake-based
# ns-3 tree, from either an official release tarball or Debian's source package:
#
#   ns-3.37  <- Debian 12 "bookworm" `ns3` source package (default; this script)
#   ns-3.43  <- ns-3.43.tar.xz (utils/check-ns343.sh runs this script with --ns3 3.43)
#   ns-3.48  <- ns-3.48.tar.xz (utils/check-ns348.sh runs this script with --ns3 3.48)
#   (ns-3.35 and other waf trees: utils/check-ns335.sh)
#
# Steps (each one is logged with a timestamp):
#   1. make sure the build tools are installed (cmake g++ python3 libsqlite3-dev
#      libboost-graph-dev nlohmann-json3-dev libgtest-dev libgsl-dev libxml2-dev,
#      plus ccache ninja-build bzip2 xz-utils, and dpkg-dev for a Debian source
#      package) - no build-dep;
#   2. the source tree, reused when it is already unpacked in the work dir:
#      --source tarball: unpack $DNN_SURGERY_NS3_TARBALLS/ns-<version>.tar.xz
#      (checked against SHA256SUMS there when present) into the work dir;
#      --source debian: add a *deb-src only* entry for the Debian suite
#      (/etc/apt/sources.list.d/dnn-surgery-src-<suite>.list), apt-get update,
#      and `apt-get source ns3/<suite>` into the work dir;
#      --source auto (default): the tarball when there is one, else Debian;
#   3. copy the module (the repo holding this script, without build*/ and
#      .git; rsync when installed, else tar, both keep the files' times so
#      the build stays incremental) to <tree>/contrib/dnn-surgery;
#   4. ./ns3 configure -d default --enable-examples --enable-tests
#        --enable-modules=dnn-surgery --filter-module-examples-and-tests=dnn-surgery
#      (ns-3 resolves the modules dnn-surgery needs from the ${libxxx} names in
#      its CMakeLists.txt; the filter keeps ns-3 from building the examples and
#      tests of those dependencies. Profile "default" = -O2 -g with NS3_ASSERT
#      and NS3_LOG on);
#   5. build: ./ns3 build, or `cmake --build cmake-cache` (what ./ns3 build
#      runs) when -j exceeds nproc-1, which ns-3.37's ./ns3 silently caps
#      (under nice, -j2 by default; ccache is used when installed);
#   6. ./test.py --no-build --suite=S for every suite the test-runner knows
#      (with the filter these are dnn-surgery's own), then
#      ./test.py --no-build --constrain=example, which runs the examples listed
#      in test/examples-to-run.py with their arguments; every listed example
#      must have been built.
#   The last line printed is a one-line summary; the exit status is non-zero
#   on any failure.
#
# Usage:
#   utils/check-in-tree.sh [options]
#     --keep            reuse the cached ns-3 tree and build dir (default)
#     --clean           delete the cached work dir for this ns-3 version first
#                       (re-fetches and rebuilds from scratch; ccache still helps)
#     --ns3 VERSION     3.37 (default), 3.43, 3.48 (or any CMake release with a tarball)
#     --source S        auto|tarball|debian: where the ns-3 source comes from (default auto)
#     --jobs N          parallel build jobs (default: $DNN_SURGERY_JOBS or 2)
#     --profile P       ns-3 build profile: debug|default|release|optimized
#                       (default: $DNN_SURGERY_NS3_PROFILE or default)
#     --no-deps         do not apt-get install anything
#     --no-tests        configure and build only
#     --debug-info      with the debug profile, compile with -g (default: -g0 for a
#                       new tree, which builds faster; a cached tree keeps its flags)
#     --mode M          auto|in-tree|headers (default auto). "headers" skips the
#                       ns-3 source tree and only compiles the module against
#                       the headers of Debian's libns3-dev for that version (see
#                       below); "auto" falls back to it when the source package
#                       cannot be downloaded.
#     --strict          with --mode auto: exit 3 instead of 0 when the headers
#                       fallback had to be used (no tests were run)
#     -h, --help
#
# Environment:
#   DNN_SURGERY_NS3_WORKDIR   cache root (default $HOME/.cache/dnn-surgery-ns3);
#                             the tree lives in $DNN_SURGERY_NS3_WORKDIR/<version>
#   DNN_SURGERY_JOBS          default for --jobs (2)
#   DNN_SURGERY_NICE          niceness for configure/build/tests (default 19)
#   DNN_SURGERY_NS3_TARBALLS  folder of ns-<version>.tar.xz release tarballs
#                             (default: <repo>/../shared/ns-3)
#   CCACHE_DIR                ccache's cache (default $DNN_SURGERY_NS3_WORKDIR/ccache);
#                             CCACHE_BASEDIR is set to the tree so that another
#                             unpacked copy of the same release hits the cache
#   DNN_SURGERY_TEST_TIMEOUT  seconds allowed for each test.py call (default 1800)
#
# Headers fallback (--mode headers, or auto when `apt-get source` fails): the
# binary packages libns3-dev, libns3.<minor> and ns3 of that suite are downloaded
# with `apt-get download` using a *private* apt configuration inside the work
# dir (the system's sources are not changed, nothing is installed), unpacked
# with dpkg -x. The module's standalone CMake build (cmake/standalone.cmake) is
# configured against the package's ns3Config.cmake and every object file is
# compiled as configured; if some fail, every translation unit is compiled
# again (-fsyntax-only) with the standard those headers need (C++20 for 3.43)
# to tell a build-setup problem from an API incompatibility. Without a usable
# standalone build the .cc files of model/ helper/ test/ examples/ are
# compiled by hand. Nothing is linked or run: trixie's libraries need
# glibc 2.38 / GLIBCXX_3.4.32 and cannot be loaded on bookworm.
#
# Needs root (or sudo) for apt-get. Typical times on 2 cores: first run ~25-40
# min (mostly building ns-3 itself), later runs a few minutes.
# -----------------------------------------------------------------------------
set -euo pipefail

SCRIPT_NAME=$(basename "$0")
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
MODULE=dnn-surgery

NS3_VERSION=3.37
SUITE=""
JOBS=${DNN_SURGERY_JOBS:-2}
NICE=${DNN_SURGERY_NICE:-19}
TEST_TIMEOUT=${DNN_SURGERY_TEST_TIMEOUT:-1800}
PROFILE=${DNN_SURGERY_NS3_PROFILE:-default}
SOURCE=auto
TARBALLS=${DNN_SURGERY_NS3_TARBALLS:-$REPO_ROOT/../shared/ns-3}
CLEAN=0
INSTALL_DEPS=1
RUN_TESTS=1
DEBUG_INFO=0
MODE=auto
STRICT=0
DEBIAN_MIRROR=http://deb.debian.org/debian
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --keep) CLEAN=0 ;;
        --clean) CLEAN=1 ;;
        --ns3) NS3_VERSION=$2; shift ;;
        --ns3=*) NS3_VERSION=${1#*=} ;;
        --suite) SUITE=$2; shift ;;
        --source) SOURCE=$2; shift ;;
        --source=*) SOURCE=${1#*=} ;;
        --jobs | -j) JOBS=$2; shift ;;
        --jobs=*) JOBS=${1#*=} ;;
        --profile | -d) PROFILE=$2; shift ;;
        --profile=*) PROFILE=${1#*=} ;;
        --no-deps) INSTALL_DEPS=0 ;;
        --no-tests) RUN_TESTS=0 ;;
        --debug-info) DEBUG_INFO=1 ;;
        --mode) MODE=$2; shift ;;
        --mode=*) MODE=${1#*=} ;;
        --strict) STRICT=1 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "$SCRIPT_NAME: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
    shift
done

TARBALL=$TARBALLS/ns-$NS3_VERSION.tar.xz
case "$SOURCE" in
    auto) if [ -f "$TARBALL" ]; then SOURCE=tarball; else SOURCE=debian; fi ;;
    tarball) [ -f "$TARBALL" ] || { echo "$SCRIPT_NAME: $TARBALL not found (set DNN_SURGERY_NS3_TARBALLS)" >&2; exit 2; } ;;
    debian) ;;
    *) echo "$SCRIPT_NAME: bad --source '$SOURCE'" >&2; exit 2 ;;
esac
if [ -z "$SUITE" ]; then
    case "$NS3_VERSION" in
        3.37) SUITE=bookworm ;;
        3.43) SUITE=trixie ;;
        *) if [ "$SOURCE" = debian ]; then
               echo "$SCRIPT_NAME: no Debian suite known for ns-$NS3_VERSION; pass --suite" >&2; exit 2
           fi ;;
    esac
fi
[ "$SOURCE" = tarball ] && SUITE=tarball
case "$MODE" in auto | in-tree | headers) ;; *) echo "$SCRIPT_NAME: bad --mode '$MODE'" >&2; exit 2 ;; esac

TAG="ns-$NS3_VERSION"
WORKROOT=${DNN_SURGERY_NS3_WORKDIR:-$HOME/.cache/dnn-surgery-ns3}
WORKDIR=$WORKROOT/$NS3_VERSION
LOGDIR=$WORKDIR/logs
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
    echo "SUMMARY $MODULE $TAG ($SUITE): $status - $* [$(($(date +%s) - T_START))s]"
}
die() {
    log "ERROR: $*"
    summary FAIL "$*"
    exit 1
}

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=(sudo); fi
fi
niced() { nice -n "$NICE" "$@"; }
nocolor() { sed 's/\x1b\[[0-9;]*m//g'; }
# test.py result lines look like "[1/3] PASS: TestSuite name" / "PASS (0.1): Example x"
RESULT_RE='^(\[[0-9]+/[0-9]+\] )?(PASS|FAIL|CRASH|SKIP|VALGR)'

apt_retry() { # apt-get with a lock timeout and a couple of retries (other users run apt too)
    local i
    for i in 1 2 3; do
        if "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 "$@"; then
            return 0
        fi
        log "apt-get $1 failed (attempt $i); retrying in 20s"
        sleep 20
    done
    return 1
}

# ---------------------------------------------------------------------------
step "settings: repo=$REPO_ROOT workdir=$WORKDIR source=$SOURCE suite=$SUITE profile=$PROFILE jobs=$JOBS nice=$NICE mode=$MODE"
[ -f "$REPO_ROOT/CMakeLists.txt" ] || die "$REPO_ROOT/CMakeLists.txt not found: not the module's repo?"

if [ "$CLEAN" = 1 ] && [ -e "$WORKDIR" ]; then
    log "--clean: removing $WORKDIR"
    rm -rf "$WORKDIR"
fi
mkdir -p "$WORKDIR" "$LOGDIR"
# One check at a time on a tree (utils/check-standalone-ns348.sh installs from the same one).
exec 9>"$WORKDIR/.tree.lock"
flock -n 9 || { log "waiting for another check on $WORKDIR"; flock 9; }

# ---------------------------------------------------------------------------
step "1. build dependencies"
DEPS=(cmake g++ python3 libsqlite3-dev libboost-graph-dev nlohmann-json3-dev libgtest-dev
    libgsl-dev libxml2-dev ccache ninja-build bzip2 xz-utils)
[ "$SOURCE" = debian ] && DEPS+=(dpkg-dev)
missing=()
for p in "${DEPS[@]}"; do
    if [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)" != installed ]; then
        missing+=("$p")
    fi
done
if [ ${#missing[@]} -eq 0 ]; then
    log "all present: ${DEPS[*]}"
elif [ "$INSTALL_DEPS" = 1 ]; then
    log "installing: ${missing[*]}"
    apt_retry install -y --no-install-recommends "${missing[@]}" ||
        { apt_retry update && apt_retry install -y --no-install-recommends "${missing[@]}"; } ||
        die "could not install ${missing[*]}"
else
    log "WARNING: --no-deps and missing: ${missing[*]}"
fi
log "$(cmake --version | head -n1); $(g++ --version | head -n1); $(python3 --version 2>&1)"

# ---------------------------------------------------------------------------
# Source tree: reuse, or apt-get source
find_tree() { # prints the ns-3 top level (dir with ./ns3 and test.py) under $WORKDIR
    local d
    for d in "$WORKDIR"/ns-"$NS3_VERSION" "$WORKDIR"/ns3-"$NS3_VERSION"/ns-"$NS3_VERSION" "$WORKDIR"/ns3-"$NS3_VERSION"*/ns-"$NS3_VERSION"*; do
        if [ -x "$d/ns3" ] && [ -f "$d/test.py" ] && [ -d "$d/src/core" ]; then
            echo "$d"
            return 0
        fi
    done
    return 1
}

ensure_deb_src() { # deb-src only entry for $SUITE; apt-get update when it is new
    local list=/etc/apt/sources.list.d/dnn-surgery-src-$SUITE.list line
    # signed-by must match the system's deb822 entry for the same URI/suite,
    # otherwise apt refuses with "Conflicting values set for option Signed-By".
    if [ -r "$KEYRING" ]; then
        line="deb-src [signed-by=$KEYRING] $DEBIAN_MIRROR $SUITE main"
    else
        line="deb-src $DEBIAN_MIRROR $SUITE main"
    fi
    if [ "$(cat "$list" 2>/dev/null)" != "$line" ]; then
        log "writing $list: $line"
        echo "$line" | "${SUDO[@]}" tee "$list" >/dev/null
        apt_retry update || die "apt-get update failed"
    elif ! apt-get source --print-uris "ns3/$SUITE" >/dev/null 2>&1; then
        apt_retry update || die "apt-get update failed"
    fi
}

fetch_source() { # apt-get source into $WORKDIR; returns non-zero when unavailable
    ensure_deb_src
    local uris
    uris=$(apt-get source --print-uris "ns3/$SUITE" 2>/dev/null | grep -o "ns3_[^' ]*\.dsc" | head -n1 || true)
    log "source package: ${uris:-<not in the index>}"
    case "$uris" in
        ns3_"$NS3_VERSION"-*) ;;
        *) log "ns3/$SUITE is not ns-3 $NS3_VERSION"; return 1 ;;
    esac
    (cd "$WORKDIR" && apt-get source "ns3/$SUITE") >"$LOGDIR/apt-source.log" 2>&1 || {
        log "apt-get source ns3/$SUITE failed:"
        grep -E '^(E|Err):' "$LOGDIR/apt-source.log" | head -n 5 || tail -n 5 "$LOGDIR/apt-source.log"
        return 1
    }
    tail -n 3 "$LOGDIR/apt-source.log"
    find_tree >/dev/null
}

unpack_tarball() { # unpack $TARBALL into $WORKDIR (checksum-checked when SHA256SUMS is there)
    local sums
    sums=$(dirname "$TARBALL")/SHA256SUMS
    if [ -f "$sums" ]; then
        (cd "$(dirname "$TARBALL")" && grep " $(basename "$TARBALL")\$" SHA256SUMS | sha256sum -c --quiet -) ||
            die "$TARBALL does not match $sums"
        log "$(basename "$TARBALL"): sha256 matches $sums"
    fi
    rm -rf "$WORKDIR/ns-$NS3_VERSION"
    log "unpacking $TARBALL into $WORKDIR"
    tar -xJf "$TARBALL" -C "$WORKDIR" || die "could not unpack $TARBALL"
    [ -x "$WORKDIR/ns-$NS3_VERSION/ns3" ] || die "$TARBALL did not unpack to ns-$NS3_VERSION/ with ./ns3 (a waf release? use utils/check-ns335.sh)"
}

TREE=""
if [ "$MODE" != headers ]; then
    step "2. ns-3 $NS3_VERSION source tree ($SOURCE)"
    if TREE=$(find_tree); then
        log "reusing unpacked tree $TREE (use --clean to start over)"
    elif [ "$SOURCE" = tarball ]; then
        unpack_tarball
        TREE=$(find_tree) || die "no ns-3 tree in $WORKDIR after unpacking"
    else
        rm -rf "$WORKDIR"/ns3-"$NS3_VERSION"* # a half-unpacked tree; downloaded files are reused
        if fetch_source; then
            TREE=$(find_tree)
            log "unpacked $TREE (Debian patches: $(tr '\n' ' ' <"$TREE/../debian/patches/series" 2>/dev/null || echo none))"
        elif [ "$MODE" = auto ]; then
            log "ns-3 $NS3_VERSION source is not downloadable here; falling back to --mode headers"
            MODE=headers
        else
            die "could not get the ns3 source package from $SUITE"
        fi
    fi
fi

# ===========================================================================
# Headers-only fallback
# ===========================================================================
if [ "$MODE" = headers ]; then
    step "2h. headers of Debian's libns3-dev ($SUITE) - no source tree"
    SYSROOT=$WORKDIR/sysroot
    APTDIR=$WORKDIR/apt-private
    ns3_minor=${NS3_VERSION#3.}
    if [ ! -f "$SYSROOT/usr/include/ns3/core-module.h" ]; then
        mkdir -p "$APTDIR/lists/partial" "$APTDIR/cache/archives/partial" "$APTDIR/debs"
        if [ -r "$KEYRING" ]; then
            echo "deb [signed-by=$KEYRING] $DEBIAN_MIRROR $SUITE main" >"$APTDIR/sources.list"
        else
            echo "deb $DEBIAN_MIRROR $SUITE main" >"$APTDIR/sources.list"
        fi
        APTOPT=(-o "Dir::Etc::SourceList=$APTDIR/sources.list" -o "Dir::Etc::SourceParts=$APTDIR/none"
            -o "Dir::State::Lists=$APTDIR/lists" -o "Dir::Cache=$APTDIR/cache" -o Debug::NoLocking=1
            -o APT::Sandbox::User=root)
        log "private apt index for $SUITE (download only, system sources untouched)"
        apt-get "${APTOPT[@]}" update >"$LOGDIR/apt-private.log" 2>&1 || die "private apt-get update failed (see $LOGDIR/apt-private.log)"
        (cd "$APTDIR/debs" && apt-get "${APTOPT[@]}" download "libns3-dev/$SUITE" "libns3.$ns3_minor/$SUITE" "ns3/$SUITE") \
            >>"$LOGDIR/apt-private.log" 2>&1 || die "apt-get download libns3-dev/$SUITE failed (see $LOGDIR/apt-private.log)"
        rm -rf "$SYSROOT"
        mkdir -p "$SYSROOT"
        for d in "$APTDIR"/debs/*.deb; do
            log "unpacking $(basename "$d")"
            dpkg -x "$d" "$SYSROOT"
        done
    else
        log "reusing $SYSROOT"
    fi
    # ns3Targets.cmake insists that every imported file exists; create empty
    # stand-ins for any that the downloaded packages lack (never executed here).
    for t in "$SYSROOT"/usr/lib/*/cmake/ns3/ns3Targets-*.cmake; do
        [ -f "$t" ] || continue
        for f in $(grep -o '"${_IMPORT_PREFIX}/[^"]*"' "$t" | tr -d '"' | sed "s|\${_IMPORT_PREFIX}|$SYSROOT/usr|"); do
            if [ ! -e "$f" ]; then
                log "stand-in for missing $f"
                mkdir -p "$(dirname "$f")"
                : >"$f"
            fi
        done
    done
    # Debian's exported targets carry absolute include dirs of the build machine
    # (e.g. /usr/include/python3.13 on trixie); CMake refuses non-existent ones.
    # Drop those from the unpacked copy only (a standalone user on that suite
    # without the matching -dev package hits the same error).
    for t in "$SYSROOT"/usr/lib/*/cmake/ns3/ns3Targets.cmake; do
        [ -f "$t" ] || continue
        for d in $(grep -o 'INTERFACE_INCLUDE_DIRECTORIES "[^"]*"' "$t" | cut -d'"' -f2 | tr ';' '\n' | grep '^/' | sort -u); do
            if [ ! -d "$d" ]; then
                log "NOTE: ns3Targets.cmake lists non-existent include dir $d; removing it from the unpacked copy"
                sed -i "s|;$d\"|\"|g; s|;$d;|;|g" "$t"
            fi
        done
    done
    NS3INC=$SYSROOT/usr/include
    [ -f "$NS3INC/ns3/core-module.h" ] || die "no ns3 headers in $SYSROOT"
    pkgver=$(grep -h -m1 -o 'NS3_VERSION_MINOR [0-9]*' "$NS3INC/ns3/version-defines.h" 2>/dev/null | awk '{print $2}' || true)
    log "ns-3 headers: $NS3INC/ns3 (NS3_VERSION_MINOR=${pkgver:-?})"
    if [ -n "$pkgver" ] && [ "$pkgver" != "$ns3_minor" ]; then die "headers are ns-3.$pkgver, not $NS3_VERSION"; fi

    # The C++ standard those headers need (ns-3.43's use C++20: std::remove_cvref_t, operator<=>)
    NS3_CXXSTD=""
    for std in c++17 c++20 c++23; do
        if printf '#include "ns3/core-module.h"\n#include "ns3/wifi-module.h"\n' |
            g++ -std=$std -fsyntax-only -D__LINUX__ -I"$NS3INC" -x c++ - >/dev/null 2>&1; then
            NS3_CXXSTD=$std
            break
        fi
    done
    log "ns-$NS3_VERSION headers compile with -std=${NS3_CXXSTD:-<none of c++17/20/23>} (g++ $(g++ -dumpversion))"
    [ -n "$NS3_CXXSTD" ] || die "g++ $(g++ -dumpversion) cannot compile ns-$NS3_VERSION's headers"

    HC=$WORKDIR/headers-check
    SB=$WORKDIR/standalone-build
    rm -rf "$HC" "$SB"
    mkdir -p "$HC/out"
    cfg_status="not run"
    objA_fail=-1
    objA_total=0
    passB=""
    nfail=0
    nok=0
    ndepr=0
    if [ -f "$REPO_ROOT/cmake/standalone.cmake" ]; then
        step "3h. standalone CMake configure against the package's ns3Config.cmake"
        ns3cfg=$(dirname "$(find "$SYSROOT" -name ns3Config.cmake | head -n1)")
        if cmake -S "$REPO_ROOT" -B "$SB" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
            -Dns3_DIR="$ns3cfg" -DCMAKE_PREFIX_PATH="$SYSROOT/usr" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
            -DDNN_SURGERY_BUILD_BENCHMARKS=OFF >"$LOGDIR/standalone-configure.log" 2>&1; then
            cfg_status="ok"
            grep -E 'dnn-surgery:|CMake Warning' "$LOGDIR/standalone-configure.log" | sed 's/^/    /' || true
        else
            cfg_status="FAILED"
            log "standalone configure FAILED:"
            grep -E -A8 'CMake (Error|Warning)' "$LOGDIR/standalone-configure.log" | head -n 60
        fi
    fi

    if [ "$cfg_status" = ok ]; then
        step "4h. compile every object of the standalone build as configured (no linking: trixie's libns3 needs glibc 2.38)"
        mapfile -t objs < <(ninja -C "$SB" -t targets all | awk -F': ' '$1 ~ /\.o$/ {print $1}')
        objA_total=${#objs[@]}
        log "$objA_total object files; std flag used: $(grep -o -m1 -- '-std=[a-z+0-9]*' "$SB/compile_commands.json" || echo '<compiler default>')"
        niced ninja -C "$SB" -k 0 -j "$JOBS" "${objs[@]}" >"$LOGDIR/standalone-objects.log" 2>&1 || true
        objA_fail=$(grep -c '^FAILED: ' "$LOGDIR/standalone-objects.log" || true)
        ndepr=$(grep -c 'Wdeprecated-declarations' "$LOGDIR/standalone-objects.log" || true)
        if [ "$objA_fail" -gt 0 ]; then
            log "$objA_fail of $objA_total objects FAILED; first errors:"
            grep -E '^FAILED: |error:' "$LOGDIR/standalone-objects.log" | awk '/^FAILED/{n=0} {if (n++ < 6) print}' | head -n 60
            step "5h. again with -std=$NS3_CXXSTD replacing the configured standard (module sources vs ns-$NS3_VERSION API)"
            python3 - "$SB/compile_commands.json" "$NS3_CXXSTD" "$JOBS" "$HC/out" >"$HC/results.txt" <<'EOF'
import json, re, subprocess, sys, os
from concurrent.futures import ThreadPoolExecutor
db, std, jobs, outdir = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
entries = json.load(open(db))
def run(e):
    cmd = e["command"]
    cmd = re.sub(r"-std=(gnu|c)\+\+\w+", "-std=" + std, cmd) if "-std=" in cmd else cmd + " -std=" + std
    cmd += " -fsyntax-only"
    r = subprocess.run(cmd, shell=True, cwd=e["directory"], capture_output=True, text=True)
    name = e["file"].replace("/", "_")
    open(os.path.join(outdir, name + ".log"), "w").write(r.stdout + r.stderr)
    return ("ok  " if r.returncode == 0 else "FAIL") + " " + e["file"]
with ThreadPoolExecutor(jobs) as ex:
    for line in ex.map(run, entries):
        print(line, flush=True)
EOF
            sed 's/^/    /' "$HC/results.txt"
            nfail=$(grep -c '^FAIL' "$HC/results.txt" || true)
            nok=$(grep -c '^ok' "$HC/results.txt" || true)
            ndepr=$(cat "$HC"/out/*.log | grep -c 'Wdeprecated-declarations' || true)
            passB="with -std=$NS3_CXXSTD: $nok of $((nok + nfail)) compile"
            if [ "$nfail" -gt 0 ]; then
                log "errors with -std=$NS3_CXXSTD:"
                cat "$HC"/out/*.log | grep -E 'error:' | sort | uniq -c | sort -rn | head -n 30
            fi
        fi
        if [ "$ndepr" -gt 0 ]; then
            log "deprecation warnings against ns-$NS3_VERSION ($ndepr):"
            { cat "$LOGDIR/standalone-objects.log" "$HC"/out/*.log 2>/dev/null || true; } |
                grep 'Wdeprecated-declarations' | sed 's/.*warning: //' | sort | uniq -c | sort -rn | head -n 20
        fi
    else
        step "4h. no usable standalone build: compile every module source by hand against ns-$NS3_VERSION headers"
        mkdir -p "$HC/include/ns3"
        # ns-3 copies a module's public headers to build/include/ns3/ and
        # generates ns3/<module>-module.h; mimic that.
        mapfile -t headers < <(cd "$REPO_ROOT" && find model helper -name '*.h' 2>/dev/null | sort)
        {
            echo "// generated by $SCRIPT_NAME"
            echo "#ifndef NS3_MODULE_DNN_SURGERY"
            echo "#define NS3_MODULE_DNN_SURGERY"
            for h in "${headers[@]}"; do
                ln -sf "$REPO_ROOT/$h" "$HC/include/ns3/$(basename "$h")"
                echo "#include \"$(basename "$h")\""
            done
            echo "#endif"
        } >"$HC/include/ns3/$MODULE-module.h"
        # DNN_SURGERY_NS3_VERSION / DNN_SURGERY_SOURCE_DIR: what the module's
        # cmake/dependencies.cmake defines.
        DEFS=(-D__LINUX__ -DNS3_LOG_ENABLE -DNS3_ASSERT_ENABLE -DNS3_BUILD_PROFILE_DEBUG
            -DHAVE_SQLITE3 -DHAVE_LIBXML2 -DHAVE_GSL -DHAVE_BOOST -DNS3_ENABLE_EXAMPLES
            -DDNN_SURGERY_NS3_VERSION=$((300 + ns3_minor)) "-DDNN_SURGERY_SOURCE_DIR=\\\"$REPO_ROOT\\\"")
        mapfile -t sources < <(cd "$REPO_ROOT" && find model helper test examples -name '*.cc' 2>/dev/null | sort)
        [ ${#sources[@]} -gt 0 ] || die "no .cc files under model/ helper/ test/ examples/"
        log "${#sources[@]} sources, g++ -std=$NS3_CXXSTD -fsyntax-only -Wall, $JOBS jobs"
        export HC REPO_ROOT NS3INC NS3_CXXSTD
        export DEFS_STR="${DEFS[*]}"
        printf '%s\n' "${sources[@]}" | niced xargs -P "$JOBS" -I{} bash -c '
            f={}; out="$HC/out/$(echo "$f" | tr / _).log"
            if eval g++ -std=$NS3_CXXSTD -fsyntax-only -Wall $DEFS_STR -I"\"$HC/include\"" -I"\"$NS3INC\"" \
                  -I"\"$REPO_ROOT\"" -I"\"$REPO_ROOT/$(dirname "$f")\"" -I/usr/include/libxml2 \
                  "\"$REPO_ROOT/$f\"" >"$out" 2>&1; then echo "ok   $f"; else echo "FAIL $f"; fi' |
            tee "$HC/results.txt"
        nfail=$(grep -c '^FAIL' "$HC/results.txt" || true)
        nok=$(grep -c '^ok' "$HC/results.txt" || true)
        ndepr=$(cat "$HC"/out/*.log | grep -c 'Wdeprecated-declarations' || true)
        passB="by hand with -std=$NS3_CXXSTD: $nok of $((nok + nfail)) compile"
        if [ "$nfail" -gt 0 ]; then
            log "compiler errors (first 40 lines per failing file):"
            for f in $(awk '/^FAIL/{print $2}' "$HC/results.txt"); do
                echo "---- $f"
                grep -E 'error|required from' "$HC/out/$(echo "$f" | tr / _).log" | head -n 40
            done
        fi
        if [ "$ndepr" -gt 0 ]; then
            log "deprecation warnings against ns-$NS3_VERSION ($ndepr):"
            cat "$HC"/out/*.log | grep 'Wdeprecated-declarations' | sed 's/.*warning: //' | sort | uniq -c | sort -rn | head -n 20
        fi
    fi

    tail_note="headers only: the ns3 $NS3_VERSION source package was not used; nothing linked or run"
    detail="standalone configure $cfg_status"
    if [ "$objA_fail" -ge 0 ]; then detail="$detail; objects as configured: $((objA_total - objA_fail)) of $objA_total compile"; fi
    if [ -n "$passB" ]; then detail="$detail; $passB"; fi
    detail="$detail; ${ndepr:-0} deprecation warnings"
    if [ "$cfg_status" = FAILED ] || [ "$objA_fail" -gt 0 ] || [ "$nfail" -gt 0 ]; then
        summary FAIL "$detail ($tail_note)"
        exit 1
    fi
    summary "PARTIAL-PASS" "$detail ($tail_note)"
    [ "$STRICT" = 1 ] && exit 3
    exit 0
fi

# ===========================================================================
# In-tree build
# ===========================================================================
cd "$TREE"
python3 ./ns3 --help >/dev/null 2>&1 || die "./ns3 in $TREE does not run"

step "3. copy the module to contrib/$MODULE"
mkdir -p "contrib/$MODULE"
if command -v rsync >/dev/null 2>&1; then
    rsync -a --delete --exclude='/build*/' --exclude='/.git' --exclude='/cmake-build*/' \
        --exclude='__pycache__/' "$REPO_ROOT/" "contrib/$MODULE/"
    how=rsync
else # tar keeps the files' times, so unchanged files are not rebuilt
    rm -rf "contrib/$MODULE"
    mkdir -p "contrib/$MODULE"
    (cd "$REPO_ROOT" && tar -cf - --exclude='./build*' --exclude='./.git' --exclude='./cmake-build*' \
        --exclude='__pycache__' --exclude='*.db' --exclude='./plots' .) | tar -xf - -C "contrib/$MODULE"
    how=tar
fi
log "$how $REPO_ROOT/ -> $TREE/contrib/$MODULE/ ($(find "contrib/$MODULE" -type f | wc -l) files)"
# ns-3 finds the modules a contrib module needs by scanning its CMakeLists.txt
# for ${libxxx} (build-support/macros-and-definitions.cmake: filter_libraries).
deps=$(grep -o '\${lib[A-Za-z0-9_-]*}' "contrib/$MODULE/CMakeLists.txt" | sort -u | tr '\n' ' ' || true)
log "ns-3 module dependencies seen in CMakeLists.txt: ${deps:-<none>}"
grep -q 'build_lib' "contrib/$MODULE/CMakeLists.txt" || log "WARNING: CMakeLists.txt has no build_lib(...)"
grep -Eq "LIBNAME[[:space:]]+$MODULE([[:space:]]|\)|\$)" "contrib/$MODULE/CMakeLists.txt" ||
    log "WARNING: build_lib LIBNAME is not '$MODULE'; --enable-modules=$MODULE will not match"

step "4. configure"
# ns-3 writes a stub build/include/ns3/<header>.h per module header
# ("#include <path of the real header>") only if none exists yet, so stubs from
# an earlier configure of this module would survive a fix; drop them.
stale=$(grep -l "contrib/$MODULE/" build/include/ns3/*.h 2>/dev/null || true)
if [ -n "$stale" ]; then
    log "removing $(echo "$stale" | wc -l) stub headers of $MODULE from build/include/ns3 (regenerated by configure)"
    echo "$stale" | xargs rm -f
fi
GEN=()
if command -v ninja >/dev/null 2>&1; then GEN=(-G Ninja); fi
want_gen=$([ ${#GEN[@]} -gt 0 ] && echo Ninja || echo "Unix Makefiles")
if [ -f cmake-cache/CMakeCache.txt ] &&
    ! grep -q "^CMAKE_GENERATOR:INTERNAL=$want_gen\$" cmake-cache/CMakeCache.txt; then
    log "cmake-cache was generated for another generator; removing it"
    rm -rf cmake-cache
fi
# The debug profile compiles with -g: slower to build on 2 cores, and no check reads the debug
# information. Unless --debug-info is given, a new tree is configured without it (-g0; NS3_ASSERT
# and NS3_LOG still follow the profile). A tree already built one way is kept that way, since
# changing the flags would rebuild all of it.
CMAKE_EXTRA=()
if [ "$PROFILE" = debug ]; then
    cached=$(sed -n 's/^CMAKE_CXX_FLAGS_DEBUG:STRING=//p' cmake-cache/CMakeCache.txt 2>/dev/null || true)
    if [ -n "$cached" ] && [ "$DEBUG_INFO" = 0 ] && [ "$cached" != "-g0" ]; then
        log "the cached tree was built with CMAKE_CXX_FLAGS_DEBUG='$cached': kept (--clean to rebuild without debug information)"
    elif [ "$DEBUG_INFO" = 0 ]; then
        CMAKE_EXTRA=(-- -DCMAKE_CXX_FLAGS_DEBUG=-g0)
    elif [ "$cached" = "-g0" ]; then
        CMAKE_EXTRA=(-- -DCMAKE_CXX_FLAGS_DEBUG=-g)
    fi
fi
CONF=(./ns3 configure "${GEN[@]}" -d "$PROFILE" --enable-examples --enable-tests
    --enable-modules="$MODULE" --filter-module-examples-and-tests="$MODULE" "${CMAKE_EXTRA[@]}")
log "${CONF[*]}"
if ! niced "${CONF[@]}" >"$LOGDIR/configure.log" 2>&1; then
    grep -E -B2 -A12 'CMake Error' "$LOGDIR/configure.log" | head -n 80 || tail -n 60 "$LOGDIR/configure.log"
    die "./ns3 configure failed (full log: $LOGDIR/configure.log)"
fi
built_mods=$(sed -n '/^Modules configured to be built:/,/^Modules that cannot be built:/p;/^-- Configuring done/q' \
    "$LOGDIR/configure.log" | grep -v '^Modules' | tr -s ' \n' ' ')
log "modules to build:${built_mods}"
sed -n '/^Modules that cannot be built:/,/^$/p' "$LOGDIR/configure.log" | tr -s ' \n' ' ' | sed 's/^/    /'
echo
grep -E 'CMake Warning' -A5 "$LOGDIR/configure.log" | head -n 30 || true
echo " $built_mods " | grep -q " $MODULE " || {
    sed -n '/Summary of optional/,$p' "$LOGDIR/configure.log" | tail -n 40
    die "$MODULE is not among the modules ns-3 will build (see $LOGDIR/configure.log)"
}

step "5. build (nice $NICE, -j$JOBS)"
export CCACHE_DIR=${CCACHE_DIR:-$WORKROOT/ccache} CCACHE_BASEDIR=$TREE CCACHE_NOHASHDIR=1
if command -v ccache >/dev/null 2>&1; then ccache -z >/dev/null 2>&1 || true; fi
# Recompile the module's own objects every time (ccache hits replay the compiler's
# diagnostics) so that the warning count below covers every one of its files.
find cmake-cache -path "*contrib/$MODULE/*" -name '*.o' -delete 2>/dev/null || true
# ns-3.37's ./ns3 caps -j at (number of CPUs - 1), i.e. 1 job on 2 cores;
# `./ns3 build` only runs `cmake --build` in cmake-cache, so call that directly then.
if [ "$JOBS" -gt $(($(nproc) - 1)) ]; then
    BUILD=(cmake --build cmake-cache -j "$JOBS")
else
    BUILD=(./ns3 build -j "$JOBS")
fi
log "${BUILD[*]}"
if ! niced "${BUILD[@]}" >"$LOGDIR/build.log" 2>&1; then
    log "build failed; first errors:"
    nocolor <"$LOGDIR/build.log" | grep -E -m 30 -B3 -A8 'error:|Error [0-9]|FAILED:|undefined reference|CMake Error' || true
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
[ -n "$runner" ] || die "no test-runner was built (are tests enabled?)"
export LD_LIBRARY_PATH="$TREE/build/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
mapfile -t all_suites < <("$runner" --print-test-name-list | sed 's/[[:space:]]*$//' | grep -v '^$' | sort -u)
# The runner also holds suites compiled into other libraries (e.g. src/test's
# ns3-tcp-*, which the filter does not remove). The module's suites: names
# declared as TestSuite("...") in its test sources, plus any "$MODULE*".
mapfile -t declared < <(grep -rhoE 'TestSuite[[:space:]]*[({][[:space:]]*"[^"]+"' "contrib/$MODULE/test" 2>/dev/null |
    sed -E 's/.*"([^"]+)"/\1/' | sort -u)
suites=()
for s in "${all_suites[@]}"; do
    case " ${declared[*]} " in *" $s "*) suites+=("$s"); continue ;; esac
    case "$s" in "$MODULE"*) suites+=("$s") ;; esac
done
log "module test suites: ${suites[*]:-<none>} (test-runner holds ${#all_suites[@]} suites in all)"
missing_suites=()
for s in "${declared[@]}"; do
    case " ${all_suites[*]} " in *" $s "*) ;; *) missing_suites+=("$s") ;; esac
done
[ ${#suites[@]} -gt 0 ] || die "the test-runner has no $MODULE test suites: $MODULE registers none, or its test sources were not built"
suite_pass=0
suite_fail=0
failed=()
for s in "${missing_suites[@]}"; do
    log "suite '$s' is declared in contrib/$MODULE/test but not in the test-runner"
    suite_fail=$((suite_fail + 1))
    failed+=("suite-not-built:$s")
done
for s in "${suites[@]}"; do
    log "./test.py --no-build --suite=$s"
    if niced timeout "$TEST_TIMEOUT" python3 ./test.py --no-build --nocolor --suite="$s" 2>&1 | nocolor >"$LOGDIR/suite-$s.log" &&
        grep -Eq '^(\[[0-9]+/[0-9]+\] )?PASS' "$LOGDIR/suite-$s.log"; then
        suite_pass=$((suite_pass + 1))
        grep -E "$RESULT_RE" "$LOGDIR/suite-$s.log" | sed 's/^/    /'
    else
        suite_fail=$((suite_fail + 1))
        failed+=("suite:$s")
        sed 's/^/    /' "$LOGDIR/suite-$s.log" | tail -n 15
        log "details: $runner --suite=$s --verbose"
        niced timeout "$TEST_TIMEOUT" "$runner" --suite="$s" --verbose 2>&1 | tail -n 40 | sed 's/^/    /' || true
    fi
done

step "7. examples from test/examples-to-run.py"
ex_pass=0
ex_fail=0
etr="contrib/$MODULE/test/examples-to-run.py"
if [ -f "$etr" ]; then
    mapfile -t listed < <(python3 - "$etr" <<'EOF'
import sys
g = {}
exec(open(sys.argv[1]).read(), g)
for name, do_run, *_ in g.get("cpp_examples", []):
    print(name.split(" ", 1)[0] + "\t" + str(do_run))
EOF
    )
    log "${#listed[@]} C++ example runs listed in $etr"
    # test.py --list shows the examples it will run (only those that were built)
    python3 ./test.py --no-build --list >"$LOGDIR/test-list.log" 2>&1 || true
    for entry in "${listed[@]}"; do
        name=${entry%%$'\t'*}
        if ! ls build/contrib/"$MODULE"/examples/ns*-"$name"* >/dev/null 2>&1; then
            log "listed example '$name' was not built (missing from the module's examples/CMakeLists.txt?)"
            ex_fail=$((ex_fail + 1))
            failed+=("example-not-built:$name")
        fi
    done
    log "./test.py --no-build --constrain=example"
    if niced timeout "$TEST_TIMEOUT" python3 ./test.py --no-build --nocolor --constrain=example 2>&1 | nocolor >"$LOGDIR/examples.log"; then ex_rc=0; else ex_rc=$?; fi
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
else
    log "no $etr; no examples run"
fi

total_pass=$((suite_pass + ex_pass))
total_fail=$((suite_fail + ex_fail))
echo
echo "$TAG in-tree: $total_pass passed, $total_fail failed"
if [ ${#failed[@]} -gt 0 ]; then
    summary FAIL "suites $suite_pass passed/$suite_fail failed, examples $ex_pass passed/$ex_fail failed; failed: ${failed[*]}; logs in $LOGDIR"
    exit 1
fi
summary PASS "suites $suite_pass passed/0 failed, examples $ex_pass passed/0 failed, $nwarn warnings ($ndeprecated deprecation) in contrib/$MODULE (tree $TREE)"
