/* scp_hint.h — the one command that copies a file written on this server
 * to the user's own computer, for screens that name such a file. */
#ifndef ROSTER_TUI_SCP_HINT_H
#define ROSTER_TUI_SCP_HINT_H

#include <stdbool.h>
#include <stddef.h>

/* When the session came over SSH (SSH_CONNECTION is set), writes
 * "scp USER@HOST:PATH ." into out and returns true: USER the account
 * signed in to this machine, HOST this machine's name when it is fully
 * qualified, else the address the SSH client connected to, PATH path made
 * absolute (quoted for the remote shell when it needs it).  False, with
 * out empty, when not over SSH or the hint would not fit. */
bool ui_scp_hint(char *out, size_t n, const char *path);

#endif
