/* plan_row_code.c — one plan row as bytes and back (plan_rows.h): the
 * counts first, then the codes as bytes, the ids as zigzag varints, and
 * every string as its length + 1 (0: NULL) and its bytes; a change's
 * field as its column's index.  Decoding checks every length against
 * the bytes it has: a damaged encoding is RO_EIO, never a wild read. */
#include "plan_int.h"
#include "plan_rows.h"

#include <string.h>

static const char *field_name(unsigned k)
{
	return k < RO_UPLOAD_COLUMNS ? ro_upload_headers()[k] :
	    k == C_ACTIVE ? "Active" : k == C_SSO ? "SSO" : NULL;
}

static int field_index(const char *f)
{
	for (unsigned k = 0; k <= C_SSO; k++)
		if (f == field_name(k))
			return (int)k;
	for (unsigned k = 0; k <= C_SSO; k++)
		if (f && strcmp(f, field_name(k)) == 0)
			return (int)k;
	return -1;
}

static size_t varint_size(uint64_t v)
{
	size_t n = 1;

	while (v >= 0x80) {
		v >>= 7;
		n++;
	}
	return n;
}

static uint8_t *put_varint(uint8_t *d, uint64_t v)
{
	while (v >= 0x80) {
		*d++ = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	*d++ = (uint8_t)v;
	return d;
}

static uint64_t zigzag(int64_t v)
{
	return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

static int64_t unzigzag(uint64_t v)
{
	return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

/* A string: its length + 1 (0: NULL), then its bytes. */
static size_t str_size(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	return s ? varint_size(n + 1) + n : 1;
}

static uint8_t *put_str(uint8_t *d, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	d = put_varint(d, s ? n + 1 : 0);
	memcpy(d, s ? s : "", n);
	return d + n;
}

static size_t changes_size(const ro_change *c, size_t n)
{
	size_t t = 0;

	for (size_t i = 0; i < n; i++)
		t += 1 + str_size(c[i].old_value) + str_size(c[i].new_value);
	return t;
}

bool plan_row_encodable(const ro_plan_row *r)
{
	for (size_t i = 0; i < r->nchanges; i++)
		if (field_index(r->changes[i].field) < 0)
			return false;
	for (size_t i = 0; i < r->ncreates; i++)
		if (field_index(r->creates[i].field) < 0)
			return false;
	return r->status >= 0 && r->status < RO_ST__COUNT;
}

size_t plan_row_encoded_size(const ro_plan_row *r)
{
	size_t t = varint_size(r->row) + 1 + varint_size(r->ncodes) +
	    varint_size(r->nwarnings) + varint_size(r->nmessages) +
	    varint_size(r->nchanges) + varint_size(r->ncreates) +
	    r->ncodes + r->nwarnings +
	    varint_size(zigzag(r->portfolio_id)) +
	    varint_size(zigzag(r->created_by)) + str_size(r->username);

	for (size_t i = 0; i < r->nmessages; i++)
		t += str_size(r->messages[i]);
	return t + changes_size(r->changes, r->nchanges) +
	    changes_size(r->creates, r->ncreates);
}

static uint8_t *put_changes(uint8_t *d, const ro_change *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		*d++ = (uint8_t)field_index(c[i].field);
		d = put_str(d, c[i].old_value);
		d = put_str(d, c[i].new_value);
	}
	return d;
}

size_t plan_row_encode(const ro_plan_row *r, uint8_t *dst)
{
	uint8_t *d = dst;

	d = put_varint(d, r->row);
	*d++ = (uint8_t)r->status;
	d = put_varint(d, r->ncodes);
	d = put_varint(d, r->nwarnings);
	d = put_varint(d, r->nmessages);
	d = put_varint(d, r->nchanges);
	d = put_varint(d, r->ncreates);
	for (size_t i = 0; i < r->ncodes; i++)
		*d++ = (uint8_t)r->codes[i];
	for (size_t i = 0; i < r->nwarnings; i++)
		*d++ = (uint8_t)r->warnings[i];
	d = put_varint(d, zigzag(r->portfolio_id));
	d = put_varint(d, zigzag(r->created_by));
	d = put_str(d, r->username);
	for (size_t i = 0; i < r->nmessages; i++)
		d = put_str(d, r->messages[i]);
	d = put_changes(d, r->changes, r->nchanges);
	d = put_changes(d, r->creates, r->ncreates);
	return (size_t)(d - dst);
}

/* A reader over one encoding; bad is set past its end or on a value
 * that does not fit. */
typedef struct reader {
	const uint8_t *p, *end;
	bool bad;
} reader;

static uint64_t get_varint(reader *r)
{
	uint64_t v = 0;

	for (unsigned shift = 0; shift < 64; shift += 7) {
		if (r->p >= r->end)
			break;
		uint8_t b = *r->p++;
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return v;
	}
	r->bad = true;
	return 0;
}

static size_t get_count(reader *r)
{
	uint64_t v = get_varint(r);

	/* Each counted thing takes at least a byte. */
	if (v > (uint64_t)(r->end - r->p)) {
		r->bad = true;
		return 0;
	}
	return (size_t)v;
}

static uint8_t get_byte(reader *r)
{
	if (r->p >= r->end) {
		r->bad = true;
		return 0;
	}
	return *r->p++;
}

/* A string into *sp (NUL added); NULL for NULL. */
static char *get_str(reader *r, char **sp)
{
	uint64_t n = get_varint(r);
	char *s = *sp;

	if (!n || r->bad)
		return NULL;
	n--;
	if (n > (uint64_t)(r->end - r->p)) {
		r->bad = true;
		return NULL;
	}
	memcpy(s, r->p, (size_t)n);
	s[n] = '\0';
	r->p += n;
	*sp = s + n + 1;
	return s;
}

struct counts {
	size_t row, ncodes, nwarnings, nmessages, nchanges, ncreates;
	uint8_t status;
};

static void get_counts(reader *r, struct counts *k)
{
	k->row = (size_t)get_varint(r);
	k->status = get_byte(r);
	k->ncodes = get_count(r);
	k->nwarnings = get_count(r);
	k->nmessages = get_count(r);
	k->nchanges = get_count(r);
	k->ncreates = get_count(r);
}

/* The arrays first (pointers, then the codes), the strings after: every
 * string takes at most its bytes plus a NUL, fewer than 2 n in all. */
static size_t arrays_size(const struct counts *k)
{
	return (k->nchanges + k->ncreates) * sizeof(ro_change) +
	    k->nmessages * sizeof(char *) +
	    (k->ncodes + k->nwarnings) * sizeof(ro_status);
}

static int damaged(void)
{
	return ro_error_set(RO_EIO, "the plan's temporary file reads back "
	    "damaged");
}

int plan_row_decoded_size(const uint8_t *enc, size_t n, size_t *size)
{
	reader r = { enc, enc + n, false };
	struct counts k;

	get_counts(&r, &k);
	if (r.bad)
		return damaged();
	*size = arrays_size(&k) + 2 * n + 1;
	return 0;
}

static void get_changes(reader *r, ro_change *c, size_t n, char **sp)
{
	for (size_t i = 0; i < n && !r->bad; i++) {
		c[i].field = field_name(get_byte(r));
		c[i].old_value = get_str(r, sp);
		c[i].new_value = get_str(r, sp);
		if (!c[i].field)
			r->bad = true;
	}
}

int plan_row_decode(const uint8_t *enc, size_t n, ro_plan_row *out,
    char *mem, size_t cap)
{
	reader r = { enc, enc + n, false };
	struct counts k;
	char *s;

	get_counts(&r, &k);
	if (r.bad || cap < arrays_size(&k) + 2 * n + 1)
		return damaged();
	memset(out, 0, sizeof *out);
	out->row = k.row;
	out->status = (ro_status)k.status;
	out->changes = k.nchanges ? (ro_change *)(void *)mem : NULL;
	out->creates = k.ncreates ? (ro_change *)(void *)mem + k.nchanges :
	    NULL;
	mem += (k.nchanges + k.ncreates) * sizeof(ro_change);
	out->messages = k.nmessages ? (char **)(void *)mem : NULL;
	mem += k.nmessages * sizeof(char *);
	out->codes = k.ncodes ? (ro_status *)(void *)mem : NULL;
	out->warnings = k.nwarnings ? (ro_status *)(void *)mem + k.ncodes :
	    NULL;
	s = mem + (k.ncodes + k.nwarnings) * sizeof(ro_status);
	for (size_t i = 0; i < k.ncodes; i++)
		out->codes[i] = (ro_status)get_byte(&r);
	for (size_t i = 0; i < k.nwarnings; i++)
		out->warnings[i] = (ro_status)get_byte(&r);
	out->ncodes = k.ncodes;
	out->nwarnings = k.nwarnings;
	out->portfolio_id = unzigzag(get_varint(&r));
	out->created_by = unzigzag(get_varint(&r));
	out->username = get_str(&r, &s);
	for (size_t i = 0; i < k.nmessages && !r.bad; i++)
		if (!(out->messages[i] = get_str(&r, &s)))
			r.bad = true;
	out->nmessages = k.nmessages;
	get_changes(&r, out->changes, k.nchanges, &s);
	out->nchanges = k.nchanges;
	get_changes(&r, out->creates, k.ncreates, &s);
	out->ncreates = k.ncreates;
	if (r.bad || r.p != r.end || !out->username)
		return damaged();
	return 0;
}
