/* passgen.c — generated passwords ("Maple-Otter-47"): two different words
 * of a list of 256 and a number below 100, from the system's CSPRNG. */
#include <roster/rules.h>
#include <roster/error.h>
#include <roster/random.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

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
