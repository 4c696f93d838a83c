#!/usr/bin/env bash
# -----------------------------------------------------------------------------
# utils/ns3-attribute-defaults.sh - every ns-3 attribute default, one per line
# -----------------------------------------------------------------------------
#
# Builds utils/ns3-attribute-defaults.cc against an ns-3 and prints the original
# default of every attribute of every TypeId in that ns-3's libraries (and every
# global value), as sorted "ns3::Type::Attribute = value" lines. Diffing the
# output of two releases lists the defaults that changed between them, which is
# where to look first when the same scenario gives other numbers on another
# release (doc/dnn-surgery.rst, "Supported ns-3 versions"):
#
#   utils/ns3-attribute-defaults.sh > /tmp/d337.txt          # Debian's libns3-dev
#   utils/ns3-attribute-defaults.sh --tree ~/.cache/dnn-surgery-ns3/3.48/ns-3.48 > /tmp/d348.txt
#   diff /tmp/d337.txt /tmp/d348.txt | grep -i -E 'wifi|tcp'
#
# --tree DIR: a built CMake (build/include, build/lib) or waf (build/ns3,
#   build/lib) ns-3 tree; without it, the ns-3 installed in /usr (libns3-dev).
# Every ns-3 library found is linked (tests, MPI, visualizer and the
# external-software modules and dnn-surgery itself left out), so every TypeId
# they hold is listed.
# -----------------------------------------------------------------------------
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tree=""
while [ $# -gt 0 ]; do
    case "$1" in
        --tree) tree=$2; shift ;;
        --tree=*) tree=${1#*=} ;;
        -h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "ns3-attribute-defaults.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
    shift
done

skip='test|mpi|visualizer|openflow|click|brite|tap-bridge|fd-net-device|emu|dnn-surgery'
cxxflags=(-std=c++20)
if [ -z "$tree" ]; then
    libdir=/usr/lib/x86_64-linux-gnu
    [ -d "$libdir" ] || libdir=/usr/lib
    incdir=/usr/include
    cxxflags=(-std=c++17)
else
    [ -d "$tree/build/lib" ] || { echo "ns3-attribute-defaults.sh: $tree/build/lib not found (not a built ns-3 tree)" >&2; exit 1; }
    libdir=$tree/build/lib
    if [ -d "$tree/build/include/ns3" ]; then incdir=$tree/build/include; else incdir=$tree/build; fi
    if [ -x "$tree/waf" ]; then cxxflags=(-std=c++17); fi
fi
mapfile -t libs < <(find "$libdir" -maxdepth 1 -name 'libns3*.so' -printf '%f\n' | grep -Ev "$skip" | sort)
[ ${#libs[@]} -gt 0 ] || { echo "ns3-attribute-defaults.sh: no libns3*.so in $libdir" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
link=()
for l in "${libs[@]}"; do
    l=${l#lib}
    link+=("-l${l%.so}")
done
g++ "${cxxflags[@]}" -O0 -I"$incdir" "$here/ns3-attribute-defaults.cc" -o "$out/defaults" \
    -L"$libdir" -Wl,--no-as-needed "${link[@]}" -Wl,-rpath,"$libdir"
"$out/defaults"
