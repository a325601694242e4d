#!/bin/bash
# Directory archives, two builds side by side in one session (the machine's load moves single runs by ±30 %):
#   git worktree add /tmp/before <commit> && (cd /tmp/before && ln -s "$PWD/../main/node_modules" . && npm run build)
#   bench/compare-archive.sh /tmp/before [ROUNDS]
# Each round runs tar|age, then encrypt and decrypt with each build (signed and --unsigned), fresh outputs, sync
# before every run, and prints one line per run; the medians come last. The builds take turns going first (a run
# late in a round was measured 0.3-0.5 s slower than the same run early in it, on this file system). Uses the tree of bench/archive.js
# (run that once to generate /tmp/kms-bench-tree-v1).
set -euo pipefail
BEFORE=${1:?usage: bench/compare-archive.sh BEFORE_ROOT [ROUNDS]}
ROUNDS=${2:-5}
AFTER=$(cd "$(dirname "$0")/.." && pwd)
TREE=/tmp/kms-bench-tree-v1
[ -d "$TREE" ] || { echo "error: $TREE is missing: run node bench/archive.js once" >&2; exit 2; }
WORK=$(mktemp -d /tmp/kms-compare-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export KMS_HOME=$WORK/home KMS_CONFIG=$WORK/config.json KMS_BACKEND=local
RECIPIENT=$(age-keygen -o "$WORK/agekey" 2>&1 | sed 's/Public key: //')
run() { local label=$1; shift; sync; local start end; start=$(date +%s.%N); "$@" >/dev/null 2>&1; end=$(date +%s.%N); echo "$label $(echo "$end - $start" | bc)"; }
for round in $(seq "$ROUNDS"); do
  rm -f "$WORK"/*.tar.kms "$WORK/x.age"
  run "encrypt tar|age" bash -c "tar -C $(dirname $TREE) -cf - $(basename $TREE) | age -r $RECIPIENT > $WORK/x.age"
  order=$([ $((round % 2)) = 1 ] && echo "before after" || echo "after before")
  for build in $order; do
    root=$([ $build = before ] && echo "$BEFORE" || echo "$AFTER")
    run "encrypt $build-signed" "$root/bin/run.js" encrypt "$TREE" -o "$WORK/$build.tar.kms"
    run "encrypt $build-unsigned" "$root/bin/run.js" encrypt "$TREE" --unsigned -o "$WORK/$build-u.tar.kms"
  done
  mkdir "$WORK/age-$round"
  run "decrypt age|tar" bash -c "age -d -i $WORK/agekey $WORK/x.age | tar -C $WORK/age-$round -xf -"
  for build in $order; do
    root=$([ $build = before ] && echo "$BEFORE" || echo "$AFTER")
    run "decrypt $build-signed" "$root/bin/run.js" decrypt "$WORK/after.tar.kms" -o "$WORK/$build-s-$round"
    run "decrypt $build-unsigned" "$root/bin/run.js" decrypt "$WORK/after-u.tar.kms" -o "$WORK/$build-u-$round"
  done
done | tee "$WORK/runs"
echo "medians of $ROUNDS:"
awk '{key = $1 " " $2; runs[key] = runs[key] " " $3} END {for (key in runs) print key, runs[key]}' "$WORK/runs" | sort |
  while read -r mode name values; do
    printf '%-28s %s s\n' "$mode $name" "$(echo "$values" | tr ' ' '\n' | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}')"
  done
