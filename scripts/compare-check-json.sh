#!/bin/sh
# Behaviour pin for engine refactors: `povcheck check --json` and `fix --json`
# (with every cell of the corrected workbook) on every sample,
# official form and repro workbook, compared byte for byte with a saved run.
#   scripts/compare-check-json.sh save DIR    # before the change (after npm run build:cli)
#   scripts/compare-check-json.sh compare DIR # after it; exits 1 on any difference
set -u
mode=$1
dir=$2
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$dir"
status=0
for f in "$root"/samples/*.xlsx "$root"/../shared/forms/*.xlsx "$root"/../shared/repro/*.xlsx; do
  [ -f "$f" ] || continue
  b=$(basename "$f" .xlsx)
  out=$(node "$root/bin/povcheck.js" check "$f" --json 2>&1; echo "exit $?"
    # fix: its report and the corrected sheets' formulas and values, as CSV-like text
    node "$root/bin/povcheck.js" fix "$f" -o "$dir/.fixed.xlsx" --json 2>&1; echo "exit $?"
    [ -f "$dir/.fixed.xlsx" ] && node "$root/scripts/dump-cells.js" "$dir/.fixed.xlsx"; rm -f "$dir/.fixed.xlsx")
  if [ "$mode" = save ]; then
    printf '%s\n' "$out" > "$dir/$b.out"
  elif printf '%s\n' "$out" | cmp -s - "$dir/$b.out"; then
    echo "same      $b"
  else
    echo "DIFFERENT $b"
    status=1
  fi
done
exit $status
