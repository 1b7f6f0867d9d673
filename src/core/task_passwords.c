/* task_passwords.c — the passwords of a reset: one generated for each
 * portfolio (different from every other of the batch, and from its
 * names), with the sign-in slips that carry them, and the hashing of
 * them all on the worker pool, outside any lock. */
#include "task_int.h"

#include <roster/pool.h>
#include <roster/rules.h>

#include <stdlib.h>
#include <string.h>

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

int ro_task_make_slips(ro_task_ctx *k)
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
int ro_task_hash_passwords(ro_task_ctx *k)
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
