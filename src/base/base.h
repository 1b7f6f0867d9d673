/* base.h — the base layer, below everything: the last error and its codes
 * (error.c), the text utilities with the one sanitiser (text.c) and the one
 * UTF-8 decoder (utf8.c).  Their API is the public headers gathered here,
 * which every layer may include.
 *
 * Imports nothing of ours (only the C library): sheet, store, core and the
 * front ends stand on it.  scripts/check-layering.sh holds the arrows. */
#ifndef ROSTER_BASE_H
#define ROSTER_BASE_H

#include <roster/error.h>
#include <roster/text.h>
#include <roster/utf8.h>

#endif
