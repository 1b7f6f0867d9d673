# Setup: scripts/deps.sh installs per command what it needs (make run only
# what building and running need, make check the tests' tools besides),
# make stops with one line naming missing packages before compiling, and
# scripts/demo.sh / make demo work on a clean tree.
. "$(dirname "$0")/lib.sh"

DEPS=$REPO/scripts/deps.sh

# --- the sets ---------------------------------------------------------------
run sh "$DEPS" --list run
expect_rc 0 "deps --list run"
RUNSET=$OUT
for p in build-essential pkg-config libncurses-dev libcsv-dev libsqlite3-dev \
    libargon2-dev libxlsxwriter-dev libzip-dev libexpat1-dev libpq-dev \
    libcairo2-dev libpango1.0-dev libqrencode-dev; do
	printf '%s\n' "$RUNSET" | grep -qx -- "$p" && ok ||
	    not_ok "the run set lacks $p"
done
run sh "$DEPS" --list test
expect_rc 0 "deps --list test"
TESTSET=$OUT
# What only the tests use: never in the run set, always in the test set.
for p in tmux sqlite3 argon2 libcmocka-dev msmtp python3-aiosmtpd \
    python3-openpyxl libreoffice-calc-nogui gnumeric zip unzip clang \
    valgrind locales time postgresql poppler-utils zbar-tools; do
	printf '%s\n' "$RUNSET" | grep -qx -- "$p" &&
	    not_ok "the run set holds the test-only package $p" || ok
	printf '%s\n' "$TESTSET" | grep -qx -- "$p" && ok ||
	    not_ok "the test set lacks $p"
done
# The run set is the build tools, -dev libraries and a font, nothing else
# (a tool added there by mistake shows here), and the test set holds it.
while IFS= read -r p; do
	case $p in
	build-essential|pkg-config|lib*-dev|fonts-*) ok ;;
	*) not_ok "the run set holds '$p', neither a build tool, a library nor a font" ;;
	esac
	printf '%s\n' "$TESTSET" | grep -qx -- "$p" && ok ||
	    not_ok "the test set lacks the run set's $p"
done <<EOF
$RUNSET
EOF
run sh "$DEPS" --list nonsense
expect_rc 2 "deps --list of an unknown set"

# make run installs the run set only, make check the test set.
run make -s -C "$REPO" -n run
expect_rc 0 "make -n run"
expect_out "scripts/deps.sh run" "make run installs the run set"
expect_no_out "scripts/deps.sh test" "make run leaves the test set alone"
expect_no_out "scripts/deps.sh all" "make run leaves the test set alone (all)"
run make -s -C "$REPO" -n check
expect_out "scripts/deps.sh test" "make check installs the test set"

# --- one line naming what is missing, before any compiling ------------------
mkdir -p "$T/bin"
cat >"$T/bin/pkg-config" <<'EOF'
#!/bin/sh
# pkg-config without libqrencode (and without cmocka for the unit tests).
for a; do case $a in libqrencode|cmocka) exit 1 ;; esac; done
exec pkg-config "$@"
EOF
printf '#!/bin/sh\nexit 1\n' >"$T/bin/broken-cc"
chmod +x "$T/bin/pkg-config" "$T/bin/broken-cc"

run make -C "$REPO" -n PKG_CONFIG="$T/bin/pkg-config" all
expect_rc 2 "make with libqrencode missing"
expect_eq "$(printf '%s\n' "$ERR" | wc -l)" 1 "the missing-library message is one line"
expect_err "missing libqrencode; install with: sudo apt-get install libqrencode-dev (or: scripts/deps.sh run)" \
    "the message names the Debian package and the command"
expect_no_out "-c -o build/" "nothing is compiled when a library is missing"
run make -C "$REPO" -n PKG_CONFIG="$T/bin/pkg-config" check-unit
expect_rc 2 "make check-unit with cmocka missing"
expect_err "sudo apt-get install libqrencode-dev libcmocka-dev (or: scripts/deps.sh test)" \
    "the unit tests name cmocka's package too"
run make -C "$REPO" -n CC="$T/bin/no-such-cc" all
expect_rc 2 "make without a compiler"
expect_err "sudo apt-get install build-essential" "a missing compiler names build-essential"
run env CC="$T/bin/broken-cc" sh "$DEPS" --check run
expect_rc 1 "deps --check without csv.h"
expect_eq "$OUT" "missing csv.h; install with: sudo apt-get install libcsv-dev (or: scripts/deps.sh run)" \
    "libcsv (no .pc file) is checked through its header"
run sh "$DEPS" --check test
expect_rc 0 "deps --check on this machine"
expect_eq "$OUT" "" "nothing is missing on this machine"

# --- the demo database ------------------------------------------------------
# A clean tree: the script and the program, nothing else.
mkdir -p "$T/tree/scripts"
cp "$REPO/scripts/demo.sh" "$T/tree/scripts/"
ln -s "$ROSTER_FAST" "$T/tree/roster"
# Without arguments: ./roster and demo/roster.db beside the script.
run sh -c "cd '$T/tree' && sh scripts/demo.sh"
expect_rc 0 "demo.sh without arguments"
expect_out "District1pw" "demo.sh prints the sign-ins"
[ -f "$T/tree/demo/roster.db" ] && ok || not_ok "demo.sh made no demo/roster.db"
# What make demo passes on a clean tree: the program's bare name.
run sh -c "cd '$T/tree' && sh scripts/demo.sh roster demo/again.db"
expect_rc 0 "demo.sh with the bare name 'roster'"
expect_no_out "not found" "the bare name is the program beside it, not one on PATH"
[ -f "$T/tree/demo/again.db" ] && ok || not_ok "demo.sh roster made no database"
run sh -c "cd '$T/tree' && sh scripts/demo.sh"
expect_rc 0 "demo.sh a second time"
expect_out "Demo database: $T/tree/demo/roster.db" "the second time it names the database"
run sh "$T/tree/scripts/demo.sh" "$T/none/roster" "$T/x.db"
expect_rc 1 "demo.sh before the build"
expect_err "is not built yet" "demo.sh says the program is not built"
run make -s -C "$REPO" -n demo
expect_out "scripts/demo.sh ./" "make demo passes a path, not a bare name"

finish
