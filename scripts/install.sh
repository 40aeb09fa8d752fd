#!/usr/bin/env bash
# install.sh [-prefix DIR] [-destdir DIR]: install jrqlite for systemd (builds the jar first when needed).
#   <prefix>/lib/jrqlite.jar, <prefix>/bin/{rqlited,jrqlite-env.sh,jrqlite-wait-ready}, <prefix>/config/{logback.xml,jvm.options}
#   <destdir>/etc/systemd/system/jrqlite.service, <destdir>/etc/jrqlite/jrqlite.env (kept if it exists)
# prefix defaults to /opt/jrqlite (PREFIX), destdir to empty (DESTDIR): a staging root that the paths inside the
# installed files do not include, as for packaging.
set -euo pipefail
PREFIX="${PREFIX:-/opt/jrqlite}"
DESTDIR="${DESTDIR:-}"
while [ $# -gt 0 ]; do
  case "$1" in
    -prefix|--prefix) PREFIX="$2"; shift 2 ;;
    -destdir|--destdir) DESTDIR="$2"; shift 2 ;;
    -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown argument $1 (-h for help)" >&2; exit 2 ;;
  esac
done
case "$PREFIX" in /*) ;; *) echo "install.sh: prefix must be an absolute path: $PREFIX" >&2; exit 2 ;; esac

source "$(dirname "${BASH_SOURCE[0]}")/jrqlite-env.sh"
jrqlite_build_if_stale
src="$JRQLITE_HOME"
root="$DESTDIR$PREFIX"

install -d -m 0755 "$root/bin" "$root/lib" "$root/config"
install -m 0644 "$JRQLITE_JAR" "$root/lib/jrqlite.jar"
install -m 0755 "$src/scripts/rqlited" "$src/scripts/jrqlite-wait-ready" "$root/bin/"
install -m 0644 "$src/scripts/jrqlite-env.sh" "$root/bin/"
install -m 0644 "$src/config/logback.xml" "$src/config/jvm.options" "$root/config/"

# The unit names /opt/jrqlite; another prefix is written into the installed copy.
install -d -m 0755 "$DESTDIR/etc/systemd/system" "$DESTDIR/etc/jrqlite"
sed "s|/opt/jrqlite/|$PREFIX/|g" "$src/config/jrqlite.service" > "$DESTDIR/etc/systemd/system/jrqlite.service"
chmod 0644 "$DESTDIR/etc/systemd/system/jrqlite.service"
if [ -e "$DESTDIR/etc/jrqlite/jrqlite.env" ]; then
  echo "kept $DESTDIR/etc/jrqlite/jrqlite.env (the new example is $DESTDIR/etc/jrqlite/jrqlite.env.example)" >&2
  install -m 0644 "$src/config/jrqlite.env" "$DESTDIR/etc/jrqlite/jrqlite.env.example"
else
  install -m 0644 "$src/config/jrqlite.env" "$DESTDIR/etc/jrqlite/jrqlite.env"
fi

echo "installed jrqlite in $root" >&2
if [ -z "$DESTDIR" ]; then
  echo "next: edit /etc/jrqlite/jrqlite.env, then: systemctl daemon-reload && systemctl enable --now jrqlite" >&2
fi
