#!/bin/sh
# Builds the libFuzzer harnesses (clang) into build/fuzz, and with
# "run SECONDS [HARNESS...]" runs each that long on a corpus seeded from
# tests/data.
#
#   fuzz/build.sh                 build only
#   fuzz/build.sh run 120         build, then fuzz each harness 2 minutes
#   fuzz/build.sh run 600 plan    only the trial-run harness, 10 minutes
#
# Harnesses: csv and xlsx (the readers), oneroster (the OneRoster
# bundle's CSV splitter), plan (the whole trial run of an upload file
# against a small database, as CSV and as XLSX).
# Crashes land in build/fuzz/ as HARNESS-crash-*; keep each, once fixed, in
# tests/data/fuzz-regress/ (an XLSX harness's input as the file it reads:
# build/fuzz/pack_xlsx INPUT OUT.xlsx) (test_sheet_bad.c reads them all through the
# readers, test_plan_fuzz.c through the trial run).
set -eu
cd "$(dirname "$0")/.."
out=build/fuzz
mkdir -p "$out"
CC=${CC_FUZZ:-clang}
FLAGS="-g -O1 -std=c11 -D_GNU_SOURCE -Iinclude -Isrc/sheet
 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
 $(pkg-config --cflags libzip expat xlsxwriter pangocairo cairo-pdf libqrencode fontconfig)"
# pangocairo, cairo-pdf, libqrencode: src/sheet/slips_pdf.c (the PDF slips).
LIBS="$(pkg-config --libs libzip expat xlsxwriter pangocairo cairo-pdf libqrencode fontconfig) -lcsv -lpthread -lm"
SRC="src/sheet/*.c src/base/*.c"
# FUZZ_BUILD=0 runs what is built (two runs side by side, one build).
if [ "${FUZZ_BUILD:-1}" != 0 ]; then
	for h in csv xlsx oneroster; do
		# shellcheck disable=SC2086
		$CC $FLAGS -o "$out/fuzz_$h" "fuzz/fuzz_$h.c" $SRC $LIBS
	done
	# The trial run needs the whole engine: store, rules, hashing.
	# shellcheck disable=SC2086
	# The PostgreSQL store (src/store/pg*.c) is built as make builds it.
	$CC $FLAGS $(pkg-config --cflags sqlite3 libargon2 libpq) -DRO_HAVE_PG \
	    -o "$out/fuzz_plan" fuzz/fuzz_plan.c src/base/*.c src/core/*.c src/store/*.c \
	    src/sheet/*.c $LIBS $(pkg-config --libs sqlite3 libargon2) \
	    -lpthread
	# Not a harness: packs a crasher of the XLSX harnesses into its file.
	# shellcheck disable=SC2086
	$CC -g -O1 -std=c11 -D_GNU_SOURCE $(pkg-config --cflags libzip) \
	    -o "$out/pack_xlsx" fuzz/pack_xlsx.c $(pkg-config --libs libzip)
	echo "fuzz: built $out/fuzz_csv $out/fuzz_xlsx $out/fuzz_oneroster $out/fuzz_plan $out/pack_xlsx"
fi

[ "${1:-}" = run ] || exit 0
secs=${2:-120}
shift
[ $# -gt 0 ] && shift
harnesses=${*:-csv xlsx oneroster plan}

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
seed fuzz/corpus-oneroster tests/data/oneroster/*/*.csv tests/data/bad/*.csv
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
# The trial run's corpus: the upload files other programs wrote, the
# importer's broken ones, and the sheet XML of the XLSX among them.
seed fuzz/corpus-plan tests/data/upload/*.csv tests/data/upload/*.xlsx \
	tests/data/import/*.csv tests/data/import/*.xlsx tests/data/sheet/upload.csv
for f in tests/data/upload/*.xlsx tests/data/import/*.xlsx; do
	[ -f "$f" ] || continue
	b=$(basename "$f" .xlsx)
	sheet=$(unzip -Z1 "$f" 2>/dev/null | grep -m1 'worksheets/.*\.xml$' || true)
	[ -n "$sheet" ] || continue
	sst=$(unzip -Z1 "$f" 2>/dev/null | grep -m1 -i 'strings.*\.xml$' || true)
	{ unzip -p "$f" "$sheet"; if [ -n "$sst" ]; then
		printf '\n--sst--\n'; unzip -p "$f" "$sst"; fi; } \
		>"fuzz/corpus-plan/$b.sheet+sst.xml" 2>/dev/null || true
done
for h in $harnesses; do
	echo "fuzz: $h for $secs s"
	"$out/fuzz_$h" -max_total_time="$secs" -max_len=65536 -timeout=30 \
	    -rss_limit_mb=2048 -artifact_prefix="$out/$h-" -print_final_stats=1 \
	    "fuzz/corpus-$h" 2>&1 | tail -n 15
done
