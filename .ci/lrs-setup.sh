#!/usr/bin/env bash
# CI: installs ralph-malph, the Learning Record Store that tests/lrs.rs starts on loopback with its
# file-system backend. The test itself writes ralph's credentials and settings in a temporary folder.
#
# Run it or source it before `cargo test`; with PEHCHAN_LRS_TEST=1 (set here when sourced) the
# real-LRS test fails when ralph is missing instead of printing SKIPPED.
set -euo pipefail

RALPH_VERSION=5.1.0

# Debian's Python refuses `pip install` outside a virtual environment (PEP 668), so ralph gets one.
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends python3 python3-venv >/dev/null
fi
venv="${PEHCHAN_LRS_VENV:-$HOME/.cache/pehchan-lrs-venv}"
if [ "$("$venv/bin/ralph" --version 2>/dev/null || true)" != "ralph, version $RALPH_VERSION" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "ralph-malph[cli,lrs]==$RALPH_VERSION" requests
fi
"$venv/bin/ralph" --version

# tests/lrs.rs runs $PEHCHAN_RALPH, else `ralph` from the PATH: offer both.
if [ -w /usr/local/bin ]; then
    ln -sf "$venv/bin/ralph" /usr/local/bin/ralph
fi
export PEHCHAN_RALPH="$venv/bin/ralph"
export PEHCHAN_LRS_TEST=1
