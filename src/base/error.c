/* error.c — the last error, per thread, with what can be done next. */
#include "base.h"

#include <stdarg.h>
#include <stdio.h>

static _Thread_local char last_msg[1024];
static _Thread_local int last_code;
static _Thread_local ro_next last_next;

int ro_error_set(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (vsnprintf(last_msg, sizeof last_msg, fmt, ap) >=
	    (int)sizeof last_msg)
		ro_text_cut_partial(last_msg);
	va_end(ap);
	last_code = code;
	last_next = RO_NEXT_NONE;
	return code;
}

int ro_error_next_set(int code, ro_next next)
{
	last_next = next;
	return code;
}

ro_next ro_error_next(void)
{
	return last_next;
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
	last_next = RO_NEXT_NONE;
}

static const struct {
	int code;
	const char *name;
} table[] = {
	{ RO_OK, "RO_OK" },
	{ RO_EINVAL, "RO_EINVAL" },
	{ RO_ENOMEM, "RO_ENOMEM" },
	{ RO_EIO, "RO_EIO" },
	{ RO_EFORMAT, "RO_EFORMAT" },
	{ RO_ENOTFOUND, "RO_ENOTFOUND" },
	{ RO_EEXISTS, "RO_EEXISTS" },
	{ RO_EBUSY, "RO_EBUSY" },
	{ RO_ECONFLICT, "RO_ECONFLICT" },
	{ RO_EDENIED, "RO_EDENIED" },
	{ RO_ENEEDNEW, "RO_ENEEDNEW" },
	{ RO_ECANCEL, "RO_ECANCEL" },
	{ RO_ENOTDB, "RO_ENOTDB" },
	{ RO_ENODB, "RO_ENODB" },
	{ RO_EROWS, "RO_EROWS" },
	{ RO_EHOLD, "RO_EHOLD" },
	{ RO_EINTERNAL, "RO_EINTERNAL" },
};

const char *ro_error_name(int code)
{
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (table[i].code == code)
			return table[i].name;
	return "RO_E?";
}
