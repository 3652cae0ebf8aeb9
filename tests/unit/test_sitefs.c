/* Unit tests for gen/sitefs.c: the site folder read as untrusted input.
 * Each test builds a small folder in /tmp with links, FIFOs and files. */
#define _GNU_SOURCE /* mkdtemp, symlink */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "arena.h"
#include "diag.h"
#include "sitefs.h"

#include "tmpsite.h"

typedef struct {
    char top[TMPSITE_DIR_SIZE];  /* holds site/ and outside/ */
    char site[96]; /* the site folder */
    bool by_hand;  /* open it as where openat2 is missing */
} Tmp;

static SiteFs *open_site(const Tmp *t)
{
    return t->by_hand ? sitefs_open_without_openat2(t->site) : sitefs_open(t->site);
}

static int setup_tree(void **state, bool by_hand)
{
    Tmp *t = calloc(1, sizeof *t);
    t->by_hand = by_hand;
    tmpsite_create(t->top, "test_sitefs");
    snprintf(t->site, sizeof t->site, "%s/site", t->top);
    tmpsite_mkdir(t->top, "site");
    tmpsite_mkdir(t->top, "outside");
    tmpsite_put(t->top, "outside/secret.txt", "secret\n");
    tmpsite_mkdir(t->site, "assets");
    tmpsite_mkdir(t->site, "assets/img");
    tmpsite_put(t->site, "assets/b.css", "b\n");
    tmpsite_put(t->site, "assets/a.css", "a\n");
    tmpsite_put(t->site, "assets/img/logo.svg", "<svg/>\n");
    tmpsite_put(t->site, "shared.txt", "shared\n");
    tmpsite_link(t->site, "assets/inside.txt", "../shared.txt");
    tmpsite_link(t->site, "assets/outside.txt", "../../outside/secret.txt");
    tmpsite_link(t->site, "assets/absolute.txt", "/etc/passwd");
    tmpsite_link(t->site, "assets/broken.txt", "nothing");
    tmpsite_link(t->site, "assets/ring1", "ring2");
    tmpsite_link(t->site, "assets/ring2", "ring1");
    char fifo[512];
    snprintf(fifo, sizeof fifo, "%s/assets/pipe.css", t->site);
    assert_int_equal(mkfifo(fifo, 0644), 0);
    *state = t;
    return 0;
}

static int setup(void **state)
{
    return setup_tree(state, false);
}

static int setup_by_hand(void **state)
{
    return setup_tree(state, true);
}

static int teardown(void **state)
{
    Tmp *t = *state;
    tmpsite_remove(t->top);
    free(t);
    return 0;
}

static void test_kinds(void **state)
{
    Tmp *t = *state;
    SiteFs *fs = open_site(t);
    const char *why;
    assert_int_equal(sitefs_kind(fs, "assets", &why), SITEFS_FOLDER);
    assert_int_equal(sitefs_kind(fs, "assets/a.css", &why), SITEFS_FILE);
    assert_int_equal(sitefs_kind(fs, "assets/inside.txt", &why), SITEFS_FILE);
    assert_int_equal(sitefs_kind(fs, "assets/none.css", &why), SITEFS_MISSING);
    assert_int_equal(sitefs_kind(fs, "assets/outside.txt", &why), SITEFS_REFUSED);
    assert_non_null(strstr(why, "outside the site folder"));
    assert_int_equal(sitefs_kind(fs, "assets/absolute.txt", &why), SITEFS_REFUSED);
    assert_non_null(strstr(why, "outside the site folder"));
    assert_int_equal(sitefs_kind(fs, "../outside/secret.txt", &why), SITEFS_REFUSED);
    assert_int_equal(sitefs_kind(fs, "/etc/passwd", &why), SITEFS_REFUSED);
    assert_int_equal(sitefs_kind(fs, "assets/broken.txt", &why), SITEFS_REFUSED);
    assert_string_equal(why, "symbolic link to a file that does not exist");
    assert_int_equal(sitefs_kind(fs, "assets/ring1", &why), SITEFS_REFUSED);
    assert_non_null(strstr(why, "loop"));
    assert_int_equal(sitefs_kind(fs, "assets/pipe.css", &why), SITEFS_REFUSED);
    assert_non_null(strstr(why, "FIFO"));
    sitefs_close(fs);
}

static void test_read(void **state)
{
    Tmp *t = *state;
    SiteFs *fs = open_site(t);
    Diags *diags = diags_new();
    size_t len;
    char *data = sitefs_read(fs, diags, "assets/inside.txt", 100, &len);
    assert_non_null(data);
    assert_int_equal(len, 7);
    assert_string_equal(data, "shared\n");
    free(data);
    assert_null(sitefs_read(fs, diags, "assets/a.css", 1, &len)); /* 2 bytes, limit 1 */
    assert_null(sitefs_read(fs, diags, "assets/outside.txt", 100, &len));
    assert_null(sitefs_read(fs, diags, "assets/pipe.css", 100, &len)); /* returns, never blocks */
    assert_null(sitefs_read(fs, diags, "assets/none.css", 100, &len));
    assert_int_equal(diags_len(diags), 4);
    assert_string_equal(diags_at(diags, 0)->code, "limit");
    assert_string_equal(diags_at(diags, 1)->code, "refused-file");
    assert_string_equal(diags_at(diags, 2)->code, "refused-file");
    assert_string_equal(diags_at(diags, 3)->message, "cannot read file: No such file or directory");
    diags_free(diags);
    sitefs_close(fs);
}

/* sitefs_open_file: the same rules as sitefs_read, the reading left to
 * the caller. */
static void test_open_file(void **state)
{
    Tmp *t = *state;
    SiteFs *fs = open_site(t);
    Diags *diags = diags_new();
    size_t size;
    int fd = sitefs_open_file(fs, diags, "assets/inside.txt", &size);
    assert_true(fd >= 0);
    assert_int_equal(size, 7);
    char buf[16] = {0};
    assert_int_equal(read(fd, buf, sizeof buf), 7);
    assert_string_equal(buf, "shared\n");
    close(fd);
    assert_int_equal(sitefs_open_file(fs, diags, "assets/outside.txt", &size), -1);
    assert_int_equal(sitefs_open_file(fs, diags, "assets/pipe.css", &size), -1); /* returns, never blocks */
    assert_int_equal(sitefs_open_file(fs, diags, "assets/img", &size), -1);
    assert_int_equal(size, 0);
    assert_int_equal(diags_len(diags), 3);
    assert_string_equal(diags_at(diags, 0)->code, "refused-file");
    assert_string_equal(diags_at(diags, 1)->code, "refused-file");
    assert_string_equal(diags_at(diags, 2)->message, "cannot read file: Is a directory");
    diags_free(diags);
    sitefs_close(fs);
}

static void test_site_budget(void **state)
{
    Tmp *t = *state;
    SiteFs *fs = open_site(t);
    /* a.css and b.css are 2 bytes each, shared.txt 7: within the budget
     * alone, over it after the other two. */
    sitefs_set_budget(fs, 8);
    Diags *diags = diags_new();
    size_t len;
    char *a = sitefs_read(fs, diags, "assets/a.css", 100, &len);
    char *b = sitefs_read(fs, diags, "assets/b.css", 100, &len);
    assert_non_null(a);
    assert_non_null(b);
    assert_null(sitefs_read(fs, diags, "assets/inside.txt", 100, &len));
    assert_int_equal(diags_len(diags), 1);
    assert_string_equal(diags_at(diags, 0)->message,
                        "with this file the site's files add up to more than 512 MB (the limit)");
    free(a);
    free(b);
    diags_free(diags);
    sitefs_close(fs);
}

static void test_list(void **state)
{
    Tmp *t = *state;
    SiteFs *fs = open_site(t);
    Diags *diags = diags_new();
    Arena *arena = arena_new();
    size_t n;
    char **tree = sitefs_list(fs, arena, diags, "assets", SITEFS_LIST_TREE, &n);
    /* Sorted by bytes; refused entries are listed so reading names them. */
    static const char *const expected[] = {
        "assets/a.css",    "assets/absolute.txt", "assets/b.css",      "assets/broken.txt",
        "assets/img/logo.svg", "assets/inside.txt", "assets/outside.txt", "assets/pipe.css",
        "assets/ring1",    "assets/ring2",
    };
    assert_int_equal(n, sizeof expected / sizeof *expected);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(tree[i], expected[i]);
    assert_int_equal(diags_len(diags), 0);

    char **folders = sitefs_list(fs, arena, diags, "assets", SITEFS_LIST_FOLDERS, &n);
    assert_int_equal(n, 1);
    assert_string_equal(folders[0], "img");
    /* Refused entries are reported when folders are listed. */
    assert_int_equal(diags_count(diags, DIAG_ERROR), 6);

    assert_null(sitefs_list(fs, arena, diags, "nothing", SITEFS_LIST_FILES, &n));
    assert_int_equal(n, 0);
    arena_free(arena);
    diags_free(diags);
    sitefs_close(fs);
}

static void test_folder_loop(void **state)
{
    Tmp *t = *state;
    tmpsite_link(t->site, "assets/img/up", "..");
    SiteFs *fs = open_site(t);
    Diags *diags = diags_new();
    Arena *arena = arena_new();
    size_t n;
    sitefs_list(fs, arena, diags, "assets", SITEFS_LIST_TREE, &n);
    assert_int_equal(n, 10); /* the loop adds nothing */
    assert_int_equal(diags_len(diags), 1);
    assert_string_equal(diags_at(diags, 0)->path, "assets/img/up");
    assert_string_equal(diags_at(diags, 0)->message, "symbolic link loop: this folder holds itself");
    arena_free(arena);
    diags_free(diags);
    sitefs_close(fs);
}

static void test_missing_root(void **state)
{
    (void)state;
    SiteFs *fs = sitefs_open("/nonexistent/site");
    assert_int_equal(sitefs_kind(fs, "content", NULL), SITEFS_MISSING);
    sitefs_close(fs);
    sitefs_close(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_kinds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_folder_loop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_site_budget, setup, teardown),
        cmocka_unit_test_setup_teardown(test_kinds, setup_by_hand, teardown),
        cmocka_unit_test_setup_teardown(test_read, setup_by_hand, teardown),
        cmocka_unit_test_setup_teardown(test_open_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_file, setup_by_hand, teardown),
        cmocka_unit_test_setup_teardown(test_list, setup_by_hand, teardown),
        cmocka_unit_test_setup_teardown(test_folder_loop, setup_by_hand, teardown),
        cmocka_unit_test(test_missing_root),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
