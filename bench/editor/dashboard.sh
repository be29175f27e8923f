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
loads=${2:-10}
password="dashboard bench password"
source bench/editor/editor-site.sh
start_editor_site "${1:-}" 5093 "$password"

jar="$work/cookies"
token=$(curl -s -c "$jar" -b "$jar" "$base/admin/sign-in" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed 's/.*value="//;s/"$//')
code=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" --data-urlencode "__RequestVerificationToken=$token" \
  --data-urlencode "userName=bench" --data-urlencode "password=$password" "$base/admin/sign-in")
[ "$code" = "302" ] || { echo "sign-in failed: HTTP $code"; exit 1; }

for i in $(seq 1 "$loads"); do
  curl -s -o "$work/admin.html" -w "load $i: %{time_total}s HTTP %{http_code}\n" -b "$jar" "$base/admin"
done
echo "rows: $(grep -c 'data-path=' "$work/admin.html")"
