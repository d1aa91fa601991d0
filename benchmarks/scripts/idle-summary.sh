#!/usr/bin/env bash
# Benchmarks on an (as) idle (as possible) machine: run after all helpers stopped.
set -u
cd "$(dirname "$0")/../.."
. .ci/find-jdk.sh
SHARED=${TESSERA_SHARED:-$(cd ../shared && pwd)}
# inputs made by shared/golden/perf/make_coco_perf.py (5000 images) and make_panoptic_perf.py (1000 images):
P=${TESSERA_PERF:-$HOME/.cache/tessera/perf}
# /tmp/folder40 holds 8 copies of the 6 coco_val2017_6 images + bus.jpg + zidane.jpg (64 files)
echo "== uptime: $(uptime)"
mvn -B -q -ntp -o -pl benchmarks -am package -DskipTests 2>&1 | grep ERROR
J=benchmarks/target/benchmarks.jar
for t in segm bbox; do for i in 1 2 3; do
  echo "== coco5k $t run $i"
  /usr/bin/time -f "wall %e s, user %U s, sys %S s, maxrss %M kB" java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp $J org.tessera.benchmarks.CocoEvalJob $t $P/coco_perf_5000_gt.json $P/coco_perf_5000_results.json 2>&1 | tail -3
done; done
D=$P/panoptic1000
for i in 1 2; do
  echo "== panoptic1000 run $i (2 threads)"
  /usr/bin/time -f "wall %e s, user %U s, sys %S s, maxrss %M kB" java -Xmx256m -cp $J org.tessera.benchmarks.PanopticPerf $D/gt.json $D/gt $D/pred.json $D/pred 2 2>&1 | tail -3
done
echo "== uptime: $(uptime)"
java -Dtessera.shared=$SHARED -jar $J 'RleBench\.(encode|decode|frPoly|mergeParts|mergePairsUnion|mergePairsIntersect|area|toBbox|iouMatrix|boxIou)$' -f 1 -wi 2 -i 3 -w 1 -r 1 2>&1 | grep -E "^Benchmark|^RleBench"
java -jar $J ConfusionBench -wi 2 -i 3 -w 1 -r 1 -f 1 2>&1 | grep -E "^Benchmark|^ConfusionBench"
echo "== uptime: $(uptime)"
for t in 0 2; do for i in 1 2; do
  rm -rf /tmp/p40
  echo "== predict 64 images yolov8n-seg, --io-threads $t, run $i"
  /usr/bin/time -f "wall %e s, user %U s, sys %S s, maxrss %M kB" ./tessera predict --model yolov8n-seg-int8-320 /tmp/folder40 --out /tmp/p40 --io-threads $t 2>&1 | grep -v "^\[" | tail -2
done; done
echo "== uptime: $(uptime)"
