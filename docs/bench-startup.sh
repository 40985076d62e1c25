#!/bin/bash
# Whole-process start-up of the command line, side by side: plain `java -jar` against JVM options
# and the launcher (engine/target/roiergasias). For each, `validate` of a 1,000-step workflow and
# `run` of examples/hello-world.yaml. The configurations run interleaved, round after round, so
# that the load of a shared machine spreads over all of them; prints the median and the ratio to
# plain `java -jar` in the same run. Results: docs/benchmarks.md.
#
#   mvn -q -f engine/pom.xml -DskipTests package && bash docs/bench-startup.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-21}
target=engine/target
jar=$target/roiergasias.jar
jsa=$target/roiergasias.jsa
[ -f "$jar" ] || { echo "build first: mvn -f engine/pom.xml -DskipTests package" >&2; exit 3; }
[ -f "$jsa" ] || echo "note: no $jsa; the CDS rows use none" >&2

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
big=$work/steps-1000.yaml
{
  echo "version: 0.1"
  echo "environment:"
  echo "  - X: \"x\""
  echo "task:"
  for t in $(seq 0 99); do
    echo "  - sequential:"
    for s in $(seq 0 9); do
      case $((s % 3)) in
        0) printf '      - print:\n          - "line %d.%d {{env:X}}"\n' "$t" "$s" ;;
        1) printf '      - environment:\n          - V%d: "v{{env:X}}"\n' "$s" ;;
        2) printf '      - execute:\n          - "echo %d {{env:V1}}"\n' "$s" ;;
      esac
    done
  done
} >"$big"

names=("java -jar" "C1" "C1 + SerialGC" "CDS" "C1 + CDS" "C1 + SerialGC + CDS" "... + -UsePerfData" "launcher")
opts=(""
  "-XX:TieredStopAtLevel=1"
  "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
  "-XX:SharedArchiveFile=$jsa"
  "-XX:TieredStopAtLevel=1 -XX:SharedArchiveFile=$jsa"
  "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:SharedArchiveFile=$jsa"
  "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:SharedArchiveFile=$jsa -XX:-UsePerfData"
  "")
commands=("validate -f $big" "run -f examples/hello-world.yaml")
labels=("validate, 1,000 steps" "run, hello-world")

# one run: elapsed wall-clock milliseconds (bash's clock: no extra process)
once() {
  local c=$1 cmd=$2 t0 t1
  t0=$EPOCHREALTIME
  if [ "$c" -eq $((${#names[@]} - 1)) ]; then
    "$target/roiergasias" $cmd >/dev/null 2>&1
  else
    # shellcheck disable=SC2086
    java ${opts[$c]} -jar "$jar" $cmd >/dev/null 2>&1
  fi
  t1=$EPOCHREALTIME
  echo $(( (${t1/./} - ${t0/./}) / 1000 ))
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores); $rounds rounds after 2 warm-up rounds"
for k in "${!commands[@]}"; do
  declare -A times=()
  for r in $(seq -1 "$rounds"); do
    for c in "${!names[@]}"; do
      ms=$(once "$c" "${commands[$k]}")
      [ "$r" -ge 1 ] && times[$c]+="$ms "
    done
  done
  echo
  echo "${labels[$k]}"
  printf '| %-22s | %9s | %8s |\n' "options" "median ms" "ratio"
  base=$(tr ' ' '\n' <<<"${times[0]}" | grep . | median)
  for c in "${!names[@]}"; do
    m=$(tr ' ' '\n' <<<"${times[$c]}" | grep . | median)
    printf '| %-22s | %9s | %8s |\n' "${names[$c]}" "$m" "$(awk -v a="$m" -v b="$base" 'BEGIN {printf "%.2f", a / b}')"
  done
  unset times
done
echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
