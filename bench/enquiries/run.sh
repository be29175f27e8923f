#!/usr/bin/env bash
# Enquiries benchmark. With the SMTP server down, measures POST /api/enquiries latency at 16
# concurrent clients (rate limit raised); then starts an SMTP sink and measures how long the
# enquiries queued during the outage take to arrive, and that each arrives exactly once.
# Usage: bench/enquiries/run.sh [requests=1000] [concurrency=16]
# Extra settings for the site can be passed as environment variables, e.g. Enquiries__RetryMaxDelay=00:00:10.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
requests="${1:-1000}"
concurrency="${2:-16}"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
web_port="$(free_port)"
smtp_port="$(free_port)"
data="$(mktemp -d)"

dotnet build -c Release --nologo -v q src/FacetEducation.Web/FacetEducation.Web.csproj >/dev/null
dotnet build -c Release --nologo -v q bench/enquiries/EnquiriesBench/EnquiriesBench.csproj >/dev/null

# env, because a key with dots (a logger name) is not a shell variable name.
env ASPNETCORE_ENVIRONMENT=Benchmark \
ASPNETCORE_URLS="http://127.0.0.1:${web_port}" \
Enquiries__DataPath="$data" \
Enquiries__RateLimitPerMinute=1000000 \
Enquiries__RetryBaseDelay="${Enquiries__RetryBaseDelay:-00:00:00.500}" Enquiries__RetryMaxDelay="${Enquiries__RetryMaxDelay:-00:00:02}" \
Smtp__Host=127.0.0.1 Smtp__Port="$smtp_port" Smtp__Security=None \
Mail__From="Clinic website <website@clinic.test>" Mail__ClinicInbox="inbox@clinic.test" \
Serilog__MinimumLevel__Default=Warning \
Serilog__MinimumLevel__Override__FacetEducation.Web.Enquiries.OutboxSender=Error \
  dotnet src/FacetEducation.Web/bin/Release/net10.0/FacetEducation.Web.dll >"$data/site.log" 2>&1 &
site_pid=$!
cleanup() { kill "$site_pid" 2>/dev/null || true; wait "$site_pid" 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT

ready=""
for _ in $(seq 1 150); do
  if curl -fs "http://127.0.0.1:${web_port}/healthz" >/dev/null 2>&1; then ready=1; break; fi
  sleep 0.2
done
if [ -z "$ready" ]; then echo "The site did not start; its log:"; cat "$data/site.log"; exit 1; fi

echo "machine: $(nproc) cores, $(uname -sr); site in Release, outbox at $data"
SITE_PID="$site_pid" dotnet bench/enquiries/EnquiriesBench/bin/Release/net10.0/EnquiriesBench.dll "http://127.0.0.1:${web_port}" "$smtp_port" "$requests" "$concurrency"
