# Sign-in slips as a PDF to print (issue 17): read back with poppler's
# tools — pdfinfo for pages and paper, pdftotext for every username and
# name on the page it belongs to, pdftoppm + zbarimg for every QR code —
# in any script (accents, Cyrillic, CJK), labels or list, Letter or A4.
. "$(dirname "$0")/lib.sh"

make_demo 60
signin_as() { run setsid -w "$ROSTER" signin "$1" --password-file "$2" "${@:3}" </dev/null; }
secret "$T/kid.pw" 'KidPass1word'
add_kid() {
	as_admin account add --username "$1" --first "$2" --last "$3" \
	    --type student --grad-year 2029 --group "$4" \
	    --new-password-file "$T/kid.pw" >/dev/null || not_ok "account add $1"
}
add_kid zoe.berenice 'Zoë' 'Bérénice' 'Period 2'
add_kid ivan.petrov 'Иван' 'Петров' 'Period 2'
add_kid wei.zhang '伟' '张' 'Period 3'
add_kid yuki.sato 'ゆき' '佐藤' 'Period 3'
add_kid amelie.mueller 'Amélie' 'Müller-Lüdenscheidt' 'Period 1'

# What the batch resets, in the order the slips must come: group, then
# last name, then first name (ASCII letters without case, as the engine
# compares them), then username.
RESETTABLE="p.site_id = 1 AND p.active = 1 AND p.sso IS NULL AND p.username <> 'demo.admin'"
sql "SELECT p.username, p.first || ' ' || p.last FROM portfolios p
     LEFT JOIN groups g ON g.id = p.group_id WHERE $RESETTABLE
     ORDER BY lower(coalesce(g.name, '')), lower(p.last),
              lower(p.first), p.username" | tr '|' '\t' >"$T/order"
N=$(wc -l <"$T/order")
[ "$N" -gt 60 ] && ok || not_ok "expected more than 60 resettable portfolios, got $N"

reset_pdf() { run as_admin reset-passwords --all --generate --confirm "$N" "$@"; }

# pages_of FILE: "pages W x H" from pdfinfo.
pages_of() {
	pdfinfo "$1" | awk '/^Pages:/ { p = $2 } /^Page size:/ { s = $3 " x " $5 }
	    END { print p, s }'
}

# --- labels, Letter, with QR codes -----------------------------------------
reset_pdf --slips "$T/labels.pdf" --slips-qr
expect_rc 0 "reset with PDF slips"
expect_out "sign-in slips for $N portfolios in $T/labels.pdf" "the result names the PDF"
expect_eq "$(stat -c %a "$T/labels.pdf")" 600 "the PDF is 0600"
PAGES=$(( (N + 29) / 30 ))
expect_eq "$(pages_of "$T/labels.pdf")" "$PAGES 612 x 792" "30 labels a Letter page"

# Every username and name on the page its place in the order gives.
: >"$T/misplaced"
i=0
for p in $(seq 1 "$PAGES"); do
	pdftotext -f "$p" -l "$p" "$T/labels.pdf" - | tr -d ' \n' >"$T/page$p.txt"
done
while IFS="$(printf '\t')" read -r u name; do
	p=$(( i / 30 + 1 ))
	flat=$(printf '%s' "$name" | tr -d ' ')
	grep -qF -- "$u" "$T/page$p.txt" || echo "$u not on page $p" >>"$T/misplaced"
	grep -qF -- "$flat" "$T/page$p.txt" || echo "'$name' not on page $p" >>"$T/misplaced"
	i=$((i + 1))
done <"$T/order"
expect_eq "$(cat "$T/misplaced")" "" "every username and name on its page"
for name in 'ZoëBérénice' 'ИванПетров' '伟张' 'ゆき佐藤' 'AmélieMüller-Lüdenscheidt'; do
	cat "$T"/page*.txt | grep -qF "$name" && ok || not_ok "'$name' not in the PDF's text"
done
expect_eq "$(cat "$T"/page*.txt | grep -o 'changeitatyourfirstsign-in' | wc -l)" "$N" \
    "every slip says the password is temporary"

# The passwords: in the order drawn (pdftotext -raw), each signs in.
pdftotext -raw "$T/labels.pdf" - | awk '/^Username / { u = $2 }
    /^Password / { print u, $2 }' >"$T/pairs"
expect_eq "$(wc -l <"$T/pairs")" "$N" "a username and a password on every slip"
expect_eq "$(awk '{ print $2 }' "$T/pairs" | sort -u | wc -l)" "$N" "a different password on every slip"
for u in zoe.berenice wei.zhang amelie.mueller; do
	secret "$T/slip.pw" "$(awk -v u="$u" '$1 == u { print $2 }' "$T/pairs")"
	signin_as "$u" "$T/slip.pw"
	expect_rc 6 "the PDF's password of $u signs in as temporary"
done

# Every QR code decodes to its slip's username, label by label (each
# place cut from the page rendered at 150 dpi), and holds no password.
# qr_check FILE LAYOUT PAPER PER_PAGE PAGES: the decoded codes, in order.
qr_check() {
	for p in $(seq 1 "$5"); do
		rm -f "$T"/lab-*.pgm
		pdftoppm -r 150 -gray -singlefile -f "$p" -l "$p" "$1" "$T/page"
		/usr/bin/python3 "$REPO/tests/cli/slips_crop.py" "$T/page.pgm" 150 "$2" "$3" "$T/lab"
		# Only the places that hold a slip (the last page's are fewer).
		ls "$T"/lab-*.pgm | head -n "$(awk -v n="$N" -v p="$p" -v k="$4" \
		    'BEGIN { r = n - (p - 1) * k; print r < k ? r : k }')" >"$T/places"
		# shellcheck disable=SC2046
		zbarimg -q --raw $(cat "$T/places") 2>/dev/null
	done
}
qr_check "$T/labels.pdf" labels letter 30 "$PAGES" >"$T/decoded"
expect_eq "$(cat "$T/decoded")" "$(cut -f1 "$T/order")" "every label's QR code is its username, in order"
leaks=0
while read -r _ pw; do grep -qF -- "$pw" "$T/decoded" && leaks=$((leaks + 1)); done <"$T/pairs"
expect_eq "$leaks" 0 "no QR code holds a password"

# --- without QR codes; A4; the list layout; the format by option ------------
reset_pdf --slips "$T/plain.pdf"
expect_rc 0 "PDF without QR codes"
expect_eq "$(qr_check "$T/plain.pdf" labels letter 30 "$PAGES")" "" "no QR code without --slips-qr"
reset_pdf --slips "$T/a4.pdf" --slips-paper a4
expect_rc 0 "A4 labels"
expect_eq "$(pages_of "$T/a4.pdf")" "$PAGES 595.276 x 841.89" "A4 paper, 30 labels a page"
reset_pdf --slips "$T/list.pdf" --slips-layout list --slips-qr
expect_rc 0 "the list layout"
expect_eq "$(pages_of "$T/list.pdf")" "$(( (N + 7) / 8 )) 612 x 792" "the list: 8 slips a Letter page"
pdftotext -f 2 -l 2 "$T/list.pdf" - | tr -d ' \n' >"$T/list2.txt"
u9=$(sed -n 9p "$T/order" | cut -f1)
grep -qF "$u9" "$T/list2.txt" && ok || not_ok "the 9th slip ($u9) is not on the list's page 2"
expect_eq "$(qr_check "$T/list.pdf" list letter 8 "$(( (N + 7) / 8 ))")" "$(cut -f1 "$T/order")" \
    "the list's QR codes, each its username"
# The list's dashed cut lines, above and below every row (half-inch
# margins, rows of 1.25 in): at 72 dpi, rows 36, 126, ... of the page
# are dark in many places.
pdftoppm -r 72 -gray -singlefile -f 1 -l 1 "$T/list.pdf" "$T/listpage"
cuts=$(/usr/bin/python3 - "$T/listpage.pgm" <<'EOF2'
import sys
d = open(sys.argv[1], 'rb').read()
p = d.split(maxsplit=4)
w, h, px = int(p[1]), int(p[2]), p[4]
def dark(y):
    # the line may fall on either pixel row it straddles
    return max(sum(1 for x in range(w) if px[r * w + x] < 200) for r in (y - 1, y))
print(sum(1 for k in range(9) if dark(36 + 90 * k) > 100))
EOF2
)
expect_eq "$cuts" 9 "the list's 9 cut lines on a full Letter page"
reset_pdf --slips "$T/a4qr.pdf" --slips-paper a4 --slips-qr
expect_eq "$(qr_check "$T/a4qr.pdf" labels a4 30 "$PAGES")" "$(cut -f1 "$T/order")" \
    "A4 labels' QR codes, each its username"
reset_pdf --slips "$T/slips.out" --slips-format pdf
expect_rc 0 "--slips-format pdf"
expect_eq "$(head -c 5 "$T/slips.out")" "%PDF-" "--slips-format pdf writes a PDF whatever the name"
reset_pdf --slips "$T/forced.pdf" --slips-format text
expect_eq "$(grep -c 'cut here' "$T/forced.pdf")" "$((N + 1))" "--slips-format text wins over .pdf"

# --- refusals: nothing reset, nothing written -------------------------------
before=$(db_checksum)
reset_pdf --slips "$T/x.txt" --slips-qr
expect_rc 2 "--slips-qr with text slips"
expect_err "go with a PDF" "why --slips-qr is refused"
reset_pdf --slips "$T/x.pdf" --slips-layout grid
expect_rc 2 "an unknown layout"
expect_err "'grid' is not one of labels, list" "the layouts are named"
reset_pdf --slips "$T/x.pdf" --slips-paper legal
expect_rc 2 "an unknown paper"
reset_pdf --slips "$T/x.pdf" --slips-format docx
expect_rc 2 "an unknown format"
run as_admin reset-passwords --all --generate --slips-qr --confirm "$N"
expect_rc 2 "--slips-qr without --slips"
sum=$(sha256sum "$T/labels.pdf")
reset_pdf --slips "$T/labels.pdf"
expect_rc 2 "an existing PDF is never overwritten"
expect_eq "$(sha256sum "$T/labels.pdf")" "$sum" "the existing PDF is untouched"
# The hold refuses the batch: no PDF, not even a temporary one.
run as_admin reset-passwords --all --generate --slips "$T/held.pdf"
expect_rc 2 "a held batch"
[ ! -e "$T/held.pdf" ] && ok || not_ok "a held batch left a PDF"
run as_admin reset-passwords --all --generate --slips "$T/no/such/dir/s.pdf" --confirm "$N"
expect_rc 3 "a PDF that cannot be created"
expect_eq "$(db_checksum)" "$before" "nothing reset by the refused batches"
expect_eq "$(ls -A "$T" | grep -c '^\.held\.pdf\.')" 0 "no temporary slips file left behind"

finish
