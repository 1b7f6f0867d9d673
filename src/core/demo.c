/* demo.c — a demo site with realistic, repeatable data (roster init
 * --demo[=N]): names with accents among them, groups, graduation years,
 * about 5 % SSO-linked and 3 % inactive portfolios, and a few sign-ins
 * with known passwords.  A seeded generator makes every run the same. */
#include "core_int.h"

#include <roster/account.h>
#include <roster/hash.h>
#include <roster/pool.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEMO_SITE "Demo High School"

static const char *const firsts[] = {
	"Emma", "Liam", "Olivia", "Noah", "Ava", "Elijah", "Sophia", "James",
	"Isabella", "Lucas", "Mia", "Mason", "Amelia", "Ethan", "Harper",
	"Logan", "Evelyn", "Aiden", "Abigail", "Jackson", "Emily", "Sebastián",
	"Zoë", "José", "Chloé", "Renée", "Łukasz", "Søren", "Anaïs", "Jürgen",
	"Ngozi", "Aarav", "Priya", "Mei", "Hiroshi", "Fatima", "Omar", "Aisha",
	"Mateo", "Camila", "Diego", "Valentina", "Santiago", "Lucía", "Kai",
	"Leilani", "Dmitri", "Anya", "Björn", "Inés", "Thành", "Linh", "Grace",
	"Henry", "Ella", "Owen", "Scarlett", "Wyatt", "Aria", "Caleb", "Nora",
	"Isaac", "Riley", "Hannah",
};

static const char *const lasts[] = {
	"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller",
	"Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez",
	"Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
	"Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark",
	"Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King",
	"Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green",
	"Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell",
	"Carter", "Roberts", "Müller", "Núñez", "O'Brien", "García-López",
	"Øster", "Dvořák", "Nguyễn", "Kowalski", "Okafor", "Patel", "Tanaka",
	"Schröder", "Lefèvre", "Van der Berg", "MacDonald", "Abernathy",
	"Zimmerman", "Quintero", "Yamamoto", "Ivanova", "Björklund", "Achebe",
	"Esposito", "Fischer", "Gallagher", "Haddad", "Ibáñez", "Jensen",
};

static const ro_demo_signin signins[] = {
	{ "demo.admin", "DemoAdmin1", "site admin" },
	{ "demo.staff", "DemoStaff1", "staff" },
	{ "demo.student", "DemoStudent1", "student" },
	{ "demo.temp", "TempPass1", "student with a temporary password" },
};

/* xorshift64*: small, fast and the same everywhere. */
static uint64_t next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

static size_t pick(uint64_t *s, size_t n)
{
	return (size_t)(next(s) >> 33) % n;
}

/* The ASCII letters of a name, lower-cased, for usernames. */
static void ascii_lower(char *out, size_t cap, const char *in, size_t max)
{
	size_t n = 0;

	for (const unsigned char *c = (const unsigned char *)in;
	    *c && n + 1 < cap && n < max; c++)
		if (isalpha(*c) && *c < 0x80)
			out[n++] = (char)tolower(*c);
	out[n] = '\0';
}

static int add_groups(ro_store *st, int64_t site, size_t ngroups,
    int64_t *ids)
{
	char name[48];
	int rc;

	for (size_t i = 0; i < ngroups; i++) {
		if (i < 8)
			snprintf(name, sizeof name, "Period %zu", i + 1);
		else
			snprintf(name, sizeof name, "Homeroom %zu", 100 + i);
		if ((rc = ro_store_group_add(st, &ids[i], site, name)))
			return rc;
	}
	return 0;
}

struct gen {
	uint64_t seed;
	int64_t site;
	int64_t *groups;
	size_t ngroups;
	int base_year;
};

static int bulk_generated(ro_store *st, struct gen *g, size_t i)
{
	char user[64], lastbuf[32], firstbuf[8], email[96];
	ro_store_row r;
	const char *first = firsts[pick(&g->seed, sizeof firsts /
	    sizeof firsts[0])];
	const char *last = lasts[pick(&g->seed, sizeof lasts /
	    sizeof lasts[0])];
	unsigned roll = (unsigned)pick(&g->seed, 1000);

	memset(&r, 0, sizeof r);
	ascii_lower(firstbuf, sizeof firstbuf, first, 1);
	ascii_lower(lastbuf, sizeof lastbuf, last, 12);
	/* Last names hold no digits, so name + index is unique. */
	snprintf(user, sizeof user, "%s%s%05zu", firstbuf, lastbuf, i + 1);
	r.p.site_id = g->site;
	r.p.username = user;
	r.p.first = (char *)first;
	r.p.last = (char *)last;
	r.p.active = roll % 100 >= 3;
	if (roll < 40) {
		r.p.type = RO_TYPE_STAFF;
	} else {
		r.p.type = RO_TYPE_STUDENT;
		r.p.grad_year = g->base_year + (int)pick(&g->seed, 4);
		r.p.group_id = g->groups[pick(&g->seed, g->ngroups)];
	}
	if (roll % 20 == 7) {
		r.p.sso = (roll & 1) ? RO_SSO_CLEVER : RO_SSO_CLASSLINK;
		r.p.sso_id = user;
	}
	if (roll % 10 < 7) {
		snprintf(email, sizeof email, "%s@demo-school.example", user);
		r.p.email = email;
	}
	return ro_store_bulk_row(st, &r);
}

static int add_signins(ro_store *st, struct gen *g,
    char (*hashes)[RO_HASH_ENCODED_MAX])
{
	int rc = 0;

	for (size_t i = 0; i < 4 && !rc; i++) {
		ro_store_row r;
		memset(&r, 0, sizeof r);
		r.p.site_id = g->site;
		r.p.username = (char *)signins[i].username;
		r.p.first = (char *)(i == 0 ? "Dana" : i == 1 ? "Sam" :
		    i == 2 ? "Alex" : "Jordan");
		r.p.last = (char *)"Demo";
		r.p.type = i == 0 ? RO_TYPE_ADMIN : i == 1 ? RO_TYPE_STAFF :
		    RO_TYPE_STUDENT;
		if (i >= 2) {
			r.p.grad_year = g->base_year + 1;
			r.p.group_id = g->groups[0];
		}
		r.p.active = true;
		r.p.temp_password = i == 3;
		r.hash = hashes[i];
		rc = ro_store_bulk_row(st, &r);
	}
	return rc;
}

int ro_demo_create(ro_db *db, size_t n, const ro_demo_signin **out,
    size_t *nout)
{
	ro_store *st = ro_db_store(db);
	ro_hash_params hp = ro_db_hash_params(db);
	struct gen g = { .seed = 0x9E3779B97F4A7C15ULL, .base_year = 2027 };
	char hashes[4][RO_HASH_ENCODED_MAX];
	const char *pw[4];
	ro_store_tuning tuning;
	double t0, t1;
	int rc;

	*out = signins;
	*nout = sizeof signins / sizeof signins[0];
	g.ngroups = n / 100 < 8 ? 8 : n / 100 > 2000 ? 2000 : n / 100;
	if (!(g.groups = calloc(g.ngroups, sizeof *g.groups)))
		return RO_ENOMEM;
	/* Hash the demo passwords before the write lock is taken. */
	for (size_t i = 0; i < 4; i++)
		pw[i] = signins[i].password;
	if ((rc = ro_pool_hash(hashes, pw, 4, &hp, 0, NULL, NULL)))
		goto out;
	/* Every row announced (PostgreSQL reserves exactly that many ids,
	 * so that the demo's ids are SQLite's). */
	if ((rc = ro_store_tune_bulk(st, RO_WORK_WRITE, n + 4, &tuning)))
		goto out;
	if ((rc = ro_store_bulk_begin(st))) {
		ro_store_tune_restore(st, &tuning);
		goto out;
	}
	t0 = ro_trace_now();
	rc = ro_store_site_add(st, &g.site, DEMO_SITE);
	if (!rc)
		rc = add_groups(st, g.site, g.ngroups, g.groups);
	for (size_t i = 0; !rc && i < n; i++)
		rc = bulk_generated(st, &g, i);
	if (!rc)
		rc = add_signins(st, &g, hashes);
	if (!rc)
		rc = ro_store_audit_add(st, g.site, "roster", 0, 0, NULL,
		    "demo", "Portfolios", NULL, "generated");
	if (rc == RO_EEXISTS)
		ro_error_set(RO_EEXISTS, "the demo site already exists");
	t1 = ro_trace_now();
	{
		int rc2 = ro_store_bulk_end(st, rc == 0);
		ro_trace("demo: %zu rows in %.0f ms, then indexes, counts and "
		    "commit in %.0f ms", n, t1 - t0, ro_trace_now() - t1);
		if (!rc)
			rc = rc2;
		ro_store_tune_restore(st, &tuning);
	}
out:
	explicit_bzero(hashes, sizeof hashes);
	free(g.groups);
	return rc;
}
