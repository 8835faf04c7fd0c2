#!/usr/bin/env bash
# The CI matrix of ci/gitlab-sharded.yml and .github/workflows/sharded-build.yml on one machine:
# each shard in its own process AND its own copy of the project, as separate runners would
# have it, then the merge. The shards share nothing but their inputs (the copied files).
#
#   ci/run-matrix-locally.sh PROJECT SHARDS WORK
#
# PROJECT  the project folder (mkdocs.yml, brands/, docs/ …), e.g. . or /tmp/corpus
# SHARDS   how many shards, e.g. 4
# WORK     an empty or new folder outside PROJECT: WORK/<i>/project, WORK/<i>/out, WORK/site
set -euo pipefail
project=$(cd "$1" && pwd)
shards=$2
work=$(mkdir -p "$3" && cd "$3" && pwd)
repo=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-"$repo/.venv/bin/python"}
case "$work/" in "$project"/*) echo "WORK 须在 PROJECT 之外" >&2; exit 2;; esac

pids=()
for i in $(seq 1 "$shards"); do
  rm -rf "$work/$i" && mkdir -p "$work/$i"
  # a runner's checkout: a copy of the inputs, nothing of the other shards
  (cd "$project" && tar --exclude=./site --exclude=./.showcase-build --exclude=./.venv --exclude=./node_modules -cf - .) | tar -xf - -C "$work/$i" --one-top-level=project
  "$python" "$repo/scripts/showcase.py" --root "$work/$i/project" build --shard "$i/$shards" --out "$work/$i/out" >"$work/$i/build.log" 2>&1 &
  pids+=($!)
done
status=0
for i in "${!pids[@]}"; do
  if ! wait "${pids[$i]}"; then
    echo "分片 $((i + 1))/$shards 失败，见 $work/$((i + 1))/build.log" >&2
    status=1
  fi
done
[ "$status" = 0 ] || exit 1
outs=()
for i in $(seq 1 "$shards"); do outs+=("$work/$i/out"); done
"$python" "$repo/scripts/showcase.py" --root "$project" merge "${outs[@]}" --out "$work/site"
