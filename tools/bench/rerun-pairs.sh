#!/bin/bash
# No-change reruns of a workspace kept by `gates-at-scale.ts … --keep`, in pairs, shuffled each pass, each from a
# copy of one primed cache with no outputs on disk. Prints each run, then the medians and ours ÷ floor pair by pair
# with its 90% bootstrap interval.
#   usage: tools/bench/rerun-pairs.sh <workspace> <primed .nx copy> <passes> [with-plugin|without-plugin]
# Prime first, in the workspace: `git checkout targets-without-plugin` (for without-plugin), then
# `nx run-many -t release-gate batch-release`, and copy its .nx folder.
set -euo pipefail
ws=${1:?workspace}; primed=$(realpath "${2:?primed .nx copy}"); passes=${3:?passes}; mode=${4:-without-plugin}
cd "$ws"
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false FORCE_COLOR=0 NX_CACHE_DIRECTORY=$PWD/.nx/cache
base=$(git rev-parse --abbrev-ref HEAD)
branch=$base; [ "$mode" = without-plugin ] && branch=targets-without-plugin
log=$(mktemp)
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
    echo "$pass $label $ms"
  done
done | tee /dev/stderr | node -e '
  const runs = require("fs").readFileSync(0, "utf8").trim().split("\n").map((line) => line.split(" "));
  const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
  const of = (label) => new Map(runs.filter((r) => r[1] === label).map((r) => [r[0], Number(r[2])]));
  const ours = of("ours"), floor = of("floor");
  const ratios = [...ours.keys()].map((pass) => ours.get(pass) / floor.get(pass));
  let seed = 1; const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  const boot = Array.from({ length: 5000 }, () => median(ratios.map(() => ratios[Math.floor(random() * ratios.length)]))).sort((a, b) => a - b);
  console.log(`ours ${median([...ours.values()])} ms, floor ${median([...floor.values()])} ms, ours ÷ floor ${(median([...ours.values()]) / median([...floor.values()])).toFixed(2)}×; pair by pair ${median(ratios).toFixed(2)}× (90% interval ${boot[250].toFixed(2)}–${boot[4750].toFixed(2)}×, ${ratios.length} pairs)`);
'
rm -f "$log"
