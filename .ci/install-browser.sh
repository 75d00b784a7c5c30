#!/usr/bin/env bash
# Installs Debian's Chromium and ChromeDriver for the browser tests (tests/it/browser.rs).
# Idempotent: does nothing when both are already there. Nothing downloads a browser of its own.
set -euo pipefail

if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  echo "install-browser: $(chromium --version 2>/dev/null || echo chromium) already installed"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-browser: need root or sudo for apt-get" >&2; exit 1; }
  sudo="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq chromium chromium-driver
echo "install-browser: $(chromium --version)"
