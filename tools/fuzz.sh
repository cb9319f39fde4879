#!/usr/bin/env bash
# Runs the fuzz targets (fuzz/fuzz_targets) with cargo-fuzz on the nightly toolchain, each seeded
# with the bundled files, and prints the executions of each run.
#   tools/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default 600 s; all four targets)
# Needs: rustup toolchain nightly, `cargo +nightly install cargo-fuzz`. Crashes land in
# fuzz/artifacts/TARGET/; turn each into a regression test under tests/ that runs on stable.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}
# The pehchan that makes the seed records (any build will do).
pehchan=${PEHCHAN:-target/debug/pehchan}
[ -x "$pehchan" ] || { cargo build -q --no-default-features; pehchan=target/debug/pehchan; }
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(scenario curriculum records workshop)

seed() {
    local t=$1 dir=fuzz/corpus/$1
    mkdir -p "$dir"
    case $t in
        scenario) for f in scenarios/*.ron; do
                      case $f in */curriculum.ron|*/assessment.ron) ;; *) cp "$f" "$dir/";; esac
                  done ;;
        curriculum) cp scenarios/curriculum.ron "$dir/"
                    cp tests/fixtures/lib/curriculum.ron "$dir/fixture-curriculum.ron" ;;
        records) # Records made by playing the bundled cases with the command line.
                 for id in $(ls scenarios | sed -n 's/\.ron$//p' | grep -v -e curriculum -e assessment | head -6); do
                     "$pehchan" play "$id" --seed 1 --record "$dir/$id.ron" \
                         < /dev/null > /dev/null 2>&1 || true
                 done ;;
        workshop) "$pehchan" workshop new "$dir/w" > /dev/null 2>&1 || true
                  [ -f "$dir/w/workshop.ron" ] && mv "$dir/w/workshop.ron" "$dir/workshop.ron"
                  rm -rf "$dir/w" ;;
    esac
}

cd fuzz
for t in "${targets[@]}"; do
    (cd .. && seed "$t")
    echo "== $t: ${secs} s"
    # -rss_limit_mb keeps the memory bound visible: a run over 2 GB is a finding.
    cargo +nightly fuzz run "$t" -- -max_total_time="$secs" -rss_limit_mb=2048 -max_len=262144 \
        -print_final_stats=1 2>&1 | grep -E "stat::number_of_executed_units|stat::peak_rss_mb|ERROR|panicked|SUMMARY|Done" || true
done
