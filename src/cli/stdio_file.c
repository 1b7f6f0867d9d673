/* stdio_file.c — files through pipes: `export -o -` writes the file to
 * standard output and `import -` reads it from standard input, so that
 * `ssh school roster export --all -o - > roster.xlsx` works.  The engine
 * reads and writes named files (an XLSX is a zip: read out of order; the
 * upload reads the file twice), so both go through a private temporary
 * file that no other user can open and that nothing leaves behind. */
#include "cli_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *tmp_dir(void)
{
	const char *t = getenv("TMPDIR");

	return t && *t == '/' ? t : "/tmp";
}

int cli_stdin_file(char *path, size_t size, int *fd_out, long long limit)
{
	char tmpl[4096];
	char buf[65536];
	long long total = 0;
	ssize_t n;
	int fd;

	*fd_out = -1;
	if (isatty(STDIN_FILENO))
		return cli_fail(2, "standard input is a terminal: pipe the "
		    "file in (roster import - < FILE)");
	snprintf(tmpl, sizeof tmpl, "%s/roster-stdin-XXXXXX", tmp_dir());
	if ((fd = mkstemp(tmpl)) < 0)
		return cli_fail(3, "cannot make a temporary file in %s: %s",
		    tmp_dir(), strerror(errno));
	/* Unlinked at once: the file lives as long as this process holds
	 * it, and the reader opens it again through /proc. */
	unlink(tmpl);
	while ((n = read(STDIN_FILENO, buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			close(fd);
			return cli_fail(3, "cannot read standard input: %s",
			    strerror(errno));
		}
		if ((total += n) > limit) {
			close(fd);
			return cli_fail(3, "standard input is larger than %lld "
			    "MiB: give the file by name", limit >> 20);
		}
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(fd, buf + off, (size_t)(n - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				close(fd);
				return cli_fail(3, "cannot keep standard input "
				    "in %s: %s", tmp_dir(), strerror(errno));
			}
			off += w;
		}
	}
	snprintf(path, size, "/proc/self/fd/%d", fd);
	*fd_out = fd;
	return 0;
}

int cli_stdout_dir(char *dir, size_t size)
{
	snprintf(dir, size, "%s/roster-stdout-XXXXXX", tmp_dir());
	if (!mkdtemp(dir))
		return cli_fail(3, "cannot make a temporary folder in %s: %s",
		    tmp_dir(), strerror(errno));
	return 0;
}

int cli_stdout_copy(const char *dir, const char *path)
{
	char buf[65536];
	ssize_t n;
	int st = 0;
	int fd = path ? open(path, O_RDONLY | O_CLOEXEC) : -1;

	if (path)
		unlink(path);
	rmdir(dir);
	if (!path)
		return 0;
	if (fd < 0)
		return cli_fail(3, "cannot read back the export: %s",
		    strerror(errno));
	fflush(stdout);
	while (!st && (n = read(fd, buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			st = 3;
		for (ssize_t off = 0; !st && off < n;) {
			ssize_t w = write(STDOUT_FILENO, buf + off,
			    (size_t)(n - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0)
				st = 3;
			else
				off += w;
		}
	}
	close(fd);
	return st ? cli_fail(3, "could not write the file to standard "
	    "output: %s", strerror(errno)) : 0;
}
