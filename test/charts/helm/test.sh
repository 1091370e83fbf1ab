#!/usr/bin/env bash
# `npm run test:helm`: Helm built from test/charts/helm/go.mod if absent (build.sh), then the chart
# that `npm run helm` writes checked with a real `helm lint` and `helm template`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
HELM="$(bash "$here/build.sh")"
export HELM
cd "$here/../../.."
node --import tsx --test --test-reporter spec "$here"/*.test.ts
