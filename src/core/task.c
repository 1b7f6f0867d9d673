/* task.c — portfolio tasks as batches: who may run them, what they would
 * change (the preview and the blast-radius hold), and the run itself.
 *
 * A run reads the selection in a read transaction and classifies every
 * row (change, already so, skipped and why).  Passwords are generated and
 * hashed after that, on the worker pool, with no lock held; only then does
 * task_apply.c take the write lock, re-check every row's version and write
 * the whole batch in one transaction.  Mail goes out after the commit. */
#include "task_int.h"

#include <roster/outfile.h>
#include <roster/pool.h>
#include <roster/rules.h>
#include <roster/text.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* More than this many password or username changes always need the
 * count typed back, whatever the size of the site (SPEC). */
#define HOLD_ABSOLUTE 1000

static const struct {
	const char *label;      /* the drop-down's words */
	const char *name;       /* the batch kind */
	const char *verb;       /* "passwords reset", for messages */
} kinds[RO_TASK__COUNT] = {
	[RO_TASK_RESET_PASSWORDS] = { "Reset Passwords", "reset-passwords",
	    "reset" },
	[RO_TASK_EXPORT] = { "Export for Upload", "export", "export" },
	[RO_TASK_MOVE_GROUP] = { "Move to Group", "move-group", "move" },
	[RO_TASK_SET_GRAD_YEAR] = { "Change Graduation Year", "set-grad-year",
	    "change" },
	[RO_TASK_DEACTIVATE] = { "Deactivate", "deactivate", "deactivate" },
	[RO_TASK_REACTIVATE] = { "Reactivate", "reactivate", "reactivate" },
};

const char *ro_task_label(ro_task_kind k)
{
	return (unsigned)k < RO_TASK__COUNT ? kinds[k].label : "?";
}

const char *ro_task_kind_name(ro_task_kind k)
{
	return (unsigned)k < RO_TASK__COUNT ? kinds[k].name : "?";
}

static void target_clear(ro_task_target *t)
{
	free(t->username);
	free(t->first);
	free(t->last);
	free(t->group);
	free(t->email);
}

void ro_task_result_free(ro_task_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nskips; i++)
		free(r->skips[i].username);
	free(r->skips);
	for (size_t i = 0; i < r->nslips; i++) {
		ro_slip *sl = &r->slips[i];
		if (sl->password) {
			explicit_bzero(sl->password, strlen(sl->password));
			free(sl->password);
		}
		free(sl->first);
		free(sl->last);
		free(sl->group);
		free(sl->username);
		free(sl->email);
	}
	free(r->slips);
	for (size_t i = 0; i < r->nnotify_failures; i++) {
		free(r->notify_failures[i].username);
		free(r->notify_failures[i].email);
		free(r->notify_failures[i].reason);
	}
	free(r->notify_failures);
	free(r->slips_file);
	free(r->slips_error);
	ro_task_google_clear(r);
	free(r);
}

static void ctx_clear(ro_task_ctx *k)
{
	for (size_t i = 0; i < k->nt; i++)
		target_clear(&k->t[i]);
	free(k->t);
	free(k->group_name);
	if (k->hashes) {
		explicit_bzero(k->hashes, k->nt * sizeof *k->hashes);
		free(k->hashes);
	}
	free(k->passwords);
}

/* --- checking the request ------------------------------------------------ */

static int check_opts(ro_task_ctx *k)
{
	const ro_task_opts *o = k->o;
	ro_session *s = k->s;
	int rc;

	if ((unsigned)o->kind >= RO_TASK__COUNT)
		return ro_error_set(RO_EINVAL, "unknown task");
	if (o->kind == RO_TASK_EXPORT)
		return ro_error_set(RO_EINVAL, "Export for Upload runs through "
		    "ro_export_run");
	if (s->type < RO_TYPE_STAFF)
		return ro_error_set(RO_EDENIED, "%s accounts may not run "
		    "portfolio tasks", ro_account_type_name(s->type));
	if (!s->site_id)
		return ro_session_no_site();
	if (o->kind == RO_TASK_RESET_PASSWORDS) {
		if (o->generate && o->password)
			return ro_error_set(RO_EINVAL, "a temporary password "
			    "is either given or generated, not both");
		if (o->slips && !o->generate)
			return ro_error_set(RO_EINVAL, "sign-in slips come with "
			    "generated passwords only");
		if (o->google_csv && (rc = ro_task_google_check(s->db, o)))
			return rc;
		/* Slips are never written over anything (outfile.h). */
		if (o->slips && (rc = ro_outfile_check(s->db, o->slips, 0)))
			return rc != RO_EEXISTS ? rc : ro_error_set(RO_EEXISTS,
			    "%s already exists; the slips go to a new file "
			    "(remove it or choose another name)", o->slips);
	}
	if (o->kind == RO_TASK_MOVE_GROUP) {
		if (!o->group || !*o->group)
			return ro_error_set(RO_EINVAL, "move to which group? "
			    "none was given");
		if ((rc = ro_store_group_find(ro_db_store(s->db), &k->group_id,
		    &k->group_name, s->site_id, o->group)))
			return rc;
	}
	if (o->kind == RO_TASK_SET_GRAD_YEAR && (o->year < RO_GRAD_YEAR_MIN ||
	    o->year > RO_GRAD_YEAR_MAX))
		return ro_error_set(RO_EINVAL, "the graduation year must be a "
		    "4-digit year between %d and %d", RO_GRAD_YEAR_MIN,
		    RO_GRAD_YEAR_MAX);
	return 0;
}

/* The password a reset gives, checked once there is something to reset. */
static int check_password(const ro_task_opts *o)
{
	ro_status st;

	if (o->generate)
		return 0;
	if (!o->password || !*o->password)
		return ro_error_set(RO_EINVAL, "a temporary password is needed "
		    "(given or generated)");
	if ((st = ro_rules_password(o->password)) != RO_ST_NONE)
		return ro_error_set(RO_EINVAL, "temporary password: %s",
		    ro_rules_message(st));
	return 0;
}

/* --- the read phase ------------------------------------------------------- */

enum verdict { V_CHANGE, V_SAME, V_SKIP };

/* What the task does to one row; for V_SKIP, *code and *why say why. */
static enum verdict classify(const ro_task_ctx *k, const ro_store_row *row,
    ro_status *code, const char **why)
{
	const ro_portfolio *p = &row->p;
	const ro_session *s = k->s;

	*code = RO_ST_NONE;
	*why = NULL;
	if (s->type == RO_TYPE_STAFF && p->type != RO_TYPE_STUDENT) {
		*why = "staff accounts may change student portfolios only";
		return V_SKIP;
	}
	switch (k->o->kind) {
	case RO_TASK_RESET_PASSWORDS:
		if (p->id == s->user_id) {
			*why = "your own portfolio: your password is changed "
			    "by signing in";
			return V_SKIP;
		}
		/* The SSO lock first: it holds whether or not the portfolio
		 * is active. */
		if (p->sso != RO_SSO_NONE) {
			*code = RO_ST_E90;
			*why = "linked to Clever/ClassLink: its password is "
			    "managed there";
			return V_SKIP;
		}
		if (!p->active) {
			*code = RO_ST_E91;
			*why = "inactive: reactivate it first";
			return V_SKIP;
		}
		return V_CHANGE;
	case RO_TASK_MOVE_GROUP:
		return p->group_id == k->group_id ? V_SAME : V_CHANGE;
	case RO_TASK_SET_GRAD_YEAR:
		if (p->type != RO_TYPE_STUDENT) {
			*why = "only student portfolios have a graduation year";
			return V_SKIP;
		}
		return p->grad_year == k->o->year ? V_SAME : V_CHANGE;
	case RO_TASK_DEACTIVATE:
		if (p->id == s->user_id) {
			*why = "your own portfolio cannot be deactivated by you";
			return V_SKIP;
		}
		return p->active ? V_CHANGE : V_SAME;
	case RO_TASK_REACTIVATE:
		return p->active ? V_SAME : V_CHANGE;
	default:
		*why = "not a task";
		return V_SKIP;
	}
}

static int add_skip(ro_task_ctx *k, const ro_store_row *row, ro_status code,
    const char *why)
{
	ro_task_result *r = k->r;

	if (r->nskips == k->skips_cap) {
		size_t cap = k->skips_cap ? k->skips_cap * 2 : 16;
		ro_task_skip *n = realloc(r->skips, cap * sizeof *n);
		if (!n)
			return RO_ENOMEM;
		r->skips = n;
		k->skips_cap = cap;
	}
	ro_task_skip *sk = &r->skips[r->nskips];
	sk->id = row->p.id;
	sk->code = code;
	sk->reason = why;
	if (!(sk->username = strdup(row->p.username)))
		return RO_ENOMEM;
	r->nskips++;
	return 0;
}

static int add_target(ro_task_ctx *k, const ro_store_row *row)
{
	const ro_portfolio *p = &row->p;

	if (k->nt == k->capt) {
		size_t cap = k->capt ? k->capt * 2 : 64;
		ro_task_target *n = realloc(k->t, cap * sizeof *n);
		if (!n)
			return RO_ENOMEM;
		k->t = n;
		k->capt = cap;
	}
	ro_task_target *t = &k->t[k->nt];
	memset(t, 0, sizeof *t);
	t->id = p->id;
	t->version = p->version;
	k->nt++;
	if (!(t->username = strdup(p->username)))
		return RO_ENOMEM;
	if (k->o->kind != RO_TASK_RESET_PASSWORDS)
		return 0;
	/* Names and address for the slips and the mail. */
	if (!(t->first = strdup(p->first)) || !(t->last = strdup(p->last)) ||
	    (p->group_name && !(t->group = strdup(p->group_name))) ||
	    (p->email && *p->email && !(t->email = strdup(p->email))))
		return RO_ENOMEM;
	return 0;
}

static int read_row(void *ctx, ro_store_row *row)
{
	ro_task_ctx *k = ctx;
	ro_status code;
	const char *why;

	k->r->selected++;
	switch (classify(k, row, &code, &why)) {
	case V_CHANGE:
		return add_target(k, row);
	case V_SAME:
		k->r->unchanged++;
		return 0;
	default:
		return add_skip(k, row, code, why);
	}
}

/* Reads and classifies the selection in one snapshot. */
static int task_read(ro_task_ctx *k, const ro_selection *sel)
{
	ro_store *st = ro_db_store(k->s->db);
	ro_selection in = *sel;
	int rc;

	/* Reactivating needs the inactive portfolios of the list, whatever
	 * the list showed: that is what an admin means by it. */
	if (k->o->kind == RO_TASK_REACTIVATE)
		in.inactive = true;
	if ((rc = ro_selection_resolve(k->s, &in, &k->sel, k->selbuf)))
		return rc;
	if (!(k->r = calloc(1, sizeof *k->r)))
		return RO_ENOMEM;
	if ((rc = ro_store_begin(st, false, 0)))
		return rc;
	rc = ro_store_site_count(st, &k->site_total, k->s->site_id);
	if (!rc)
		rc = ro_store_select_each(st, k->s->site_id, &k->sel, read_row,
		    k);
	ro_store_rollback(st);
	return rc;
}

/* --- the hold -------------------------------------------------------------- */

static bool held(const ro_task_ctx *k)
{
	if (k->o->kind != RO_TASK_RESET_PASSWORDS || k->nt == 0)
		return false;
	return k->nt > HOLD_ABSOLUTE || k->nt * 2 > k->site_total;
}

static int check_hold(const ro_task_ctx *k)
{
	const ro_task_opts *o = k->o;
	bool reset = o->kind == RO_TASK_RESET_PASSWORDS;
	const char *site = k->s->site_name ? k->s->site_name : "the site";

	if (o->confirm >= 0 && (size_t)o->confirm != k->nt)
		return ro_error_set(RO_EHOLD, "you confirmed %ld, but this "
		    "would %s %zu %s: confirm with --confirm %zu", o->confirm,
		    kinds[o->kind].verb, k->nt, reset ? "passwords" :
		    "portfolios", k->nt);
	if (!held(k) || o->confirm >= 0)
		return 0;
	if (k->nt * 2 > k->site_total)
		return ro_error_set(RO_EHOLD, "this would reset %zu passwords, "
		    "more than half of %s (%zu active portfolios): confirm "
		    "with --confirm %zu", k->nt, site, k->site_total, k->nt);
	return ro_error_set(RO_EHOLD, "this would reset %zu passwords, more "
	    "than %d at once: confirm with --confirm %zu", k->nt,
	    HOLD_ABSOLUTE, k->nt);
}

int ro_task_preview_run(ro_task_preview *out, ro_session *s,
    const ro_selection *sel, const ro_task_opts *o)
{
	ro_task_ctx k = { .s = s, .o = o };
	int rc;

	memset(out, 0, sizeof *out);
	if (!(rc = check_opts(&k)))
		rc = task_read(&k, sel);
	if (!rc) {
		out->selected = k.r->selected;
		out->changes = k.nt;
		out->skips = k.r->nskips;
		out->unchanged = k.r->unchanged;
		out->hold = held(&k);
		out->site_total = k.site_total;
	}
	ro_task_result_free(k.r);
	ctx_clear(&k);
	return rc;
}

/* --- passwords ------------------------------------------------------------- */

/* The generated passwords of a batch, as a set: every portfolio gets one
 * that no other portfolio of the batch has. */
typedef struct pw_set {
	const char **slot;
	size_t cap;             /* a power of two, at least twice the count */
} pw_set;

static uint64_t pw_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;     /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* True when pw was new (and is now in the set). */
static bool pw_set_add(pw_set *set, const char *pw)
{
	size_t i = (size_t)pw_hash(pw) & (set->cap - 1);

	while (set->slot[i]) {
		if (strcmp(set->slot[i], pw) == 0)
			return false;
		i = (i + 1) & (set->cap - 1);
	}
	set->slot[i] = pw;
	return true;
}

/* A password for t that holds neither the username nor the names (the
 * W20 warning) and is not yet in the set. */
static int generate_one(char **out, const ro_task_target *t, pw_set *set)
{
	char pw[32];

	for (int tries = 0; tries < 1000; tries++) {
		int rc = ro_rules_generate_password(pw, sizeof pw);
		if (rc)
			return rc;
		if (ro_rules_password_weak(pw, t->username, t->first, t->last))
			continue;
		if (!(*out = strdup(pw))) {
			explicit_bzero(pw, sizeof pw);
			return RO_ENOMEM;
		}
		explicit_bzero(pw, sizeof pw);
		if (pw_set_add(set, *out))
			return 0;
		explicit_bzero(*out, strlen(*out));
		free(*out);
		*out = NULL;
	}
	return ro_error_set(RO_EINTERNAL, "could not generate enough "
	    "different passwords");
}

static char *dup0(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int make_slips(ro_task_ctx *k)
{
	ro_task_result *r = k->r;
	pw_set set = { NULL, 64 };
	int rc = 0;

	while (set.cap < k->nt * 2)
		set.cap *= 2;
	r->slips = calloc(k->nt, sizeof *r->slips);
	set.slot = calloc(set.cap, sizeof *set.slot);
	if (!r->slips || !set.slot) {
		free(set.slot);
		return RO_ENOMEM;
	}
	for (size_t i = 0; i < k->nt && !rc; i++) {
		ro_task_target *t = &k->t[i];
		ro_slip *sl = &r->slips[i];
		r->nslips++;
		if ((rc = generate_one(&sl->password, t, &set)))
			break;
		sl->id = t->id;
		sl->first = dup0(t->first);
		sl->last = dup0(t->last);
		sl->group = dup0(t->group);
		sl->username = dup0(t->username);
		sl->email = dup0(t->email);
		if (!sl->first || !sl->last || !sl->username ||
		    (t->group && !sl->group) || (t->email && !sl->email))
			rc = RO_ENOMEM;
	}
	free(set.slot);
	return rc;
}

/* Hashes every target's password on the pool, outside any lock.  The
 * shared password is one pointer for all, so it is hashed once. */
static int hash_passwords(ro_task_ctx *k)
{
	ro_hash_params hp = ro_db_hash_params(k->s->db);

	k->hashes = calloc(k->nt, sizeof *k->hashes);
	k->passwords = calloc(k->nt, sizeof *k->passwords);
	if (!k->hashes || !k->passwords)
		return RO_ENOMEM;
	for (size_t i = 0; i < k->nt; i++)
		k->passwords[i] = k->o->generate ? k->r->slips[i].password :
		    k->o->password;
	return ro_pool_hash(k->hashes, k->passwords, k->nt, &hp, 0,
	    k->o->progress, k->o->progress_ctx);
}

/* --- the run ---------------------------------------------------------------- */

static void describe(ro_task_ctx *k, const ro_selection *sel)
{
	const ro_task_opts *o = k->o;
	char what[96] = "";
	char sel_text[96];
	size_t n;

	switch (o->kind) {
	case RO_TASK_RESET_PASSWORDS:
		snprintf(what, sizeof what, "%s%s%s", o->generate ?
		    "generated passwords" : "one temporary password",
		    o->reset_questions ? ", security questions" : "",
		    o->notify ? ", mailed" : "");
		break;
	case RO_TASK_MOVE_GROUP:
		snprintf(what, sizeof what, "to %s", k->group_name);
		break;
	case RO_TASK_SET_GRAD_YEAR:
		snprintf(what, sizeof what, "to %d", o->year);
		break;
	default:
		break;
	}
	n = (size_t)snprintf(sel_text, sizeof sel_text, "%s%s%s%s",
	    ro_mode_label(sel->mode), sel->mode == RO_MODE_ALL ? "" : ": ",
	    sel->mode == RO_MODE_ALL || !sel->arg ? "" : sel->arg,
	    k->sel.inactive ? ", inactive" : "");
	if (sel->only && n < sizeof sel_text)
		snprintf(sel_text + n, sizeof sel_text - n, ", %zu picked",
		    sel->nonly);
	/* A long group name or prefix is cut on a character, not inside
	 * one (a batch list showed U+FFFD where an "é" was split). */
	ro_text_cut_partial(what);
	ro_text_cut_partial(sel_text);
	snprintf(k->detail, sizeof k->detail, "%s%s(%s)", what, *what ? " " :
	    "", sel_text);
	ro_text_cut_partial(k->detail);
}

int ro_task_run(ro_task_result **out, ro_session *s, const ro_selection *sel,
    const ro_task_opts *o)
{
	ro_task_ctx k = { .s = s, .o = o };
	ro_slips_out so = { NULL, NULL, false, false };
	ro_slips_out go = { NULL, NULL, false, false };
	bool slips_ready = false, google_ready = false;
	int rc;

	*out = NULL;
	if ((rc = check_opts(&k)) || (rc = task_read(&k, sel)))
		goto fail;
	if ((rc = check_hold(&k)))
		goto fail;
	if (k.nt == 0)
		goto done;
	if (o->kind == RO_TASK_RESET_PASSWORDS) {
		if ((rc = check_password(o)))
			goto fail;
		if (o->generate && (rc = make_slips(&k)))
			goto fail;
		/* The slips file before the long hashing: a directory that
		 * cannot take it fails now, not minutes later. */
		if (o->slips) {
			if ((rc = ro_slips_prepare(&so, o->slips, k.r->slips,
			    k.r->nslips, s->site_name, &o->slips_style)))
				goto fail;
			slips_ready = true;
		}
		if (o->google_csv) {
			if ((rc = ro_task_google_prepare(&k, &go)))
				goto fail;
			google_ready = true;
		}
		if ((rc = hash_passwords(&k)))
			goto fail;
	}
	describe(&k, sel);
	if ((rc = ro_task_apply(&k, &k.r->batch_id)))
		goto fail;
	k.r->changed = k.nt;
	if (slips_ready) {
		/* The batch has landed: slips that cannot be renamed into
		 * place stay in the temporary file, and the result says so. */
		if (ro_slips_publish(&so) == 0) {
			k.r->slips_file = so.path;
			so.path = NULL;
		} else {
			k.r->slips_error = strdup(ro_error_last());
			k.r->slips_file = so.tmp;
			so.tmp = NULL;
		}
		ro_slips_discard(&so);
	}
	if (google_ready)
		ro_task_google_publish(&k, &go);
	if (o->kind == RO_TASK_RESET_PASSWORDS && o->notify)
		ro_task_notify(&k);
done:
	/* The hashes and the plaintext pointers are no longer needed; the
	 * generated passwords stay in the slips until the result is freed. */
	*out = k.r;
	k.r = NULL;
	ctx_clear(&k);
	return 0;
fail:
	ro_slips_discard(&so);
	ro_slips_discard(&go);
	ro_task_result_free(k.r);
	ctx_clear(&k);
	return rc;
}
