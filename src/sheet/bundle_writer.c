/* bundle_writer.c — a OneRoster bundle (a few named CSV files) written as
 * a folder or a zip archive, all or nothing and never over anything.
 *
 * The files are gathered in memory (a 100,000-user bundle is ~25 MB of
 * text) so that the folder or archive is made in one go at close. */
#include <roster/bundle.h>
#include <roster/error.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

struct bundle_file {
	char *name;
	char *text;
	size_t len;
};

struct ro_bundle_writer {
	char *path;
	bool zip;
	struct bundle_file *files;
	size_t nfiles;
	size_t ncols;            /* of the current file */
	FILE *cur;               /* open_memstream of the current file */
	struct bundle_file *curf;
};

bool ro_bundle_path_is_zip(const char *path)
{
	size_t n = strlen(path);

	return n >= 4 && strcasecmp(path + n - 4, ".zip") == 0;
}

static void put_row(FILE *f, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(',', f);
		ro_csv_put_cell(f, cells[i]);
	}
	fputs("\r\n", f);
}

int ro_bundle_writer_open(ro_bundle_writer **out, const char *path, bool zip)
{
	ro_bundle_writer *w;
	struct stat sb;

	*out = NULL;
	if (!path || !*path)
		return ro_error_set(RO_EINVAL, "the bundle needs a name");
	if (lstat(path, &sb) == 0)
		return ro_error_set(RO_EEXISTS, "%s already exists; a bundle "
		    "goes to a new %s", path, zip ? "file" : "folder");
	if (!(w = calloc(1, sizeof *w)) || !(w->path = strdup(path))) {
		free(w);
		return ro_error_set(RO_ENOMEM, "out of memory");
	}
	w->zip = zip;
	*out = w;
	return 0;
}

static int end_file(ro_bundle_writer *w)
{
	int bad;

	if (!w->cur)
		return 0;
	bad = ferror(w->cur);
	if (fclose(w->cur) != 0 || bad)
		bad = 1;
	w->cur = NULL;
	return bad ? ro_error_set(RO_ENOMEM, "out of memory") : 0;
}

int ro_bundle_file(ro_bundle_writer *w, const char *name,
    const char *const *headers, size_t ncols)
{
	struct bundle_file *f;
	int rc;

	if ((rc = end_file(w)))
		return rc;
	f = realloc(w->files, (w->nfiles + 1) * sizeof *f);
	if (!f)
		return ro_error_set(RO_ENOMEM, "out of memory");
	w->files = f;
	w->curf = &f[w->nfiles];
	memset(w->curf, 0, sizeof *w->curf);
	w->nfiles++;
	if (!(w->curf->name = strdup(name)) ||
	    !(w->cur = open_memstream(&w->curf->text, &w->curf->len)))
		return ro_error_set(RO_ENOMEM, "out of memory");
	w->ncols = ncols;
	put_row(w->cur, headers, ncols);
	return 0;
}

int ro_bundle_row(ro_bundle_writer *w, const char *const *cells)
{
	if (!w->cur)
		return ro_error_set(RO_EINVAL, "a row before its file");
	put_row(w->cur, cells, w->ncols);
	return ferror(w->cur) ? ro_error_set(RO_ENOMEM, "out of memory") : 0;
}

/* The temporary beside the target: ".NAME.XXXXXX". */
static char *tmp_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t dl = slash ? (size_t)(slash - path) + 1 : 0;
	size_t n = strlen(path) + 16;
	char *t = malloc(n);

	if (t)
		snprintf(t, n, "%.*s.%s.XXXXXX", (int)dl, path, path + dl);
	return t;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t k = write(fd, p, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

static int write_folder(ro_bundle_writer *w, const char *tmp)
{
	int dfd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (dfd < 0)
		return ro_error_set(RO_EIO, "%s: %s", tmp, strerror(errno));
	for (size_t i = 0; i < w->nfiles; i++) {
		struct bundle_file *f = &w->files[i];
		int fd = openat(dfd, f->name, O_WRONLY | O_CREAT | O_EXCL |
		    O_CLOEXEC, 0600);

		if (fd < 0 || write_all(fd, f->text, f->len) < 0 ||
		    fsync(fd) < 0) {
			int e = errno;

			if (fd >= 0)
				close(fd);
			close(dfd);
			return ro_error_set(RO_EIO, "cannot write %s/%s: %s",
			    w->path, f->name, strerror(e));
		}
		close(fd);
	}
	fsync(dfd);
	close(dfd);
	return 0;
}

static int write_zip(ro_bundle_writer *w, const char *tmp)
{
	int ze = 0;
	zip_t *za;

	/* libzip writes its own temporary and renames it over tmp at
	 * zip_close; tmp was only a reserved name. */
	unlink(tmp);
	if (!(za = zip_open(tmp, ZIP_CREATE | ZIP_EXCL, &ze)))
		return ro_error_set(RO_EIO, "cannot create %s", w->path);
	for (size_t i = 0; i < w->nfiles; i++) {
		struct bundle_file *f = &w->files[i];
		zip_source_t *src = zip_source_buffer(za, f->text, f->len, 0);

		if (!src || zip_file_add(za, f->name, src, ZIP_FL_ENC_UTF_8) <
		    0) {
			zip_source_free(src);
			zip_discard(za);
			return ro_error_set(RO_EIO, "cannot add %s to %s",
			    f->name, w->path);
		}
	}
	if (zip_close(za) < 0) {
		int rc = ro_error_set(RO_EIO, "cannot write %s: %s", w->path,
		    zip_strerror(za));

		zip_discard(za);
		unlink(tmp);
		return rc;
	}
	if (chmod(tmp, 0600) < 0) {
		unlink(tmp);
		return ro_error_set(RO_EIO, "%s: %s", w->path, strerror(errno));
	}
	return 0;
}

static void remove_tmp(ro_bundle_writer *w, const char *tmp)
{
	if (!w->zip) {
		for (size_t i = 0; i < w->nfiles; i++) {
			size_t n = strlen(tmp) + strlen(w->files[i].name) + 2;
			char *p = malloc(n);

			if (p) {
				snprintf(p, n, "%s/%s", tmp, w->files[i].name);
				unlink(p);
				free(p);
			}
		}
		rmdir(tmp);
	} else {
		unlink(tmp);
	}
}

int ro_bundle_writer_close(ro_bundle_writer *w)
{
	char *tmp = NULL;
	int rc, fd;

	if ((rc = end_file(w)))
		goto out;
	if (!(tmp = tmp_name(w->path))) {
		rc = ro_error_set(RO_ENOMEM, "out of memory");
		goto out;
	}
	if (w->zip) {
		if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0) {
			rc = ro_error_set(RO_EIO, "cannot create %s: %s",
			    w->path, strerror(errno));
			goto out;
		}
		close(fd);
		rc = write_zip(w, tmp);
	} else {
		if (!mkdtemp(tmp)) {
			rc = ro_error_set(RO_EIO, "cannot create %s: %s",
			    w->path, strerror(errno));
			goto out;
		}
		rc = write_folder(w, tmp);
	}
	if (rc) {
		remove_tmp(w, tmp);
		goto out;
	}
	/* Never over anything that appeared meanwhile. */
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, w->path, RENAME_NOREPLACE)) {
		rc = ro_error_set(errno == EEXIST ? RO_EEXISTS : RO_EIO,
		    "cannot create %s: %s", w->path, strerror(errno));
		remove_tmp(w, tmp);
	}
out:
	free(tmp);
	ro_bundle_writer_free(w);
	return rc;
}

void ro_bundle_writer_free(ro_bundle_writer *w)
{
	if (!w)
		return;
	if (w->cur)
		fclose(w->cur);
	for (size_t i = 0; i < w->nfiles; i++) {
		free(w->files[i].name);
		free(w->files[i].text);
	}
	free(w->files);
	free(w->path);
	free(w);
}
