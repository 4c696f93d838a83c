#!/usr/bin/env bash
# ctest tools/ns3-attribute-defaults: utils/ns3-attribute-defaults.sh builds against the
# installed ns-3 and prints one sorted "Type::Attribute = value" line per attribute, with the
# defaults ns-3 documents, object defaults by type and no addresses.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
bash "$here/utils/ns3-attribute-defaults.sh" >"$out"
fail=0
check() { # check DESCRIPTION COMMAND...
    if "${@:2}"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi
}
n=$(wc -l <"$out")
check "more than 1000 attributes ($n)" test "$n" -gt 1000
check "TcpSocket::SegmentSize = 536" grep -qx 'ns3::TcpSocket::SegmentSize = 536' "$out"
check "WifiPhy::RxNoiseFigure = 7" grep -qx 'ns3::WifiPhy::RxNoiseFigure = 7' "$out"
check "an object default printed as its type" \
    grep -qx 'ns3::PhasedArrayModel::AntennaElement = <ns3::IsotropicAntennaModel>' "$out"
check "no addresses" bash -c "! grep -q ' = 0x[0-9a-f]*\$' '$out'"
check "sorted and without duplicates" bash -c "LC_ALL=C sort -u -c '$out'"
check "global values listed" grep -q '^global::RngSeed = ' "$out"
exit $fail
