/* error.h — engine error codes and the last error's message.
 *
 * Engine functions return 0 or a negative RO_E… code and keep a message
 * for ro_error_last() (per thread).  The message states facts and
 * never names a command or an option: what the user can do next comes
 * beside it as an RO_NEXT_… code (ro_error_next()), which each front
 * end phrases its own way; the CLI also maps codes to SPEC's exit
 * statuses. */
#ifndef ROSTER_ERROR_H
#define ROSTER_ERROR_H

enum {
	RO_OK = 0,
	RO_EINVAL = -1,      /* bad argument or usage (exit 2) */
	RO_ENOMEM = -2,
	RO_EIO = -3,         /* a file could not be read or written (exit 3) */
	RO_EFORMAT = -4,     /* not CSV/XLSX, damaged file (exit 3) */
	RO_ENOTFOUND = -5,   /* named thing does not exist (exit 2) */
	RO_EEXISTS = -6,     /* already exists (exit 2) */
	RO_EBUSY = -7,       /* database held by another process (exit 4) */
	RO_ECONFLICT = -8,   /* data changed since it was looked at (exit 4) */
	RO_EDENIED = -9,     /* not allowed: password, lockout, site, SSO (exit 5) */
	RO_ENEEDNEW = -10,   /* signed in; new password/answers needed (exit 6) */
	RO_ECANCEL = -11,    /* the user cancelled; nothing changed */
	RO_ENOTDB = -12,     /* not a roster database (exit 3) */
	RO_ENODB = -13,      /* no database yet (exit 3) */
	RO_EROWS = -14,      /* the file has rows with errors (exit 1) */
	RO_EHOLD = -15,      /* blast-radius hold: the count must be typed (exit 2) */
	RO_EINTERNAL = -16   /* a bug or an unexpected library failure */
};

/* Sets the message for the current thread and returns code, so that
 * `return ro_error_set(RO_EINVAL, "…", …);` reads naturally. */
int ro_error_set(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
const char *ro_error_last(void);
int ro_error_last_code(void);
void ro_error_clear(void);

/* What the user can do next, beside the last error (cleared by every
 * ro_error_set): a fact the engine knows, for the front end to phrase. */
typedef enum ro_next {
	RO_NEXT_NONE = 0,
	RO_NEXT_ADD_SITE,     /* the site has to be added first */
	RO_NEXT_INIT,         /* the database has to be created first */
	RO_NEXT_SIGNIN,       /* a student manages only their own account,
	                       * through signing in */
	RO_NEXT_NEW_PASSWORD  /* a new password through signing in first */
} ro_next;
/* Records next beside the error just set; returns code, so that
 * `return ro_error_next_set(ro_error_set(…), RO_NEXT_…);` reads
 * naturally.  (The blast-radius hold's count has its own: hold.h.) */
int ro_error_next_set(int code, ro_next next);
ro_next ro_error_next(void);
/* A short name such as "RO_EBUSY", for tests and logs. */
const char *ro_error_name(int code);

#endif
