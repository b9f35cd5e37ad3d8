#!/usr/bin/env bash
# The Debian packages the tests need, installed with apt when missing (as root, or through sudo):
# Chromium for the web chat test, python3-onnx to build the tiny test model, PostgreSQL for the
# fault tests of the shared store (the tests start their own server on 127.0.0.1).
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
/usr/bin/python3 -c 'import onnx' 2>/dev/null || missing+=(python3-onnx)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Paquets Debian nécessaires aux tests : ${missing[*]} (installation avec apt)…"
run() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
export DEBIAN_FRONTEND=noninteractive
run apt-get update -qq
run apt-get install -y -qq "${missing[@]}" >/dev/null
