/* sanitize.c — every string from data reaches the screen through the
 * engine's one sanitiser, ro_text_sanitize (text.h): C0 controls and DEL
 * as ^X (ESC as ^[), C1 controls as <9B>, bidi controls as <202E>,
 * invalid UTF-8 as U+FFFD, the same as the command line prints.  ncurses draws most control characters
 * as ^X by itself but acts on backspace, CR, LF and tab, and a terminal
 * acts on ESC and C1 sequences: a name holding "\e[2J" must show as text,
 * not clear the screen.
 *
 * Here we only decode its output into wide characters for ncursesw; a
 * character the terminal cannot show (wcwidth < 0) becomes U+FFFD. */
#include "ui.h"

#include <stdlib.h>
#include <string.h>

#include <roster/text.h>

int ui_sane_decode(const char *s, wchar_t *out, int max)
{
	char *sane = ro_text_sanitize(s);
	const char *p = sane ? sane : "";
	mbstate_t st;
	int n = 0;

	memset(&st, 0, sizeof st);
	while (*p && n < max) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, p, MB_CUR_MAX, &st);

		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			/* Not representable in this locale (say LANG=C). */
			memset(&st, 0, sizeof st);
			wc = L'?';
			k = 1;
			while (((unsigned char)p[k] & 0xC0) == 0x80)
				k++;
		}
		if (wcwidth(wc) < 0)
			wc = MB_CUR_MAX > 1 ? 0xFFFD : L'?';
		out[n++] = wc;
		p += k;
	}
	free(sane);
	return n;
}

const char *ui_sane(const char *s)
{
	static char ring[16][UI_SANE_MAX];
	static unsigned next;
	char *out = ring[next++ % 16];

	ui_sanitize(out, UI_SANE_MAX, s ? s : "");
	return out;
}

void ui_sanitize(char *out, size_t outlen, const char *in)
{
	char *sane = ro_text_sanitize(in);
	size_t n;

	if (outlen == 0)
		return;
	if (sane == NULL) {
		out[0] = '\0';
		return;
	}
	n = strlen(sane);
	if (n >= outlen) {
		/* Cut at a character boundary. */
		n = outlen - 1;
		while (n > 0 && ((unsigned char)sane[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(out, sane, n);
	out[n] = '\0';
	free(sane);
}
