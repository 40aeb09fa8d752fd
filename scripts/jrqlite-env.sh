# Shared by the launch scripts: find the repository (or the installed tree), build the jar when it is missing or stale,
# pick JVM options. Sourced, not run. scripts/install.sh copies this file next to rqlited in <prefix>/bin, so the
# installed launcher runs the JVM with the same options as a checkout.

JRQLITE_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# An installed tree has lib/jrqlite.jar and config/ but no pom.xml; a checkout builds into target/.
if [ -f "$JRQLITE_HOME/pom.xml" ]; then
  JRQLITE_INSTALLED=0
  JRQLITE_JAR="${JRQLITE_JAR:-$JRQLITE_HOME/target/jrqlite.jar}"
else
  JRQLITE_INSTALLED=1
  JRQLITE_JAR="${JRQLITE_JAR:-$JRQLITE_HOME/lib/jrqlite.jar}"
fi
JRQLITE_JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

jrqlite_build_if_stale() {
  local stale=0
  if [ "$JRQLITE_INSTALLED" = 1 ]; then
    [ -f "$JRQLITE_JAR" ] || { echo "no jar at $JRQLITE_JAR: reinstall with scripts/install.sh" >&2; exit 1; }
    return
  fi
  if [ ! -f "$JRQLITE_JAR" ]; then
    stale=1
  elif [ -f "$JRQLITE_HOME/pom.xml" ] && \
       [ -n "$(find "$JRQLITE_HOME/src/main" "$JRQLITE_HOME/pom.xml" "$JRQLITE_HOME/config/logback.xml" -newer "$JRQLITE_JAR" -type f -print -quit 2>/dev/null)" ]; then
    stale=1
  fi
  if [ "$stale" = 1 ]; then
    echo "building $JRQLITE_JAR ..." >&2
    (cd "$JRQLITE_HOME" && mvn -q -B -Dstyle.color=never -DskipTests package) >&2 || { echo "build failed" >&2; exit 1; }
  fi
}

# Small fixed heap and serial GC: measured best on 2 cores (see DESIGN.md); JRQLITE_JAVA_OPTS adds to or overrides.
# Bolt's logs go through Logback (config/logback.xml), and its logging library keeps quiet on stderr.
JRQLITE_JVM_OPTS=(
  -XX:+UseSerialGC -Xms64m -Xmx1g -Xss512k -XX:MaxDirectMemorySize=512m
  -XX:+ExitOnOutOfMemoryError
  --add-opens java.base/java.lang=ALL-UNNAMED
  --add-opens java.base/java.nio=ALL-UNNAMED
  --add-opens java.base/sun.nio.ch=ALL-UNNAMED
  -Dsofa.middleware.log.disable=true
  -Dsofa.middleware.log.internal.level=ERROR
  -Dio.netty.tryReflectionSetAccessible=true
)
# Installed: the logging configuration is a file the administrator may edit, not the copy inside the jar.
if [ "$JRQLITE_INSTALLED" = 1 ] && [ -f "$JRQLITE_HOME/config/logback.xml" ]; then
  JRQLITE_JVM_OPTS+=(-Dlogback.configurationFile="$JRQLITE_HOME/config/logback.xml")
fi
