#!/usr/bin/env bash
# Times the editor's dashboard (/admin) over the shipped content plus 1,000 generated articles.
#
#   bash bench/editor/dashboard.sh [site-folder] [loads=10]
#
# site-folder: a built or published site (default: builds src/FacetEducation.Web in Release into a
# temporary folder). Starts it on loopback with one throw-away account, signs in, then loads /admin
# `loads` times and prints each time: the first load records every document's first version in the
# data folder; the later ones show what a clinician waits for day to day.
set -euo pipefail
cd "$(dirname "$0")/../.."
site=${1:-}
loads=${2:-10}
port=5093
work=$(mktemp -d /tmp/facet-dashboard.XXXXXX)
site_pid=""
cleanup() { [ -n "$site_pid" ] && kill "$site_pid" 2>/dev/null || true; }
trap cleanup EXIT

if [ -z "$site" ]; then
  site="$work/site"
  dotnet build src/FacetEducation.Web -c Release -o "$site" -nologo -v q >/dev/null
fi
cp -r content "$work/content"
dotnet run bench/corpus/GenerateCorpus.cs -- "$work/content" 1000 >/dev/null
mkdir -p "$work/data"
password="dashboard bench password"
hash=$(echo "$password" | dotnet "$site/FacetEducation.Web.dll" hash-password)

(
  cd "$site"
  exec env ASPNETCORE_ENVIRONMENT=Benchmark ASPNETCORE_URLS="http://127.0.0.1:$port" \
    Content__Path="$work/content" Data__Path="$work/data" Enquiries__DataPath="$work/data" \
    Editor__Accounts__0__UserName=bench Editor__Accounts__0__DisplayName=Bench Editor__Accounts__0__Role=reviewer \
    Editor__Accounts__0__PasswordHash="$hash" Serilog__MinimumLevel__Default=Warning \
    dotnet FacetEducation.Web.dll >"$work/site.log" 2>&1
) &
site_pid=$!
base="http://127.0.0.1:$port"
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/" || true)" = "200" ]; do sleep 0.05; done

jar="$work/cookies"
token=$(curl -s -c "$jar" -b "$jar" "$base/admin/sign-in" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed 's/.*value="//;s/"$//')
code=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" --data-urlencode "__RequestVerificationToken=$token" \
  --data-urlencode "userName=bench" --data-urlencode "password=$password" "$base/admin/sign-in")
[ "$code" = "302" ] || { echo "sign-in failed: HTTP $code"; exit 1; }

for i in $(seq 1 "$loads"); do
  curl -s -o "$work/admin.html" -w "load $i: %{time_total}s HTTP %{http_code}\n" -b "$jar" "$base/admin"
done
echo "rows: $(grep -c 'data-path=' "$work/admin.html")"
