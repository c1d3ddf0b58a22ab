#!/usr/bin/env bash
# Redo third_party/chroma from the module cache: chroma at the version
# glamour requires (or the one given), with every file codedesk does not
# need removed and none changed (see README.codedesk.md for why).
#
#   third_party/chroma/trim.sh            # the version go.mod's glamour requires
#   third_party/chroma/trim.sh v2.20.0    # another version
#
# Then: go test ./... and go test -run XXX -bench FirstFrame . (start-up).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."

module=github.com/alecthomas/chroma/v2
version=${1:-}
if [ -z "$version" ]; then
  # glamour's own go.mod, from the module cache, names the chroma it needs.
  glamour_mod=$(go list -m -f '{{.GoMod}}' charm.land/glamour/v2)
  version=$(awk -v m="$module" '$1 == m { print $2 } $1 == "require" && $2 == m { print $3 }' "$glamour_mod" | head -n1)
fi
[ -n "$version" ] || { echo "trim.sh: no chroma version found" >&2; exit 1; }

src=$(go mod download -json "$module@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -d "$src" ] || { echo "trim.sh: $module@$version is not in the module cache" >&2; exit 1; }

# What codedesk keeps: chroma's core, its formatters, the registry of
# lexers with only the JSON and bash definitions, the registry of styles
# with only swapoff (chroma's fallback), quick, and the licence.
keep=(
  COPYING go.mod go.sum
  '*.go'
  formatters
  quick/quick.go
  lexers/lexers.go lexers/embedded/json.xml lexers/embedded/bash.xml
  styles/api.go styles/swapoff.xml
)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(
  cd "$src"
  for pattern in "${keep[@]}"; do
    # shellcheck disable=SC2086 # the patterns are globs on purpose
    for path in $pattern; do
      cp -R --parents "$path" "$tmp/"
    done
  done
)
# Tests and test data are never kept.
find "$tmp" -name '*_test.go' -delete
find "$tmp" -type d -name testdata -prune -exec rm -rf {} +
chmod -R u+w "$tmp"

find "$here" -mindepth 1 -maxdepth 1 ! -name README.codedesk.md ! -name trim.sh ! -name VERSION -exec rm -rf {} +
cp -R "$tmp"/. "$here"/
echo "$version" > "$here/VERSION"
echo "third_party/chroma: $module@$version trimmed ($(find "$here" -type f | wc -l) files)"
