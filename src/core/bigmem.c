/* bigmem.c — memory for the engine's big arrays and arenas (a plan of
 * 100,000 rows holds tens of MiB of them).
 *
 * A block of 2 MiB or more is its own mapping, aligned to 2 MiB and
 * marked for transparent huge pages: the kernel then fills it a huge page
 * at a time instead of a fault per 4 KiB page (a 100,000-row trial run
 * took 21,000 page faults, a sixth of its time on a virtual machine), and
 * it grows with mremap, without copying.  Smaller blocks are malloc's.
 * Either way the memory comes zeroed, and a mapping goes back to the
 * kernel when freed (nothing of it stays in the heap). */
#include "core_int.h"

#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define HUGE_PAGE ((size_t)2 << 20)

/* Before each block: its size, and whether it is a mapping. */
typedef struct big_head {
	size_t size;       /* what the caller asked for */
	size_t mapped;     /* the mapping's length; 0: from malloc */
} big_head;

static size_t round_up(size_t n, size_t to)
{
	return (n + to - 1) / to * to;
}

/* A mapping of len bytes (a multiple of HUGE_PAGE) starting on a huge
 * page boundary. */
static void *map_aligned(size_t len)
{
	size_t extra = len + HUGE_PAGE, head, tail;
	char *p = mmap(NULL, extra, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	head = (HUGE_PAGE - (uintptr_t)p % HUGE_PAGE) % HUGE_PAGE;
	tail = extra - head - len;
	if (head)
		munmap(p, head);
	if (tail)
		munmap(p + head + len, tail);
	p += head;
#ifdef MADV_HUGEPAGE
	/* Advice only: without THP the pages come 4 KiB at a time. */
	madvise(p, len, MADV_HUGEPAGE);
#endif
	return p;
}

void *ro_big_alloc(size_t n)
{
	big_head *h;

	if (n > SIZE_MAX - HUGE_PAGE * 2)
		return NULL;
	if (n + sizeof *h < HUGE_PAGE) {
		if (!(h = calloc(1, sizeof *h + n)))
			return NULL;
		h->size = n;
		return h + 1;
	}
	size_t len = round_up(n + sizeof *h, HUGE_PAGE);
	if (!(h = map_aligned(len)))
		return NULL;
	h->size = n;
	h->mapped = len;
	return h + 1;
}

void *ro_big_realloc(void *p, size_t n)
{
	big_head *h;
	void *q;

	if (!p)
		return ro_big_alloc(n);
	h = (big_head *)p - 1;
	if (n <= h->size)
		return p;
	if (h->mapped && n + sizeof *h <= h->mapped) {
		h->size = n;
		return p;
	}
	if (h->mapped && n <= SIZE_MAX - HUGE_PAGE * 2) {
		size_t len = round_up(n + sizeof *h, HUGE_PAGE);
		/* In place when the addresses after it are free; else moved by
		 * the kernel (page tables, not bytes).  A moved block may lose
		 * its 2 MiB alignment: the advice still holds for the huge
		 * pages that fit. */
		q = mremap(h, h->mapped, len, MREMAP_MAYMOVE);
		if (q == MAP_FAILED)
			return NULL;
#ifdef MADV_HUGEPAGE
		madvise(q, len, MADV_HUGEPAGE);
#endif
		h = q;
		h->size = n;
		h->mapped = len;
		return h + 1;
	}
	if (!(q = ro_big_alloc(n)))
		return NULL;
	memcpy(q, p, h->size);
	ro_big_free(p);
	return q;
}

void ro_big_free(void *p)
{
	big_head *h;

	if (!p)
		return;
	h = (big_head *)p - 1;
	if (h->mapped)
		munmap(h, h->mapped);
	else
		free(h);
}

void ro_big_release(void *p, size_t from, size_t to)
{
	big_head *h;
	uintptr_t a, b, page = (uintptr_t)sysconf(_SC_PAGESIZE);

	if (!p)
		return;
	h = (big_head *)p - 1;
	if (!h->mapped || from >= to || to > h->size)
		return;
	/* Whole pages only: the rest of a page may still be in use. */
	a = ((uintptr_t)p + from + page - 1) / page * page;
	b = ((uintptr_t)p + to) / page * page;
	if (a < b)
		madvise((void *)a, b - a, MADV_DONTNEED);
}

void ro_big_trim(void)
{
	malloc_trim(0);
}
