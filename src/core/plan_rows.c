/* plan_rows.c — a plan's rows, encoded compactly and spilled to an
 * unlinked temporary file past a few MiB (plan_rows.h says how), so that
 * a plan of 970,213 rows holds about 12 MiB in memory instead of 250.
 *
 * The file holds what the rows show: usernames, names, emails (never a
 * password: a password change reads only "changed" or "set").  It is
 * made 0600 in $TMPDIR (else /tmp), unlinked at once (O_TMPFILE where the
 * file system has it), and is gone when the plan is freed or the process
 * ends. */
#include "plan_int.h"
#include "plan_rows.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SPILL_DEFAULT ((size_t)4 << 20)
/* Rows decoded last that stay valid (plan.h: RO_PLAN_ROWS_KEPT). */
#define KEPT RO_PLAN_ROWS_KEPT
/* A sequential walk reads the file this much at a time. */
#define WINDOW ((size_t)64 << 10)
#define OFF_MASK ((UINT64_C(1) << 56) - 1)

/* One decoded row and the memory its arrays and strings are in. */
typedef struct kept_row {
	size_t index;          /* SIZE_MAX: empty */
	ro_plan_row row;
	char *mem;
	size_t cap;
} kept_row;

struct plan_rows {
	uint64_t *off;         /* per row: offset | status << 56 */
	size_t n, cap;
	uint64_t total;        /* bytes encoded so far */
	uint64_t file_len;     /* of them, in the file (the rest in buf) */
	uint8_t *buf;
	size_t buf_len, buf_cap;
	size_t spill;
	int fd;                /* -1: no file yet */
	char dir[256];         /* the file's folder, for messages */
	/* read back */
	uint8_t *win;
	uint64_t win_off;
	size_t win_len, win_cap;
	kept_row kept[KEPT];
	uint32_t hit[2 * KEPT]; /* index % (2 KEPT) → 1 + kept slot */
	size_t next;           /* the kept slot to reuse next */
	/* the row being built */
	ro_plan_row scratch;
	ro_status codes[RO_ST__COUNT], warnings[RO_ST__COUNT];
	char *messages[RO_ST__COUNT];
	plan_chunk *arena;
	bool has_last;
};

static size_t spill_set;
static size_t spill_env;
static pthread_once_t spill_once = PTHREAD_ONCE_INIT;

static void spill_init(void)
{
	const char *e = getenv("ROSTER_PLAN_SPILL_BYTES");
	char *end;
	unsigned long long v;

	if (!e || !*e)
		return;
	errno = 0;
	v = strtoull(e, &end, 10);
	if (!errno && !*end && v > 0)
		spill_env = (size_t)v;
}

void plan_rows_set_spill(size_t bytes)
{
	spill_set = bytes;
}

static size_t spill_bytes(void)
{
	pthread_once(&spill_once, spill_init);
	return spill_set ? spill_set : spill_env ? spill_env : SPILL_DEFAULT;
}

static int damaged(void)
{
	return ro_error_set(RO_EIO, "the plan's temporary file reads back "
	    "damaged");
}

/* ---- the store ---- */

int plan_rows_open(plan_rows **out, size_t n)
{
	plan_rows *s = calloc(1, sizeof *s);

	*out = NULL;
	if (!s)
		return RO_ENOMEM;
	s->fd = -1;
	s->cap = n;
	s->spill = spill_bytes();
	for (size_t i = 0; i < KEPT; i++)
		s->kept[i].index = SIZE_MAX;
	if (n && !(s->off = ro_big_alloc(n * sizeof *s->off))) {
		free(s);
		return RO_ENOMEM;
	}
	*out = s;
	return 0;
}

void plan_rows_free(plan_rows *s)
{
	if (!s)
		return;
	if (s->fd >= 0)
		close(s->fd);
	ro_big_free(s->off);
	free(s->buf);
	free(s->win);
	for (size_t i = 0; i < KEPT; i++)
		free(s->kept[i].mem);
	plan_arena_free(&s->arena);
	free(s);
}

size_t plan_rows_count(const plan_rows *s)
{
	return s ? s->n : 0;
}

ro_plan_row *plan_rows_scratch(plan_rows *s)
{
	plan_arena_reset(&s->arena);
	memset(&s->scratch, 0, sizeof s->scratch);
	s->scratch.codes = s->codes;
	s->scratch.warnings = s->warnings;
	s->scratch.messages = s->messages;
	s->has_last = false;
	return &s->scratch;
}

plan_chunk **plan_rows_arena(plan_rows *s)
{
	return &s->arena;
}

const ro_plan_row *plan_rows_last(const plan_rows *s)
{
	return s->has_last ? &s->scratch : NULL;
}

/* The temporary file, made at the first spill. */
static int open_file(plan_rows *s)
{
	const char *dir = getenv("TMPDIR");
	char path[300];
	int fd = -1;

	if (!dir || !*dir)
		dir = "/tmp";
	snprintf(s->dir, sizeof s->dir, "%s", dir);
#ifdef O_TMPFILE
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
#endif
	if (fd < 0 && (size_t)snprintf(path, sizeof path,
	    "%s/roster-plan-XXXXXX", dir) < sizeof path &&
	    (fd = mkostemp(path, O_CLOEXEC)) >= 0)
		unlink(path);
	if (fd < 0)
		return ro_error_set(RO_EIO, "cannot make the plan's temporary "
		    "file in %s: %s", s->dir, strerror(errno));
	s->fd = fd;
	return 0;
}

/* n bytes at offset at of the file, written from p (write) or read into
 * it: all of them, or RO_EIO naming the folder. */
static int file_io(plan_rows *s, bool write, uint8_t *p, size_t n,
    uint64_t at)
{
	for (size_t done = 0; done < n;) {
		ssize_t k = write ? pwrite(s->fd, p + done, n - done,
		    (off_t)(at + done)) : pread(s->fd, p + done, n - done,
		    (off_t)(at + done));
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return ro_error_set(RO_EIO, "cannot %s the plan's "
			    "temporary file in %s%s: %s", write ? "write" :
			    "read", s->dir, write ? "" : " back", k < 0 ?
			    strerror(errno) : write ? "nothing written" :
			    "it is shorter than written");
		done += (size_t)k;
	}
	return 0;
}

static int spill(plan_rows *s)
{
	int rc;

	if ((s->fd < 0 && (rc = open_file(s))) ||
	    (rc = file_io(s, true, s->buf, s->buf_len, s->file_len)))
		return rc;
	s->file_len += s->buf_len;
	s->buf_len = 0;
	return 0;
}

int plan_rows_append(plan_rows *s)
{
	const ro_plan_row *r = &s->scratch;
	size_t need = plan_row_encoded_size(r);
	int rc;

	if (s->n == s->cap || s->total + need > OFF_MASK)
		return ro_error_set(RO_EINTERNAL, "more plan rows than planned");
	if (!plan_row_encodable(r))
		return ro_error_set(RO_EINTERNAL, "a change of an unknown field");
	if (s->buf_len + need > s->buf_cap) {
		size_t cap = s->buf_cap ? s->buf_cap : s->spill + 4096;
		uint8_t *b;
		while (cap < s->buf_len + need)
			cap *= 2;
		if (!(b = realloc(s->buf, cap)))
			return RO_ENOMEM;
		s->buf = b;
		s->buf_cap = cap;
	}
	plan_row_encode(r, s->buf + s->buf_len);
	s->buf_len += need;
	s->off[s->n++] = s->total | (uint64_t)r->status << 56;
	s->total += need;
	s->has_last = true;
	if (s->buf_len >= s->spill && (rc = spill(s)))
		return rc;
	return 0;
}

ro_status plan_rows_status(const plan_rows *s, size_t i)
{
	return (ro_status)(s->off[i] >> 56);
}

/* The encoding of bytes [at, at + n) of the stream: in the buffer, the
 * read window, or read into the window (a row longer than the window
 * gets a window of its own). */
static int encoding(plan_rows *s, uint64_t at, size_t n, const uint8_t **out)
{
	size_t len;
	int rc;

	if (at >= s->file_len) {
		*out = s->buf + (at - s->file_len);
		return 0;
	}
	if (s->win && at >= s->win_off && at + n <= s->win_off + s->win_len) {
		*out = s->win + (at - s->win_off);
		return 0;
	}
	len = n > WINDOW ? n : WINDOW;
	if (len > s->file_len - at)
		len = (size_t)(s->file_len - at);
	if (len < n)
		return damaged();
	if (len > s->win_cap) {
		size_t cap = len > WINDOW ? len : WINDOW;
		uint8_t *w = realloc(s->win, cap);
		if (!w)
			return ro_error_set(RO_ENOMEM, "out of memory");
		s->win = w;
		s->win_cap = cap;
	}
	s->win_len = 0;
	if ((rc = file_io(s, false, s->win, len, at)))
		return rc;
	s->win_off = at;
	s->win_len = len;
	*out = s->win;
	return 0;
}

const ro_plan_row *plan_rows_get(plan_rows *s, size_t i)
{
	size_t h = i % (2 * KEPT), size;
	uint64_t at, end;
	const uint8_t *enc = NULL;
	kept_row *k;

	if (!s || i >= s->n) {
		ro_error_set(RO_EINVAL, "the plan has no row %zu", i);
		return NULL;
	}
	if (s->hit[h] && s->kept[s->hit[h] - 1].index == i)
		return &s->kept[s->hit[h] - 1].row;
	at = s->off[i] & OFF_MASK;
	end = i + 1 < s->n ? s->off[i + 1] & OFF_MASK : s->total;
	k = &s->kept[s->next];
	k->index = SIZE_MAX;
	if (encoding(s, at, (size_t)(end - at), &enc) ||
	    plan_row_decoded_size(enc, (size_t)(end - at), &size))
		return NULL;
	if (size > k->cap) {
		char *m = realloc(k->mem, size);
		if (!m) {
			ro_error_set(RO_ENOMEM, "out of memory");
			return NULL;
		}
		k->mem = m;
		k->cap = size;
	}
	if (plan_row_decode(enc, (size_t)(end - at), &k->row, k->mem, k->cap))
		return NULL;
	k->index = i;
	s->hit[h] = (uint32_t)(s->next + 1);
	s->next = (s->next + 1) % KEPT;
	return &k->row;
}

int plan_rows_fd(const plan_rows *s)
{
	return s->fd;
}

uint64_t plan_rows_encoded(const plan_rows *s)
{
	return s->total;
}

size_t plan_rows_memory(const plan_rows *s)
{
	size_t n = sizeof *s + s->cap * sizeof *s->off + s->buf_cap +
	    s->win_cap;

	for (size_t i = 0; i < KEPT; i++)
		n += s->kept[i].cap;
	for (const plan_chunk *k = s->arena; k; k = k->next)
		n += sizeof *k + k->cap;
	return n;
}

void plan_rows_trace(const plan_rows *s)
{
	if (s)
		ro_trace("plan: %zu rows, %.1f MiB encoded, %.1f MiB of them "
		    "in the temporary file, %.1f MiB in memory", s->n,
		    (double)s->total / 1048576, (double)s->file_len / 1048576,
		    (double)plan_rows_memory(s) / 1048576);
}

/* ---- the public accessors (plan.h) ---- */

const ro_plan_row *ro_plan_row_at(const ro_plan *p, size_t i)
{
	/* The ring of decoded rows changes, not the plan's rows. */
	return plan_rows_get(plan_rows_of((ro_plan *)(uintptr_t)p), i);
}

ro_status ro_plan_row_status(const ro_plan *p, size_t i)
{
	const plan_rows *s = plan_rows_of((ro_plan *)(uintptr_t)p);

	return s && i < s->n ? plan_rows_status(s, i) : RO_ST_NONE;
}
