/* plan_int.h — what the files of the plan share (engine-internal).
 *
 * The upload runs in stages, one file each; each file calls only the
 * files listed before it (the arrows run one way, down this list):
 *   plan_map.c    arenas, the multimap, name keys          (bottom)
 *   plan_row_code.c  one row of the plan as bytes and back
 *   plan_rows.c   the plan's rows, encoded, past a few MiB in a
 *                 temporary file (plan_rows.h)
 *   plan_note.c   a row's messages
 *   plan_read.c   the file → typed records (header check, cell counts,
 *                 trimming, damaged numbers, password rules): file only
 *   plan_or_link.c    the SSO provider a bundle's userIds names
 *   plan_or_site.c    a OneRoster bundle's view of the site
 *   plan_oneroster.c  a OneRoster bundle → the same records, its codes
 *   plan_groups.c the site's groups by id and name, "did you mean"
 *   plan_lookup_ids.c   the portfolios of a window's ids (one batch)
 *   plan_lookup_names.c the owners of its usernames, earlier creations
 *   plan_damage.c cells a spreadsheet program damaged
 *   plan_dups.c   what crosses the windows, from every record before
 *                 the first: repeated ids (E21) and usernames (E33)
 *   plan_change.c the fields a row changes, walked in column order
 *   plan_check.c  every status code and warning of every row
 *   plan_diff.c   the plan value: each row's status, codes, changes
 *   plan_release.c  a trial run's records given back behind its walk
 *   plan_fingerprint.c  the keyed hash of the file and the plan
 *   plan.c        a pass, the trial run, the fingerprint's key, freeing
 *   plan_apply.c  the upload: hash, lock, re-plan, apply, record
 *   plan_show.c   what every front end renders alike: may it upload, a
 *                 change's wording, the header as a line          (top)
 * The records are read once; the checks and the diff run again inside
 * the write transaction against the locked data.
 *
 * A pass checks the records a window at a time (plan.c): the store's
 * copies of the window's portfolios and owners, and its results, exist
 * only while the window's rows are checked, built and fingerprinted (a
 * trial run of 970,213 rows held 215 MiB of them at once).  What one row
 * says about another (E21, E33) is found from every record before the
 * first window (plan_dups.c).  The upload's pass is one window: it
 * applies from every row's result. */
#ifndef ROSTER_PLAN_INT_H
#define ROSTER_PLAN_INT_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <roster/account.h>
#include <roster/plan.h>
#include "core_int.h"

enum plan_col {
	C_ID, C_USER, C_PW, C_FIRST, C_LAST, C_YEAR, C_GROUP, C_EMAIL, C_TYPE,
	C_ACTIVE, /* not a column: a OneRoster bundle's deactivation */
	C_SSO     /* not a column: a OneRoster bundle's SSO link */
};
/* A row's codes are bits of a uint64_t (33 codes since OneRoster). */
_Static_assert(RO_ST__COUNT <= 64, "status codes no longer fit the bits");

/* How a number cell was read (Portfolio ID, Graduation Year). */
enum plan_num {
	NUM_BLANK = 0,
	NUM_OK,        /* digits */
	NUM_DOT0,      /* "123.0": W10, read as 123 */
	NUM_SCI,       /* "1.2E+05": W10, digits may be lost: not used */
	NUM_BAD        /* not a number */
};

/* One data row as the file holds it, after trimming.  Kept small: a
 * 970,213-row file holds 970,213 of them (80 bytes each). */
typedef struct plan_rec {
	char *buf;            /* the nine cells, NUL-separated */
	uint32_t off[RO_UPLOAD_COLUMNS]; /* where each cell starts in buf */
	uint32_t row;         /* spreadsheet row number (at most 1,048,576) */
	int64_t id;           /* NUM_OK / NUM_DOT0: the id */
	uint64_t pw_digest;   /* keyed digest, for the fingerprint */
	uint16_t ncells;      /* as read (E11 when not 9; at most
	                       * RO_SHEET_MAX_CELLS) */
	uint16_t trimmed;     /* W11: bit per column */
	int16_t year;         /* 0 unless a valid year */
	uint8_t id_num, year_num;  /* enum plan_num */
	int8_t type;          /* ro_account_type, -1 when not one */
	bool pw_set;          /* the Password cell is not blank */
	bool deactivate;      /* OneRoster: tobedeleted / enabledUser false */
	uint8_t link;         /* OneRoster: ro_sso the row links it to */
	bool pw_weak;         /* W20 */
	uint8_t npw;          /* password rule breaches (E40, E41) */
	uint8_t pw[2];        /* ro_status */
} plan_rec;
#define CELL(r, i) ((r)->buf + (r)->off[i])
/* The row has the nine cells (else E11 and nothing else is checked). */
static inline bool plan_rec_whole(const plan_rec *r)
{
	return r->ncells == RO_UPLOAD_COLUMNS;
}
/* A whole row with a usable Portfolio ID. */
static inline bool plan_rec_has_id(const plan_rec *r)
{
	return plan_rec_whole(r) && (r->id_num == NUM_OK ||
	    r->id_num == NUM_DOT0) && r->id > 0;
}

/* An arena: blocks that cells and strings are carved from, one malloc
 * per 1 MiB rather than one per string, all freed at once. */
typedef struct plan_chunk {
	struct plan_chunk *next;
	size_t used, cap;
	char data[];
} plan_chunk;
char *plan_arena_alloc(plan_chunk **head, size_t len);
/* len bytes aligned to align (a power of two). */
void *plan_arena_alloc_aligned(plan_chunk **head, size_t len, size_t align);
/* NULL for NULL; sets *nomem when out of memory. */
char *plan_arena_strdup(plan_chunk **head, const char *s, bool *nomem);
void plan_arena_free(plan_chunk **head);
/* Empties the arena, keeping its newest block for what comes next. */
void plan_arena_reset(plan_chunk **head);

/* A plan as the engine holds it: the public value first (a plan's address
 * is this), then what only the engine sees: its rows (plan_rows.h),
 * freed with the plan. */
struct plan_rows;
typedef struct plan_whole {
	ro_plan pub;
	struct plan_rows *rows;
} plan_whole;
static inline struct plan_rows *plan_rows_of(ro_plan *p)
{
	return ((plan_whole *)(void *)p)->rows;
}

/* A simple open-addressing multimap from 64-bit keys to indexes. */
typedef struct plan_map {
	uint64_t *keys;       /* 0: empty slot */
	size_t *vals;
	size_t mask;
} plan_map;
int plan_map_init(plan_map *m, size_t n);
void plan_map_free(plan_map *m);
/* A put probes past every entry already under an equal key: put each
 * key a bounded number of times (a file's repeated names once), or the
 * puts cost n^2/2 probes. */
void plan_map_put(plan_map *m, uint64_t key, size_t val);
/* Iterates the values under key: *slot = 0 to start; SIZE_MAX at end. */
size_t plan_map_next(const plan_map *m, uint64_t key, size_t *slot);
/* Which keys a set holds more than once, without a table of every key:
 * two bits a slot (put once, put again) and 16 slots a key.  maybe is
 * true for every key put twice or more, and for about one key put once
 * in 16 (another key shares its slot): the few to look at again. */
typedef struct plan_twice {
	uint64_t *once, *again;
	size_t mask;
} plan_twice;
int plan_twice_init(plan_twice *t, size_t n);
void plan_twice_put(plan_twice *t, uint64_t key);
bool plan_twice_maybe(const plan_twice *t, uint64_t key);
void plan_twice_free(plan_twice *t);
/* FNV-1a of s from a start secret to the process, ASCII letters folded
 * (usernames and group names compare as SQLite's NOCASE does); never 0.
 * Equal names give equal keys within one process only. */
uint64_t plan_key_nocase(const char *s);
static inline uint64_t plan_key_id(int64_t id)
{
	return (uint64_t)id ? (uint64_t)id : 1;
}

/* A code's message for one row (several W10 cells share one). */
typedef struct plan_note {
	ro_status code;
	char *text;
} plan_note;

/* What a plan resolved for one record, for the diff and the apply. */
typedef struct plan_res {
	ro_store_row *cur;    /* the portfolio (NULL: new, or none found) */
	const char *username; /* after repairing a damaged cell */
	int64_t group_id;     /* 0: no group */
	const char *group;    /* the group's name as the site spells it */
	uint64_t codes;       /* bit (1 << ro_status) per code and warning */
	/* Bit (1u << plan_col) per text cell (names, email) that equals the
	 * portfolio's value but for spaces around it, which trimming took
	 * off: the portfolio's value stands (no change, no W11), so that a
	 * value stored with such spaces exports and uploads back as SAME. */
	uint16_t keep;
	plan_note *notes;
	size_t nnotes;
	/* A row without an ID naming a portfolio that an earlier batch
	 * created, in every field but the password: that portfolio and
	 * batch (the row is SAME, not E32). */
	int64_t same_id, created_by;
} plan_res;


/* The state of one planning pass: the records, and what the store said. */
typedef struct plan_ctx {
	ro_session *s;
	ro_store *st;
	const char *path;
	ro_sheet_format format;
	bool cp1252;
	ro_status file_error;
	char *file_message;
	uint8_t key[16];      /* the database's fingerprint key */
	plan_rec *recs;
	size_t nrecs, caprecs;
	plan_chunk *chunks;
	bool trial_run;       /* this pass applies nothing (no hashes kept) */
	/* Called every PLAN_READ_STEP rows while the file is read (done =
	 * rows so far, total 0: unknown); non-zero cancels (RO_ECANCEL). */
	ro_progress_fn progress;
	void *pctx;
	const ro_plan_opts *opts;
	struct plan_or *orx;  /* a OneRoster bundle's extras (NULL: a file) */
	/* rebuilt by every pass */
	plan_chunk *row_chunks; /* the strings of cur and owners */
	ro_store_row *cur;
	size_t ncur, capcur;
	plan_map taken;       /* username (nocase) → cur index of its owner */
	ro_store_row *owners; /* portfolios owning usernames of the file */
	size_t nowners, capowners;
	ro_named_list *groups;
	plan_map group_by_name;
	plan_map group_by_id;
	/* The window [win_lo, win_hi) of records being checked: their
	 * results (plan_res_of), and the portfolios and owners above.
	 * window: the rows of a trial run's window (PLAN_WINDOW; a test may
	 * set another after plan_open); an upload's is the whole file. */
	size_t window;
	size_t win_lo, win_hi;
	plan_res *res;        /* the window's: res[i - win_lo] */
	size_t capres;
	/* From every record, before the first window (plan_dups.c): the row
	 * number of another record with the same id (E21), the same username
	 * ignoring case (E33); 0: none.  Freed after the last window's
	 * checks. */
	uint32_t *dup_id, *dup_user;
	double t_check[4];    /* ms: repeats, then ids, usernames, rows */
} plan_ctx;

/* The rows of a trial run's window: a few MiB of portfolios and results,
 * and a batch big enough that a lookup's per-query cost is nothing. */
#define PLAN_WINDOW 65536

/* The rows of the pass's windows: a trial run's window (at most the
 * file), or the whole file for an upload's pass. */
static inline size_t plan_window_rows(const plan_ctx *c)
{
	return c->trial_run && c->window && c->window < c->nrecs ? c->window :
	    c->nrecs;
}

/* Record i's result; i is in the window being checked. */
static inline plan_res *plan_res_of(const plan_ctx *c, size_t i)
{
	assert(i >= c->win_lo && i < c->win_hi);
	return &c->res[i - c->win_lo];
}

/* plan_note.c: "%s"-style message into a fresh string (NULL on no
 * memory). */
char *plan_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Adds a code and its message (text, taken; NULL: RO_ENOMEM) to a row's
 * result; a second message of the same code (W10 in two cells) joins the
 * first. */
int plan_note_add(plan_res *x, ro_status code, char *text);

/* plan_read.c: reads a spreadsheet into ctx->recs, or sets file_error
 * (E10).  RO_EIO / RO_EFORMAT when it cannot be read. */
int plan_read(plan_ctx *c);
void plan_recs_free(plan_ctx *c);
/* Is s a number in scientific notation ("1.23E+05", "1,2e5"), as a
 * spreadsheet shows a long number? */
bool plan_is_sci(const char *s);
/* Wipes the password cells (after hashing). */
void plan_recs_wipe_passwords(plan_ctx *c);

/* plan_groups.c: the site's groups into ctx->groups and its two maps. */
int plan_lookup_groups(plan_ctx *c);
/* The name of the site's group id, or NULL (none, or another site's). */
char *plan_group_name_of(const plan_ctx *c, int64_t id);
/* The site's group of that name (ignoring case), or NULL. */
const ro_named *plan_group_named(plan_ctx *c, const char *name);
/* The group name of the site closest to name (edit distance), or NULL. */
const char *plan_closest_group(const ro_named_list *groups, const char *name);

/* plan_lookup_ids.c: where the store's rows are kept (copies, their
 * strings in *arena). */
typedef struct plan_rows_sink {
	ro_store_row **v;
	size_t *n, *cap;
	plan_chunk **arena;
	bool hashes;          /* keep the password hashes (an upload's undo) */
} plan_rows_sink;
/* A store row callback (ctx: a plan_rows_sink) keeping a copy. */
int plan_keep_row(void *ctx, ro_store_row *row);
/* Does the record give the portfolio every value it has (the password
 * aside)? */
bool plan_fields_match(const plan_rec *r, const ro_store_row *row);
/* A record's id and index: sorted by id, they join the store's rows
 * (also in id order) without a hash table, and show repeated ids. */
typedef struct plan_id_pair {
	int64_t id;
	size_t rec;
} plan_id_pair;
/* Sorts by id, then record. */
int plan_sort_id_pairs(plan_id_pair *v, size_t n);
/* Reads the portfolios the window's records name into c->cur (in id
 * order) and points each record's result at its own. */
int plan_lookup_ids(plan_ctx *c);

/* plan_lookup_names.c (after the usernames are resolved): the owners of
 * the usernames the window claims into c->owners and c->taken. */
int plan_lookup_usernames(plan_ctx *c);
/* The portfolio already using name (ignoring case), or NULL. */
const ro_store_row *plan_owner_of(const plan_ctx *c, const char *name);
/* The window's rows without an ID that an earlier batch created
 * (same_id, created_by). */
int plan_find_created(plan_ctx *c);

/* plan_damage.c: a cell (Username, Group) that differs from the current
 * value cur: does it look damaged by a spreadsheet?  Returns what
 * happened ("" when nothing), and sets *explained when the damage turns
 * cur into cell, so that the current value is what the admin meant. */
const char *plan_damage(const char *cell, const char *cur, bool *explained);
/* Could the damage of some current value have made cell (all digits,
 * "123.0", "1.2E+05")?  Only such a cell's meaning depends on the
 * portfolio's value. */
bool plan_damage_may_explain(const char *cell);
/* The username a whole row with Username cell means, its portfolio's
 * being cur (NULL: none): cur when a spreadsheet's damage turns cur into
 * cell, else cell; *what as plan_damage ("" when the cell is not
 * damaged). */
const char *plan_damage_resolve(const char *cell, const char *cur,
    const char **what);

/* plan_dups.c, before the first window: c->dup_id (E21) from the
 * records' ids; c->dup_user (E33) from the usernames the rows mean,
 * looking up the portfolios of just the rows whose cell may be damaged
 * (plan_damage_may_explain).  The first occurrence names the second,
 * later ones the first. */
int plan_find_id_dups(plan_ctx *c);
int plan_find_user_dups(plan_ctx *c);

/* plan_check.c: open: the site's groups, the tables of repeats, the
 * results of one window; window(lo, hi): every code of records [lo, hi)
 * into their results, after the lookups of that window (what the window
 * before kept is freed first); clear: all of it. */
int plan_check_open(plan_ctx *c);
int plan_check_window(plan_ctx *c, size_t lo, size_t hi);
void plan_check_clear(plan_ctx *c);

/* The value a text cell (C_FIRST, C_LAST, C_EMAIL) gives the row: the
 * portfolio's own where plan_res.keep says so, else the trimmed cell. */
static inline const char *plan_value(const plan_rec *r, const plan_res *x,
    enum plan_col col)
{
	if (x->cur && (x->keep & (1u << col)))
		return col == C_FIRST ? x->cur->p.first : col == C_LAST ?
		    x->cur->p.last : x->cur->p.email;
	return CELL(r, col);
}

/* plan_change.c: calls fn for each field the row changes, in column
 * order (old_v NULL for a field of a new portfolio); a non-zero return
 * stops the walk and is returned. */
typedef int (*plan_change_fn)(void *ctx, enum plan_col col,
    const char *old_v, const char *new_v);
int plan_each_change(const plan_rec *r, const plan_res *x, plan_change_fn fn,
    void *ctx);
int plan_each_create(const plan_rec *r, const plan_res *x, plan_change_fn fn,
    void *ctx);
/* Does the row change its portfolio? */
bool plan_row_changes(const plan_rec *r, const plan_res *x);

/* plan_diff.c: the plan value from ctx (records, checks), in steps (the
 * pass does more per row, a window at a time): the plan with
 * its rows array (none built; *out a whole plan when the file has an
 * error), row i, and what follows the rows (OneRoster's fill, the blast
 * radius).  The caller frees the plan on failure. */
int plan_build_open(ro_plan **out, plan_ctx *c, bool trial_run);
int plan_build_row(ro_plan *p, plan_ctx *c, size_t i);
int plan_build_close(ro_plan *p, plan_ctx *c);

/* plan_release.c: a trial run's last walk over its records.  open takes
 * the cells' chunks from ctx; row(i) after row i is built and
 * fingerprinted (its password wiped, its notes freed, and every
 * RELEASE_STEP rows the pages and chunks behind the walk given back);
 * close(walked) wipes the passwords of the rows not walked and frees the
 * records, the results and the lookups (ctx then holds no records). */
typedef struct plan_release {
	plan_chunk **chunk;   /* by address; NULL once freed */
	size_t *last;         /* the last record whose cells are in each */
	size_t n;
	size_t done;          /* records whose pages are given back */
} plan_release;
int plan_release_open(plan_release *rl, plan_ctx *c);
void plan_release_row(plan_release *rl, plan_ctx *c, size_t i);
void plan_release_close(plan_release *rl, plan_ctx *c, size_t walked);

/* plan_fingerprint.c */
/* SipHash-2-4, streamed (exposed for its test vectors). */
typedef struct plan_sip {
	uint64_t v[4];
	uint64_t m;
	uint64_t len;
} plan_sip;
void plan_sip_init(plan_sip *h, const uint8_t key[16]);
void plan_sip_update(plan_sip *h, const void *data, size_t n);
uint64_t plan_sip_final(plan_sip *h);
/* A keyed digest of a secret: nothing about it can be learnt from the
 * fingerprint without the database's key. */
uint64_t plan_secret_digest(const plan_ctx *c, const char *secret);
/* The fingerprint of p (plan.h says what goes in), row by row: begin,
 * row(i) for each record in order (each just after plan_build_row(i): it
 * reads the row as built), end. */
void plan_fp_begin(plan_sip *h, const plan_ctx *c);
void plan_fp_row(plan_sip *h, const plan_ctx *c, const ro_plan *p, size_t i);
void plan_fp_end(plan_sip *h, ro_plan *p);

/* plan.c */
/* Starts a plan: checks who acts, loads the key, reads the file. */
int plan_open(plan_ctx *c, ro_session *s, const char *path,
    ro_sheet_format format, ro_progress_fn progress, void *pctx,
    const ro_plan_opts *o);
/* One full pass: lookups, checks, the plan and its fingerprint, a
 * window of records at a time (one window for an upload).  A trial run's
 * pass is its last use of the records: it gives them back as it goes
 * (plan_release.c), and ctx holds none afterwards. */
int plan_pass(ro_plan **out, plan_ctx *c, bool trial_run);
void plan_ctx_free(plan_ctx *c);

/* plan_read.c: one row into a record (what plan_oneroster.c adds). */
int plan_rec_add(plan_ctx *c, const ro_sheet_row *row);

/* plan_oneroster.c: a OneRoster bundle as records (the nine columns),
 * with what only it says: the sourcedIds to keep, the deactivations,
 * the SSO lock, the users left out and the portfolios not mentioned. */
int plan_read_oneroster(plan_ctx *c);
/* W32, W33 of record i (after the other checks). */
int plan_or_check(plan_ctx *c, size_t i, plan_res *x);
/* Fills the plan's OneRoster fields. */
int plan_or_fill(ro_plan *p, const plan_ctx *c);
/* In the upload's transaction: keeps record i's sourcedId on portfolio
 * id (a no-op when it has it, or when the bundle's is roster's own). */
int plan_or_keep_sid(plan_ctx *c, size_t i, int64_t id);
/* The same for every row that is not NEW (NEW rows keep theirs as they
 * are created). */
/* The provider's id of the SSO link record i makes (NULL: none). */
const char *plan_or_link_id(const plan_ctx *c, size_t i);
int plan_or_keep_sids(plan_ctx *c, const ro_plan *p);
void plan_or_free(plan_ctx *c);
void plan_or_plan_free(ro_plan *p);

#endif
