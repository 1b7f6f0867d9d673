#!/bin/sh
# The Debian packages roster needs, by what you want to do with it, and
# only those that are missing.  Quiet and quick when nothing is.
#
#   scripts/deps.sh run         what building and running roster need: the
#                               compiler, pkg-config, the libraries (their
#                               -dev packages) and a font for PDF slips
#   scripts/deps.sh test        run, plus what make check and the
#                               benchmarks use (tmux, LibreOffice, ...)
#   scripts/deps.sh all         everything (.ci/run); today the same as test
#   scripts/deps.sh             the same as all
#   scripts/deps.sh --list SET  prints SET, one package a line
#   scripts/deps.sh --check SET what the Makefile runs before building:
#                               asks pkg-config (and the compiler) and, when
#                               something is missing, prints ONE line naming
#                               the Debian packages and how to install them,
#                               and exits 1.  $CC and $PKG_CONFIG are obeyed.
set -eu

# What building and running need.  Each library is here as its -dev
# package (which pulls in the library itself).
RUN_PKGS="build-essential pkg-config libncurses-dev libcsv-dev
libsqlite3-dev libargon2-dev libxlsxwriter-dev libzip-dev libexpat1-dev
libpq-dev libcairo2-dev libpango1.0-dev libqrencode-dev libfontconfig-dev
fonts-dejavu-core"

# What only the tests and benchmarks use, never roster itself.
TEST_PKGS="libcmocka-dev sqlite3 argon2 tmux msmtp python3 python3-aiosmtpd
python3-openpyxl libreoffice-calc-nogui gnumeric zip unzip clang valgrind
locales time postgresql poppler-utils zbar-tools fonts-wqy-microhei
zsh dpkg-dev debhelper lintian"

# pkg-config module -> the Debian package that ships its .pc file.
RUN_MODULES="ncursesw:libncurses-dev sqlite3:libsqlite3-dev
libargon2:libargon2-dev xlsxwriter:libxlsxwriter-dev libzip:libzip-dev
expat:libexpat1-dev libpq:libpq-dev cairo-pdf:libcairo2-dev
pangocairo:libpango1.0-dev libqrencode:libqrencode-dev
fontconfig:libfontconfig-dev"
TEST_MODULES="cmocka:libcmocka-dev"

usage() {
	echo "usage: scripts/deps.sh [run|test|all] | --list SET | --check SET" >&2
	exit 2
}

set_of() {
	case "$1" in
	run) echo $RUN_PKGS ;;
	test|all) echo $RUN_PKGS $TEST_PKGS ;;
	*) usage ;;
	esac
}

# --check: one line for the Makefile, before anything is compiled.
check() {
	case "$1" in
	run) mods=$RUN_MODULES ;;
	test|all) mods="$RUN_MODULES $TEST_MODULES" ;;
	*) usage ;;
	esac
	pc=${PKG_CONFIG:-pkg-config}
	cc=${CC:-cc}
	missing=""
	why=""
	# $CC may carry words ("ccache gcc"): the program is the first.
	command -v "${cc%% *}" >/dev/null 2>&1 || { missing=" build-essential"; why=" the C compiler $cc"; }
	if ! command -v "$pc" >/dev/null 2>&1; then
		missing="$missing pkg-config"
		why="$why $pc"
	else
		names=""
		for m in $mods; do names="$names ${m%%:*}"; done
		# One call when all is well; one per module to name the missing.
		# shellcheck disable=SC2086
		if ! "$pc" --exists $names 2>/dev/null; then
			for m in $mods; do
				"$pc" --exists "${m%%:*}" 2>/dev/null && continue
				missing="$missing ${m#*:}"
				why="$why ${m%%:*}"
			done
		fi
	fi
	# libcsv ships no .pc file: ask the compiler for its header.
	case " $missing " in *" build-essential "*) ;; *)
		# shellcheck disable=SC2086
		echo '#include <csv.h>' | $cc -E -x c - >/dev/null 2>&1 ||
		    { missing="$missing libcsv-dev"; why="$why csv.h"; } ;;
	esac
	[ -z "$missing" ] && return 0
	echo "missing$why; install with: sudo apt-get install$missing" \
	    "(or: scripts/deps.sh $1)"
	return 1
}

set=all
case "${2:-}" in ""|run|test|all) ;; *) usage ;; esac
case "${1:-}" in
"") ;;
--list) [ $# = 2 ] || usage; for p in $(set_of "$2"); do echo "$p"; done; exit 0 ;;
--check) [ $# = 2 ] || usage; set=$2; check "$2"; exit $? ;;
run|test|all) [ $# = 1 ] || usage; set=$1 ;;
*) usage ;;
esac

PKGS=$(set_of "$set")
missing=""
for p in $PKGS; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = "installed" ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "deps ($set): installing:$missing" >&2
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# LibreOffice without its recommends: the headless converter is all we use.
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
