#!/usr/bin/env bash
# System packages the build and the tests need (Debian): Pango for WeasyPrint,
# HarfBuzz subsetting for small embedded fonts, Chromium for the accessibility
# and browser tests, poppler for PDF checks. (The house typeface, Open Sans,
# ships with the project: templates/print/fonts/.)
set -euo pipefail
packages=(
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
  chromium
  poppler-utils
)
# npm installs axe-core (package.json) for the accessibility test.
command -v npm >/dev/null 2>&1 || packages+=(npm)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
