/* plan_or_link.c — the SSO provider a OneRoster bundle names for a user.
 *
 * The 1EdTech CSV binding's users.csv has a userIds column (1.1 and 1.2):
 * a list of the user's identifiers in other systems, each written
 * {type:identifier} and separated by commas ("{Fed:1234},{Clever:5f0e}").
 * An entry whose type is Clever or ClassLink (case ignored) links the
 * user to that provider; the identifier is its id there.  The first such
 * entry wins.  Nothing else links: not the manifest's source.systemName
 * (a bundle a provider exported for an app does not say that the app's
 * sign-in is the provider's), not the sourcedId. */
#include "plan_or_int.h"

#include <string.h>
#include <strings.h>

static const char *skip_spaces(const char *s, const char *end)
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	return s;
}

static size_t trimmed_len(const char *s, const char *end)
{
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	return (size_t)(end - s);
}

ro_sso or_link_of(const char *user_ids, const char **id, size_t *idlen)
{
	const char *s = user_ids ? user_ids : "";

	*id = NULL;
	*idlen = 0;
	while ((s = strchr(s, '{')) != NULL) {
		const char *close = strchr(s, '}'), *colon;
		const char *type, *v;
		size_t tn, vn;
		ro_sso kind = RO_SSO_NONE;

		if (!close)
			break;
		colon = memchr(s, ':', (size_t)(close - s));
		if (colon) {
			type = skip_spaces(s + 1, colon);
			tn = trimmed_len(type, colon);
			v = skip_spaces(colon + 1, close);
			vn = trimmed_len(v, close);
			if (tn == 6 && strncasecmp(type, "Clever", 6) == 0)
				kind = RO_SSO_CLEVER;
			else if (tn == 9 && strncasecmp(type, "ClassLink", 9) ==
			    0)
				kind = RO_SSO_CLASSLINK;
			if (kind != RO_SSO_NONE && vn) {
				*id = v;
				*idlen = vn;
				return kind;
			}
		}
		s = close + 1;
	}
	return RO_SSO_NONE;
}
