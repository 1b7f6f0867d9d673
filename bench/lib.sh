# bench/lib.sh — what bench/run.sh and bench/pg.sh share (sourced; POSIX
# sh; the caller sets $OUT, $REPEAT and $TSV): timing and medians, the
# rows of the table (emit, section), commands timed in turn (once, stats,
# fresh, timed) and the table printed (print_table).

now_ns() { date +%s%N; }
ms_since() { echo $(( ($(now_ns) - $1) / 1000000 )); }
median() { sort -g | awk '{ a[NR] = $1 } END { print NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
log() { printf '%s\n' "bench: $*" >&2; }

# emit MEASURE OURS REF UNIT TARGET CHECK [noratio]: one row; CHECK is an
# awk expression of o (ours), r (reference) and q (o / r); noratio: the
# reference is a floor to read beside ours, not to divide by.
emit() {
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6" "${7:-}" >>"$TSV"
	awk -F'\t' 'END { print "  " $1 ": " $2 " " $4 " (ref " $3 ")" }' "$TSV" >&2
}
section() { printf '%s\t\t\t\t\t\n' "**$1**" >>"$TSV"; log "== $1"; }

# once NAME CMD...: runs CMD once, appending its wall ms and peak RSS to
# $OUT/NAME.ms and .rss (stdout to NAME.out, or to $ONCE_OUT when set,
# stderr to NAME.err).
# stats NAME: T (median ms) and RSS (largest, MiB) of what once gathered.
# timed NAME CMD...: REPEAT runs, then stats.  Ours and the reference
# are run in turn (pair) so that a busy host slows both alike.
once() {
	name=$1; shift
	t0=$(now_ns)
	/usr/bin/time -f %M -o "$OUT/$name.time" "$@" >"${ONCE_OUT:-$OUT/$name.out}" 2>"$OUT/$name.err" ||
	    { log "$name failed: $*"; cat "$OUT/$name.err" >&2; exit 1; }
	ms_since "$t0" >>"$OUT/$name.ms"
	tail -1 "$OUT/$name.time" >>"$OUT/$name.rss"
}
stats() {
	T=$(median <"$OUT/$1.ms")
	RSS=$(sort -n "$OUT/$1.rss" | tail -1 | awk '{ printf "%.1f", $1 / 1024 }')
}
fresh() { for n in "$@"; do : >"$OUT/$n.ms"; : >"$OUT/$n.rss"; done; }
timed() {
	fresh "$1"
	i=0
	while [ $i -lt "$REPEAT" ]; do once "$@"; i=$((i + 1)); done
	stats "$1"
}

# print_table WHAT: $TSV as a Markdown table under a line naming the run
# (WHAT: the reference programs' versions), to $OUT/table.md and stdout.
print_table() {
	{
		echo "roster bench, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $1; load average $(cut -d' ' -f1-3 /proc/loadavg)"
		echo
		echo "| measure | ours | reference | ratio | target | |"
		echo "|---|---|---|---|---|---|"
		awk -F'\t' '
		function num(x) { return x ~ /^-?[0-9.]+$/ }
		function show(x, u) { return num(x) ? sprintf("%s %s", x, u) : "–" }
		$2 == "" && $6 == "" { printf "| %s | | | | | |\n", $1; next }
		{
			o = $2 + 0; r = $3 + 0; q = (num($3) && r > 0) ? o / r : 0
			ratio = (num($3) && r > 0 && $7 != "noratio") ? sprintf("%.2f×", q) : "–"
			ok = 1
			if ($6 == "q <= 2 && o <= 5") ok = q <= 2 && o <= 5
			else if ($6 == "q <= 2") ok = q <= 2
			else if ($6 == "q <= 3") ok = q <= 3
			else if ($6 == "q <= 1.5") ok = q <= 1.5
			else if ($6 == "q >= 0.9") ok = q >= 0.9
			else if ($6 ~ /^q <= [0-9.]+$/) { split($6, a, " "); ok = q <= a[3] + 0 }
		else if ($6 ~ /^o <= /) { split($6, a, " "); ok = o <= a[3] + 0 }
			verdict = $5 == "(none)" || $5 == "-" || $5 == "linear" ? "" : ok ? "met" : "**MISSED**"
			if (verdict == "**MISSED**") missed++
			printf "| %s | %s | %s | %s | %s | %s |\n", $1, show($2, $4), show($3, $4), ratio, $5, verdict
		}
		END { printf "\n%d target%s missed.\n", missed, missed == 1 ? "" : "s" }' "$TSV"
	} >"$OUT/table.md"
	cat "$OUT/table.md"
}
