/* rules.c — the credential and field rules of SPEC, as pure functions.
 *
 * Usernames allow ASCII letters only (see rules.h for why).  Passwords and
 * names may hold any UTF-8; their lengths count code points, and the case
 * tests know the Latin, Greek and Cyrillic letters a school is likely to
 * type, not all of Unicode. */
#include <roster/rules.h>
#include <roster/error.h>
#include <roster/random.h>
#include <roster/utf8.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define BAD_CP UINT32_MAX

/* Decodes one code point and advances *s; a byte that does not start a
 * well-formed sequence (overlong, surrogate, beyond U+10FFFF, truncated)
 * yields BAD_CP and advances by one byte, so that it counts once. */
static uint32_t utf8_next(const char **s)
{
	uint32_t c;
	size_t len = ro_utf8_decode(*s, SIZE_MAX, &c);

	if (len == 0) {
		*s += 1;
		return BAD_CP;
	}
	*s += len;
	return c;
}

static size_t utf8_count(const char *s, const char *end)
{
	size_t n = 0;

	while (s < end && *s) {
		utf8_next(&s);
		n++;
	}
	return n;
}

/* ---- letter case, for the Latin, Greek and Cyrillic alphabets ---- */

/* Upper case letters lo..hi (every stride-th) whose lower case is
 * delta away. */
static const struct {
	uint32_t lo, hi;
	uint8_t stride;
	int16_t delta;
} upper_ranges[] = {
	{ 0x0041, 0x005A, 1, 32 },      /* A-Z */
	{ 0x00C0, 0x00D6, 1, 32 },      /* À-Ö */
	{ 0x00D8, 0x00DE, 1, 32 },      /* Ø-Þ */
	{ 0x0100, 0x012F, 2, 1 },       /* Latin Extended-A, in pairs */
	{ 0x0132, 0x0137, 2, 1 },
	{ 0x0139, 0x0148, 2, 1 },
	{ 0x014A, 0x0177, 2, 1 },
	{ 0x0178, 0x0178, 1, -121 },    /* Ÿ -> ÿ */
	{ 0x0179, 0x017E, 2, 1 },
	{ 0x0386, 0x0386, 1, 38 },      /* Greek with tonos */
	{ 0x0388, 0x038A, 1, 37 },
	{ 0x038C, 0x038C, 1, 64 },
	{ 0x038E, 0x038F, 1, 63 },
	{ 0x0391, 0x03A1, 1, 32 },      /* Α-Ρ */
	{ 0x03A3, 0x03AB, 1, 32 },      /* Σ-Ϋ */
	{ 0x0400, 0x040F, 1, 80 },      /* Ѐ-Џ */
	{ 0x0410, 0x042F, 1, 32 },      /* А-Я */
};

/* Lower case letters with no upper case partner in the table above. */
static const uint32_t lower_only[] = {
	0x00DF, 0x0131, 0x0138, 0x0149, 0x017F, 0x0390, 0x03B0, 0x03C2,
};

static bool in_range(uint32_t c, size_t i)
{
	return c >= upper_ranges[i].lo && c <= upper_ranges[i].hi &&
	    (c - upper_ranges[i].lo) % upper_ranges[i].stride == 0;
}

static uint32_t cp_lower(uint32_t c)
{
	if (c == 0x0130)        /* İ */
		return 'i';
	for (size_t i = 0; i < sizeof upper_ranges / sizeof upper_ranges[0]; i++)
		if (in_range(c, i))
			return (uint32_t)((int32_t)c + upper_ranges[i].delta);
	return c;
}

static bool cp_is_upper(uint32_t c)
{
	return c == 0x0130 || cp_lower(c) != c;
}

static bool cp_is_lower(uint32_t c)
{
	if (c == BAD_CP)
		return false;
	for (size_t i = 0; i < sizeof lower_only / sizeof lower_only[0]; i++)
		if (c == lower_only[i])
			return true;
	for (size_t i = 0; i < sizeof upper_ranges / sizeof upper_ranges[0]; i++)
		if (in_range((uint32_t)((int32_t)c - upper_ranges[i].delta), i))
			return true;
	return false;
}

/* Does s start with needle[0..nend), ignoring case?  *after receives the
 * end of the match in s. */
static bool ci_prefix(const char *s, const char *needle, const char *nend,
    const char **after)
{
	while (needle < nend) {
		uint32_t a, b;

		if (!*s)
			return false;
		a = utf8_next(&s);
		b = utf8_next(&needle);
		if (a == BAD_CP || b == BAD_CP || cp_lower(a) != cp_lower(b))
			return false;
	}
	if (after)
		*after = s;
	return true;
}

static bool ci_contains(const char *hay, const char *needle, const char *nend)
{
	for (const char *s = hay; *s; utf8_next(&s))
		if (ci_prefix(s, needle, nend, NULL))
			return true;
	return false;
}

/* ---- the rules ---- */

static bool username_char_ok(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' ||
	    c == '@';
}

size_t ro_rules_username_codes(ro_status out[2], const char *username)
{
	const char *u = username ? username : "";
	size_t n = 0;

	if (utf8_count(u, u + strlen(u)) < RO_USERNAME_MIN)
		out[n++] = RO_ST_E30;
	for (const char *p = u; *p; p++) {
		if (!username_char_ok((unsigned char)*p)) {
			out[n++] = RO_ST_E31;
			break;
		}
	}
	return n;
}

ro_status ro_rules_username(const char *username)
{
	ro_status codes[2];

	return ro_rules_username_codes(codes, username) ? codes[0] : RO_ST_NONE;
}

size_t ro_rules_password_codes(ro_status out[2], const char *password)
{
	const char *s = password ? password : "";
	bool upper = false, lower = false, digit = false;
	size_t len = 0, n = 0, lead = 0, trail = 0;

	while (*s) {
		uint32_t c = utf8_next(&s);
		bool space = c == ' ' || c == '\t' || c == 0xA0;

		len++;
		/* Spaces at the ends do not count towards the minimum: a
		 * spreadsheet or a paste loses them too easily. */
		if (space && lead == len - 1)
			lead++;
		trail = space ? trail + 1 : 0;
		upper |= cp_is_upper(c);
		lower |= cp_is_lower(c);
		digit |= c >= '0' && c <= '9';
	}
	if (len > RO_PASSWORD_MAX)
		out[n++] = RO_ST_E43;
	else if (lead == len || len - lead - trail < RO_PASSWORD_MIN)
		out[n++] = RO_ST_E40;
	if (!upper || !lower || !digit)
		out[n++] = RO_ST_E41;
	return n;
}

ro_status ro_rules_password(const char *password)
{
	ro_status codes[2];

	return ro_rules_password_codes(codes, password) ? codes[0] : RO_ST_NONE;
}

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t';
}

/* Is the name (spaces around it ignored) at least 3 characters long and
 * inside the password? */
static bool name_in(const char *password, const char *name)
{
	const char *end;

	if (!name)
		return false;
	while (is_space((unsigned char)*name))
		name++;
	end = name + strlen(name);
	while (end > name && is_space((unsigned char)end[-1]))
		end--;
	if (utf8_count(name, end) < 3)
		return false;
	return ci_contains(password, name, end);
}

bool ro_rules_password_weak(const char *password, const char *username,
    const char *first, const char *last)
{
	const char *after;

	if (!password || !*password)
		return false;
	if (username && *username &&
	    ci_prefix(password, username, username + strlen(username), &after) &&
	    *after == '\0')
		return true;
	return name_in(password, first) || name_in(password, last);
}

/* Characters that cannot stand unquoted in an address, or that would let
 * one field become several addresses or mail headers. */
static bool email_byte_bad(unsigned char c)
{
	return c <= 0x20 || c == 0x7F || strchr("\"(),:;<>[\\]", c) != NULL;
}

/* Invisible or spacing code points that make two addresses look alike. */
static bool email_cp_bad(uint32_t c)
{
	return c == BAD_CP || (c >= 0x80 && c <= 0xA0) || c == 0x1680 ||
	    (c >= 0x2000 && c <= 0x200F) || (c >= 0x2028 && c <= 0x202F) ||
	    (c >= 0x205F && c <= 0x206F) || c == 0x3000 || c == 0xFEFF;
}

/* A dot-separated part: no empty label, no dot at either end. */
static bool dots_ok(const char *s, const char *end)
{
	if (s == end || *s == '.' || end[-1] == '.')
		return false;
	for (const char *p = s; p + 1 < end; p++)
		if (p[0] == '.' && p[1] == '.')
			return false;
	return true;
}

ro_status ro_rules_email(const char *email)
{
	const char *at = NULL, *end, *s;

	if (!email || !*email)
		return RO_ST_NONE;
	end = email + strlen(email);
	if (end - email > 254)
		return RO_ST_E80;
	for (s = email; *s;) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x80) {
			if (email_byte_bad(c))
				return RO_ST_E80;
			if (c == '@') {
				if (at)
					return RO_ST_E80;
				at = s;
			}
			s++;
		} else if (email_cp_bad(utf8_next(&s))) {
			return RO_ST_E80;
		}
	}
	if (!at || at - email > 64 || !dots_ok(email, at) ||
	    !dots_ok(at + 1, end) || !memchr(at + 1, '.', (size_t)(end - at - 1)))
		return RO_ST_E80;
	return RO_ST_NONE;
}

ro_status ro_rules_grad_year(int *out, const char *text)
{
	int year = 0;

	if (out)
		*out = 0;
	if (!text || strlen(text) != 4)
		return RO_ST_E60;
	for (int i = 0; i < 4; i++) {
		if (text[i] < '0' || text[i] > '9')
			return RO_ST_E60;
		year = year * 10 + (text[i] - '0');
	}
	if (year < RO_GRAD_YEAR_MIN || year > RO_GRAD_YEAR_MAX)
		return RO_ST_E60;
	if (out)
		*out = year;
	return RO_ST_NONE;
}

static unsigned char ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

bool ro_rules_username_equal(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	for (; *a && *b; a++, b++)
		if (ascii_lower((unsigned char)*a) != ascii_lower((unsigned char)*b))
			return false;
	return *a == *b;
}

static const struct {
	ro_status status;
	const char *text;
} messages[] = {
	{ RO_ST_E30, "A username needs at least 6 characters." },
	{ RO_ST_E31, "A username may hold only letters A-Z, digits and . _ - @." },
	{ RO_ST_E40, "A password needs at least 8 characters." },
	{ RO_ST_E43, "A password has at most 128 characters." },
	{ RO_ST_E41, "A password needs an uppercase letter, a lowercase letter "
	    "and a digit." },
	{ RO_ST_E60, "A graduation year is 4 digits, from 1990 to 2100." },
	{ RO_ST_E80, "That does not look like an email address." },
	{ RO_ST_W20, "The password should not be the username or contain the "
	    "first or last name." },
};

const char *ro_rules_message(ro_status s)
{
	const ro_status_info *info;

	for (size_t i = 0; i < sizeof messages / sizeof messages[0]; i++)
		if (messages[i].status == s)
			return messages[i].text;
	info = ro_status_get(s);
	return info ? info->meaning : "";
}

/* Does s start with a space, tab or no-break space (U+00A0, which
 * spreadsheets and web pages paste)?  Returns its length or 0. */
static size_t blank_at(const char *s)
{
	if (is_space((unsigned char)*s))
		return 1;
	if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
		return 2;
	return 0;
}

bool ro_rules_trim(char *s)
{
	size_t len, lead = 0, k;

	if (!s)
		return false;
	while ((k = blank_at(s + lead)) > 0)
		lead += k;
	len = strlen(s + lead);
	if (lead)
		memmove(s, s + lead, len + 1);
	k = len;
	for (;;) {
		if (k >= 1 && is_space((unsigned char)s[k - 1]))
			k -= 1;
		else if (k >= 2 && (unsigned char)s[k - 2] == 0xC2 &&
		    (unsigned char)s[k - 1] == 0xA0)
			k -= 2;
		else
			break;
	}
	s[k] = '\0';
	return lead > 0 || k < len;
}

/* ---- generated passwords ---- */

/* 256 short, common, inoffensive words: a uniform pick is one byte of
 * entropy.  None starts with I, which reads as l in many fonts. */
static const char *const words[] = {
	"acorn", "almond", "amber", "anchor", "apple", "apricot", "arrow",
	"aspen", "atlas", "autumn", "badger", "bagel", "bamboo", "banjo",
	"barley", "basil", "beach", "beacon", "beaver", "berry", "birch",
	"biscuit", "bison", "blossom", "bonnet", "bramble", "breeze",
	"brook", "bubble", "bucket", "button", "cabin", "cactus", "camel",
	"canal", "candle", "canoe", "canyon", "carrot", "cedar", "cello",
	"cherry", "chess", "cider", "cloud", "clover", "cobalt", "comet",
	"copper", "coral", "cosmos", "cotton", "cougar", "crane", "crayon",
	"cricket", "cypress", "dahlia", "daisy", "desert", "dolphin",
	"donkey", "dove", "dragon", "dune", "eagle", "echo", "elm", "ember",
	"fable", "falcon", "feather", "fern", "ferry", "fiddle", "finch",
	"flute", "forest", "fossil", "fox", "garden", "garnet", "gazelle",
	"gecko", "ginger", "glacier", "globe", "goose", "grape", "gravel",
	"guitar", "harbor", "harvest", "hazel", "heather", "heron",
	"hickory", "honey", "horizon", "horse", "husky", "jacket", "jade",
	"jasmine", "jelly", "jigsaw", "jungle", "juniper", "kayak", "kernel",
	"kettle", "kiwi", "koala", "ladder", "lagoon", "lantern", "lark",
	"lemon", "lemur", "lilac", "lily", "lime", "llama", "lobster",
	"locket", "lotus", "magnet", "mammoth", "mango", "maple", "marble",
	"meadow", "melon", "mesa", "meteor", "mint", "mitten", "moose",
	"mosaic", "moss", "muffin", "mural", "nectar", "needle", "noodle",
	"nugget", "nutmeg", "oak", "oasis", "ocean", "olive", "onion",
	"orbit", "orca", "orchid", "oriole", "otter", "owl", "oyster",
	"paddle", "panda", "papaya", "parrot", "pasta", "peach", "peanut",
	"pebble", "pelican", "penguin", "pepper", "piano", "pickle", "pilot",
	"pine", "pixel", "planet", "plum", "pocket", "pond", "poppy",
	"prairie", "pretzel", "puffin", "pumpkin", "puzzle", "quail",
	"quartz", "quill", "quiver", "rabbit", "radish", "rainbow", "raisin",
	"raven", "rhubarb", "ribbon", "river", "robin", "rocket", "rose",
	"ruby", "saddle", "saffron", "salmon", "sandal", "scarf", "sequoia",
	"shadow", "shell", "shrimp", "silver", "sleet", "sloth", "snail",
	"sparrow", "spinach", "sprout", "spruce", "squid", "star", "stone",
	"summer", "sunset", "swan", "teapot", "thistle", "thunder", "tiger",
	"timber", "toast", "tofu", "toucan", "tractor", "trail", "tulip",
	"tundra", "turnip", "turtle", "tuxedo", "valley", "velvet", "violet",
	"violin", "wagon", "walnut", "walrus", "wave", "whale", "willow",
	"window", "winter", "wizard", "wombat", "yodel", "yogurt", "zebra",
};

_Static_assert(sizeof words / sizeof words[0] == 256, "word list length");

static int pick_word(char *buf, size_t len)
{
	uint32_t i;
	int rc = ro_random_below(&i, sizeof words / sizeof words[0]);

	if (rc)
		return rc;
	snprintf(buf, len, "%s", words[i]);
	buf[0] = (char)(buf[0] - 'a' + 'A');
	return 0;
}

int ro_rules_generate_password(char *out, size_t outlen)
{
	char a[16], b[16];
	uint32_t num;
	int rc;

	if (!out || outlen < 32)
		return ro_error_set(RO_EINVAL,
		    "a generated password needs a 32-byte buffer");
	/* Two different words read better ("Maple-Otter-47") than a word
	 * twice; the 100 numbers bring the space to 256*255*100 ≈ 2^22.6. */
	rc = pick_word(a, sizeof a);
	do {
		if (!rc)
			rc = pick_word(b, sizeof b);
	} while (!rc && strcmp(a, b) == 0);
	if (!rc)
		rc = ro_random_below(&num, 100);
	if (!rc)
		snprintf(out, outlen, "%s-%s-%02u", a, b, (unsigned)num);
	explicit_bzero(a, sizeof a);
	explicit_bzero(b, sizeof b);
	explicit_bzero(&num, sizeof num);
	return rc;
}
