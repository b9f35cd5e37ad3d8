#!/usr/bin/env bash
# The structure eval (eval --structure) on the bundled corpus and on every eval/corpora/*, one JSON file each.
# usage: W=<checkout> scripts/dev-eval/structure-all.sh OUTDIR
OUT=$1; W=${W:-$(cd "$(dirname "$0")/../.." && pwd)}; mkdir -p "$OUT"; cd "$W"
{ echo "bundled|corpus|index"; for d in eval/corpora/*/; do n=$(basename $d); echo "$n|eval/corpora/$n|index.$n"; done; } | \
  xargs -P 2 -I{} sh -c 'IFS="|"; set -- $(echo "{}"); CORPUS_DIR=$2 INDEX_DIR=$3 npx tsx src/cli/eval.ts --structure --json > '"$OUT"'/$1.json 2> '"$OUT"'/$1.err || echo FAIL $1'
