#!/usr/bin/env bash
# Installs the Debian packages newsbrief needs when they are missing.
#   scripts/system-deps.sh build   a C compiler and Python's headers (the compiled reader)
#   scripts/system-deps.sh         those, plus what the tests need (PostgreSQL server, Chromium)
set -euo pipefail
python=${PYTHON:-python3}
need=()
command -v cc >/dev/null 2>&1 || need+=(gcc)
"$python" - <<'PY' || need+=(python3-dev)
import os, sys, sysconfig
sys.exit(0 if os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")) else 1)
PY
if [ "${1:-all}" != build ]; then
    command -v chromium >/dev/null 2>&1 || need+=(chromium)
    ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need+=(postgresql)
fi
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
elif [ "${1:-all}" = build ]; then
    # Without a compiler newsbrief still installs and runs, on its slower pure-Python path.
    echo "note: missing ${need[*]}: newsbrief will use its pure-Python reader" >&2
else
    echo "missing Debian packages: ${need[*]} (run: apt-get install ${need[*]} as root)" >&2
    exit 1
fi
