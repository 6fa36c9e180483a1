# Shared by bench/pages, bench/start and bench/memory (sourced, not run): starts `./roadlab serve` on H2 in a
# temporary folder on a free loopback port, with the launcher's own JVM flags, and cleans up after it.
# Needs bash, curl and python3 (for a free port).

bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bench_tmp="$(mktemp -d "${TMPDIR:-/tmp}/roadlab-bench.XXXXXX")"
bench_pids=()

bench_cleanup() {
  local pid
  for pid in "${bench_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${bench_pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$bench_tmp"
}
trap bench_cleanup EXIT

bench_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Builds roadlab.jar once when it is missing (the launcher would too, but its output would count as start time).
bench_build() {
  if [[ ! -f "$bench_root/engine/target/roadlab.jar" ]]; then
    echo "building engine/target/roadlab.jar first (once)..." >&2
    (cd "$bench_root" && ./mvnw -q -B -DskipTests -pl engine -am package) >&2
  fi
}

# bench_serve NAME: starts a server; sets serve_pid, serve_url, serve_start_ns (before exec) and serve_log.
bench_serve() {
  local name="$1" port
  port="$(bench_free_port)"
  serve_log="$bench_tmp/$name.log"
  mkdir -p "$bench_tmp/$name-data"
  serve_start_ns="$(date +%s%N)"
  ROADLAB_PORT="$port" ROADLAB_HOST=127.0.0.1 ROADLAB_DATA_DIR="$bench_tmp/$name-data" \
    "$bench_root/roadlab" serve >"$serve_log" 2>&1 &
  serve_pid=$!
  bench_pids+=("$serve_pid")
  serve_url="http://127.0.0.1:$port"
}

# Waits for the first 200 of the home page; prints the milliseconds since bench_serve started the process.
bench_first_page_ms() {
  local deadline=$((SECONDS + 120))
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' "$serve_url/" 2>/dev/null)" == 200 ]]; do
    if ! kill -0 "$serve_pid" 2>/dev/null; then
      echo "roadlab serve exited before answering; its log:" >&2
      cat "$serve_log" >&2
      return 1
    fi
    if ((SECONDS > deadline)); then
      echo "roadlab serve did not answer within 120 s; its log is $serve_log" >&2
      return 1
    fi
    sleep 0.01
  done
  echo $((($(date +%s%N) - serve_start_ns) / 1000000))
}

bench_stop() {
  kill "$serve_pid" 2>/dev/null || true
  wait "$serve_pid" 2>/dev/null || true
}

# The resident set of a process, in MB, from /proc/PID/status (VmRSS).
bench_rss_mb() {
  awk '/^VmRSS:/ {printf "%d", $2 / 1024}' "/proc/$1/status"
}

# A learner cookie for the running server: opens a module page (CSRF cookie and token), marks it read (which
# registers the single-user learner), and prints the Cookie header value both cookies make.
bench_learner_cookie() {
  local module="$1" jar="$bench_tmp/cookies" token
  curl -s -c "$jar" -o "$bench_tmp/form.html" "$serve_url/modules/$module"
  token="$(grep -o 'name="_csrf" value="[^"]*"' "$bench_tmp/form.html" | head -1 | sed 's/.*value="//; s/"$//')"
  curl -s -b "$jar" -c "$jar" -H "Origin: $serve_url" -o /dev/null --data "_csrf=$token&read=true" \
    "$serve_url/modules/$module/progress"
  awk '$6 ~ /roadlab-/ {printf "%s%s=%s", sep, $6, $7; sep="; "}' "$jar"
}

bench_require() {
  local tool="$1" package="$2"
  if ! command -v "$tool" >/dev/null 2>&1; then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
      echo "installing $package (apt-get install -y $package)..." >&2
      apt-get install -y "$package" >/dev/null 2>&1 || true
    fi
    command -v "$tool" >/dev/null 2>&1 || {
      echo "$tool is needed: apt-get install $package" >&2
      exit 2
    }
  fi
}

# median of numbers given as arguments
bench_median() {
  printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'
}
