/* test_text.c — the sanitiser and display widths; the error codes' exit
 * statuses. */
#include "helpers.h"

#include <roster/error.h>
#include <roster/text.h>

#include <locale.h>
#include <stdlib.h>
#include <string.h>

static void test_sanitize(void **state)
{
	char *s;

	(void)state;
	s = ro_text_sanitize("Bob\x1b[31mRed\x1b]0;title\x07");
	assert_string_equal(s, "Bob^[[31mRed^[]0;title^G");
	free(s);
	s = ro_text_sanitize("a\tb\r\nc\x7f");
	assert_string_equal(s, "a^Ib^M^Jc^?");
	free(s);
	s = ro_text_sanitize("C1:\xc2\x9b" "x");          /* U+009B CSI */
	assert_string_equal(s, "C1:<9B>x");
	free(s);
	s = ro_text_sanitize("evil\xe2\x80\xae" "txt.exe");   /* U+202E */
	assert_string_equal(s, "evil<202E>txt.exe");
	free(s);
	s = ro_text_sanitize("bad\xff" "utf");
	assert_string_equal(s, "bad\xef\xbf\xbdutf");
	free(s);
	s = ro_text_sanitize("Zoë Núñez");
	assert_string_equal(s, "Zoë Núñez");
	free(s);
	s = ro_text_sanitize(NULL);
	assert_string_equal(s, "");
	free(s);
}

/* The one check of what may be stored: valid UTF-8, no C0 (tab and
 * newline included), DEL or C1; the message names the field and shows
 * the character as the sanitiser would. */
static void test_check(void **state)
{
	static const struct {
		const char *s;
		ro_text_fault f;
		size_t at;
	} cases[] = {
		{ NULL, RO_TEXT_OK, 0 },
		{ "", RO_TEXT_OK, 0 },
		{ "Zoë Núñez-O'Brien", RO_TEXT_OK, 0 },
		{ "evil\xe2\x80\xae" "txt", RO_TEXT_OK, 0 },  /* shown sanitised */
		{ "Ana\xe9", RO_TEXT_BAD_UTF8, 4 },
		{ "\xc0\xaf", RO_TEXT_BAD_UTF8, 1 },           /* overlong */
		{ "\xed\xa0\x80", RO_TEXT_BAD_UTF8, 1 },       /* surrogate */
		{ "Smith\nUsername: root", RO_TEXT_CONTROL, 6 },
		{ "\tTab", RO_TEXT_CONTROL, 1 },
		{ "Eve\x1b[2J", RO_TEXT_CONTROL, 4 },
		{ "del\x7f", RO_TEXT_CONTROL, 4 },
		{ "ë\xc2\x9b" "x", RO_TEXT_CONTROL, 2 },        /* C1 CSI */
		{ "cr\r", RO_TEXT_CONTROL, 3 },
	};
	char *s;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t at = 99;

		assert_int_equal(ro_text_check(cases[i].s, &at), cases[i].f);
		assert_int_equal(at, cases[i].at);
	}
	assert_int_equal(ro_text_field_check("Last Name", "Lee"), 0);
	assert_int_equal(ro_text_field_check("Last Name",
	    "Smith\nAccount type: admin"), RO_EINVAL);
	assert_non_null(strstr(ro_error_last(), "Last Name"));
	assert_non_null(strstr(ro_error_last(), "^J"));
	assert_null(strchr(ro_error_last(), '\n'));
	assert_int_equal(ro_text_field_check("First Name", "Ana\xe9"),
	    RO_EINVAL);
	assert_non_null(strstr(ro_error_last(), "First Name is not valid UTF-8"));
	assert_int_equal(ro_text_field_check("mail.from", "a\xc2\x9b" "b"),
	    RO_EINVAL);
	assert_non_null(strstr(ro_error_last(), "<9B>"));
	s = ro_text_valid_utf8("Ana\xe9 \xff\xfeZ\x1b");
	assert_string_equal(s, "Ana\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbdZ\x1b");
	free(s);
}

/* What snprintf leaves when it cuts text inside a character. */
static void test_cut_partial(void **state)
{
	char a[] = "to \xc3\xa9\xc3", b[] = "x\xe2\x82", c[] = "ok \xe2\x82\xac";
	char d[] = "\xf0\x9f\x98", e[] = "plain", f[] = "\xc3\xa9";

	(void)state;
	ro_text_cut_partial(a);
	assert_string_equal(a, "to \xc3\xa9");
	ro_text_cut_partial(b);
	assert_string_equal(b, "x");
	ro_text_cut_partial(c);
	assert_string_equal(c, "ok \xe2\x82\xac");
	ro_text_cut_partial(d);
	assert_string_equal(d, "");
	ro_text_cut_partial(e);
	assert_string_equal(e, "plain");
	ro_text_cut_partial(f);
	assert_string_equal(f, "\xc3\xa9");
	ro_text_cut_partial(NULL);
}

static void test_width_and_fit(void **state)
{
	char *s;

	(void)state;
	assert_int_equal(ro_text_width("Zoë"), 3);
	assert_int_equal(ro_text_width("李明"), 4);
	s = ro_text_fit("Zoë", 5, 1);
	assert_string_equal(s, "Zoë  ");
	free(s);
	s = ro_text_fit("Abernathy", 5, 1);
	assert_string_equal(s, "Aber…");
	free(s);
	/* A wide character never straddles the edge. */
	s = ro_text_fit("李明李", 4, 1);
	assert_int_equal(ro_text_width(s), 4);
	free(s);
}

/* The last error, and the next step beside it (SPEC's exit statuses
 * are the CLI's: test_cli_error.c). */
static void test_error_next(void **state)
{
	(void)state;
	assert_int_equal(ro_error_set(RO_EBUSY, "x %d", 1), RO_EBUSY);
	assert_string_equal(ro_error_last(), "x 1");
	assert_int_equal(ro_error_last_code(), RO_EBUSY);
	assert_int_equal(ro_error_next(), RO_NEXT_NONE);
	assert_int_equal(ro_error_next_set(ro_error_set(RO_ENODB, "none"),
	    RO_NEXT_INIT), RO_ENODB);
	assert_int_equal(ro_error_next(), RO_NEXT_INIT);
	/* A later error does not inherit it. */
	ro_error_set(RO_EINVAL, "other");
	assert_int_equal(ro_error_next(), RO_NEXT_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_cut_partial),
		cmocka_unit_test(test_width_and_fit),
		cmocka_unit_test(test_error_next),
	};
	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
