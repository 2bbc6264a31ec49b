#!/usr/bin/env bash
# Set up and run the calming companion, or its whole check suite, on Debian 12 / Ubuntu.
#
#   bash bootstrap.sh run [companion args...]   install what is missing, then run the companion
#   bash bootstrap.sh test [pytest args...]     install what is missing, start a PulseAudio
#                                               server, then ruff, ruff format, mypy, pytest
#
# Needs nothing but the Debian and PyPI package registries. Re-runs are fast: Debian packages
# are checked with dpkg first, and .venv is reinstalled only when pyproject.toml changed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$ROOT/.venv"
STAMP="$VENV/.bootstrap-stamp"

RUN_DEBS=(espeak-ng libespeak-ng1 libportaudio2 python3-venv)
TEST_DEBS=(pulseaudio pulseaudio-utils libasound2-plugins sox)

say() { printf 'bootstrap: %s\n' "$*" >&2; }
die() {
    say "$*"
    exit 1
}

usage() {
    cat >&2 <<'EOF'
usage: bash bootstrap.sh run [companion args...]
       bash bootstrap.sh test [pytest args...]
EOF
    exit 2
}

# --------------------------------------------------------------------------- Debian packages

deb_installed() {
    dpkg -s "$1" 2>/dev/null | grep -q '^Status: install ok installed$'
}

install_debs() {
    if ! command -v dpkg >/dev/null 2>&1; then
        say "no dpkg here (not Debian/Ubuntu?): make sure these are installed: $*"
        return 0
    fi
    local missing=() pkg
    for pkg in "$@"; do
        deb_installed "$pkg" || missing+=("$pkg")
    done
    if ((${#missing[@]} == 0)); then
        return 0
    fi

    local sudo=()
    if ((EUID != 0)); then
        if command -v sudo >/dev/null 2>&1; then
            sudo=(sudo)
        else
            say "missing Debian packages: ${missing[*]}"
            die "not root and no sudo; as root run:
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
        fi
    fi
    say "installing Debian packages: ${missing[*]}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# --------------------------------------------------------------------------- Python and .venv

# A Python >= 3.11 that can make a venv with pip in it.
python_ok() {
    "$1" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1
}

find_python() {
    local candidate
    for candidate in python3 python3.13 python3.12 python3.11; do
        if command -v "$candidate" >/dev/null 2>&1 && python_ok "$candidate"; then
            printf '%s\n' "$candidate"
            return 0
        fi
    done
    return 1
}

ensure_venv() {
    local extras=$1 # "run" or "test"
    if [[ -x "$VENV/bin/python" ]] && "$VENV/bin/python" -c \
        'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then
        :
    else
        local python
        python="$(find_python)" || die "needs Python >= 3.11 with venv and ensurepip.
    Debian 12:    apt-get install python3 python3-venv
    Ubuntu 22.04: apt-get install python3.11 python3.11-venv
    found: $(command -v python3 >/dev/null 2>&1 && python3 --version 2>&1 || echo 'no python3')"
        say "creating $VENV with $python ($("$python" --version 2>&1))"
        "$python" -m venv --clear "$VENV"
        rm -f "$STAMP"
    fi

    local hash
    hash="$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1)"
    # "test" installs a superset of "run": a test stamp satisfies both.
    if [[ -f "$STAMP" ]] && { grep -qxF "test $hash" "$STAMP" ||
        { [[ $extras == run ]] && grep -qxF "run $hash" "$STAMP"; }; }; then
        return 0
    fi
    local target='.[voice]'
    if [[ $extras == test ]]; then target='.[test,voice]'; fi
    say "installing the companion into .venv (pip install -e '$target')"
    (
        cd "$ROOT"
        PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 \
            "$VENV/bin/python" -m pip install -q -e "$target"
    )
    printf '%s %s\n' "$extras" "$hash" >"$STAMP"
}

# --------------------------------------------------------------------------- sound server

ensure_pulseaudio() {
    if pactl info >/dev/null 2>&1; then
        return 0
    fi
    say "starting a PulseAudio server (pulseaudio -D --exit-idle-time=-1)"
    # As root (a container) PulseAudio warns that it is not meant for root, and works.
    pulseaudio -D --exit-idle-time=-1 2>/dev/null || true
    local _
    for _ in $(seq 50); do
        pactl info >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    die "the PulseAudio server did not start; try: pulseaudio -D --exit-idle-time=-1 -v"
}

# --------------------------------------------------------------------------- main

(($# >= 1)) || usage
mode=$1
shift

case $mode in
run)
    install_debs "${RUN_DEBS[@]}"
    ensure_venv run
    exec "$VENV/bin/companion" "$@"
    ;;
test)
    install_debs "${RUN_DEBS[@]}" "${TEST_DEBS[@]}"
    ensure_venv test
    ensure_pulseaudio
    cd "$ROOT"
    lint_paths=()
    for dir in companion tests benchmarks; do
        if [[ -d $dir ]]; then lint_paths+=("$dir"); fi
    done
    say "ruff check"
    "$VENV/bin/ruff" check "${lint_paths[@]}"
    say "ruff format --check"
    "$VENV/bin/ruff" format --check "${lint_paths[@]}"
    say "mypy"
    "$VENV/bin/mypy"
    say "pytest"
    exec "$VENV/bin/python" -m pytest -q "$@"
    ;;
*)
    usage
    ;;
esac
