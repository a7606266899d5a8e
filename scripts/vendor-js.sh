#!/usr/bin/env bash
# Copy the query page's editor (@zazuko/yasgui) from npm into server/static/vendor/yasgui/,
# so that /query loads it from this server and never from another host.
# Installs exactly what server/js-query/package-lock.json pins (npm ci); idempotent.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
pkg="$here/server/js-query"
dest="$here/server/static/vendor/yasgui"
command -v node >/dev/null 2>&1 || { echo "node and npm are needed to vendor YASGUI (Debian: apt-get install npm)" >&2; exit 1; }
version="$(node -p "require('$pkg/package.json').dependencies['@zazuko/yasgui']")"
if [ -f "$dest/yasgui.min.js" ] && [ -f "$dest/yasgui.min.css" ] && [ "$(cat "$dest/VERSION" 2>/dev/null)" = "$version" ]; then
  exit 0
fi
command -v npm >/dev/null 2>&1 || { echo "npm is needed to vendor YASGUI (Debian: apt-get install npm)" >&2; exit 1; }
(cd "$pkg" && npm ci --no-audit --no-fund --loglevel=error)
build="$pkg/node_modules/@zazuko/yasgui/build"
mkdir -p "$dest"
cp "$build/yasgui.min.js" "$build/yasgui.min.css" "$dest/"
node -e "const p=require('$pkg/node_modules/@zazuko/yasgui/package.json'); console.log(p.name + ' ' + p.version + ', licence ' + (p.license || 'see the package'))" > "$dest/LICENSE"
echo "$version" > "$dest/VERSION"
echo "YASGUI $version copied to ${dest#"$here"/}"
