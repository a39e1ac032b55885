#!/usr/bin/env bash
# Builds when sources changed (integration and e2e tests run the production server).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
ensure_build
