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
rounds=${2:-5}
password="sign-off bench password"
source bench/editor/editor-site.sh
start_editor_site "${1:-}" 5094 "$password"

python3 bench/editor/sign_off.py "$base" bench "$password" "$rounds"
