/* slips.h — the sign-in slips of Reset Passwords with generated passwords:
 * name, group, username and temporary password of each portfolio, in a
 * plain text file only its owner can read, to print and hand out.
 *
 * The engine returns the slips (ro_task_result) but writes no file; the
 * command line has its own --slips FILE.  This belongs in the engine
 * (ro_slips_write) so that both front ends write the same file; until
 * then it lives here. */
#ifndef ROSTER_TUI_SLIPS_H
#define ROSTER_TUI_SLIPS_H

#include <roster/task.h>

/* Writes (replaces) path with mode 0600.  0 or RO_EIO with the message. */
int slips_write(const char *path, const ro_task_result *r);

#endif
