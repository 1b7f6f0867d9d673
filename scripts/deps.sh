#!/bin/sh
# Installs the Debian packages that roster's build, tests and benchmarks
# need, and only those that are missing.  Quiet and quick when nothing is.
set -eu

PKGS="build-essential pkg-config libncurses-dev libcsv-dev libsqlite3-dev
libargon2-dev libcmocka-dev libxlsxwriter-dev libzip-dev libexpat1-dev
sqlite3 argon2 tmux msmtp python3 python3-aiosmtpd python3-openpyxl
libreoffice-calc-nogui gnumeric zip unzip clang valgrind locales time"
# make check-pg: the server for its throwaway cluster, psql and pg_dump.
PKGS="$PKGS postgresql postgresql-client"

missing=""
for p in $PKGS; do
  st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$st" = "installed" ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "deps: installing:$missing" >&2
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# LibreOffice without its recommends: the headless converter is all we use.
$SUDO apt-get install -y -qq --no-install-recommends $missing
