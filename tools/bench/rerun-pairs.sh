#!/bin/bash
# No-change reruns of a workspace kept by `gates-at-scale.ts … --keep`, in pairs, shuffled each pass, each from a
# copy of one primed cache with no outputs on disk. Prints each run, then the medians and ours ÷ floor pair by pair
# with its 90% bootstrap interval.
#   usage: tools/bench/rerun-pairs.sh <workspace> <primed .nx copy> <passes> [with-plugin|without-plugin]
# Prime first, in the workspace: `git checkout targets-without-plugin` (for without-plugin), then
# `nx run-many -t release-gate batch-release`, and copy its .nx folder.
set -euo pipefail
bench=$(dirname "$(realpath "$0")")
ws=${1:?workspace}; primed=$(realpath "${2:?primed .nx copy}"); passes=${3:?passes}; mode=${4:-without-plugin}
cd "$ws"
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false FORCE_COLOR=0 NX_CACHE_DIRECTORY=$PWD/.nx/cache
base=$(git rev-parse --abbrev-ref HEAD)
branch=$base; [ "$mode" = without-plugin ] && branch=targets-without-plugin
log=$(mktemp); runs=$(mktemp)
# the workspace goes back to its branch, also after a failed run (whose output stays in $log)
trap 'git checkout -q "$base"' EXIT
for pass in $(seq 1 "$passes"); do
  for label in $(printf 'ours\nfloor\n' | shuf --random-source=<(yes "$pass")); do
    target=release-gate; [ "$label" = floor ] && target=batch-release
    git checkout -q "$branch"
    rm -rf dist .nx && cp -r "$primed" .nx
    start=$(date +%s%N)
    node node_modules/nx/dist/bin/nx.js run-many -t "$target" --output-style=static > "$log" 2>&1
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    grep -q 'Nx read the output from the cache instead of running the command for \([0-9]*\) out of \1 tasks' "$log" ||
      { echo "$label: not every task came from the cache (see $log)" >&2; exit 1; }
    echo "$pass $label $ms" | tee -a "$runs"
  done
done
(cd "$bench/../.." && node -r @swc-node/register -e '
  // the medians and the paired ratio of every bench (tools/bench/bench-options.ts)
  const { median, pairedRatio } = require("./tools/bench/bench-options");
  const { seededRandom } = require("./tools/bench/synthetic-workspace");
  const runs = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map((line) => line.split(" "));
  const of = (label) => new Map(runs.filter((run) => run[1] === label).map((run) => [run[0], Number(run[2])]));
  const ours = of("ours"), floor = of("floor");
  const passes = [...ours.keys()];
  const [oursMs, floorMs] = [ours, floor].map((runs) => passes.map((pass) => runs.get(pass)));
  const paired = pairedRatio(oursMs, floorMs, seededRandom(42));
  console.log(`ours ${median(oursMs)} ms, floor ${median(floorMs)} ms, ours ÷ floor ${(median(oursMs) / median(floorMs)).toFixed(2)}×; pair by pair ${paired.median.toFixed(2)}× (90% interval ${paired.low.toFixed(2)}–${paired.high.toFixed(2)}×, ${paired.pairs} pairs)`);
' "$runs")
rm -f "$log" "$runs"
