/* outfile.h — where the program may write a file (an export, the slips).
 *
 * A file is written only as a new regular file, or over an existing
 * regular file when the caller says so (RO_WRITE_REPLACE).  Never over a
 * folder, a device, a FIFO, a socket or a symbolic link, never over the
 * open database or its -wal, -shm and -journal files, and never over a
 * file registered with ro_db_protect_file (the password files a command
 * was given), whatever the flags. */
#ifndef ROSTER_OUTFILE_H
#define ROSTER_OUTFILE_H

#include <stddef.h>
#include <roster/db.h>

/* Flags of the functions that write a file. */
#define RO_WRITE_REPLACE 1u   /* an existing regular file may be replaced */

/* 0 when path may be written with these flags.  RO_EEXISTS when a regular
 * file is there and flags lack RO_WRITE_REPLACE; RO_EINVAL when path is
 * not a regular file, or is the database, one of its side files or a
 * protected file (the message says which).  db may be NULL. */
int ro_outfile_check(ro_db *db, const char *path, unsigned flags);

/* Never write over path (a password file).  Kept until ro_db_close. */
int ro_db_protect_file(ro_db *db, const char *path);

/* The first of path, then NAME-2.EXT, NAME-3.EXT … up to NAME-999.EXT,
 * that names nothing yet, into out.  RO_EEXISTS when all are taken,
 * RO_EINVAL when out is too small. */
int ro_outfile_free_name(char *out, size_t n, const char *path);

#endif
