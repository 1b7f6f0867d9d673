#!/bin/sh
# Password hashing throughput at the default Argon2id cost (m=19456 KiB,
# t=2, p=1): roster's worker pool on every core against the `argon2`
# command on one core, and one in-process thread for context.
#
#   bench/hash.sh                 POOL_N=200 SINGLE_N=30 CLI_N=30 REPEAT=3
#   POOL_N=400 REPEAT=5 bench/hash.sh
#
# Target: pool_rate / (cores x cli_rate) >= 0.9, i.e. the pool scales to
# every core and loses nothing per core to the command line tool.  Each
# measure is taken REPEAT times, interleaved, and the median is used: on a
# shared virtual machine single runs vary by a third or more.
set -eu
cd "$(dirname "$0")/.."

POOL_N=${POOL_N:-200}
SINGLE_N=${SINGLE_N:-30}
CLI_N=${CLI_N:-30}
REPEAT=${REPEAT:-3}
M=19456 T=2 P=1
SALT=somesalt16bytes!

command -v argon2 >/dev/null ||
  { echo "bench/hash: needs the argon2 command (apt install argon2)" >&2; exit 1; }

make --no-print-directory build/rel/libroster.a >/dev/null
mkdir -p bench/out
# shellcheck disable=SC2046
cc -O2 -g -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Iinclude \
    -o bench/out/hash bench/hash.c build/rel/libroster.a \
    $(pkg-config --libs libargon2) -lpthread

now_ns() { date +%s%N; }

# The command: N separate runs, one hash each (-e skips its verify), so
# every run also pays for process start and fresh memory, as a script
# calling it would.  Its own "N seconds" line (CPU time of the hash alone;
# printed only without -e, which then also verifies) is a second figure.
cli_rates() {
  start=$(now_ns)
  i=0
  while [ $i -lt "$CLI_N" ]; do
    printf 'Bench-%05d-Pw' $i | argon2 $SALT -id -k $M -t $T -p $P -e >/dev/null
    i=$((i + 1))
  done
  end=$(now_ns)
  echo "cli_rate=$(awk -v n="$CLI_N" -v ns="$((end - start))" 'BEGIN { print n / (ns / 1e9) }')"
  i=0
  while [ $i -lt "$CLI_N" ]; do
    printf 'Bench-%05d-Pw' $i | argon2 $SALT -id -k $M -t $T -p $P |
      awk '/ seconds$/ { print $1 }'
    i=$((i + 1))
  done | awk -v n="$CLI_N" '{ s += $1 } END { print "self_rate=" n / s }'
}

out=bench/out/hash.txt
: > $out
printf '%s' warmup | argon2 $SALT -id -k $M -t $T -p $P -e >/dev/null
r=0
while [ $r -lt "$REPEAT" ]; do
  bench/out/hash "$POOL_N" "$SINGLE_N" >> $out
  cli_rates >> $out
  r=$((r + 1))
done

awk -F= -v cli_n="$CLI_N" '
  function median(k,    n, i, j, t, a) {
    n = cnt[k]
    for (i = 1; i <= n; i++) a[i] = val[k, i]
    for (i = 2; i <= n; i++)
      for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
    lo[k] = a[1]; hi[k] = a[n]
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  { v[$1] = $2; cnt[$1]++; val[$1, cnt[$1]] = $2 }
  END {
    pool = median("pool_rate"); one = median("single_rate")
    cli = median("cli_rate"); self = median("self_rate"); c = v["cores"]
    printf "Argon2id m=%s KiB, t=%s, p=%s; %s cores (nproc); median of %d\n", v["m_kib"], v["t"], v["p"], c, cnt["pool_rate"]
    printf "  pool, all cores:        %6.1f hashes/s  (range %.1f-%.1f; %s hashes a run)\n", pool, lo["pool_rate"], hi["pool_rate"], v["pool_n"]
    printf "  in-process, one thread: %6.1f hashes/s  (range %.1f-%.1f; %.1f ms/hash)\n", one, lo["single_rate"], hi["single_rate"], 1000 / one
    printf "  argon2 command, runs:   %6.1f hashes/s  (range %.1f-%.1f; %.1f ms/run, %d runs)\n", cli, lo["cli_rate"], hi["cli_rate"], 1000 / cli, cli_n
    printf "  argon2 command, own:    %6.1f hashes/s  (range %.1f-%.1f; %.1f ms CPU/hash as it reports)\n", self, lo["self_rate"], hi["self_rate"], 1000 / self
    printf "  minor page faults/hash: pool %s, one thread %s (19 MiB fresh = 4864)\n", v["pool_minflt_per_hash"], v["single_minflt_per_hash"]
    r = pool / (c * cli)
    printf "  pool / (cores x argon2 runs)  = %.2f  (target >= 0.9: %s)\n", r, (r >= 0.9 ? "met" : "MISSED")
    printf "  pool / (cores x argon2 own)   = %.2f\n", pool / (c * self)
    printf "  thread scaling: pool = %.2f x one thread; pure arithmetic on %s threads = %.2f x one (range %.2f-%.2f): what the host gave\n", pool / one, c, median("cpu_capacity"), lo["cpu_capacity"], hi["cpu_capacity"]
    exit (r >= 0.9 ? 0 : 1)
  }' $out
