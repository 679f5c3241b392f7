#!/bin/sh
# Debian packages the full test suite uses: Chromium (browser tests), LibreOffice
# and Poppler (document round trips), Tesseract with Vietnamese data (scans),
# PostgreSQL (the production database).
# Installed only when missing and only when we may (root); otherwise the tests that
# need them skip and say why.
set -u
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v soffice >/dev/null 2>&1 || missing="$missing libreoffice-writer-nogui fonts-liberation"
command -v pdftoppm >/dev/null 2>&1 || missing="$missing poppler-utils"
command -v tesseract >/dev/null 2>&1 || missing="$missing tesseract-ocr"
[ -f /usr/share/tesseract-ocr/5/tessdata/vie.traineddata ] || ls /usr/share/tesseract-ocr/*/tessdata/vie.traineddata >/dev/null 2>&1 || missing="$missing tesseract-ocr-vie"
# Liberation 1.x lacks Vietnamese letters such as Ỉ, Ộ, Ủ; the 2.x fonts have them, so rendered
# DOCX/PDF text stays whole.
fc-list 2>/dev/null | grep -qi "LiberationSerif-Regular.ttf" && [ -d /usr/share/fonts/truetype/liberation2 ] || missing="$missing fonts-liberation2"
[ -x /usr/lib/postgresql/15/bin/initdb ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$missing postgresql"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: not root or no apt-get; tests needing$missing will be skipped" >&2
  exit 0
fi
echo "system-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends $missing >/dev/null \
  || echo "system-deps: could not install$missing; the tests needing them will be skipped" >&2
