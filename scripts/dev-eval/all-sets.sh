#!/usr/bin/env bash
# Every gold set (eval/*.jsonl) scored by `npm run eval --json`, two at a time, one JSON file per set.
# usage: W=<checkout> P=2 EXTRA="--tune name=value" EXCLUDE="set names" scripts/dev-eval/all-sets.sh OUTDIR [set names…]
# EXCLUDE: the unseen sets of the session, measured once at its end, never in a dev run.
set -u
OUT=$1; shift
W=${W:-$(cd "$(dirname "$0")/../.." && pwd)}; P=${P:-2}; EXTRA=${EXTRA:-}
mkdir -p "$OUT"
cd "$W"
# Unseen sets of this session are measured once, at the end: never in a dev run.
EXCLUDE=${EXCLUDE:-}
if [ $# -eq 0 ]; then set -- $(ls eval/*.jsonl | xargs -n1 basename | sed 's/\.jsonl$//' | grep -vxF -f <(printf '%s\n' $EXCLUDE nothing-excluded)); fi
printf '%s\n' "$@" | xargs -P "$P" -I{} sh -c "npx tsx src/cli/eval.ts --set eval/{}.jsonl --json $EXTRA > '$OUT/{}.json' 2> '$OUT/{}.err' || echo FAIL {}"
