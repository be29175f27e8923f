# Sourced by the editor benchmarks: starts a built or published site on loopback over the shipped
# content plus 1,000 generated articles, with one throw-away reviewer account named "bench".
#
#   start_editor_site SITE-FOLDER-OR-EMPTY PORT PASSWORD
#
# An empty site folder builds src/FacetEducation.Web in Release into a temporary folder. Sets $work
# (the temporary folder), $base (the site's address) and $site_pid (stopped when the script exits).
start_editor_site() {
  local site=$1 port=$2 password=$3 hash
  work=$(mktemp -d /tmp/facet-editor-bench.XXXXXX)
  site_pid=""
  trap '[ -n "$site_pid" ] && kill "$site_pid" 2>/dev/null || true' EXIT
  if [ -z "$site" ]; then
    site="$work/site"
    dotnet build src/FacetEducation.Web -c Release -o "$site" -nologo -v q >/dev/null
  fi
  cp -r content "$work/content"
  dotnet run bench/corpus/GenerateCorpus.cs -- "$work/content" 1000 >/dev/null
  mkdir -p "$work/data"
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
}
