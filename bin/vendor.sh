#!/usr/bin/env bash
# Re-creates webapp/static/vendor/ from the npm registry with pinned versions
# (run by `make vendor`). Everything is fetched and built in a temp dir, so no
# node_modules is left in the repo; only the files the app loads are kept.
# The result is committed, so `make run` never needs npm.
set -euo pipefail

WORKBOX=7.4.1
IDB=8.0.4
QRCODE=1.4.4
# The Workbox modules the service worker loads through workbox-sw (each one's
# dependencies must be in this list too: they all need only core, routing and
# strategies).
WORKBOX_MODULES=(core precaching routing strategies expiration background-sync)

root="$(cd "$(dirname "$0")/.." && pwd)"
vendor="$root/webapp/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
out="$work/vendor"   # built here, then swapped in, so a failure leaves the old copy
die() { echo "vendor.sh: $*" >&2; exit 1; }
command -v npm >/dev/null || die "npm is needed (apt-get install nodejs npm)"
command -v node >/dev/null || die "node is needed"

mkdir "$work/npm"
cd "$work/npm"   # not above $out: node would read its package.json for the smoke tests
echo '{"private": true}' > package.json
npm install --no-audit --no-fund --ignore-scripts --save-exact --loglevel=error \
  "workbox-cli@$WORKBOX" "idb@$IDB" "qrcode-generator@$QRCODE" >/dev/null
for pkg in workbox-cli workbox-build workbox-sw \
           "${WORKBOX_MODULES[@]/#/workbox-}"; do
  have="$(node -p "require('./node_modules/$pkg/package.json').version")"
  [[ $have == "$WORKBOX" ]] || die "$pkg is $have, expected $WORKBOX"
done
[[ "$(node -p "require('./node_modules/idb/package.json').version")" == "$IDB" ]] \
  || die "idb is not $IDB"
[[ "$(node -p "require('./node_modules/qrcode-generator/package.json').version")" == "$QRCODE" ]] \
  || die "qrcode-generator is not $QRCODE"

mkdir -p "$out/workbox" "$out/idb" "$out/qrcode"

# --- Workbox: workbox-sw plus the production builds it will importScripts().
npx --no-install workbox copyLibraries wb >/dev/null
wb="wb/workbox-v$WORKBOX"
[[ -d $wb ]] || die "copyLibraries did not produce $wb"
cp "$wb/workbox-sw.js" "$out/workbox/"
for module in "${WORKBOX_MODULES[@]}"; do
  cp "$wb/workbox-$module.prod.js" "$out/workbox/"
done
# Each file ends with a sourceMappingURL to a .map we do not ship.
sed -i '/^\/\/# sourceMappingURL=/d' "$out"/workbox/*.js
cp node_modules/workbox-sw/LICENSE "$out/workbox/LICENSE"

# --- idb: the ES module build and every file it imports (relative paths only).
copy_es_module() {  # copy_es_module SRC_DIR FILE DEST_DIR, following imports
  local src="$1" file="$2" dest="$3" dep
  [[ -f $dest/$file ]] && return 0
  [[ -f $src/$file ]] || die "idb: $file is imported but not in the package"
  mkdir -p "$(dirname "$dest/$file")"
  sed '/^\/\/# sourceMappingURL=/d' "$src/$file" > "$dest/$file"
  while read -r dep; do
    [[ $dep == ./* || $dep == ../* ]] \
      || die "idb: $file imports bare specifier '$dep' (needs a bundler)"
    copy_es_module "$src" "$(realpath -m --relative-to="$src" \
      "$src/$(dirname "$file")/$dep")" "$dest"
  done < <(grep -oE "(^|[}*[:space:]])from *['\"][^'\"]+['\"]|import *\(? *['\"][^'\"]+['\"]" \
             "$src/$file" | grep -oE "['\"][^'\"]+['\"]$" | tr -d "'\"")
}
copy_es_module node_modules/idb/build index.js "$out/idb"
cp node_modules/idb/LICENSE "$out/idb/LICENSE"

# --- qrcode-generator: use its ES module if it ships one; 1.4.4 ships only a
# UMD qrcode.js whose top-level `var qrcode` can simply be exported.
qr=node_modules/qrcode-generator
if [[ -f $qr/qrcode.mjs ]]; then
  cp "$qr/qrcode.mjs" "$out/qrcode/qrcode.mjs"
  qr_how="the package's own qrcode.mjs"
else
  { cat "$qr/qrcode.js"; printf '\nexport default qrcode;\n'; } > "$out/qrcode/qrcode.mjs"
  qr_how="qrcode.js (UMD) with \`export default qrcode;\` appended"
fi
if [[ -f $qr/LICENSE ]]; then
  cp "$qr/LICENSE" "$out/qrcode/LICENSE"
else
  # 1.4.4 declares MIT in package.json and in qrcode.js's header but ships no
  # LICENSE file: write the MIT text with the header's copyright line.
  copyright="$(grep -m1 -o 'Copyright (c) [0-9]* .*' "$qr/qrcode.js")"
  { echo "The MIT License (MIT)"; echo; echo "$copyright"; echo
    sed -n '/^Permission is hereby granted/,/SOFTWARE\./p' node_modules/workbox-sw/LICENSE
  } > "$out/qrcode/LICENSE"
fi

# --- Smoke tests: the modules load with no bundler.
node --input-type=module -e "
  const idb = await import('$out/idb/index.js');
  if (typeof idb.openDB !== 'function') throw new Error('idb: no openDB export');
  const { default: qrcode } = await import('$out/qrcode/qrcode.mjs');
  const qr = qrcode(0, 'M'); qr.addData('123456'); qr.make();
  if (!qr.createSvgTag().startsWith('<svg')) throw new Error('qrcode: no SVG');
"
grep -q 'modulePathPrefix' "$out/workbox/workbox-sw.js" || die "workbox-sw.js has no modulePathPrefix"

cat > "$out/README.md" <<README
# Vendored front-end libraries

Copied from the npm registry by \`bin/vendor.sh\`; do not edit by hand.
Regenerate with \`make vendor\` (needs node and npm; \`make run\` does not).
Source maps are not shipped (the \`sourceMappingURL\` comments are removed).

## workbox/ — Workbox $WORKBOX (MIT, \`LICENSE\`)

From \`workbox-cli@$WORKBOX\` \`copyLibraries\` (the builds of the npm packages
\`workbox-sw@$WORKBOX\` and \`workbox-<module>@$WORKBOX\`); only production builds.

| file | what it is |
|---|---|
| \`workbox-sw.js\` | loader (\`workbox-sw@$WORKBOX\`): defines \`self.workbox\` and imports the modules below on first use |
| \`workbox-core.prod.js\` | \`workbox-core@$WORKBOX\`: shared internals, \`clientsClaim\`, \`skipWaiting\`, cache names |
| \`workbox-precaching.prod.js\` | \`workbox-precaching@$WORKBOX\`: \`precacheAndRoute\` for the app shell |
| \`workbox-routing.prod.js\` | \`workbox-routing@$WORKBOX\`: \`registerRoute\`, \`NavigationRoute\` |
| \`workbox-strategies.prod.js\` | \`workbox-strategies@$WORKBOX\`: \`NetworkFirst\`, \`CacheFirst\`, \`StaleWhileRevalidate\`, ... |
| \`workbox-expiration.prod.js\` | \`workbox-expiration@$WORKBOX\`: \`ExpirationPlugin\` |
| \`workbox-background-sync.prod.js\` | \`workbox-background-sync@$WORKBOX\`: \`BackgroundSyncPlugin\`, \`Queue\` |
| \`LICENSE\` | Workbox's MIT licence (from \`workbox-sw@$WORKBOX\`) |

In the service worker, before touching any \`workbox.*\` module:

\`\`\`js
importScripts('/static/vendor/workbox/workbox-sw.js');
workbox.setConfig({ modulePathPrefix: '/static/vendor/workbox/', debug: false });
\`\`\`

workbox-sw requests \`<modulePathPrefix>workbox-<module>.<prod|dev>.js\`; \`debug\`
defaults to true on \`localhost\`, which would ask for the \`.dev.js\` builds that are
not vendored, so \`debug: false\` is required.

## idb/ — idb $IDB (ISC, \`LICENSE\`)

From \`idb@$IDB\`: its ES module build \`build/index.js\` (self-contained: it has
no imports). Import with \`import { openDB } from '/static/vendor/idb/index.js';\`

| file | what it is |
|---|---|
| \`index.js\` | \`idb@$IDB\` \`build/index.js\`: \`openDB\`, \`deleteDB\`, \`wrap\`, \`unwrap\` |
| \`LICENSE\` | idb's ISC licence (from \`idb@$IDB\`) |

## qrcode/ — qrcode-generator $QRCODE (MIT, \`LICENSE\`)

From \`qrcode-generator@$QRCODE\`: $qr_how, so it is a plain ES module.

| file | what it is |
|---|---|
| \`qrcode.mjs\` | QR code generator by Kazuhiko Arase |
| \`LICENSE\` | MIT licence; the package declares MIT (package.json and the file header) |

\`\`\`js
import qrcode from '/static/vendor/qrcode/qrcode.mjs';
const qr = qrcode(0, 'M');   // type 0 = smallest version that fits
qr.addData('123456');
qr.make();
element.innerHTML = qr.createSvgTag({ cellSize: 6, margin: 2 });
\`\`\`
README

rm -rf "$vendor"
mkdir -p "$(dirname "$vendor")"
cp -r "$out" "$vendor"

# --- Summary: sizes, and gzipped totals of what the browser loads.
cd "$vendor"
find . -type f | sort | while read -r f; do
  printf '%8d  %8d gz  %s\n' "$(wc -c < "$f")" "$(gzip -9c "$f" | wc -c)" "${f#./}"
done
gz_total() { local n=0 f; for f in "$@"; do n=$((n + $(gzip -9c "$f" | wc -c))); done; echo "$n"; }
echo "workbox (js, gzip -9 each): $(gz_total workbox/*.js) bytes"
echo "idb (js, gzip -9 each):     $(gz_total idb/*.js) bytes"
echo "qrcode (gzip -9):           $(gz_total qrcode/qrcode.mjs) bytes"
