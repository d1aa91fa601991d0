# Sourced by ./tessera and .ci/run: sets JAVA_HOME and JAVA to a JDK >= 21.
# Order: $JAVA_HOME, then `java` on PATH, then the JVMs under /usr/lib/jvm (newest first).
_tessera_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -1; }
_tessera_try() {
  local home="$1"
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 1
  local v; v="$(_tessera_major "$home/bin/java")"
  [ -n "$v" ] && [ "$v" -ge 21 ] 2>/dev/null || return 1
  export JAVA_HOME="$home"; JAVA="$home/bin/java"; return 0
}
_tessera_found=0
if [ -n "${JAVA_HOME:-}" ] && _tessera_try "$JAVA_HOME"; then _tessera_found=1; fi
if [ "$_tessera_found" = 0 ] && command -v java >/dev/null 2>&1; then
  _j="$(readlink -f "$(command -v java)")"; _tessera_try "${_j%/bin/java}" && _tessera_found=1
fi
if [ "$_tessera_found" = 0 ]; then
  for _h in $(ls -d /usr/lib/jvm/*/ /usr/local/lib/jvm/*/ /opt/java/*/ 2>/dev/null | sort -rV); do
    _tessera_try "${_h%/}" && { _tessera_found=1; break; }
  done
fi
if [ "$_tessera_found" = 0 ]; then
  echo "tessera: no JDK 21 or newer found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm). Install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 21+, and set JAVA_HOME." >&2
  return 1 2>/dev/null || exit 1
fi
export PATH="$JAVA_HOME/bin:$PATH"
