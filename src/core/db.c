/* db.c — an open database, its settings and the hashing cost in force. */
#include "core_int.h"

#include <roster/text.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const type_names[] = {
	[RO_TYPE_STUDENT] = "student", [RO_TYPE_STAFF] = "staff",
	[RO_TYPE_ADMIN] = "admin", [RO_TYPE_DISTRICT] = "district",
};

const char *ro_account_type_name(ro_account_type t)
{
	return (unsigned)t < 4 ? type_names[t] : "?";
}

int ro_account_type_from_name(const char *name)
{
	for (int i = 0; i < 4; i++)
		if (name && strcmp(name, type_names[i]) == 0)
			return i;
	return -1;
}

char *ro_strdup0(const char *s)
{
	return s ? strdup(s) : NULL;
}

const char *ro_db_default_path(void)
{
	static char buf[4096];
	const char *e = getenv("ROSTER_DB");

	if (e && *e)
		return e;
	if ((e = getenv("XDG_DATA_HOME")) && *e) {
		snprintf(buf, sizeof buf, "%s/roster/roster.db", e);
		return buf;
	}
	e = getenv("HOME");
	snprintf(buf, sizeof buf, "%s/.local/share/roster/roster.db",
	    e && *e ? e : ".");
	return buf;
}

ro_store *ro_db_store(ro_db *db)
{
	return db->st;
}

long ro_db_setting_long(ro_db *db, const char *key, long def)
{
	char *v = NULL;
	long out = def;

	if (ro_store_setting_get(db->st, key, &v) == 0 && v) {
		char *end;
		long n = strtol(v, &end, 10);
		if (end != v && *end == '\0')
			out = n;
	}
	free(v);
	return out;
}

static void load_params(ro_db *db)
{
	ro_hash_params d = ro_hash_params_default();

	db->params.m_kib = (uint32_t)ro_db_setting_long(db, "hash.m_kib",
	    (long)d.m_kib);
	db->params.t = (uint32_t)ro_db_setting_long(db, "hash.t", (long)d.t);
	db->params.p = (uint32_t)ro_db_setting_long(db, "hash.p", (long)d.p);
}

/* Loads the dummy hash, or makes it (a database made before it existed,
 * or a cost changed since) and keeps it in the database, so that this is
 * paid once per database and cost, not per process.  A database that
 * cannot be written keeps the one made here for this process only. */
static void dummy_ensure(ro_db *db)
{
	char *v = NULL;

	ro_store_setting_get(db->st, RO_DUMMY_KEY, &v);
	if (v && strlen(v) < sizeof db->dummy &&
	    !ro_hash_needs_rehash(v, &db->params)) {
		memcpy(db->dummy, v, strlen(v) + 1);
		free(v);
		return;
	}
	free(v);
	if (ro_hash_make_dummy(db->dummy, &db->params)) {
		db->dummy[0] = '\0';
		return;
	}
	if (ro_store_read_only(db->st) || ro_store_begin(db->st, true))
		return;
	if (ro_store_setting_set(db->st, RO_DUMMY_KEY, db->dummy) == 0)
		ro_store_commit(db->st);
	else
		ro_store_rollback(db->st);
}

int ro_db_open(ro_db **out, const char *path)
{
	ro_db *db;
	int rc;

	*out = NULL;
	if (!(db = calloc(1, sizeof *db)))
		return RO_ENOMEM;
	if ((rc = ro_store_open(&db->st, path, false))) {
		free(db);
		return rc;
	}
	db->path = ro_strdup0(path);
	load_params(db);
	dummy_ensure(db);
	ro_error_clear();
	*out = db;
	return 0;
}

void ro_db_close(ro_db *db)
{
	if (!db)
		return;
	ro_store_close(db->st);
	for (size_t i = 0; i < db->nprotect; i++)
		free(db->protect[i]);
	free(db->protect);
	free(db->path);
	free(db);
}

ro_hash_params ro_db_hash_params(ro_db *db)
{
	return db->params;
}

void ro_db_set_hash_params(ro_db *db, const ro_hash_params *p)
{
	db->params = *p;
	/* This handle only: the database's dummy stays as it is. */
	if (ro_hash_make_dummy(db->dummy, p))
		db->dummy[0] = '\0';
}

char *ro_db_setting(ro_db *db, const char *key)
{
	char *v = NULL;

	ro_store_setting_get(db->st, key, &v);
	return v;
}

/* Settings an admin may change, with what each accepts.  The floors keep
 * a district account from weakening every account at once: Argon2id no
 * cheaper than OWASP's minimum (m=19456 KiB, t=2, p=1), and a sign-in
 * delay that starts within 10 failures and lasts at least a minute.  The
 * cheap cost the tests use is set only when a database is made
 * (ROSTER_TEST_HASH_COST, read by roster init), never through here. */
static const struct {
	const char *key;
	long min, max;   /* numeric range; min > max: free text */
	const char *why; /* said when a value is out of range */
} known_settings[] = {
	{ "hash.m_kib", 19456, 4194304, "Argon2id below 19456 KiB (OWASP's "
	    "minimum) makes every password cheaper to crack" },
	{ "hash.t", 2, 100, "Argon2id below 2 passes (OWASP's minimum) makes "
	    "every password cheaper to crack" },
	{ "hash.p", 1, 64, NULL },
	{ "signin.max_failures", 1, 10, "more than 10 failed sign-ins in a "
	    "row before a delay lets passwords be guessed" },
	{ "signin.lock_minutes", 1, 1440, "a sign-in delay under a minute "
	    "does not slow guessing" },
	{ "batch.keep_days", 1, 3650, NULL },
	{ "mail.command", 1, 0, NULL },
	{ "mail.from", 1, 0, NULL },
	{ "log.syslog", 1, 0, NULL },     /* on or off (eventlog.h) */
};

int ro_db_setting_set(ro_db *db, const char *key, const char *value)
{
	int rc;

	if (strcmp(key, "log.syslog") == 0 && strcmp(value, "on") != 0 &&
	    strcmp(value, "off") != 0)
		return ro_error_set(RO_EINVAL, "log.syslog takes on or off");

	for (size_t i = 0; i < sizeof known_settings / sizeof known_settings[0];
	    i++) {
		if (strcmp(known_settings[i].key, key) != 0)
			continue;
		if (known_settings[i].min <= known_settings[i].max) {
			char *end;
			long n = strtol(value, &end, 10);
			if (end == value || *end || n < known_settings[i].min ||
			    n > known_settings[i].max)
				return ro_error_set(RO_EINVAL, "%s takes a "
				    "whole number from %ld to %ld%s%s", key,
				    known_settings[i].min,
				    known_settings[i].max,
				    known_settings[i].why ? ": " : "",
				    known_settings[i].why ?
				    known_settings[i].why : "");
		} else if (!*value) {
			return ro_error_set(RO_EINVAL, "%s cannot be empty",
			    key);
		} else if ((rc = ro_text_field_check(key, value))) {
			return rc;
		}
		if ((rc = ro_store_begin(db->st, true)))
			return rc;
		if ((rc = ro_store_setting_set(db->st, key, value))) {
			ro_store_rollback(db->st);
			return rc;
		}
		if ((rc = ro_store_commit(db->st)))
			return rc;
		load_params(db);
		if (strncmp(key, "hash.", 5) == 0)
			dummy_ensure(db);
		ro_error_clear();
		return 0;
	}
	return ro_error_set(RO_EINVAL, "unknown setting %s", key);
}

const char *const *ro_db_setting_keys(size_t *n)
{
	static const char *keys[sizeof known_settings /
	    sizeof known_settings[0]];

	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		keys[i] = known_settings[i].key;
	*n = sizeof keys / sizeof keys[0];
	return keys;
}
