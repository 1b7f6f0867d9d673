/* clash.c — bench/dups.sh's hostile file: N new rows whose usernames
 * are all different but would have piled up in the plan's username
 * table (src/core/plan_map.c) as it was before its seed: FNV-1a from the
 * public offset basis, then the slot mix, every name's slot among the
 * first 1/256 of the table that a file of N rows gets.  Unseeded, each
 * put walked the pile: 100,000 such names took 17.9 s to trial-run
 * instead of 1.0 s.  With the seed the file is one of distinct names.
 *
 *   clash N > FILE.csv
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t key_unseeded(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h ? h : 1;
}

static uint64_t slot_unseeded(uint64_t k, uint64_t mask)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return k & mask;
}

int main(int argc, char **argv)
{
	size_t n, cap = 16, got = 0;
	char name[32];

	if (argc != 2 || (n = strtoul(argv[1], NULL, 10)) == 0) {
		fprintf(stderr, "usage: clash N > FILE.csv\n");
		return 2;
	}
	/* plan_map_init's size for n names. */
	while (cap < n * 2)
		cap *= 2;
	printf("Portfolio ID,Username,Password,First Name,Last Name,"
	    "Graduation Year,Group,Email,Account Type\r\n");
	for (uint64_t i = 0; got < n; i++) {
		snprintf(name, sizeof name, "clash.%llx", (unsigned long long)i);
		if (slot_unseeded(key_unseeded(name), cap - 1) < cap / 256) {
			printf(",%s,Welcome123,Clash,Kid,2029,,,student\r\n",
			    name);
			got++;
		}
	}
	return 0;
}
