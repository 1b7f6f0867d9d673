/* oneroster_map.c — the string → index map the OneRoster reader joins
 * its files with (class by sourcedId, class of a user, roles of a user,
 * the manifest): 100,000 users' GUIDs, which share long prefixes, so the
 * 64-bit hashes are compared before the strings. */
#include "bundle_int.h"

#include <stdlib.h>
#include <string.h>

static uint64_t shash(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h | 1;
}

/* A key's first slot.  Not h's low bits: h | 1 keeps 0 for an empty
 * slot, and its bit 0, always set, would leave every even slot without a
 * key of its own (half the table, twice the probing). */
static size_t home(uint64_t h, size_t mask)
{
	return (size_t)(h >> 1) & mask;
}

static int smap_grow(struct smap *m)
{
	size_t cap = m->mask ? (m->mask + 1) * 2 : 1024;
	struct slot *v = calloc(cap, sizeof *v);

	if (!v)
		return -1;
	for (size_t i = 0; m->mask && i <= m->mask; i++) {
		if (!m->v[i].h)
			continue;
		size_t j = home(m->v[i].h, cap - 1);
		while (v[j].h)
			j = (j + 1) & (cap - 1);
		v[j] = m->v[i];
	}
	free(m->v);
	m->v = v;
	m->mask = cap - 1;
	return 0;
}

static size_t smap_find(const struct smap *m, const char *key, uint64_t h)
{
	if (!m->mask)
		return SIZE_MAX;
	for (size_t j = home(h, m->mask); m->v[j].h; j = (j + 1) & m->mask)
		if (m->v[j].h == h && strcmp(m->v[j].key, key) == 0)
			return m->v[j].val;
	return SIZE_MAX;
}

/* SIZE_MAX when absent. */
size_t smap_get(const struct smap *m, const char *key)
{
	return smap_find(m, key, shash(key));
}

static char *smap_keep(struct smap *m, const char *key)
{
	size_t n = strlen(key) + 1;
	char *p;

	if (n > m->pool_left) {
		size_t sz = n > 65536 ? n : 65536;
		char **b = realloc(m->blocks, (m->nblocks + 1) * sizeof *b);

		if (!b)
			return NULL;
		m->blocks = b;
		if (!(m->pool = b[m->nblocks] = malloc(sz)))
			return NULL;
		m->nblocks++;
		m->pool_left = sz;
	}
	p = m->pool;
	memcpy(p, key, n);
	m->pool += n;
	m->pool_left -= n;
	return p;
}

/* Adds key (copied) unless present; 0, 1 when it was there, -1 no memory. */
int smap_put(struct smap *m, const char *key, size_t val)
{
	uint64_t h = shash(key);
	size_t j;

	if (smap_find(m, key, h) != SIZE_MAX)
		return 1;
	if ((m->n + 1) * 2 > m->mask + 1 && smap_grow(m))
		return -1;
	j = home(h, m->mask);
	while (m->v[j].h)
		j = (j + 1) & m->mask;
	if (!(m->v[j].key = smap_keep(m, key)))
		return -1;
	m->v[j].h = h;
	m->v[j].val = val;
	m->n++;
	return 0;
}

void smap_free(struct smap *m)
{
	for (size_t i = 0; i < m->nblocks; i++)
		free(m->blocks[i]);
	free(m->blocks);
	free(m->v);
	memset(m, 0, sizeof *m);
}

