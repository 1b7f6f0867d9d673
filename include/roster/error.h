/* error.h — engine error codes and the last error's message.
 *
 * Engine functions return 0 or a negative RO_E… code and keep a message
 * for ro_error_last() (per thread).  Front ends map codes to the exit
 * statuses of SPEC with ro_error_exit_status(). */
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
	RO_ENODB = -13,      /* no database: run roster init (exit 3) */
	RO_EROWS = -14,      /* the file has rows with errors (exit 1) */
	RO_EHOLD = -15,      /* blast-radius hold: --confirm N needed (exit 2) */
	RO_EINTERNAL = -16   /* a bug or an unexpected library failure */
};

/* Sets the message for the current thread and returns code, so that
 * `return ro_error_set(RO_EINVAL, "…", …);` reads naturally. */
int ro_error_set(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
const char *ro_error_last(void);
int ro_error_last_code(void);
void ro_error_clear(void);

/* The process exit status of SPEC for an engine code (0 for RO_OK). */
int ro_error_exit_status(int code);
/* A short name such as "RO_EBUSY", for tests and logs. */
const char *ro_error_name(int code);

#endif
