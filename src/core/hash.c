/* hash.c — Argon2id encoded hashes; the one file that includes <argon2.h>.
 *
 * libargon2's codes are translated here and never leak upward.  No message
 * made here holds a password or a hash: SPEC keeps both out of errors. */
#include <roster/hash.h>
#include <roster/error.h>
#include <roster/random.h>

#include <argon2.h>
#include <stdatomic.h>
#include <string.h>

#define SALT_LEN 16
#define HASH_LEN 32

/* A stored hash names its own cost, and verify pays it: these bounds keep
 * a damaged or hostile row from asking for gigabytes or hours. */
#define M_KIB_MAX (4u * 1024 * 1024)
#define T_MAX 1024u
#define P_MAX 64u
#define ENCODED_LEN_MAX 1024

/* Argon2id runs in this process (ro_hash_stats): for the test that an
 * unknown username costs one verify and no hash. */
static atomic_ulong n_hashes, n_verifies;

ro_hash_params ro_hash_params_default(void)
{
	return (ro_hash_params){ .m_kib = 19456, .t = 2, .p = 1 };
}

ro_hash_params ro_hash_params_test(void)
{
	return (ro_hash_params){ .m_kib = 8, .t = 1, .p = 1 };
}

static bool params_ok(const ro_hash_params *p)
{
	/* Argon2 needs 8 KiB (two blocks per sync point) for every lane. */
	return p->p >= 1 && p->p <= P_MAX && p->t >= 1 && p->t <= T_MAX &&
	    p->m_kib >= 8 * p->p && p->m_kib <= M_KIB_MAX;
}

static int params_check(const ro_hash_params *p)
{
	if (params_ok(p))
		return 0;
	return ro_error_set(RO_EINVAL,
	    "password hash parameters m=%u,t=%u,p=%u are out of range "
	    "(m %u..%u KiB and at least 8 per lane, t 1..%u, p 1..%u)",
	    p->m_kib, p->t, p->p, 8u, M_KIB_MAX, T_MAX, P_MAX);
}

static const struct {
	int a2;
	int ro;
} a2_codes[] = {
	{ ARGON2_VERIFY_MISMATCH, RO_EDENIED },
	{ ARGON2_MEMORY_ALLOCATION_ERROR, RO_ENOMEM },
	{ ARGON2_DECODING_FAIL, RO_EINVAL },
	{ ARGON2_DECODING_LENGTH_FAIL, RO_EINVAL },
	{ ARGON2_INCORRECT_TYPE, RO_EINVAL },
	{ ARGON2_INCORRECT_PARAMETER, RO_EINVAL },
	{ ARGON2_OUTPUT_TOO_SHORT, RO_EINVAL },
	{ ARGON2_OUTPUT_TOO_LONG, RO_EINVAL },
	{ ARGON2_PWD_TOO_LONG, RO_EINVAL },
	{ ARGON2_SALT_TOO_SHORT, RO_EINVAL },
	{ ARGON2_SALT_TOO_LONG, RO_EINVAL },
	{ ARGON2_TIME_TOO_SMALL, RO_EINVAL },
	{ ARGON2_TIME_TOO_LARGE, RO_EINVAL },
	{ ARGON2_MEMORY_TOO_LITTLE, RO_EINVAL },
	{ ARGON2_MEMORY_TOO_MUCH, RO_EINVAL },
	{ ARGON2_LANES_TOO_FEW, RO_EINVAL },
	{ ARGON2_LANES_TOO_MANY, RO_EINVAL },
	{ ARGON2_THREADS_TOO_FEW, RO_EINVAL },
	{ ARGON2_THREADS_TOO_MANY, RO_EINVAL },
};

/* what says which operation failed ("hash", "verify"). */
static int a2_translate(int a2, const char *what)
{
	int ro = RO_EINTERNAL;

	if (a2 == ARGON2_OK)
		return 0;
	if (a2 == ARGON2_VERIFY_MISMATCH)
		return ro_error_set(RO_EDENIED, "wrong password");
	for (size_t i = 0; i < sizeof a2_codes / sizeof a2_codes[0]; i++)
		if (a2_codes[i].a2 == a2)
			ro = a2_codes[i].ro;
	return ro_error_set(ro, "password %s failed: %s", what,
	    argon2_error_message(a2));
}

int ro_hash_password(char out[RO_HASH_ENCODED_MAX], const char *password,
    const ro_hash_params *params)
{
	unsigned char salt[SALT_LEN];
	int rc;

	if (!out || !password || !params)
		return ro_error_set(RO_EINVAL, "ro_hash_password: NULL argument");
	out[0] = '\0';
	rc = params_check(params);
	if (rc)
		return rc;
	if (argon2_encodedlen(params->t, params->m_kib, params->p, SALT_LEN,
	    HASH_LEN, Argon2_id) > RO_HASH_ENCODED_MAX)
		return ro_error_set(RO_EINVAL,
		    "encoded password hash would not fit in %d bytes",
		    RO_HASH_ENCODED_MAX);
	rc = ro_random_bytes(salt, sizeof salt);
	if (rc)
		return rc;
	atomic_fetch_add(&n_hashes, 1);
	rc = argon2id_hash_encoded(params->t, params->m_kib, params->p,
	    password, strlen(password), salt, sizeof salt, HASH_LEN, out,
	    RO_HASH_ENCODED_MAX);
	if (rc != ARGON2_OK) {
		out[0] = '\0';
		return a2_translate(rc, "hash");
	}
	return 0;
}

/* ---- reading "$argon2id$v=19$m=…,t=…,p=…$salt$hash" ---- */

typedef struct parsed {
	uint32_t version;
	ro_hash_params params;
} parsed;

static bool skip(const char **s, const char *lit)
{
	size_t n = strlen(lit);

	if (strncmp(*s, lit, n) != 0)
		return false;
	*s += n;
	return true;
}

/* A decimal without sign or leading zeros, as libargon2's decoder wants. */
static bool read_u32(const char **s, uint32_t *out)
{
	const char *p = *s;
	uint64_t v = 0;

	if (*p < '0' || *p > '9' || (p[0] == '0' && p[1] >= '0' && p[1] <= '9'))
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (uint64_t)(*p - '0');
		if (v > UINT32_MAX)
			return false;
	}
	*out = (uint32_t)v;
	*s = p;
	return true;
}

/* Unpadded standard base64, as PHC strings use. */
static bool read_b64(const char **s)
{
	const char *p = *s;

	while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
	    (*p >= '0' && *p <= '9') || *p == '+' || *p == '/')
		p++;
	if (p == *s)
		return false;
	*s = p;
	return true;
}

static bool parse_encoded(parsed *out, const char *enc)
{
	const char *s = enc;

	if (!enc || strnlen(enc, ENCODED_LEN_MAX + 1) > ENCODED_LEN_MAX)
		return false;
	if (!skip(&s, "$argon2id$"))
		return false;
	/* PHC lets the version be left out; it then means 1.0 (0x10). */
	out->version = 0x10;
	if (skip(&s, "v=") && (!read_u32(&s, &out->version) || !skip(&s, "$")))
		return false;
	return skip(&s, "m=") && read_u32(&s, &out->params.m_kib) &&
	    skip(&s, ",t=") && read_u32(&s, &out->params.t) &&
	    skip(&s, ",p=") && read_u32(&s, &out->params.p) &&
	    skip(&s, "$") && read_b64(&s) && skip(&s, "$") && read_b64(&s) &&
	    *s == '\0';
}

int ro_hash_params_of(ro_hash_params *out, const char *encoded)
{
	parsed p;

	if (!out)
		return ro_error_set(RO_EINVAL, "ro_hash_params_of: NULL argument");
	if (!parse_encoded(&p, encoded))
		return ro_error_set(RO_EINVAL, "not an Argon2id password hash");
	*out = p.params;
	return 0;
}

bool ro_hash_needs_rehash(const char *encoded, const ro_hash_params *params)
{
	parsed p;

	if (!params || !parse_encoded(&p, encoded))
		return true;
	return p.version != ARGON2_VERSION_13 ||
	    p.params.m_kib != params->m_kib || p.params.t != params->t ||
	    p.params.p != params->p;
}

int ro_hash_verify(const char *encoded, const char *password)
{
	parsed p;
	int rc;

	if (!password)
		return ro_error_set(RO_EINVAL, "ro_hash_verify: NULL password");
	if (!parse_encoded(&p, encoded))
		return ro_error_set(RO_EINVAL, "not an Argon2id password hash");
	if (!params_ok(&p.params))
		return ro_error_set(RO_EINVAL,
		    "password hash parameters m=%u,t=%u,p=%u are out of range",
		    p.params.m_kib, p.params.t, p.params.p);
	atomic_fetch_add(&n_verifies, 1);
	rc = argon2id_verify(encoded, password, strlen(password));
	return a2_translate(rc, "verify");
}

/* ---- the dummy hash for unknown usernames ---- */

int ro_hash_make_dummy(char out[RO_HASH_ENCODED_MAX],
    const ro_hash_params *params)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char r[24];
	char pw[2 * sizeof r + 1];
	int rc;

	/* A password nobody knows: the dummy never matches, and a wrong
	 * username is refused whatever it does. */
	if ((rc = ro_random_bytes(r, sizeof r)))
		return rc;
	for (size_t i = 0; i < sizeof r; i++) {
		pw[2 * i] = hex[r[i] >> 4];
		pw[2 * i + 1] = hex[r[i] & 15];
	}
	pw[sizeof pw - 1] = '\0';
	rc = ro_hash_password(out, pw, params);
	explicit_bzero(pw, sizeof pw);
	explicit_bzero(r, sizeof r);
	return rc;
}

void ro_hash_stats(unsigned long *hashes, unsigned long *verifies)
{
	if (hashes)
		*hashes = atomic_load(&n_hashes);
	if (verifies)
		*verifies = atomic_load(&n_verifies);
}
