# Shared by the bench/ scripts: finds a java 21 or newer (JAVA_HOME, the PATH, the usual JDK folders).
java21() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  for dir in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$dir/bin/java" ] && candidates+=("$dir/bin/java")
  done
  for java in "${candidates[@]}"; do
    local version
    version=$("$java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
    if [ -n "$version" ] && [ "${version%%.*}" -ge 21 ] 2>/dev/null; then
      echo "$java"
      return
    fi
  done
  echo "bench: no JDK 21 or newer found (set JAVA_HOME)" >&2
  exit 2
}
