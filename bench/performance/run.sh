#!/usr/bin/env bash
# The site as deployed against nginx at its best on the same bytes, in one run, on this machine.
# See docs/performance.md for the method and the figures.
#
#   flock /tmp/facet-build.lock bash bench/performance/run.sh [seconds-per-wrk-run=6] [connections=32] [rounds=2]
#   PROFILE=1 ...      also samples the site's CPU under load (direct, gzip) with dotnet-trace
#   SITE_PORT=5090 NGINX_PORT=8090 ...   the site's port; nginx uses NGINX_PORT to NGINX_PORT+6
#   KEEP=1 ...         keeps the work folder (logs, configurations, saved pages) after a good run
#   ONLY=startup ...   only the start-up to the first article (STARTS starts, default 3, the median),
#                      for comparing builds start against start; nothing else is measured
#   ONLY=direct ...    only the site directly (wrk, both encodings) and search p95: no nginx peer, no ratio
#   SITE_BUILD=DIR ... starts an already published site (dotnet publish -r linux-x64 --self-contained)
#                      instead of publishing this checkout, so two builds can be measured turn about
#
# 1. publishes the site as deploy/ ships it (self-contained, linux-x64) and starts it in Production
#    with the settings of deploy/facet-education.env.example (public URL https://clinic.test:PORT,
#    known proxy 127.0.0.1, loopback address) over the shipped content plus 1,000 generated articles;
# 2. starts Debian's nginx (its own nginx.conf, paths moved to the work folder) three times: with
#    deploy/nginx/facet-education.conf as the README fills it (the site's page files, then the
#    micro-cache), with the same file with nothing kept by nginx (`proxy_cache off`, no page
#    files), and with a static site serving /conditions/facet-joint-pain saved as
#    served (plain, .gz and .br) with sendfile, gzip_static, open_file_cache and a `location =`,
#    over the same TLS set-up (certificate, protocols, session cache) and over plain http;
# 3. runs wrk against each, alternating within a round, for a browser's request
#    (Accept-Encoding: gzip, br) and a bare client (none): the site directly (with the headers
#    nginx forwards, captured from nginx itself), through nginx as deployed and with nothing kept,
#    nginx static over https (twice in each round, right before and right after the proxy, so the
#    proxy is compared with static nginx over the same minute and the two show the machine's own
#    noise) and over http; prints requests/s, p50, p99, the CPU per request of wrk, nginx and the
#    site, and the ratios of every round;
# 4. then the start-up time, resident memory, edit-to-served time directly and through nginx,
#    and search p95.
# clinic.test resolves to 127.0.0.1 inside a private mount namespace (a bind-mounted /etc/hosts),
# so the machine's /etc/hosts is left alone; that needs root, as the nginx and wrk install does.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
duration=${1:-6}
connections=${2:-32}
rounds=${3:-2}
only=${ONLY:-}
case "$only" in "" | startup | direct) ;; *) echo "ONLY must be startup or direct"; exit 1 ;; esac
starts=${STARTS:-3}
server_name=clinic.test

if [ "$(getent hosts "$server_name" | awk '{ print $1; exit }')" != "127.0.0.1" ]; then
  [ -z "${FACET_BENCH_HOSTS:-}" ] || { echo "could not make $server_name resolve to 127.0.0.1"; exit 1; }
  hosts=$(mktemp -t facet-bench-hosts.XXXXXX)
  { cat /etc/hosts; echo "127.0.0.1 $server_name"; } >"$hosts"
  exec unshare --mount sh -c 'mount --bind "$1" /etc/hosts && rm "$1" && shift && FACET_BENCH_HOSTS=1 exec bash "$@"' \
    sh "$hosts" "$0" "$@"
fi

site_port=${SITE_PORT:-5090}
base=${NGINX_PORT:-8090}
proxy_https=$base proxy_http=$((base + 1)) nocache_https=$((base + 2)) nocache_http=$((base + 3))
static_https=$((base + 4)) static_http=$((base + 5)) gzip_https=$((base + 6))
public_url="https://$server_name:$proxy_https"
page=/conditions/facet-joint-pain

work=$(mktemp -d -t facet-bench.XXXXXX)
chmod 755 "$work" # nginx's workers run as www-data, as on the server
site_pid=""
finished=0
cleanup() { # the work folder (about 300 MB) stays after a failure, or with KEEP=1
  [ -n "$site_pid" ] && kill "$site_pid" 2>/dev/null || true
  for pidfile in "$work"/nginx-*/nginx.pid; do
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  if [ "$finished" = 1 ] && [ "${KEEP:-0}" != 1 ]; then
    wait 2>/dev/null || true
    sleep 0.5
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM

need=()
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v wrk >/dev/null || need+=(wrk)
command -v openssl >/dev/null || need+=(openssl)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]} from Debian..."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

if [ -n "${SITE_BUILD:-}" ]; then
  echo "== the site published in $SITE_BUILD, and 1,000 generated articles in $work"
  [ -x "$SITE_BUILD/FacetEducation.Web" ] || { echo "no published FacetEducation.Web in $SITE_BUILD"; exit 1; }
  cp -r "$SITE_BUILD" "$work/site"
else
  echo "== publishing the site as deploy/ ships it, and generating 1,000 articles in $work"
  dotnet publish src/FacetEducation.Web -c Release -r linux-x64 --self-contained \
    -o "$work/site" -nologo -v q >/dev/null
fi
cp -r content "$work/content"
dotnet run bench/corpus/GenerateCorpus.cs -- "$work/content" 1000 >/dev/null
# Build servers left by the publish would share the cores with the first start.
dotnet build-server shutdown >/dev/null 2>&1 || true

now_ms() { date +%s%3N; }

echo "== certificate for $server_name, the nginx sites of deploy/ as the README fills them"
# An ECDSA P-256 key, as certbot makes by default and the deployment tests use.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=$server_name" \
  -addext "subjectAltName=DNS:$server_name" -keyout "$work/tls.key" -out "$work/tls.crt" 2>/dev/null
fill_site() { # https-port http-port cache-folder
  sed -e "s|@SERVER_NAME@|$server_name|g" -e "s|@PUBLIC_URL@|$public_url|g" \
    -e "s|@CERTIFICATE@|$work/tls.crt|g" -e "s|@CERTIFICATE_KEY@|$work/tls.key|g" \
    -e "s|@HTTPS_PORT@|$1|g" -e "s|@HTTP_PORT@|$2|g" \
    -e "s|@UPSTREAM@|127.0.0.1:$site_port|g" -e "s|@CACHE_DIR@|$3|g" \
    -e "s|/var/cache/facet-education/|$work/var-cache/|g" \
    deploy/nginx/facet-education.conf
}
# Debian's own nginx.conf (workers, sendfile, TLS protocols, access log, gzip), with only its paths
# moved into the work folder and the one site included where sites-enabled/ would be, as the
# deployment tests do.
start_nginx() { # name site-file
  local dir="$work/nginx-$1"
  mkdir -p "$dir/temp"
  sed "s|/var/log/nginx/|$dir/|g" "$2" >"$dir/site.conf" # the site's own access log too
  local temp_paths="" t
  for t in client_body proxy fastcgi uwsgi scgi; do temp_paths+="\\t${t}_temp_path $dir/temp/$t;\\n"; done
  sed -e "s|^pid /run/nginx.pid;|pid $dir/nginx.pid;|" -e "s|/var/log/nginx/|$dir/|g" \
    -e "s|include /etc/nginx/conf.d/\\*.conf;||" -e "s|include /etc/nginx/sites-enabled/\\*;|include $dir/site.conf;|" \
    -e "s|^http {|http {\\n$temp_paths|" /etc/nginx/nginx.conf >"$dir/nginx.conf"
  grep -q "include $dir/site.conf;" "$dir/nginx.conf" || { echo "/etc/nginx/nginx.conf is not Debian's: no sites-enabled include"; exit 1; }
  "$nginx_bin" -c "$dir/nginx.conf" -p "$dir" -e "$dir/error.log"
}
nginx_pids() { # every nginx process this run started: masters, workers, cache manager
  local master
  for pidfile in "$work"/nginx-*/nginx.pid; do
    master=$(cat "$pidfile")
    echo "$master"
    ps -o pid= --ppid "$master" | tr -d ' ' # ps pads a short pid with spaces
  done
}

fill_site "$proxy_https" "$proxy_http" "$work/cache" >"$work/site-cache.conf"
# The site behind nginx with nothing kept by nginx: no micro-cache, and no page files (their folder
# is one the site never writes).
fill_site "$nocache_https" "$nocache_http" "$work/cache-off" \
  | sed -E -e 's/^(\s*)proxy_cache\s+[A-Za-z0-9_]+;/\1proxy_cache off;/' -e "s|^(\s*root) $work/var-cache/pages/current;|\1 $work/no-page-files;|" \
  >"$work/site-nocache.conf"
grep -Eq '^\s*proxy_cache off;' "$work/site-nocache.conf" || { echo "no proxy_cache line to turn off in deploy/nginx/facet-education.conf"; exit 1; }
grep -q "root $work/no-page-files;" "$work/site-nocache.conf" || { echo "no page-file root to turn off in deploy/nginx/facet-education.conf"; exit 1; }
start_nginx cache "$work/site-cache.conf"
start_nginx nocache "$work/site-nocache.conf"

echo "== the request nginx forwards to the site (captured on the site's port before it starts)"
perl -MIO::Socket::INET -e '
  my $s = IO::Socket::INET->new(LocalAddr => $ARGV[0], Listen => 1, ReuseAddr => 1) or die "capture: $!";
  my $c = $s->accept; while (<$c>) { print; last if /^\r?\n$/ }
  print $c "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"; close $c;' \
  "127.0.0.1:$site_port" >"$work/forwarded.txt" &
capture_pid=$!
sleep 0.3
curl -s -o /dev/null --cacert "$work/tls.crt" -A '' -H 'Accept:' "https://$server_name:$nocache_https$page" || true
wait "$capture_pid"
# Every header nginx sets, for wrk's direct runs: Host, X-Forwarded-For, X-Forwarded-Proto...
direct_headers=()
while IFS= read -r line; do
  [ -n "$line" ] && direct_headers+=(-H "$line")
done < <(tr -d '\r' <"$work/forwarded.txt" | sed 1d | grep -iv '^connection:')
tr -d '\r' <"$work/forwarded.txt" | grep -v '^$' | sed 's/^/  /'

# The settings of deploy/'s environment file, with what the README has a clinic fill in made for
# this machine: the address, folders, public URL, an editor's password hash and the certificate
# that encrypts the data-protection keys. Mail stays as the template has it: nothing is sent here.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=FacetEducation data protection" \
  -keyout "$work/dp.key" -out "$work/dp.crt" 2>/dev/null
openssl pkcs12 -export -inkey "$work/dp.key" -in "$work/dp.crt" -out "$work/dp.pfx" -passout pass:benchmark-only
declare -A filled=(
  [ASPNETCORE_URLS]="http://127.0.0.1:$site_port"
  [Site__PublicUrl]="$public_url"
  [Content__Path]="$work/content"
  [Data__Path]="$work/data"
  [Site__PageFilesPath]="$work/var-cache/pages"
  [Editor__Accounts__0__PasswordHash]="$(echo 'benchmark password' | "$work/site/FacetEducation.Web" hash-password)"
  [DataProtection__CertificatePath]="$work/dp.pfx"
  [DataProtection__CertificatePassword]="benchmark-only"
)
site_env=()
while IFS= read -r line; do
  line=${line%$'\r'}
  [[ $line =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || continue
  key=${line%%=*} value=${line#*=}
  value=${value#\"}; value=${value%\"}
  site_env+=("$key=${filled[$key]-$value}")
  unset "filled[$key]"
done <deploy/facet-education.env.example
[ ${#filled[@]} -eq 0 ] || { echo "deploy/facet-education.env.example no longer has: ${!filled[*]}"; exit 1; }

direct="http://127.0.0.1:$site_port$page"
start_site() { # fresh data folder each time: a first start, data-protection key and all
  rm -rf "$work/data"; mkdir -p "$work/data"
  local start
  start=$(now_ms)
  (cd "$work/site" && exec env "${site_env[@]}" ./FacetEducation.Web >"$work/site.log" 2>&1) &
  site_pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "${direct_headers[@]}" "$direct" || true)" = "200" ]; do
    sleep 0.01
    kill -0 "$site_pid" 2>/dev/null || { echo "the site stopped:"; cat "$work/site.log"; exit 1; }
  done
  startup_runs+=($(($(now_ms) - start)))
}

echo "== starting the site $starts times (start-up to the first article; the median is reported)"
startup_runs=()
for attempt in $(seq 1 "$starts"); do
  start_site
  if [ "$attempt" -lt "$starts" ]; then
    kill "$site_pid"; wait "$site_pid" 2>/dev/null || true
    sleep 1
  fi
done
startup_ms=$(printf '%s\n' "${startup_runs[@]}" | sort -n | sed -n "$(((starts + 1) / 2))p")
echo "start-up runs (ms): ${startup_runs[*]}"
if [ "$only" = startup ]; then
  echo "start-up to first article, 1,000+ articles (ms, median of $starts): $startup_ms; the whole run took $SECONDS s"
  finished=1
  exit 0
fi

echo "== saving the article exactly as the site serves it (plain, gzip, br) for nginx"
www="$work/www"
mkdir -p "$www"
save() { # file accept-encoding
  curl -s -D "$www/$1.headers" -o "$www/$1" "${direct_headers[@]}" ${2:+-H "Accept-Encoding: $2"} "$direct"
}
save page.html ""
save page.html.gz gzip
save page.html.br "gzip, br"
grep -qi '^content-encoding: br' "$www/page.html.br.headers" \
  || { echo "the site did not answer 'gzip, br' with br: the static copy would not be the same bytes"; exit 1; }
# The site's own headers (security headers, caching) on every static answer, so nginx sends the
# same response and not only the same body; nginx makes Date, Server, lengths, types and validators.
site_headers=$(tr -d '\r' <"$www/page.html.gz.headers" | sed 1d \
  | grep -Eiv '^(date|server|content-length|content-type|content-encoding|transfer-encoding|etag|last-modified|vary|connection):' \
  | grep -v '^$' | sed -E 's/^([^:]+): (.*)$/add_header \1 "\2" always;/')
# The proxy's TLS settings (the ssl_ lines of the server with the certificate), so both sides of
# a ratio pay for the same handshake and cipher.
tls_settings=$(awk '/^server *\{/ { lines = ""; has = 0 } /^ *ssl_/ { lines = lines "  " $0 "\n"; if ($1 == "ssl_certificate") has = 1 }
  /^\}/ { if (has) printf "%s", lines; lines = "" }' "$work/site-cache.conf" | sed -E 's/^ +/  /')
cat >"$work/site-static.conf" <<NGINX
# The page as one file; .br chosen like the site chooses it (br when the client lists it), .gz by
# gzip_static otherwise, so nginx sends the site's own bytes for each request.
map \$http_accept_encoding \$facet_br { "~*(^|[ ,])br([ ,;]|\$)" ".br"; default ""; }
map \$facet_br \$facet_br_encoding { ".br" "br"; default ""; }
server {
  listen 127.0.0.1:$static_https ssl http2;
  listen 127.0.0.1:$static_http;
  server_name $server_name;
$tls_settings
  access_log off;
  gzip off;
  open_file_cache max=16 inactive=60s;
  open_file_cache_valid 60s;
  open_file_cache_errors on;
  location = $page {
    alias $www/page.html\$facet_br;
    gzip_static on;
    types { }
    default_type "text/html; charset=utf-8";
    add_header Content-Encoding \$facet_br_encoding;
    add_header Vary Accept-Encoding always;
$(sed 's/^/    /' <<<"$site_headers")
  }
}
# Plain gzip_static as Debian's nginx can do it (no brotli): a browser gets the larger .gz.
server {
  listen 127.0.0.1:$gzip_https ssl http2;
  server_name $server_name;
$tls_settings
  access_log off;
  gzip off;
  open_file_cache max=16 inactive=60s;
  open_file_cache_valid 60s;
  open_file_cache_errors on;
  location = $page {
    alias $www/page.html;
    gzip_static on;
    types { }
    default_type "text/html; charset=utf-8";
    add_header Vary Accept-Encoding always;
$(sed 's/^/    /' <<<"$site_headers")
  }
}
NGINX
start_nginx static "$work/site-static.conf"

# peer: name -> url and extra wrk arguments. Every request carries the public URL's host.
host_header="Host: $server_name:$proxy_https"
declare -A peer_url=(
  [direct]="$direct"
  [proxy]="https://$server_name:$proxy_https$page"
  [nocache]="https://$server_name:$nocache_https$page"
  [static-https]="https://$server_name:$static_https$page"
  [static-again]="https://$server_name:$static_https$page"
  [static-http]="http://$server_name:$static_http$page"
  [gzip-static]="https://$server_name:$gzip_https$page"
)
peer_args() { # peer -> wrk/curl header arguments
  if [ "$1" = direct ]; then printf '%s\n' "${direct_headers[@]}"; else printf '%s\n' -H "$host_header"; fi
}
declare -A enc_header=([browser]="gzip, br" [bare]="")
enc_args() { [ -n "${enc_header[$1]}" ] && printf '%s\n' -H "Accept-Encoding: ${enc_header[$1]}" || true; }

expected_body() { # peer encoding -> the file whose bytes the answer's body must be
  if [ "$2" = bare ]; then echo "$www/page.html"
  elif [ "$1" = gzip-static ]; then echo "$www/page.html.gz"
  else echo "$www/page.html.br"; fi
}

all_peers=(direct proxy nocache static-https static-http gzip-static)
[ "$only" = direct ] && all_peers=(direct)
echo "== every peer answers 200 with the site's bytes"
for enc in browser bare; do
  for peer in "${all_peers[@]}"; do
    [ "$peer" = gzip-static ] && [ "$enc" = bare ] && continue
    mapfile -t args < <(peer_args "$peer"; enc_args "$enc")
    code=$(curl -s --cacert "$work/tls.crt" -o "$work/check.body" -D "$work/check.headers" -w '%{http_code}' "${args[@]}" "${peer_url[$peer]}")
    want=$(expected_body "$peer" "$enc")
    if [ "$code" != 200 ] || ! cmp -s "$work/check.body" "$want"; then
      echo "$peer ($enc) answered $code with other bytes than the site's:"; cat "$work/check.headers"; exit 1
    fi
  done
done
curl -sv --cacert "$work/tls.crt" -o /dev/null -H "$host_header" "${peer_url[proxy]}" 2>&1 | grep -m1 'SSL connection using' || true
# Through the proxy, the page comes from the file the site wrote (or, in the second after a
# change, from the micro-cache); what nginx sent it from, for each encoding:
for enc in browser bare; do
  mapfile -t args < <(peer_args proxy; enc_args "$enc")
  echo "proxy ($enc): X-Cache-Status $(curl -s --cacert "$work/tls.crt" -o /dev/null -D - "${args[@]}" "${peer_url[proxy]}" \
    | tr -d '\r' | awk -F': ' 'tolower($1) == "x-cache-status" { print $2 }')"
done

to_ms() { # wrk prints 850.00us, 1.23ms or 1.02s
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}
pid_ticks() { # pids... -> "pid user+system-clock-ticks" lines (the name field holds no space here)
  local pid
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] && awk -v p="$pid" '{ print p, $14 + $15 }' "/proc/$pid/stat" || true
  done
}
ticks_since() { # "pid ticks" lines from before, pids... -> ticks used since, by the pids alive throughout
  awk 'NR == FNR { before[$1] = $2; next } ($1 in before) { t += $2 - before[$1] } END { print t + 0 }' \
    <(echo "$1") <(shift; pid_ticks "$@")
}
cpu_line() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8, $9; exit }' /proc/stat; } # busy steal
hz=$(getconf CLK_TCK)

# One wrk run: "rps p50 p99 bytes/response wrk-us nginx-us site-us other-us steal%" per request.
run_wrk() { # peer encoding seconds
  local args out site0 nginx0 site_ticks nginx_ticks busy0 busy1 steal0 steal1 wrk_ticks
  mapfile -t args < <(peer_args "$1"; enc_args "$2")
  mapfile -t ngx < <(nginx_pids)
  site0=$(pid_ticks "$site_pid"); nginx0=$(pid_ticks "${ngx[@]}"); read -r busy0 steal0 < <(cpu_line)
  out=$( (wrk -t2 -c"$connections" -d"$3s" --latency "${args[@]}" "${peer_url[$1]}"; times) )
  site_ticks=$(ticks_since "$site0" "$site_pid"); nginx_ticks=$(ticks_since "$nginx0" "${ngx[@]}")
  read -r busy1 steal1 < <(cpu_line)
  if grep -q 'Non-2xx\|Socket errors' <<<"$out"; then echo "$1 ($2): errors under load:" >&2; echo "$out" >&2; exit 1; fi
  # times prints the subshell's line, then its children's (wrk's): "0m1.230s 0m0.450s".
  wrk_ticks=$(tail -1 <<<"$out" | awk -v hz="$hz" '{ split($1, u, "m"); split($2, s, "m"); printf "%d", (u[1] * 60 + u[2] + s[1] * 60 + s[2]) * hz }')
  local line
  line=$(awk -v hz="$hz" -v site="$site_ticks" -v nginx="$nginx_ticks" -v wrk="$wrk_ticks" \
    -v busy=$((busy1 - busy0)) -v steal=$((steal1 - steal0)) \
    -v p50="$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")" \
    -v p99="$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")" '
    / requests in / { n = $1 }
    /Requests\/sec/ { rps = $2 }
    /Transfer\/sec/ { t = $2 + 0; if ($2 ~ /KB$/) t *= 1024; else if ($2 ~ /MB$/) t *= 1048576; else if ($2 ~ /GB$/) t *= 1073741824 }
    END {
      us = 1e6 / hz / n
      printf "%.0f %.2f %.2f %.0f %.1f %.1f %.1f %.1f %.0f\n", rps, p50, p99, t / rps, wrk * us, nginx * us, site * us,
        (busy - wrk - nginx - site) * us, 100 * steal / (busy + steal)
    }' <<<"$out")
  # The bytes of each answer, headers included, must be the expected body's plus at most 1.5 KB:
  # a cache that hands a browser the plain page (or a bare client the br one) fails the run.
  local body
  body=$(stat -c %s "$(expected_body "$1" "$2")")
  if [ $(( $(cut -d' ' -f4 <<<"$line") - body )) -lt 0 ] || [ $(( $(cut -d' ' -f4 <<<"$line") - body )) -gt 1500 ]; then
    echo "$1 ($2): $(cut -d' ' -f4 <<<"$line") bytes per answer under load, for a $body-byte body: other bytes than the site's" >&2
    exit 1
  fi
  echo "$line"
}

echo "== warm-up: 2 s per peer and encoding"
for enc in browser bare; do
  for peer in "${all_peers[@]}"; do
    run_wrk "$peer" "$enc" 2 >/dev/null
  done
done

peers_of() { # encoding -> peers in this round's order (reversed every other round, so drift cancels)
  local list=(static-https proxy static-again nocache static-http direct)
  [ "$1" = browser ] && list+=(gzip-static)
  [ "$only" = direct ] && list=(direct)
  if [ $(($2 % 2)) -eq 0 ]; then printf '%s\n' "${list[@]}" | tac; else printf '%s\n' "${list[@]}"; fi
}
echo "== wrk: 2 threads, $connections connections, ${duration}s per run, $rounds rounds, peers alternating"
echo "   columns: requests/s, p50 ms, p99 ms, bytes/response, then CPU µs per request: wrk, nginx, site, other (kernel, softirq); steal %"
declare -A result
for round in $(seq 1 "$rounds"); do
  for enc in browser bare; do
    while read -r peer; do
      result[$round,$enc,$peer]=$(run_wrk "$peer" "$enc" "$duration")
      printf 'round %d %-7s %-12s %s\n' "$round" "$enc" "$peer" "${result[$round,$enc,$peer]}"
    done < <(peers_of "$enc" "$round")
  done
done
rss_mb=$(awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$site_pid/status")

if [ "${PROFILE:-0}" = "1" ]; then
  echo "== profile: dotnet-trace cpu-sampling for 10 s under the same wrk load (direct, gzip)"
  tools="$work/tools"
  dotnet tool install --tool-path "$tools" dotnet-trace >/dev/null
  wrk -t2 -c"$connections" -d14s "${direct_headers[@]}" -H 'Accept-Encoding: gzip' "$direct" >/dev/null &
  wrk_pid=$!
  sleep 1
  "$tools/dotnet-trace" collect -p "$site_pid" --profile dotnet-sampled-thread-time --duration 00:00:00:10 -o "$work/site.nettrace" >/dev/null
  wait "$wrk_pid"
  "$tools/dotnet-trace" report "$work/site.nettrace" topN -n 30 --inclusive | tee "$work/profile-inclusive.txt"
  "$tools/dotnet-trace" report "$work/site.nettrace" topN -n 30 | tee "$work/profile-exclusive.txt"
fi

echo "== edit to served: directly, then through nginx with the micro-cache (the page visited before each edit)"
file="$work/content/conditions/generated-0500.md"
edit_served() { # url-prefix curl-args... -> worst of 5 edits, in ms
  local url=$1 times=() i marker t0
  shift
  for i in 1 2 3 4 5; do
    curl -s -o /dev/null "$@" "$url/conditions/generated-0500"
    sleep 0.5
    curl -s -o /dev/null "$@" "$url/conditions/generated-0500"
    marker="Edited title $i $RANDOM"
    sed -i "s/^title: .*/title: $marker/" "$file"
    t0=$(now_ms)
    until curl -s "$@" "$url/conditions/generated-0500" | grep -q "$marker"; do sleep 0.01; done
    times+=($(($(now_ms) - t0)))
  done
  echo "${times[*]}"
}
edit_direct=$(edit_served "http://127.0.0.1:$site_port" "${direct_headers[@]}")
edit_proxy=0
[ "$only" = direct ] || edit_proxy=$(edit_served "https://$server_name:$proxy_https" --cacert "$work/tls.crt" -H "$host_header")
worst() { tr ' ' '\n' <<<"$1" | sort -n | tail -1; }
echo "direct (ms): $edit_direct; through nginx (ms): $edit_proxy"

echo "== search: 200 queries over HTTP (directly)"
queries=("pain leaning backwards" "stiff neck morning" "lower back twisting" "facet joint" "sciatica" "desk neck" "scan results" "injection" "sleeping" "upper back")
: >"$work/search-times"
for i in $(seq 1 200); do
  q=${queries[$((i % ${#queries[@]}))]}
  curl -s -o /dev/null -w '%{time_total}\n' "${direct_headers[@]}" -G --data-urlencode "q=$q" "http://127.0.0.1:$site_port/search" >>"$work/search-times"
done
search_p95=$(sort -n "$work/search-times" | awk '{ a[NR] = $1 } END { printf "%.2f", a[int(NR * 0.95)] * 1000 }')

col() { cut -d' ' -f"$1" <<<"${result[$2]}"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
declare -A enc_label=([browser]="browser (gzip, br)" [bare]="bare client")
if [ "$only" != direct ]; then
echo
echo "## Throughput ratios, per round (the worst is the figure to quote), and over all rounds (requests summed)"
echo
echo "| request | ratio | $(seq -s ' | ' -f 'round %g' 1 "$rounds") | worst | all rounds | target |"
echo "| --- | --- |$(printf ' --- |%.0s' $(seq 1 "$rounds")) --- | --- | --- |"
reference() { # round,encoding peer-or-"a+b" -> requests/s of the peer, or the mean of the two peers
  local a=${2%+*} b=${2#*+}
  awk -v x="$(col 1 "$1,$a")" -v y="$(col 1 "$1,$b")" 'BEGIN { printf "%.0f", (x + y) / 2 }'
}
ratio_row() { # label encoding peer reference target
  local cells=() r w="" sum=0 sum_ref=0
  for round in $(seq 1 "$rounds"); do
    r=$(ratio "$(col 1 "$round,$2,$3")" "$(reference "$round,$2" "$4")")
    cells+=("$r")
    w=$(awk -v a="$r" -v b="${w:-$r}" 'BEGIN { print (a < b ? a : b) }')
    sum=$((sum + $(col 1 "$round,$2,$3"))); sum_ref=$((sum_ref + $(reference "$round,$2" "$4")))
  done
  echo "| ${enc_label[$2]} | $1 | $(printf '%s | ' "${cells[@]}")**$w** | $(ratio "$sum" "$sum_ref") | $5 |"
}
for enc in browser bare; do
  # The proxy runs between static nginx's two runs of the round (peers_of), so the mean of those
  # two is static nginx over the same minute; the next two rows show each side alone.
  ratio_row "proxy as deployed (page files, micro-cache) / nginx static (https), its runs before and after" "$enc" proxy static-https+static-again "at least 0.9"
  ratio_row "proxy as deployed / nginx static (https), first run only" "$enc" proxy static-https ""
  ratio_row "proxy as deployed / nginx static (https), second run only" "$enc" proxy static-again ""
  # The same server twice: how far apart two runs of one configuration fall, either way round.
  ratio_row "nginx static (https) measured again / the same (this machine's noise)" "$enc" static-again static-https ""
  ratio_row "nginx static (https) / the same measured again (the other way round)" "$enc" static-https static-again ""
  ratio_row "proxy, nothing kept by nginx / nginx static (https)" "$enc" nocache static-https ""
  ratio_row "site direct / nginx static (http)" "$enc" direct static-http ""
  ratio_row "nginx static https / http (the TLS cost)" "$enc" static-https static-http ""
done
ratio_row "nginx gzip_static (18 KB gzip) / same bytes as the site (br)" browser gzip-static static-https ""
fi
echo
echo "## Every run"
echo
echo "| round | request | peer | requests/s | p50 ms | p99 ms | bytes/response | µs/request: wrk | nginx | site | other | steal % |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for round in $(seq 1 "$rounds"); do
  for enc in browser bare; do
    while read -r peer; do
      echo "| $round | ${enc_label[$enc]} | $peer | $(tr ' ' '|' <<<"${result[$round,$enc,$peer]}" | sed 's/|/ | /g') |"
    done < <(peers_of "$enc" 1)
  done
done
worst_p99() { for round in $(seq 1 "$rounds"); do for enc in browser bare; do col 3 "$round,$enc,$1"; done; done | sort -n | tail -1; }
if [ "$only" = direct ]; then
  cat <<REPORT

| figure | value |
| --- | --- |
| site directly, p99 at $connections connections, worst run (ms) | $(worst_p99 direct) |
| edit to served directly, worst of 5 (ms: $edit_direct) | $(worst "$edit_direct") |
| start-up to first article, 1,000+ articles (ms, median of $starts: ${startup_runs[*]}) | $startup_ms |
| resident memory after the run (MB) | $rss_mb |
| search p95 over HTTP, 200 queries (ms) | $search_p95 |

machine: $(nproc) cores; wrk and the site share the cores; the whole run took $SECONDS s.
REPORT
  finished=1
  exit 0
fi
cat <<REPORT

| figure | value | target |
| --- | --- | --- |
| proxy as deployed, p99 at $connections connections, worst run (ms) | $(worst_p99 proxy) | under 5 |
| nginx static https, the same (ms) | $(worst_p99 static-https), $(worst_p99 static-again) | |
| edit to served through nginx, worst of 5 (ms: $edit_proxy) | $(worst "$edit_proxy") | under 2000 |
| edit to served directly, worst of 5 (ms: $edit_direct) | $(worst "$edit_direct") | under 500 |
| start-up to first article, 1,000+ articles (ms, median of $starts: ${startup_runs[*]}) | $startup_ms | under 2000 |
| resident memory after the run (MB) | $rss_mb | under 250 |
| search p95 over HTTP, 200 queries (ms) | $search_p95 | |
| article page: plain / gzip / br (bytes) | $(stat -c %s "$www/page.html") / $(stat -c %s "$www/page.html.gz") / $(stat -c %s "$www/page.html.br") | |

machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); wrk, nginx and the site share the cores; the whole run took $SECONDS s.
REPORT
finished=1
