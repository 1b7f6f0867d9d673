/* error.c — the last error, per thread, and its exit status. */
#include "base.h"

#include <stdarg.h>
#include <stdio.h>

static _Thread_local char last_msg[1024];
static _Thread_local int last_code;

int ro_error_set(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (vsnprintf(last_msg, sizeof last_msg, fmt, ap) >=
	    (int)sizeof last_msg)
		ro_text_cut_partial(last_msg);
	va_end(ap);
	last_code = code;
	return code;
}

const char *ro_error_last(void)
{
	return last_msg[0] ? last_msg : "no error";
}

int ro_error_last_code(void)
{
	return last_code;
}

void ro_error_clear(void)
{
	last_msg[0] = '\0';
	last_code = 0;
}

static const struct {
	int code;
	int exit_status;
	const char *name;
} table[] = {
	{ RO_OK, 0, "RO_OK" },
	{ RO_EINVAL, 2, "RO_EINVAL" },
	{ RO_ENOMEM, 3, "RO_ENOMEM" },
	{ RO_EIO, 3, "RO_EIO" },
	{ RO_EFORMAT, 3, "RO_EFORMAT" },
	{ RO_ENOTFOUND, 2, "RO_ENOTFOUND" },
	{ RO_EEXISTS, 2, "RO_EEXISTS" },
	{ RO_EBUSY, 4, "RO_EBUSY" },
	{ RO_ECONFLICT, 4, "RO_ECONFLICT" },
	{ RO_EDENIED, 5, "RO_EDENIED" },
	{ RO_ENEEDNEW, 6, "RO_ENEEDNEW" },
	{ RO_ECANCEL, 4, "RO_ECANCEL" },
	{ RO_ENOTDB, 3, "RO_ENOTDB" },
	{ RO_ENODB, 3, "RO_ENODB" },
	{ RO_EROWS, 1, "RO_EROWS" },
	{ RO_EHOLD, 2, "RO_EHOLD" },
	{ RO_EINTERNAL, 3, "RO_EINTERNAL" },
};

int ro_error_exit_status(int code)
{
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (table[i].code == code)
			return table[i].exit_status;
	return 3;
}

const char *ro_error_name(int code)
{
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (table[i].code == code)
			return table[i].name;
	return "RO_E?";
}
