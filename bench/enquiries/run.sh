#!/usr/bin/env bash
# Enquiries benchmark. With the SMTP server down, measures POST /api/enquiries latency at 16
# concurrent clients (rate limit raised); then starts an SMTP sink and measures how long the
# enquiries queued during the outage take to arrive, and that each arrives exactly once.
# Usage: bench/enquiries/run.sh [requests=1000] [concurrency=16]
# Extra settings for the site can be passed as environment variables, e.g. Enquiries__RetryMaxDelay=00:00:10.
# Several instances on PostgreSQL (docs/scaling.md): BENCH_POSTGRES=<Npgsql connection string> and
# INSTANCES=2 start that many sites on that database (Data:Provider=Postgres), each with its own
# data folder; the clients take turns between them (as nginx's round robin would, without nginx's
# own cost in the figures). Beside a throwaway server:
#   bash .ci/postgres -- bash -c 'BENCH_POSTGRES="$FACET_TEST_POSTGRES" INSTANCES=2 bash bench/enquiries/run.sh'
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
requests="${1:-1000}"
concurrency="${2:-16}"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
instances="${INSTANCES:-1}"
smtp_port="$(free_port)"
data="$(mktemp -d)"

dotnet build -c Release --nologo -v q src/FacetEducation.Web/FacetEducation.Web.csproj >/dev/null
dotnet build -c Release --nologo -v q bench/enquiries/EnquiriesBench/EnquiriesBench.csproj >/dev/null

provider=(Data__Provider=Sqlite)
if [ -n "${BENCH_POSTGRES:-}" ]; then provider=(Data__Provider=Postgres "ConnectionStrings__Clinic=$BENCH_POSTGRES"); fi

site_pids=(); urls=()
cleanup() { for pid in "${site_pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; rm -rf "$data"; }
trap cleanup EXIT
for n in $(seq 1 "$instances"); do
  web_port="$(free_port)"
  mkdir -p "$data/$n"
  # env, because a key with dots (a logger name) is not a shell variable name.
  env ASPNETCORE_ENVIRONMENT=Benchmark \
  ASPNETCORE_URLS="http://127.0.0.1:${web_port}" \
  Data__Path="$data/$n" Enquiries__DataPath="$data/$n" "${provider[@]}" \
  Enquiries__RateLimitPerMinute=1000000 \
  Enquiries__RetryBaseDelay="${Enquiries__RetryBaseDelay:-00:00:00.500}" Enquiries__RetryMaxDelay="${Enquiries__RetryMaxDelay:-00:00:02}" \
  Smtp__Host=127.0.0.1 Smtp__Port="$smtp_port" Smtp__Security=None \
  Mail__From="Clinic website <website@clinic.test>" Mail__ClinicInbox="inbox@clinic.test" \
  Serilog__MinimumLevel__Default=Warning \
  Serilog__MinimumLevel__Override__FacetEducation.Web.Enquiries.OutboxSender=Error \
    dotnet src/FacetEducation.Web/bin/Release/net10.0/FacetEducation.Web.dll >"$data/site-$n.log" 2>&1 &
  site_pids+=($!)
  urls+=("http://127.0.0.1:${web_port}")

  ready=""
  for _ in $(seq 1 150); do
    if curl -fs "http://127.0.0.1:${web_port}/healthz" >/dev/null 2>&1; then ready=1; break; fi
    sleep 0.2
  done
  if [ -z "$ready" ]; then echo "Site $n did not start; its log:"; cat "$data/site-$n.log"; exit 1; fi
done

echo "machine: $(nproc) cores, $(uname -sr); $instances site(s) in Release, ${provider[0]}, data folders in $data"
SITE_PID="$(IFS=,; echo "${site_pids[*]}")" dotnet bench/enquiries/EnquiriesBench/bin/Release/net10.0/EnquiriesBench.dll "$(IFS=,; echo "${urls[*]}")" "$smtp_port" "$requests" "$concurrency"
