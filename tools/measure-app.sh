#!/usr/bin/env bash
# Measures the app as a workshop laptop would run it: time to the first interactive frame, CPU time
# while idle for 30 s on the start, play and debrief screens, and peak memory. Needs Xvfb, Mesa's
# software Vulkan and xdotool (apt-get install xvfb mesa-vulkan-drivers libvulkan1 xdotool).
# Usage: tools/measure-app.sh [path/to/pehchan]   (default target/release/pehchan)
set -euo pipefail
BIN=${1:-target/release/pehchan}
IDLE=${IDLE:-30}
export PEHCHAN_DATA_DIR=$(mktemp -d)
LOG=$(mktemp)
DISP=:$((RANDOM % 400 + 100))
Xvfb $DISP -screen 0 1280x800x24 >/dev/null 2>&1 &
XPID=$!
trap 'kill $APID $XPID 2>/dev/null || true' EXIT
sleep 1
export DISPLAY=$DISP
RUST_LOG=info "$BIN" app >"$LOG" 2>&1 &
APID=$!
tick=$(getconf CLK_TCK)
cpu() { awk '{print $14+$15}' /proc/$APID/stat; }
measure() {
  local a b
  a=$(cpu); sleep "$IDLE"; b=$(cpu)
  awk -v n="$1" -v d=$((b - a)) -v t="$tick" -v s="$IDLE" 'BEGIN { printf "%-8s idle %ds: %.2f s CPU = %.2f%% of one core\n", n, s, d / t, 100 * d / t / s }'
}
for _ in $(seq 60); do grep -q "first interactive frame" "$LOG" && break; sleep 0.5; done
grep -o "first interactive frame [0-9]* ms after launch" "$LOG" || echo "no first frame logged"
sleep 3
WIN=$(xdotool search --sync --name Pehchan | head -1)
xdotool windowfocus "$WIN" 2>/dev/null || true
measure start
xdotool type --delay 80 "P01"; xdotool key Return; sleep 2      # start -> library
xdotool key Return; sleep 3                                       # open the first case
measure play
for _ in $(seq 20); do xdotool key 1; sleep 0.7; done             # take choice 1 until the case ends
sleep 2
measure debrief
echo "peak memory: $(awk '/VmHWM/ {print $2, $3}' /proc/$APID/status)"
echo "records written: $(ls "$PEHCHAN_DATA_DIR/records" | wc -l); $(grep -ho 'finished: [a-z]*' "$PEHCHAN_DATA_DIR"/records/*.ron) after $(grep -c '^        "' "$PEHCHAN_DATA_DIR"/records/*.ron) choices"
