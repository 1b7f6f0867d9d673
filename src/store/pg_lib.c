/* pg_lib.c — libpq, loaded when a PostgreSQL database is first opened.
 *
 * Linking libpq into roster would load it and the twenty libraries it
 * needs (OpenSSL, Kerberos, LDAP, …) into every run, SQLite ones
 * included: 2.8 ms of CPU at each start, measured, for nothing.  So the
 * PostgreSQL store calls libpq through the pointers below (pg_int.h
 * turns each PQ… name into its pointer), filled by dlopen on first use. */
#include "pg_int.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

ro_pq_api ro_pq;

static int loaded;              /* 1: ro_pq is filled, -1: it failed */
static char why[256];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
	/* The library's SONAME: the ABI these declarations are for. */
	void *h = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL), *f;

	if (!h) {
		snprintf(why, sizeof why, "%s", dlerror());
		loaded = -1;
		return;
	}
#define X(name) \
	if (!(f = dlsym(h, #name))) { \
		snprintf(why, sizeof why, "libpq has no %s", #name); \
		loaded = -1; \
		return; \
	} \
	memcpy(&ro_pq.p_##name, &f, sizeof f);
	RO_PQ_FUNCTIONS
#undef X
	loaded = 1;
}

int ro_pg_lib(void)
{
	pthread_once(&once, load);
	if (loaded == 1)
		return 0;
	return ro_error_set(RO_EIO, "PostgreSQL needs libpq (Debian's libpq5),"
	    " which could not be loaded: %s", why);
}
