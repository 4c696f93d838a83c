#!/usr/bin/env bash
# The README's first command: installs what is missing, builds, and runs the main job (the
# default comparison scenario: writes results.db, prints the summary table, draws plots/*.png).
# Extra arguments go to dnn-surgery-compare (e.g. --devices.count=4).
set -euo pipefail
cd "$(dirname "$0")/.."
utils/install-deps.sh
utils/build.sh
# The main job: every policy of the default scenario on identical seeds and traffic.
rm -f results.db results.db-wal results.db-shm
./build/bin/dnn-surgery-compare --scenario=scenarios/default.json --db=results.db --plots=plots "$@"
echo
echo "results: $(pwd)/results.db   plots: $(pwd)/plots/*.png"
