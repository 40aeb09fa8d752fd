#!/usr/bin/env bash
# Lays out the files of the jrqlite container image that are not Java classes: a jlink-ed Java runtime, the shaded
# jar, the configuration, and the few shared libraries of this machine that the runtime and the bundled natives
# (RocksDB, SQLite, Netty epoll) load, so that the image can start from `scratch`. Run by the Maven build
# (pre-integration-test) before jib packs the directory into an image tarball.
#   build-rootfs.sh <jrqlite.jar> <project dir> <output dir>
set -euo pipefail
jar="$(readlink -f "$1")" project="$(readlink -f "$2")" out="$3"
jdk="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"

rm -rf "$out"
mkdir -p "$out/opt/jrqlite/lib" "$out/opt/jrqlite/config" "$out/etc" "$out/tmp" "$out/rqlite/file"

# Modules the jar uses (jdeps), plus EC crypto for TLS; no debug data, headers or man pages.
"$jdk/bin/jlink" --add-modules java.base,java.compiler,java.desktop,java.management,java.naming,java.net.http,java.rmi,java.sql,jdk.sctp,jdk.unsupported,jdk.crypto.ec,jdk.zipfs \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$out/opt/jrqlite/jre"
# A headless server never loads the window, sound, font or smart-card libraries, and they would pull X11 in.
rm -f "$out"/opt/jrqlite/jre/lib/{libawt_xawt,libsplashscreen,libjawt,libjsound,libfontmanager,liblcms,libjavajpeg,libj2pcsc}.so

cp "$project/config/logback.xml" "$project/config/jvm.options" "$out/opt/jrqlite/config/"

# The natives the jar extracts at run time, for this machine's architecture, to learn what they link against.
natives="$(mktemp -d)"
trap 'rm -rf "$natives"' EXIT
arch="$(uname -m)"
case "$arch" in
  x86_64) rocks=librocksdbjni-linux64.so; sqlite=org/sqlite/native/Linux/x86_64/libsqlitejdbc.so ;;
  aarch64) rocks=librocksdbjni-linux-aarch64.so; sqlite=org/sqlite/native/Linux/aarch64/libsqlitejdbc.so ;;
  *) echo "build-rootfs.sh: no natives known for $arch" >&2; exit 1 ;;
esac
(cd "$natives" && "$jdk/bin/jar" xf "$jar" "$rocks" "$sqlite" "META-INF/native/libnetty_transport_native_epoll_$arch.so")
cp "$jar" "$out/opt/jrqlite/lib/jrqlite.jar"
"$jdk/bin/java" "$project/docker/TrimNatives.java" "$out/opt/jrqlite/lib/jrqlite.jar" "$rocks" "$sqlite"

# Every library those ELF files need, copied under the path the loader finds it at (symlinks resolved).
elves=("$out/opt/jrqlite/jre/bin/java" "$out"/opt/jrqlite/jre/lib/*.so "$out/opt/jrqlite/jre/lib/server/libjvm.so")
while IFS= read -r -d '' f; do elves+=("$f"); done < <(find "$natives" -name '*.so' -print0)
for lib in $(for f in "${elves[@]}"; do ldd "$f"; done \
    | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' | sort -u); do
  case "$lib" in "$out"/*|"$natives"/*) continue ;; esac
  mkdir -p "$out$(dirname "$lib")"
  cp -L "$lib" "$out$lib"
done
# libjvm.so is loaded by the launcher before the libraries that name it.
missing="$(for f in "${elves[@]}"; do ldd "$f"; done | grep 'not found' | grep -v '^\s*libjvm.so =>' | sort -u || true)"
if [ -n "$missing" ]; then
  echo "build-rootfs.sh: libraries not found on this machine:" >&2
  echo "$missing" >&2
  exit 1
fi

# The unprivileged user the node runs as; glibc finds users and hosts in files.
cat > "$out/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
rqlite:x:1000:1000:rqlite:/rqlite:/sbin/nologin
PASSWD
cat > "$out/etc/group" <<'GROUP'
root:x:0:
rqlite:x:1000:
GROUP
echo 'hosts: files dns' > "$out/etc/nsswitch.conf"
