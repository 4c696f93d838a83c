#!/usr/bin/env bash
# Checks (or, with --fix, applies) ns-3's clang-format style on the module's C++ files.
# Usage: utils/check-format.sh [--fix]
set -euo pipefail
cd "$(dirname "$0")/.."
CLANG_FORMAT=${CLANG_FORMAT:-}
if [[ -z "$CLANG_FORMAT" ]]; then
    for c in clang-format-17 clang-format-16 clang-format-15 clang-format-14 clang-format; do
        if command -v "$c" >/dev/null 2>&1; then CLANG_FORMAT=$c; break; fi
    done
fi
if [[ -z "$CLANG_FORMAT" ]]; then
    echo "check-format: clang-format not found (apt-get install clang-format)" >&2
    exit 2
fi
mapfile -t files < <(git ls-files --cached --others --exclude-standard -- \
    '*.h' '*.cc' | grep -v '^build')
if [[ "${1:-}" == "--fix" ]]; then
    "$CLANG_FORMAT" -i "${files[@]}"
    echo "check-format: formatted ${#files[@]} files"
    exit 0
fi
bad=0
for f in "${files[@]}"; do
    if ! "$CLANG_FORMAT" --dry-run --Werror "$f" >/dev/null 2>&1; then
        echo "check-format: $f is not formatted (run utils/check-format.sh --fix)"
        bad=$((bad + 1))
    fi
done
echo "check-format: ${#files[@]} files checked, $bad not formatted"
[[ $bad -eq 0 ]]
