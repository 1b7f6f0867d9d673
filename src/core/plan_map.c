/* plan_map.c — the lookups a plan makes per row (ids, usernames, group
 * names) as one open-addressing table each, so that a 100,000-row file
 * costs one probe per row and not a query per row. */
#include "plan_int.h"

#include <roster/random.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* A secret of the process in every key and slot.  Unseeded, the slots
 * were a public function of the names: a file of usernames picked to
 * share a few slots (found in seconds by trying names) piled them into
 * one run that every put walked, 100,000 distinct names took 17 s
 * instead of 1; and FNV-1a is easy to collide from a known start. */
static uint64_t seed[2];
static pthread_once_t seed_once = PTHREAD_ONCE_INIT;

static void seed_init(void)
{
	/* getrandom(2) does not fail once the pool is ready; should it,
	 * the tables work as they did unseeded. */
	if (ro_random_bytes(seed, sizeof seed) != 0) {
		seed[0] = 0xcbf29ce484222325ULL;
		seed[1] = 0;
	}
}

int plan_map_init(plan_map *m, size_t n)
{
	size_t cap = 16;

	pthread_once(&seed_once, seed_init);
	while (cap < n * 2)
		cap *= 2;
	/* Big blocks: a file's table goes back to the kernel when freed,
	 * not to a heap that keeps it. */
	m->keys = ro_big_alloc(cap * sizeof *m->keys);
	m->vals = ro_big_alloc(cap * sizeof *m->vals);
	m->mask = cap - 1;
	if (!m->keys || !m->vals) {
		plan_map_free(m);
		return RO_ENOMEM;
	}
	return 0;
}

void plan_map_free(plan_map *m)
{
	ro_big_free(m->keys);
	ro_big_free(m->vals);
	m->keys = NULL;
	m->vals = NULL;
	m->mask = 0;
}

/* Keys are spread first: ids are small consecutive numbers. */
static uint64_t spread(uint64_t key)
{
	key ^= seed[1];
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdULL;
	key ^= key >> 33;
	return key;
}

static size_t slot_of(const plan_map *m, uint64_t key)
{
	return (size_t)spread(key) & m->mask;
}

void plan_map_put(plan_map *m, uint64_t key, size_t val)
{
	size_t i = slot_of(m, key);

	/* Sized for twice the entries at init: there is always a free slot. */
	while (m->keys[i])
		i = (i + 1) & m->mask;
	m->keys[i] = key;
	m->vals[i] = val;
}

size_t plan_map_next(const plan_map *m, uint64_t key, size_t *slot)
{
	size_t i;

	if (!m->keys)
		return SIZE_MAX;
	/* *slot holds 1 + the next slot to look at (0: start). */
	i = *slot ? *slot - 1 : slot_of(m, key);
	while (m->keys[i]) {
		size_t here = i;
		i = (i + 1) & m->mask;
		if (m->keys[here] == key) {
			*slot = i + 1;
			return m->vals[here];
		}
	}
	*slot = i + 1;
	return SIZE_MAX;
}

/* Two bits a slot, 16 slots a key: 4 bytes for each of n keys. */
int plan_twice_init(plan_twice *t, size_t n)
{
	size_t bits = 1024;

	pthread_once(&seed_once, seed_init);
	while (bits < n * 16)
		bits *= 2;
	t->mask = bits - 1;
	t->once = ro_big_alloc(bits / 8);
	t->again = ro_big_alloc(bits / 8);
	if (!t->once || !t->again) {
		plan_twice_free(t);
		return RO_ENOMEM;
	}
	return 0;
}

void plan_twice_put(plan_twice *t, uint64_t key)
{
	size_t i = (size_t)spread(key) & t->mask;
	uint64_t bit = UINT64_C(1) << (i % 64);

	if (t->once[i / 64] & bit)
		t->again[i / 64] |= bit;
	t->once[i / 64] |= bit;
}

bool plan_twice_maybe(const plan_twice *t, uint64_t key)
{
	size_t i = (size_t)spread(key) & t->mask;

	return t->again[i / 64] >> (i % 64) & 1;
}

void plan_twice_free(plan_twice *t)
{
	ro_big_free(t->once);
	ro_big_free(t->again);
	t->once = t->again = NULL;
	t->mask = 0;
}

uint64_t plan_key_nocase(const char *s)
{
	uint64_t h;

	pthread_once(&seed_once, seed_init);
	h = seed[0];

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p >= 'A' && *p <= 'Z' ? (unsigned char)(*p +
		    32) : *p;
		h ^= c;
		h *= 0x100000001b3ULL;
	}
	return h ? h : 1;
}

/* Chunks double from 64 KiB to 4 MiB: a small plan stays small, a big
 * one takes whole huge pages (bigmem.c). */
#define CHUNK_MIN ((size_t)64 << 10)
#define CHUNK_MAX ((size_t)4 << 20)

char *plan_arena_alloc(plan_chunk **head, size_t len)
{
	plan_chunk *k = *head;

	if (!k || k->cap - k->used < len) {
		/* Room for the chunk's and bigmem's headers within the
		 * round size. */
		size_t room = k ? 2 * (k->cap + 64) : CHUNK_MIN;
		size_t cap;
		if (room > CHUNK_MAX)
			room = CHUNK_MAX;
		cap = room - 64;
		if (len > cap / 4)
			cap = len;
		if (!(k = ro_big_alloc(sizeof *k + cap)))
			return NULL;
		k->used = 0;
		k->cap = cap;
		/* A block of its own goes behind the current one, which still
		 * has room for small pieces. */
		if (*head && cap == len) {
			k->next = (*head)->next;
			(*head)->next = k;
		} else {
			k->next = *head;
			*head = k;
		}
	}
	k->used += len;
	return k->data + k->used - len;
}

void *plan_arena_alloc_aligned(plan_chunk **head, size_t len, size_t align)
{
	char *p = plan_arena_alloc(head, len + align - 1);

	return p ? p + (align - (uintptr_t)p % align) % align : NULL;
}

char *plan_arena_strdup(plan_chunk **head, const char *s, bool *nomem)
{
	size_t n;
	char *d;

	if (!s)
		return NULL;
	n = strlen(s) + 1;
	if (!(d = plan_arena_alloc(head, n))) {
		*nomem = true;
		return NULL;
	}
	return memcpy(d, s, n);
}

void plan_arena_free(plan_chunk **head)
{
	while (*head) {
		plan_chunk *next = (*head)->next;
		ro_big_free(*head);
		*head = next;
	}
}

void plan_arena_reset(plan_chunk **head)
{
	if (!*head)
		return;
	plan_arena_free(&(*head)->next);
	(*head)->used = 0;
}
