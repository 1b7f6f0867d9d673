#!/bin/sh
# Builds the libFuzzer harnesses (clang) into build/fuzz, and with
# "run SECONDS" runs each that long on a corpus seeded from tests/data.
#
#   fuzz/build.sh                 build only
#   fuzz/build.sh run 120         build, then fuzz each reader 2 minutes
#
# Crashes land in build/fuzz/ as crash-*; keep each, once fixed, in
# tests/data/fuzz-regress/ (test_sheet_bad.c reads them all).
set -eu
cd "$(dirname "$0")/.."
out=build/fuzz
mkdir -p "$out"
CC=${CC_FUZZ:-clang}
FLAGS="-g -O1 -std=c11 -D_GNU_SOURCE -Iinclude -Isrc/sheet
 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
 $(pkg-config --cflags libzip expat xlsxwriter)"
LIBS="$(pkg-config --libs libzip expat xlsxwriter) -lcsv -lm"
SRC="src/sheet/*.c src/core/error.c"
for h in csv xlsx; do
	# shellcheck disable=SC2086
	$CC $FLAGS -o "$out/fuzz_$h" "fuzz/fuzz_$h.c" $SRC $LIBS
done
echo "fuzz: built $out/fuzz_csv $out/fuzz_xlsx"

[ "${1:-}" = run ] || exit 0
secs=${2:-120}

# Seeds: every small fixture; for the XLSX harness also the sheet XML of
# the fixtures, which it packs into a valid archive itself.
seed() { # dir file...
	d=$1; shift
	mkdir -p "$d"
	for f in "$@"; do
		[ -f "$f" ] && [ "$(wc -c <"$f")" -lt 200000 ] && cp "$f" "$d/" || true
	done
}
seed fuzz/corpus-csv tests/data/bad/*.csv tests/data/sheet/*.csv
# Not the zip bombs and the huge attribute: each costs a second of
# inflating, and the unit tests cover them.
seed fuzz/corpus-xlsx $(ls tests/data/bad/*.xlsx tests/data/sheet/*.xlsx |
	grep -v -e zip_bomb -e huge_attribute)
for f in tests/data/sheet/*.xlsx tests/data/bad/sst_*.xlsx; do
	b=$(basename "$f" .xlsx)
	sheet=$(unzip -Z1 "$f" 2>/dev/null | grep -m1 'worksheets/.*\.xml$' || true)
	[ -n "$sheet" ] || continue
	unzip -p "$f" "$sheet" >"fuzz/corpus-xlsx/$b.sheet.xml" 2>/dev/null || true
	sst=$(unzip -Z1 "$f" 2>/dev/null | grep -m1 -i 'strings.*\.xml$' || true)
	if [ -n "$sst" ]; then
		{ unzip -p "$f" "$sheet"; printf '\n--sst--\n'; unzip -p "$f" "$sst"; } \
			>"fuzz/corpus-xlsx/$b.sheet+sst.xml" 2>/dev/null || true
	fi
done
for h in csv xlsx; do
	echo "fuzz: $h for $secs s"
	"$out/fuzz_$h" -max_total_time="$secs" -max_len=65536 -timeout=30 \
	    -rss_limit_mb=2048 -artifact_prefix="$out/" -print_final_stats=1 \
	    "fuzz/corpus-$h" 2>&1 | tail -n 15
done
