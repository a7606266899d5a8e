#!/usr/bin/env bash
# Copy the analysis pages' browser library (cytoscape.js) from npm into server/static/vendor/cytoscape/,
# so that the trace page loads it from this server and never from another host.
# Idempotent: does nothing when the pinned version is already in place.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
pkg="$here/server/js-analysis"
dest="$here/server/static/vendor/cytoscape"
version="$(node -p "require('$pkg/package.json').dependencies.cytoscape")"
if [ -f "$dest/cytoscape.min.js" ] && [ "$(cat "$dest/VERSION" 2>/dev/null)" = "$version" ]; then
  exit 0
fi
command -v npm >/dev/null 2>&1 || { echo "npm is needed to vendor cytoscape.js (Debian: apt-get install npm)" >&2; exit 1; }
(cd "$pkg" && npm ci --no-audit --no-fund --loglevel=error)
mkdir -p "$dest"
cp "$pkg/node_modules/cytoscape/dist/cytoscape.min.js" "$dest/cytoscape.min.js"
cp "$pkg/node_modules/cytoscape/LICENSE" "$dest/LICENSE"
echo "$version" > "$dest/VERSION"
echo "cytoscape.js $version copied to ${dest#"$here"/}"
