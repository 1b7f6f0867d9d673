#!/bin/sh
# Builds the Debian package from a copy of the tree (so that the build's
# files never land in the checkout), checks it with lintian (no errors),
# unpacks it into a throwaway root with dpkg -x and runs roster --version
# from there.  Prints the package's name and contents.  Used by .ci/run.
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d "${TMPDIR:-/tmp}/roster-deb-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/src"
# The files git knows (tracked, or new and not ignored): no build/ output.
git ls-files -z --cached --others --exclude-standard |
    xargs -0 cp --parents -t "$tmp/src"
(cd "$tmp/src" && dpkg-buildpackage -us -uc -b >"$tmp/build.log" 2>&1) || {
	tail -40 "$tmp/build.log"; echo "check-deb: dpkg-buildpackage failed"; exit 1; }
deb=$(ls "$tmp"/roster_*.deb)
echo "check-deb: built $(basename "$deb")"
lintian --fail-on error "$deb" | tee "$tmp/lintian.log"
mkdir "$tmp/root"
dpkg -x "$deb" "$tmp/root"
for f in usr/bin/roster usr/share/man/man1/roster.1.gz \
    usr/share/bash-completion/completions/roster \
    usr/share/zsh/vendor-completions/_roster; do
	[ -f "$tmp/root/$f" ] || { echo "check-deb: the package lacks /$f"; exit 1; }
done
v=$("$tmp/root/usr/bin/roster" --version)
want=$(dpkg-parsechangelog -l debian/changelog -S Version)
[ "$v" = "roster $want" ] || { echo "check-deb: roster --version says '$v', the package is $want"; exit 1; }
echo "check-deb: $v runs from the unpacked package; lintian: no errors"
