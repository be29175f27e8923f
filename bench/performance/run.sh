#!/usr/bin/env bash
# Article serving vs nginx, in one run, on this machine. See docs/performance.md for the figures.
#
#   bash bench/performance/run.sh [seconds-per-wrk-run=10] [connections=32]
#   PROFILE=1 bash bench/performance/run.sh    # also samples the site's CPU under load with
#                                              # dotnet-trace and prints the hottest methods
#
# 1. publishes the site in Release and starts it on loopback over the shipped content plus 1,000
#    generated articles (bench/corpus/GenerateCorpus.cs);
# 2. saves /conditions/facet-joint-pain exactly as served (plain and gzip) into a folder that nginx
#    serves with gzip_static, and runs wrk against both, alternately, same duration and connections;
# 3. prints requests/s, p50 and p99 for both and the site/nginx ratio, then the site's start-up time
#    to the first article, resident memory after the run, edit-to-served time and search p95.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
duration=${1:-10}
connections=${2:-32}
work=$(mktemp -d /tmp/facet-bench.XXXXXX)
site_port=5090
nginx_port=5091
site_pid=""
cleanup() {
  [ -n "$site_pid" ] && kill "$site_pid" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
}
trap cleanup EXIT

need=()
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
command -v wrk >/dev/null || need+=(wrk)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]} from Debian..."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

echo "== publishing the site (Release, ReadyToRun) and generating 1,000 articles in $work"
# ReadyToRun: precompiled code, so start-up does not wait for the JIT (about 0.9 s less here).
dotnet publish src/FacetEducation.Web -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  -o "$work/site" -nologo -v q >/dev/null
cp -r content "$work/content"
dotnet run bench/corpus/GenerateCorpus.cs -- "$work/content" 1000 >/dev/null

now_ms() { date +%s%3N; }

# Build servers left by the publish would share the cores with the first start.
dotnet build-server shutdown >/dev/null 2>&1 || true
sleep 2

article="http://127.0.0.1:$site_port/conditions/facet-joint-pain"
start_site() { # fresh data folder each time: a first start, data-protection key and all
  rm -rf "$work/data"; mkdir -p "$work/data"
  local start
  start=$(now_ms)
  (
    cd "$work/site"
    exec env ASPNETCORE_ENVIRONMENT=Benchmark ASPNETCORE_URLS="http://127.0.0.1:$site_port" \
      Content__Path="$work/content" Data__Path="$work/data" Enquiries__DataPath="$work/data" \
      'Serilog__MinimumLevel__Override__Serilog.AspNetCore.RequestLoggingMiddleware=Warning' \
      ./FacetEducation.Web >"$work/site.log" 2>&1
  ) &
  site_pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$article" || true)" = "200" ]; do
    sleep 0.01
    kill -0 "$site_pid" 2>/dev/null || { echo "the site stopped:"; cat "$work/site.log"; exit 1; }
  done
  startup_runs+=($(( $(now_ms) - start )))
}

echo "== starting the site three times (start-up to the first article; the median is reported)"
startup_runs=()
for attempt in 1 2 3; do
  start_site
  if [ "$attempt" -lt 3 ]; then
    kill "$site_pid"; wait "$site_pid" 2>/dev/null || true
    sleep 1
  fi
done
startup_ms=$(printf '%s\n' "${startup_runs[@]}" | sort -n | sed -n 2p)
echo "start-up runs (ms): ${startup_runs[*]}"

echo "== saving the article exactly as served for nginx"
mkdir -p "$work/www/conditions/facet-joint-pain"
curl -s "$article" -o "$work/www/conditions/facet-joint-pain/index.html"
curl -s -H 'Accept-Encoding: gzip' "$article" -o "$work/www/conditions/facet-joint-pain/index.html.gz"
cat >"$work/nginx.conf" <<NGINX
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  default_type text/html;
  gzip_static on;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/www;
    location / { try_files \$uri \$uri/index.html =404; }
  }
}
NGINX
"$nginx_bin" -c "$work/nginx.conf" -p "$work"
nginx_url="http://127.0.0.1:$nginx_port/conditions/facet-joint-pain/"

# Warm up both (JIT, output cache, page cache).
wrk -t2 -c"$connections" -d3s -H 'Accept-Encoding: gzip' "$article" >/dev/null
wrk -t2 -c"$connections" -d3s -H 'Accept-Encoding: gzip' "$nginx_url" >/dev/null

to_ms() { # wrk prints 850.00us, 1.23ms or 1.02s
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}
run_wrk() { # url -> "rps p50 p99"
  local out
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency -H 'Accept-Encoding: gzip' "$1")
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ { print $2 }' <<<"$out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
  echo "$rps $p50 $p99"
}

echo "== wrk: 2 threads, $connections connections, ${duration}s per run, alternating (nginx, site) x 2"
declare -a site_runs nginx_runs
for round in 1 2; do
  nginx_runs+=("$(run_wrk "$nginx_url")")
  site_runs+=("$(run_wrk "$article")")
  echo "round $round: nginx ${nginx_runs[-1]} | site ${site_runs[-1]}   (rps p50ms p99ms)"
done

avg() { # column index, runs...
  local col=$1; shift
  printf '%s\n' "$@" | awk -v c="$col" '{ s += $c; n++ } END { printf "%.2f", s / n }'
}
site_rps=$(avg 1 "${site_runs[@]}"); nginx_rps=$(avg 1 "${nginx_runs[@]}")
site_p50=$(avg 2 "${site_runs[@]}"); nginx_p50=$(avg 2 "${nginx_runs[@]}")
site_p99=$(avg 3 "${site_runs[@]}"); nginx_p99=$(avg 3 "${nginx_runs[@]}")
ratio=$(awk -v a="$site_rps" -v b="$nginx_rps" 'BEGIN { printf "%.2f", a / b }')
rss_mb=$(awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$site_pid/status")

if [ "${PROFILE:-0}" = "1" ]; then
  echo "== profile: dotnet-trace cpu-sampling for 10 s under the same wrk load"
  tools="$work/tools"
  dotnet tool install --tool-path "$tools" dotnet-trace >/dev/null
  wrk -t2 -c"$connections" -d14s -H 'Accept-Encoding: gzip' "$article" >/dev/null &
  wrk_pid=$!
  sleep 1
  "$tools/dotnet-trace" collect -p "$site_pid" --profile dotnet-sampled-thread-time --duration 00:00:00:10 -o "$work/site.nettrace" >/dev/null
  wait "$wrk_pid"
  "$tools/dotnet-trace" report "$work/site.nettrace" topN -n 30 --inclusive | tee "$work/profile-inclusive.txt"
  "$tools/dotnet-trace" report "$work/site.nettrace" topN -n 30 | tee "$work/profile-exclusive.txt"
fi

echo "== edit to served"
file="$work/content/conditions/generated-0500.md"
edit_times=()
for i in 1 2 3 4 5; do
  marker="Edited title $i $RANDOM"
  sed -i "s/^title: .*/title: $marker/" "$file"
  t0=$(now_ms)
  until curl -s "http://127.0.0.1:$site_port/conditions/generated-0500" | grep -q "$marker"; do sleep 0.005; done
  edit_times+=($(( $(now_ms) - t0 )))
  sleep 0.3
done
edit_ms=$(printf '%s\n' "${edit_times[@]}" | sort -n | tail -1)

echo "== search: 200 queries over HTTP"
queries=("pain leaning backwards" "stiff neck morning" "lower back twisting" "facet joint" "sciatica" "desk neck" "scan results" "injection" "sleeping" "upper back")
: >"$work/search-times"
for i in $(seq 1 200); do
  q=${queries[$((i % ${#queries[@]}))]}
  curl -s -o /dev/null -w '%{time_total}\n' -G --data-urlencode "q=$q" "http://127.0.0.1:$site_port/search" >>"$work/search-times"
done
search_p95=$(sort -n "$work/search-times" | awk '{ a[NR] = $1 } END { printf "%.2f", a[int(NR * 0.95)] * 1000 }')

page_bytes=$(stat -c %s "$work/www/conditions/facet-joint-pain/index.html.gz")
cat <<REPORT

| figure | site | nginx | target |
| --- | --- | --- | --- |
| article requests/s ($connections connections, gzip) | $site_rps | $nginx_rps | site/nginx >= 0.7 |
| site/nginx throughput ratio | $ratio | | >= 0.7 |
| latency p50 (ms) | $site_p50 | $nginx_p50 | |
| latency p99 (ms) | $site_p99 | $nginx_p99 | < 10 |
| start-up to first article, 1,000+ articles (ms, median of 3: ${startup_runs[*]}) | $startup_ms | | < 2000 |
| resident memory after the run (MB) | $rss_mb | | < 250 |
| edit to served, worst of 5 (ms) | $edit_ms | | < 500 |
| search p95 over HTTP, 200 queries (ms) | $search_p95 | | |
| article page, gzip (bytes) | $page_bytes | | |

machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); wrk and both servers share the cores.
REPORT
