#!/usr/bin/env bash
# Times a save and a sign-off in the editor over the shipped content plus 1,000 generated articles.
#
#   bash bench/editor/sign-off.sh [site-folder] [rounds=5]
#
# site-folder: a built or published site (default: builds src/FacetEducation.Web in Release into a
# temporary folder). Starts it on loopback with one throw-away reviewer account, signs in, opens the
# dashboard once (which records every document's first version), then for `rounds` generated articles:
# saves a changed sentence through the real edit form (the POST, then the page it redirects to), and
# signs that version off as a full review (the same two requests). Prints each time and the median.
set -euo pipefail
cd "$(dirname "$0")/../.."
site=${1:-}
rounds=${2:-5}
port=5094
work=$(mktemp -d /tmp/facet-sign-off.XXXXXX)
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
password="sign-off bench password"
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

python3 bench/editor/sign_off.py "$base" bench "$password" "$rounds"
