#!/usr/bin/env bash
# Re-creates webapp/static/vendor/ from npm with pinned versions (run by `make vendor`).
# Only the files the app loads are kept; the result is committed, so `make run` never needs npm.
set -euo pipefail

WORKBOX=7.4.1
IDB=8.0.4
QRCODE=1.4.4
root="$(cd "$(dirname "$0")/.." && pwd)"
vendor="$root/webapp/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm install --no-audit --no-fund --silent "workbox-cli@$WORKBOX" "idb@$IDB" \
  "qrcode-generator@$QRCODE" >/dev/null
npx --no-install workbox copyLibraries wb >/dev/null
wb="$(ls -d wb/workbox-v*)"

rm -rf "$vendor"
mkdir -p "$vendor/workbox" "$vendor/idb" "$vendor/qrcode"
cp "$wb/workbox-sw.js" "$vendor/workbox/"
for module in core precaching routing strategies expiration background-sync; do
  cp "$wb/workbox-$module.prod.js" "$vendor/workbox/"
done
cp "$wb/workbox-window.prod.mjs" "$vendor/workbox/"
# workbox-sw and the prod builds end with a sourceMappingURL we do not ship.
sed -i '/^\/\/# sourceMappingURL=/d' "$vendor"/workbox/*
cp node_modules/workbox-sw/LICENSE "$vendor/workbox/LICENSE"

cp node_modules/idb/build/index.js "$vendor/idb/index.js"
sed -i '/^\/\/# sourceMappingURL=/d' "$vendor/idb/index.js"
cp node_modules/idb/LICENSE "$vendor/idb/LICENSE"

# qrcode-generator ships UMD only; exporting its global makes it an ES module.
{ cat node_modules/qrcode-generator/qrcode.js; printf '\nexport default qrcode;\n'; } \
  > "$vendor/qrcode/qrcode.mjs"
# The package declares MIT in package.json and its header but ships no LICENSE file.
{ sed -n '5p' node_modules/qrcode-generator/qrcode.js | sed 's#^// *##'; echo
  sed -n '/^Permission is hereby granted/,/SOFTWARE\./p' node_modules/workbox-sw/LICENSE
} > "$vendor/qrcode/LICENSE"

cat > "$vendor/README.md" <<README
# Vendored front-end libraries

Copied from the npm registry by \`make vendor\` (bin/vendor.sh); do not edit by hand.

| folder | package | version | licence | loaded as |
|---|---|---|---|---|
| workbox/ | workbox-sw, workbox-core, -precaching, -routing, -strategies, -expiration, -background-sync (production builds, via workbox-cli copyLibraries) | $WORKBOX | MIT | \`importScripts('/static/vendor/workbox/workbox-sw.js')\` in sw.js, with \`workbox.setConfig({modulePathPrefix: '/static/vendor/workbox/'})\` |
| workbox/workbox-window.prod.mjs | workbox-window | $WORKBOX | MIT | \`import { Workbox } from '/static/vendor/workbox/workbox-window.prod.mjs'\` |
| idb/ | idb (build/index.js) | $IDB | ISC | \`import { openDB } from '/static/vendor/idb/index.js'\` |
| qrcode/ | qrcode-generator (qrcode.js + \`export default qrcode\`) | $QRCODE | MIT | \`import qrcode from '/static/vendor/qrcode/qrcode.mjs'\` |
README
du -sh "$vendor"
