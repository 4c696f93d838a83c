#!/usr/bin/env bash
# Installs, with apt-get, the Debian 12 packages dnn-surgery needs to build, test and plot.
# Only missing packages are installed. Needs root (or sudo). --fuzz adds clang's libFuzzer.
set -euo pipefail
PACKAGES=(
    build-essential cmake pkg-config git python3
    python3-dev  # Debian's ns3 CMake package lists /usr/include/python3.11 as an include dir
    libns3-dev ns3 libgsl-dev libxml2-dev
    libsqlite3-dev sqlite3
    libboost-graph-dev nlohmann-json3-dev
    libgtest-dev libgmock-dev libbenchmark-dev
    gnuplot-nox clang-format python3-docutils
)
# --fuzz: also clang's libFuzzer and sanitizer runtimes, for utils/run-fuzz.sh
if [[ "${1:-}" == "--fuzz" ]]; then
    PACKAGES+=(clang libclang-rt-dev)
fi
missing=()
for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
    echo "install-deps: all ${#PACKAGES[@]} packages present"
    exit 0
fi
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; fi
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
