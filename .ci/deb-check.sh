#!/usr/bin/env bash
# Builds the Debian package (cargo deb, release profile), installs it with dpkg -i, and runs what a
# facilitator would: the installed `pehchan check` and the installed app under Xvfb (one case
# autoplayed to the debrief, its screenshots checked). Runs as root on the CI machine.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo-deb >/dev/null || cargo install cargo-deb --locked --quiet
echo "-- cargo deb ($(date +%T))"
/usr/bin/time -f "release build and package: %e s, peak %M KB" cargo deb --quiet
deb=$(ls -t target/debian/pehchan_*.deb | head -1)
echo "-- $deb: $(du -h "$deb" | cut -f1); binary $(du -h target/release/pehchan | cut -f1)"
dpkg -i "$deb" >/dev/null
trap 'dpkg -r pehchan >/dev/null 2>&1 || true' EXIT
dpkg -L pehchan | grep -E "bin/pehchan$|applications/pehchan.desktop$|icons/.*/pehchan.svg$|doc/pehchan/LICENSE-MIT$"
test "$(command -v pehchan)" = /usr/bin/pehchan
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate /usr/share/applications/pehchan.desktop
fi
echo "-- installed pehchan check"
/usr/bin/pehchan check --deny-warnings
echo "-- installed app under Xvfb"
shots=$(mktemp -d)
data=$(mktemp -d)
# The first bundled case; the installed app plays it from its built-in library, from any folder.
case_id=$(ls scenarios | sed -n 's/\.ron$//p' | grep -v -e curriculum -e assessment | head -1)
(cd / && PEHCHAN_DATA_DIR="$data" timeout 300 xvfb-run -a -s "-screen 0 1024x768x24" \
    /usr/bin/pehchan app --autoplay "$case_id" --screenshots "$shots" --window-size 1024x768)
for f in start library play debrief; do
    test -s "$shots/$f.png" || { echo "no $f.png from the installed app"; exit 1; }
done
ls "$data"/records/*.ron >/dev/null
echo "-- the installed package works: $(ls "$shots" | tr '\n' ' ')"
