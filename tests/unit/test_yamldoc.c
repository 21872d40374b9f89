/* yamldoc.c: the YAML loader's tree, its 1-based positions and the limits it
 * enforces on top of libyaml (size, depth, node count, no anchors or
 * aliases, no duplicate keys, one document). */
#include "unit.h"

#include "opsdesk/yamldoc.h"

/* Parses text (a C string); the tree or NULL, with diags filled. */
static ynode *parse(const char *text, diag_list *d)
{
	return yamldoc_parse(text, strlen(text), d);
}

/* Asserts that text is refused with exactly one diagnostic at line:col
 * whose message contains want. */
static void refused_at(const char *text, size_t len, int line, int col, const char *want)
{
	diag_list d = {0};
	ynode *root = yamldoc_parse(text, len, &d);
	bool parsed = root != NULL;
	ynode_free(root);
	/* copied out and freed first, so a failing case leaks nothing */
	size_t n = d.n;
	diag got = {0, 0, NULL};
	char msg[1024] = "";
	if (n > 0) {
		got = d.items[0];
		snprintf(msg, sizeof msg, "%s", got.msg);
	}
	diag_free(&d);
	assert_false(parsed);
	assert_int_equal(n, 1);
	if (!strstr(msg, want))
		fail_msg("message '%s' does not contain '%s'", msg, want);
	assert_int_equal(got.line, line);
	assert_int_equal(got.col, col);
}

/* Asserts that text gets exactly one diagnostic at line:col containing
 * want, and that reading went on past it: the tree is there. */
static void read_past_at(const char *text, int line, int col, const char *want)
{
	diag_list d = {0};
	ynode *root = parse(text, &d);
	bool parsed = root != NULL;
	ynode_free(root);
	size_t n = d.n;
	diag got = n > 0 ? d.items[0] : (diag){0, 0, NULL};
	char msg[1024] = "";
	if (n > 0)
		snprintf(msg, sizeof msg, "%s", got.msg);
	diag_free(&d);
	assert_true(parsed);
	assert_int_equal(n, 1);
	if (!strstr(msg, want))
		fail_msg("message '%s' does not contain '%s'", msg, want);
	assert_int_equal(got.line, line);
	assert_int_equal(got.col, col);
}

static void positions_are_one_based(void **state)
{
	(void)state;
	diag_list d = {0};
	ynode *root = parse("a: 1\nlist:\n  - x\n  - {k: v}\n", &d);
	assert_non_null(root);
	assert_int_equal(d.n, 0);
	assert_int_equal(root->kind, YN_MAP);
	assert_int_equal(root->line, 1);
	assert_int_equal(root->col, 1);
	assert_int_equal(root->n, 2);
	assert_string_equal(root->keys[0]->value, "a");
	assert_int_equal(root->keys[0]->line, 1);
	assert_int_equal(root->keys[0]->col, 1);
	assert_int_equal(root->items[0]->line, 1);
	assert_int_equal(root->items[0]->col, 4);
	assert_int_equal(root->keys[1]->line, 2);
	assert_int_equal(root->keys[1]->col, 1);
	const ynode *list = root->items[1];
	assert_int_equal(list->kind, YN_SEQ);
	assert_int_equal(list->line, 3);
	assert_int_equal(list->col, 3);
	assert_int_equal(list->n, 2);
	assert_string_equal(list->items[0]->value, "x");
	assert_int_equal(list->items[0]->line, 3);
	assert_int_equal(list->items[0]->col, 5);
	const ynode *m = list->items[1];
	assert_int_equal(m->kind, YN_MAP);
	assert_int_equal(m->line, 4);
	assert_int_equal(m->col, 5);
	assert_string_equal(m->keys[0]->value, "k");
	assert_int_equal(m->keys[0]->col, 6);
	assert_string_equal(m->items[0]->value, "v");
	assert_int_equal(m->items[0]->line, 4);
	assert_int_equal(m->items[0]->col, 9);
	ynode_free(root);
}

static void columns_count_characters_not_bytes(void **state)
{
	(void)state;
	/* libyaml counts columns in characters: 名称 is two, not six */
	diag_list d = {0};
	ynode *root = parse("名称: 值\n", &d);
	assert_non_null(root);
	assert_int_equal(root->items[0]->col, 5);
	ynode_free(root);
}

static void scalars_are_strings_and_remember_quotes(void **state)
{
	(void)state;
	diag_list d = {0};
	ynode *root = parse("a: 1\nb: '1'\nc: \"中\"\nd: true\n", &d);
	assert_non_null(root);
	assert_string_equal(root->items[0]->value, "1");
	assert_false(root->items[0]->quoted);
	assert_string_equal(root->items[1]->value, "1");
	assert_true(root->items[1]->quoted);
	assert_string_equal(root->items[2]->value, "中");
	assert_true(root->items[2]->quoted);
	assert_string_equal(root->items[3]->value, "true");
	assert_false(root->items[3]->quoted);
	ynode_free(root);
}

static void aliases_are_refused_with_position(void **state)
{
	(void)state;
	const char *text = "a: 1\nb: *x\n";
	refused_at(text, strlen(text), 2, 4, "aliases (*x) are not allowed");
}

static void anchors_are_refused_with_position(void **state)
{
	(void)state;
	const char *scalar = "a: &x 1\nb: *x\n";
	refused_at(scalar, strlen(scalar), 1, 4, "anchors (&x) are not allowed");
	const char *map = "top: 1\nbase: &b\n  k: v\n";
	refused_at(map, strlen(map), 2, 7, "anchors (&b) are not allowed");
	const char *seq = "l: &s [1, 2]\n";
	refused_at(seq, strlen(seq), 1, 4, "anchors (&s) are not allowed");
}

static void alias_bomb_is_refused_at_the_first_anchor(void **state)
{
	(void)state;
	/* "billion laughs": expanded, this is 9^9 strings. The loader reads
	 * events and never expands anything; it stops at the first anchor, so
	 * there is exactly one message and nothing after it was looked at. */
	char text[4096] =
	    "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
	for (char c = 'b'; c <= 'i'; c++) {
		char line[128];
		snprintf(line, sizeof line, "%c: &%c [*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c]\n", c, c,
			 c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1);
		strcat(text, line);
	}
	refused_at(text, strlen(text), 1, 4, "anchors (&a) are not allowed");
}

static void alias_bomb_without_anchors_is_refused(void **state)
{
	(void)state;
	/* aliases to anchors never defined: libyaml's parser passes them on */
	const char *text = "x: [*a, *a, *a, *a, *a, *a, *a, *a]\n";
	refused_at(text, strlen(text), 1, 5, "aliases (*a) are not allowed");
}

static void duplicate_keys_are_reported_naming_the_first(void **state)
{
	(void)state;
	read_past_at("name: a\nother: b\nname: c\n", 3, 1,
		     "duplicate key 'name' (first at line 1)");
	read_past_at("site:\n  tz: UTC\n  x: 1\n  tz: UTC\n", 4, 3,
		     "duplicate key 'tz' (first at line 2)");
	/* quoting does not make a key different */
	read_past_at("{a: 1, 'a': 2}\n", 1, 8, "duplicate key 'a' (first at line 1)");
}

/* Reading goes on past a duplicate with the first value kept, so the
 * rules loader can report the file's other problems as well. */
static void a_duplicate_keeps_the_first_value(void **state)
{
	(void)state;
	diag_list d = {0};
	ynode *root = parse("a: 1\nb:\n  x: y\na: [2, 3]\nc: 4\n", &d);
	assert_non_null(root);
	assert_int_equal(d.n, 1);
	assert_int_equal(root->n, 3);
	assert_string_equal(root->keys[0]->value, "a");
	assert_string_equal(root->items[0]->value, "1");
	assert_string_equal(root->keys[2]->value, "c");
	assert_string_equal(root->items[2]->value, "4");
	ynode_free(root);
	diag_free(&d);
}

static void every_duplicate_key_is_reported(void **state)
{
	(void)state;
	/* the first duplicate's value is a whole mapping, read past */
	const char *text = "a: 1\nb: 2\na:\n  deep: [1, {x: y}]\nc: 3\nb: 4\n";
	diag_list d = {0};
	ynode *root = parse(text, &d);
	bool parsed = root != NULL;
	ynode_free(root);
	size_t n = d.n;
	int l0 = n > 0 ? d.items[0].line : 0, l1 = n > 1 ? d.items[1].line : 0;
	bool m0 = n > 0 && strstr(d.items[0].msg, "duplicate key 'a' (first at line 1)");
	bool m1 = n > 1 && strstr(d.items[1].msg, "duplicate key 'b' (first at line 2)");
	diag_free(&d);
	assert_true(parsed);
	assert_int_equal(n, 2);
	assert_int_equal(l0, 3);
	assert_true(m0);
	assert_int_equal(l1, 6);
	assert_true(m1);
}

static void same_key_in_different_maps_is_fine(void **state)
{
	(void)state;
	diag_list d = {0};
	ynode *root = parse("- {id: a}\n- {id: b}\n", &d);
	assert_non_null(root);
	assert_int_equal(d.n, 0);
	ynode_free(root);
}

static void keys_must_be_scalars(void **state)
{
	(void)state;
	const char *text = "{[a]: b}\n";
	refused_at(text, strlen(text), 1, 2, "a key must be a single value");
}

static char *nested(int levels)
{
	char *s = calloc(1, (size_t)levels * 2 + 2);
	memset(s, '[', (size_t)levels);
	memset(s + levels, ']', (size_t)levels);
	s[2 * levels] = '\n';
	return s;
}

static void nesting_to_32_levels_is_accepted(void **state)
{
	(void)state;
	char *text = nested(YAMLDOC_MAX_DEPTH);
	diag_list d = {0};
	ynode *root = parse(text, &d);
	assert_non_null(root);
	assert_int_equal(d.n, 0);
	ynode_free(root);
	free(text);
}

static void nesting_past_32_levels_is_refused(void **state)
{
	(void)state;
	char *text = nested(YAMLDOC_MAX_DEPTH + 1);
	refused_at(text, strlen(text), 1, 33, "nested too deeply (the limit is 32 levels)");
	free(text);
	text = nested(5000);
	refused_at(text, strlen(text), 1, 33, "nested too deeply");
	free(text);
}

static void block_nesting_past_32_levels_is_refused(void **state)
{
	(void)state;
	/* k: on every line, each indented two more: 33 mappings */
	char text[4096] = "";
	for (int i = 0; i < 33; i++) {
		for (int j = 0; j < i; j++)
			strcat(text, "  ");
		strcat(text, i == 32 ? "k: v\n" : "k:\n");
	}
	refused_at(text, strlen(text), 33, 65, "nested too deeply");
}

static void files_over_1_mib_are_refused(void **state)
{
	(void)state;
	size_t len = YAMLDOC_MAX_BYTES + 1;
	char *text = malloc(len + 1);
	memset(text, '#', len);
	memcpy(text + len - 5, "\na: 1", 5);
	text[len] = '\0';
	refused_at(text, len, 1, 1, "file too large (1048577 bytes, the limit is 1048576)");
	free(text);
}

static void a_file_of_exactly_1_mib_is_read(void **state)
{
	(void)state;
	size_t len = YAMLDOC_MAX_BYTES;
	char *text = malloc(len + 1);
	memset(text, '#', len);
	memcpy(text + len - 6, "\na: 1\n", 6);
	text[len] = '\0';
	diag_list d = {0};
	ynode *root = yamldoc_parse(text, len, &d);
	assert_non_null(root);
	assert_int_equal(d.n, 0);
	assert_string_equal(root->keys[0]->value, "a");
	ynode_free(root);
	free(text);
}

/* "[1,1,...]" with items entries: items + 1 nodes. */
static char *flat_list(size_t items)
{
	char *s = malloc(items * 2 + 3);
	char *p = s;
	*p++ = '[';
	for (size_t i = 0; i < items; i++) {
		*p++ = '1';
		*p++ = i + 1 < items ? ',' : ']';
	}
	*p++ = '\n';
	*p = '\0';
	return s;
}

static void a_100000_node_file_is_read(void **state)
{
	(void)state;
	char *text = flat_list(YAMLDOC_MAX_NODES - 1);
	diag_list d = {0};
	ynode *root = parse(text, &d);
	assert_non_null(root);
	assert_int_equal(root->n, YAMLDOC_MAX_NODES - 1);
	ynode_free(root);
	free(text);
}

static void more_than_100000_nodes_are_refused(void **state)
{
	(void)state;
	char *text = flat_list(YAMLDOC_MAX_NODES);
	/* the 100001st node is the last item, at column 2 + 2 * 99999 */
	refused_at(text, strlen(text), 1, 200000, "too many values (the limit is 100000)");
	free(text);
}

static void empty_files_are_refused(void **state)
{
	(void)state;
	refused_at("", 0, 1, 1, "the file is empty");
	const char *blank = "\n   \n\n";
	refused_at(blank, strlen(blank), 1, 1, "the file is empty");
	const char *comments = "# opsdesk rules\n# nothing here yet\n";
	refused_at(comments, strlen(comments), 1, 1, "the file is empty");
	const char *marker = "--- # just the marker\n";
	refused_at(marker, strlen(marker), 1, 1, "the file is empty");
}

static void a_second_document_is_refused(void **state)
{
	(void)state;
	const char *text = "a: 1\n---\nb: 2\n";
	refused_at(text, strlen(text), 2, 1, "only one document is allowed");
	const char *explicit = "---\na: 1\n...\n---\nb: 2\n";
	refused_at(explicit, strlen(explicit), 4, 1, "only one document is allowed");
}

static void syntax_errors_have_positions(void **state)
{
	(void)state;
	const char *tab = "a:\n\tb: 1\n"; /* a tab cannot indent */
	refused_at(tab, strlen(tab), 2, 1,
		   "YAML syntax: found character that cannot start any token");
	const char *unclosed = "a: [1, 2\nb: 3\n";
	refused_at(unclosed, strlen(unclosed), 2, 2,
		   "YAML syntax: did not find expected ',' or ']'");
}

static void invalid_utf8_is_refused_where_it_stands(void **state)
{
	(void)state;
	/* libyaml's reader gives this error as a byte offset, not a mark */
	const char *bad_utf8 = "a: b\nc: \xff\n";
	refused_at(bad_utf8, strlen(bad_utf8), 2, 4, "YAML syntax: invalid leading UTF-8 octet");
}

static void nul_characters_are_refused(void **state)
{
	(void)state;
	const char *text = "a: ok\nb: \"x\\0y\"\n";
	refused_at(text, strlen(text), 2, 4, "a value contains a NUL character");
}

static void diagnostics_are_appended_not_replaced(void **state)
{
	(void)state;
	/* a loader adds to a list that may already hold messages */
	diag_list d = {0};
	diag_add(&d, 7, 7, "earlier");
	assert_null(parse("a: *x\n", &d));
	assert_int_equal(d.n, 2);
	assert_string_equal(d.items[0].msg, "earlier");
	diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(positions_are_one_based),
	    cmocka_unit_test(columns_count_characters_not_bytes),
	    cmocka_unit_test(scalars_are_strings_and_remember_quotes),
	    cmocka_unit_test(aliases_are_refused_with_position),
	    cmocka_unit_test(anchors_are_refused_with_position),
	    cmocka_unit_test(alias_bomb_is_refused_at_the_first_anchor),
	    cmocka_unit_test(alias_bomb_without_anchors_is_refused),
	    cmocka_unit_test(duplicate_keys_are_reported_naming_the_first),
	    cmocka_unit_test(a_duplicate_keeps_the_first_value),
	    cmocka_unit_test(every_duplicate_key_is_reported),
	    cmocka_unit_test(same_key_in_different_maps_is_fine),
	    cmocka_unit_test(keys_must_be_scalars),
	    cmocka_unit_test(nesting_to_32_levels_is_accepted),
	    cmocka_unit_test(nesting_past_32_levels_is_refused),
	    cmocka_unit_test(block_nesting_past_32_levels_is_refused),
	    cmocka_unit_test(files_over_1_mib_are_refused),
	    cmocka_unit_test(a_file_of_exactly_1_mib_is_read),
	    cmocka_unit_test(a_100000_node_file_is_read),
	    cmocka_unit_test(more_than_100000_nodes_are_refused),
	    cmocka_unit_test(empty_files_are_refused),
	    cmocka_unit_test(a_second_document_is_refused),
	    cmocka_unit_test(syntax_errors_have_positions),
	    cmocka_unit_test(invalid_utf8_is_refused_where_it_stands),
	    cmocka_unit_test(nul_characters_are_refused),
	    cmocka_unit_test(diagnostics_are_appended_not_replaced),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
