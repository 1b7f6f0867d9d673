/* status.c — the status code table of SPEC, and lookups over it.
 *
 * The table is indexed by ro_status - 1, so that the enum and the table
 * cannot drift apart unnoticed: test_status checks every entry's status. */
#include <roster/status.h>

#include <strings.h>

static const ro_status_info table[] = {
	{ RO_ST_NEW, "NEW", RO_STK_OUTCOME,
	    "a portfolio will be created" },
	{ RO_ST_UPD, "UPD", RO_STK_OUTCOME,
	    "the portfolio will be updated (the changed fields are listed, "
	    "old \u2192 new; a password shows only as \"changed\")" },
	{ RO_ST_SAME, "SAME", RO_STK_OUTCOME,
	    "nothing to change" },
	{ RO_ST_E10, "E10", RO_STK_FILE,
	    "header does not match the Export for Upload columns" },
	{ RO_ST_E11, "E11", RO_STK_ROW,
	    "wrong number of cells in the row" },
	{ RO_ST_E12, "E12", RO_STK_FILE,
	    "OneRoster bundle: no org of orgs.csv is this site (by its "
	    "sourcedId or its name)" },
	{ RO_ST_E20, "E20", RO_STK_ROW,
	    "Portfolio ID is not a portfolio of this site" },
	{ RO_ST_E21, "E21", RO_STK_ROW,
	    "Portfolio ID appears more than once in the file" },
	{ RO_ST_E30, "E30", RO_STK_ROW,
	    "Username shorter than 6 characters" },
	{ RO_ST_E31, "E31", RO_STK_ROW,
	    "Username has characters other than letters, digits, . _ - @" },
	{ RO_ST_E32, "E32", RO_STK_ROW,
	    "Username is already used by another portfolio (ignoring case)" },
	{ RO_ST_E33, "E33", RO_STK_ROW,
	    "Username appears more than once in the file (ignoring case)" },
	{ RO_ST_E40, "E40", RO_STK_ROW,
	    "Password shorter than 8 characters" },
	{ RO_ST_E41, "E41", RO_STK_ROW,
	    "Password needs an uppercase letter, a lowercase letter and a digit" },
	{ RO_ST_E42, "E42", RO_STK_ROW,
	    "a new portfolio needs a password" },
	{ RO_ST_E43, "E43", RO_STK_ROW,
	    "Password longer than 128 characters" },
	{ RO_ST_E50, "E50", RO_STK_ROW,
	    "First Name or Last Name is blank" },
	{ RO_ST_E51, "E51", RO_STK_ROW,
	    "First Name or Last Name holds a control character (a line "
	    "break, a tab, ESC) or is not valid UTF-8" },
	{ RO_ST_E60, "E60", RO_STK_ROW,
	    "Graduation Year is not a 4-digit year between 1990 and 2100, "
	    "or is missing for a student" },
	{ RO_ST_E70, "E70", RO_STK_ROW,
	    "Group is not a group of this site (the message suggests the "
	    "closest name)" },
	{ RO_ST_E71, "E71", RO_STK_ROW,
	    "Account Type is not student/staff/admin, or differs from the "
	    "portfolio's" },
	{ RO_ST_E80, "E80", RO_STK_ROW,
	    "Email address is not valid" },
	{ RO_ST_E90, "E90", RO_STK_ROW,
	    "the portfolio is linked to Clever/ClassLink: its username and "
	    "password cannot be changed here" },
	{ RO_ST_E91, "E91", RO_STK_ROW,
	    "the portfolio is inactive; reactivate it first" },
	{ RO_ST_W10, "W10", RO_STK_WARNING,
	    "a cell looks damaged by a spreadsheet program: a number in "
	    "scientific notation (1.2E+05), a whole number turned into 123.0, "
	    "or leading zeros lost against the current value" },
	{ RO_ST_W11, "W11", RO_STK_WARNING,
	    "spaces around a value were trimmed" },
	{ RO_ST_W12, "W12", RO_STK_WARNING,
	    "the file was not UTF-8 and was read as Windows-1252" },
	{ RO_ST_W20, "W20", RO_STK_WARNING,
	    "the password equals the username, or contains the first or last "
	    "name" },
	{ RO_ST_W30, "W30", RO_STK_WARNING,
	    "OneRoster: the user's role (guardian, parent, aide, ...) is not "
	    "student, teacher or administrator; the user is left out" },
	{ RO_ST_W31, "W31", RO_STK_WARNING,
	    "OneRoster: the bundle marks a user roster does not have as "
	    "tobedeleted or not enabled; it is not created" },
	{ RO_ST_W32, "W32", RO_STK_WARNING,
	    "OneRoster: the portfolio is linked to Clever/ClassLink; its "
	    "username and password stay as they are, whatever the bundle says" },
	{ RO_ST_W33, "W33", RO_STK_WARNING,
	    "OneRoster: the bundle marks the user tobedeleted or not enabled; "
	    "the portfolio will be deactivated" },
	{ RO_ST_W34, "W34", RO_STK_WARNING,
	    "OneRoster: userIds ({Clever:ID} or {ClassLink:ID}) links the "
	    "portfolio; the upload marks it linked, and the SSO lock holds" },
};

_Static_assert(sizeof table / sizeof table[0] == RO_ST__COUNT - 1,
    "status table and enum ro_status differ in length");

static const char *const kind_names[] = {
	[RO_STK_OUTCOME] = "outcome",
	[RO_STK_FILE] = "file",
	[RO_STK_ROW] = "row",
	[RO_STK_WARNING] = "warning",
};

const ro_status_info *ro_status_table(size_t *n)
{
	if (n)
		*n = sizeof table / sizeof table[0];
	return table;
}

const ro_status_info *ro_status_get(ro_status s)
{
	if (s <= RO_ST_NONE || s >= RO_ST__COUNT)
		return NULL;
	return &table[s - 1];
}

const char *ro_status_code(ro_status s)
{
	const ro_status_info *info = ro_status_get(s);

	return info ? info->code : "";
}

ro_status ro_status_from_code(const char *code)
{
	if (!code)
		return RO_ST_NONE;
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (strcasecmp(table[i].code, code) == 0)
			return table[i].status;
	return RO_ST_NONE;
}

bool ro_status_is_error(ro_status s)
{
	return s >= RO_ST_E10 && s <= RO_ST_E91;
}

bool ro_status_is_warning(ro_status s)
{
	return s >= RO_ST_W10 && s <= RO_ST_W34;
}

const char *ro_status_kind_name(ro_status_kind k)
{
	if ((unsigned)k >= sizeof kind_names / sizeof kind_names[0])
		return "";
	return kind_names[k];
}
