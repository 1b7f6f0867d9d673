/* keys.c — keys whatever the terminal's terminfo says.  A TERM=vt100
 * entry knows no PgUp/PgDn/Home/End, a TERM=linux one says F1 is
 * ESC [ [ A while the terminal (tmux, an xterm over SSH) sends ESC O P:
 * ncurses then returns a lone Esc and types the rest of the sequence
 * into a field.  The common sequences are taught to ncurses here
 * (define_key), and what is left of an escape sequence it did not know
 * is read and dropped, so that it never acts as Esc. */
#include "ui.h"

#include <stddef.h>

static const struct {
	const char *seq;
	int key;
} keys[] = {
	/* xterm, tmux, VT220 and the Linux console. */
	{ "\033[5~", KEY_PPAGE }, { "\033[6~", KEY_NPAGE },
	{ "\033[1~", KEY_HOME }, { "\033[7~", KEY_HOME },
	{ "\033[H", KEY_HOME }, { "\033OH", KEY_HOME },
	{ "\033[4~", KEY_END }, { "\033[8~", KEY_END },
	{ "\033[F", KEY_END }, { "\033OF", KEY_END },
	{ "\033[2~", KEY_IC }, { "\033[3~", KEY_DC },
	{ "\033[A", KEY_UP }, { "\033[B", KEY_DOWN },
	{ "\033[C", KEY_RIGHT }, { "\033[D", KEY_LEFT },
	{ "\033OA", KEY_UP }, { "\033OB", KEY_DOWN },
	{ "\033OC", KEY_RIGHT }, { "\033OD", KEY_LEFT },
	{ "\033[Z", KEY_BTAB }, { "\033OM", KEY_ENTER },
	{ "\033OP", KEY_F(1) }, { "\033OQ", KEY_F(2) },
	{ "\033OR", KEY_F(3) }, { "\033OS", KEY_F(4) },
	{ "\033[11~", KEY_F(1) }, { "\033[12~", KEY_F(2) },
	{ "\033[13~", KEY_F(3) }, { "\033[14~", KEY_F(4) },
	{ "\033[[A", KEY_F(1) }, { "\033[[B", KEY_F(2) },
	{ "\033[[C", KEY_F(3) }, { "\033[[D", KEY_F(4) },
	{ "\033[[E", KEY_F(5) },
};

void ui_keys_init(void)
{
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (key_defined(keys[i].seq) == 0)
			define_key(keys[i].seq, keys[i].key);
}

/* Reads one byte of a sequence that is already arriving: -1 when none
 * comes within a few milliseconds, or when ncurses returns a key. */
static int next_byte(void)
{
	wint_t wc;
	int r = wget_wch(stdscr, &wc);

	if (r == ERR || r == KEY_CODE_YES)
		return -1;
	return (int)wc;
}

int ui_key_after_esc(bool polling)
{
	int c, n = 0;

	/* A lone Esc: nothing follows at once. */
	wtimeout(stdscr, 30);
	c = next_byte();
	if (c == '[' || c == 'O') {
		int first = c;

		/* CSI: parameters and intermediates, then a final byte;
		 * SS3: one byte.  Both dropped. */
		while ((c = next_byte()) >= 0 && n++ < 32) {
			if (first == 'O' || (c >= 0x40 && c <= 0x7e &&
			    !(n == 1 && c == '[')))
				break;
		}
		/* An X10 mouse report carries three more bytes. */
		if (first == '[' && c == 'M' && n == 1)
			for (int i = 0; i < 3; i++)
				next_byte();
		c = -2;
	} else if (c >= 0) {
		/* Esc, then a key of its own. */
		unget_wch((wchar_t)c);
		c = UI_ESC;
	} else {
		c = UI_ESC;
	}
	if (polling)
		nodelay(stdscr, TRUE);
	else
		wtimeout(stdscr, -1);
	return c;
}
