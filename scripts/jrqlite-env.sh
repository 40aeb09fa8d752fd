# Shared by the launch scripts: find the repository, build the jar when it is missing or stale, pick JVM options.
# Sourced, not run.

JRQLITE_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JRQLITE_JAR="${JRQLITE_JAR:-$JRQLITE_HOME/target/jrqlite.jar}"

jrqlite_build_if_stale() {
  local stale=0
  if [ ! -f "$JRQLITE_JAR" ]; then
    stale=1
  elif [ -f "$JRQLITE_HOME/pom.xml" ] && \
       [ -n "$(find "$JRQLITE_HOME/src/main" "$JRQLITE_HOME/pom.xml" "$JRQLITE_HOME/config" -newer "$JRQLITE_JAR" -type f -print -quit 2>/dev/null)" ]; then
    stale=1
  fi
  if [ "$stale" = 1 ]; then
    echo "building $JRQLITE_JAR ..." >&2
    (cd "$JRQLITE_HOME" && mvn -q -B -Dstyle.color=never -DskipTests package) >&2 || { echo "build failed" >&2; exit 1; }
  fi
}

# Small fixed heap and serial GC: measured best on 2 cores (see DESIGN.md); JRQLITE_JAVA_OPTS adds to or overrides.
JRQLITE_JVM_OPTS=(
  -XX:+UseSerialGC -Xms64m -Xmx1g -Xss512k -XX:MaxDirectMemorySize=512m
  -XX:+ExitOnOutOfMemoryError
  --add-opens java.base/java.lang=ALL-UNNAMED
  --add-opens java.base/java.nio=ALL-UNNAMED
  --add-opens java.base/sun.nio.ch=ALL-UNNAMED
  -Dsofa.middleware.log.disable=true
  -Dio.netty.tryReflectionSetAccessible=true
)
