/* slips.c — writes the sign-in slips file (slips.h). */
#include "slips.h"
#include "ui.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <roster/error.h>

static void field(FILE *f, const char *label, const char *value)
{
	char sane[512];

	ui_sanitize(sane, sizeof sane, value ? value : "");
	fprintf(f, "%-20s %s\n", label, sane);
}

int slips_write(const char *path, const ro_task_result *r)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	FILE *f;
	int bad;

	if (fd < 0)
		return ro_error_set(RO_EIO, "%s: %s", path, strerror(errno));
	/* An existing file keeps its mode through O_TRUNC: tighten it. */
	fchmod(fd, 0600);
	f = fdopen(fd, "w");
	if (f == NULL) {
		close(fd);
		return ro_error_set(RO_EIO, "%s: %s", path, strerror(errno));
	}
	for (size_t i = 0; i < r->nslips; i++) {
		const ro_slip *s = &r->slips[i];
		char name[512];

		snprintf(name, sizeof name, "%s %s", s->first ? s->first : "",
		    s->last ? s->last : "");
		fputs("------------------------------------------------------------"
		    "\n", f);
		field(f, "Name:", name);
		field(f, "Group:", s->group);
		field(f, "Username:", s->username);
		field(f, "Temporary password:", s->password);
		fputs("You will choose a new password when you sign in.\n\n", f);
	}
	bad = ferror(f);
	if (fclose(f) != 0 || bad)
		return ro_error_set(RO_EIO, "%s: %s", path, strerror(errno));
	return 0;
}
