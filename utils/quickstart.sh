#!/usr/bin/env bash
# The README's first command: installs what is missing, builds, and runs the main job.
set -euo pipefail
cd "$(dirname "$0")/.."
utils/install-deps.sh
utils/build.sh
./build/bin/dnn-surgery-minimal
