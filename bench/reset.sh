#!/bin/sh
# Reset Passwords over 10,000 portfolios at the DEFAULT Argon2id cost
# (m=19456 KiB, t=2, p=1), through the real command line:
#
#   1. --generate: a different password for each portfolio, so 10,000
#      hashes on the worker pool, then one write transaction, and the
#      sign-in slips file;
#   2. one shared temporary password: hashed once, the same write.
#
# Next to them, the pool's own rate from bench/hash.c (200 distinct
# passwords) measured in the same session, since this shared host varies
# by up to 2x from one minute to the next.
#
#   bench/reset.sh              N=10000 portfolios
#   N=2000 bench/reset.sh       a quicker look
set -eu
cd "$(dirname "$0")/.."
ROOT=$PWD
N=${N:-10000}

make --no-print-directory roster build/rel/libroster.a >/dev/null
mkdir -p bench/out
# shellcheck disable=SC2046
cc -O2 -g -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Iinclude \
    -o bench/out/hash bench/hash.c build/rel/libroster.a \
    $(pkg-config --libs libargon2) -lpthread

W=$(mktemp -d "${TMPDIR:-/tmp}/roster-bench-XXXXXX")
trap 'rm -rf "$W"' EXIT
export ROSTER_DB="$W/roster.db"
printf 'District1pw\n' >"$W/d.pw"
printf 'DemoAdmin1\n' >"$W/a.pw"
printf 'Bench-Temp-42\n' >"$W/t.pw"
chmod 600 "$W"/*.pw
R="$ROOT/roster"

now_ns() { date +%s%N; }
secs() { awk -v ns="$1" 'BEGIN { printf "%.1f", ns / 1e9 }'; }

# The demo makes N - 3 generated portfolios plus demo.staff, demo.student
# and demo.temp (demo.admin acts and is skipped): N to reset once the
# demo's SSO links and inactive flags are cleared.
"$R" init --admin district1 --password-file "$W/d.pw" --demo=$((N - 3)) >/dev/null
sqlite3 "$ROSTER_DB" "UPDATE portfolios SET sso = NULL, sso_id = NULL, active = 1"
cost=$("$R" --user district1 --password-file "$W/d.pw" settings | grep '^hash\.' | tr '\n' ' ')
A() { "$R" --user demo.admin --password-file "$W/a.pw" "$@"; }
A batches >/dev/null      # the first sign-in, out of the timings

pool_rate() { bench/out/hash 200 1 | sed -n 's/^pool_rate=//p'; }

ref1=$(pool_rate)
t0=$(now_ns)
A reset-passwords --all --generate --slips "$W/slips.txt" --confirm "$N" >"$W/gen.out"
t1=$(now_ns)
ref2=$(pool_rate)
t2=$(now_ns)
A reset-passwords --all --new-password-file "$W/t.pw" --confirm "$N" >"$W/shared.out"
t3=$(now_ns)

changed=$(sed -n 's/^batch [0-9]*: \([0-9]*\) passwords reset.*/\1/p' "$W/gen.out")
shared=$(sed -n 's/^batch [0-9]*: \([0-9]*\) passwords reset.*/\1/p' "$W/shared.out")
distinct=$(sqlite3 "$ROSTER_DB" "SELECT count(DISTINCT password_hash) FROM portfolios WHERE temp_password = 1")
gen_ns=$((t1 - t0))
sh_ns=$((t3 - t2))

echo "Reset Passwords, $N portfolios, $(nproc) cores; cost: $cost"
printf '  --generate:        %s portfolios in %ss = %s hashes/s end to end\n' \
    "$changed" "$(secs $gen_ns)" \
    "$(awk -v n="$changed" -v ns="$gen_ns" 'BEGIN { printf "%.1f", n / (ns / 1e9) }')"
printf '  shared password:   %s portfolios in %ss (1 hash; %s distinct hashes after it)\n' \
    "$shared" "$(secs $sh_ns)" "$distinct"
printf '  bench/hash pool (200 passwords) just before / after: %s / %s hashes/s\n' \
    "$ref1" "$ref2"
printf '  --generate minus shared: %ss, about the hashing alone = %s hashes/s\n' \
    "$(secs $((gen_ns - sh_ns)))" \
    "$(awk -v n="$changed" -v ns="$((gen_ns - sh_ns))" 'BEGIN { printf "%.1f", n / (ns / 1e9) }')"
