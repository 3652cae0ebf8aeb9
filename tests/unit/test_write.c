/* Unit tests for gen/write.c: the output written into a hidden folder and
 * swapped in whole, the preview's writer into memory, and the two ways of
 * writing an editor's file. Each test works in its own folder in /tmp. */
#define _GNU_SOURCE /* mkdtemp */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "diag.h"
#include "fileset.h"
#include "write.h"

#include "tmpsite.h"

typedef struct {
    char dir[TMPSITE_DIR_SIZE];
    Diags *diags;
} Fixture;

static void expect_text(const char *path, const char *text)
{
    char *got = tmpsite_read(path);
    assert_string_equal(got, text);
    free(got);
}

/* The names in folder `path`, hidden ones included, sorted, joined by
 * spaces. */
static char *names(const char *path)
{
    struct dirent **list;
    int n = scandir(path, &list, NULL, alphasort);
    assert_true(n >= 0);
    Buf b = BUF_INIT;
    for (int i = 0; i < n; i++) {
        if (strcmp(list[i]->d_name, ".") && strcmp(list[i]->d_name, ".."))
            buf_printf(&b, "%s%s", b.len ? " " : "", list[i]->d_name);
        free(list[i]);
    }
    free(list);
    buf_putc(&b, '\0');
    return b.data;
}

static void expect_names(const char *path, const char *want)
{
    char *got = names(path);
    assert_string_equal(got, want);
    free(got);
}

static void expect_diag(const Fixture *f, size_t i, const char *path, const char *code, const char *message)
{
    assert_true(i < diags_len(f->diags));
    const Diag *d = diags_at(f->diags, i);
    assert_int_equal(d->severity, DIAG_ERROR);
    assert_string_equal(d->path, path);
    assert_int_equal(d->line, 0);
    assert_int_equal(d->column, 0);
    assert_string_equal(d->code, code);
    assert_string_equal(d->message, message);
    assert_null(d->suggestion);
}

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    tmpsite_create(f->dir, "test_write");
    f->diags = diags_new();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    tmpsite_remove(f->dir);
    diags_free(f->diags);
    free(f);
    return 0;
}

/* A first build: the parents made, the folders of each file made, the
 * output in place, nothing hidden left beside it. */
static void test_first_output(void **state)
{
    Fixture *f = *state;
    Writer *w = write_begin(f->diags, tmpsite_path(f->dir, "site/public/"));
    assert_non_null(w);
    assert_true(tmpsite_exists(tmpsite_path(f->dir, "site")));
    assert_false(tmpsite_exists(tmpsite_path(f->dir, "site/public")));
    assert_true(write_file(w, "index.html", "<p>start</p>", 12));
    assert_true(write_file(w, "utrecht/guidance/a.html", "a", 1));
    assert_true(write_file(w, "utrecht/index.html", "u", 1));
    assert_int_equal(write_bytes(w), 14);
    /* Nothing is visible before the commit. */
    assert_false(tmpsite_exists(tmpsite_path(f->dir, "site/public")));
    assert_true(write_commit(w));
    assert_int_equal(diags_len(f->diags), 0);
    expect_names(tmpsite_path(f->dir, "site"), "public");
    expect_names(tmpsite_path(f->dir, "site/public"), "index.html utrecht");
    expect_text(tmpsite_path(f->dir, "site/public/index.html"), "<p>start</p>");
    expect_text(tmpsite_path(f->dir, "site/public/utrecht/guidance/a.html"), "a");
    struct stat st;
    assert_int_equal(stat(tmpsite_path(f->dir, "site/public"), &st), 0);
    /* Served by a web server: readable by all, not mkdtemp's 0700. */
    assert_int_equal(st.st_mode & 0777, 0755);
}

/* A second build replaces the old output whole: its files that the new
 * one lacks are gone. */
static void test_commit_replaces_old_output(void **state)
{
    Fixture *f = *state;
    tmpsite_mkdir(f->dir, "public");
    tmpsite_put(f->dir, "public/oud.html", "oud");
    tmpsite_put(f->dir, "public/index.html", "oude start");
    Writer *w = write_begin(f->diags, tmpsite_path(f->dir, "public"));
    assert_non_null(w);
    assert_true(write_file(w, "index.html", "nieuwe start", 12));
    /* Until the commit the old output is what is served. */
    expect_text(tmpsite_path(f->dir, "public/index.html"), "oude start");
    assert_true(write_commit(w));
    expect_names(f->dir, "public");
    expect_names(tmpsite_path(f->dir, "public"), "index.html");
    expect_text(tmpsite_path(f->dir, "public/index.html"), "nieuwe start");
    assert_int_equal(diags_len(f->diags), 0);
}

/* A file whose bytes did not change is the previous output's own file
 * (the same inode, nothing written); one that changed in any way, also one
 * only cut short or grown at its end, is written anew. */
static void test_unchanged_files_linked(void **state)
{
    Fixture *f = *state;
    static const char *const name[] = {"same.html", "shorter.html", "longer.html", "other.html"};
    static const char *const before[] = {"<p>a</p>", "<p>a</p><p>b</p>", "<p>a</p>", "<p>a</p>"};
    static const char *const after[] = {"<p>a</p>", "<p>a</p>", "<p>a</p><p>b</p>", "<p>b</p>"};
    Writer *w = write_begin(f->diags, tmpsite_path(f->dir, "public"));
    for (int i = 0; i < 4; i++)
        assert_true(write_file(w, name[i], before[i], strlen(before[i])));
    assert_true(write_commit(w));
    struct stat old[4], now;
    for (int i = 0; i < 4; i++) {
        char rel[64];
        snprintf(rel, sizeof rel, "public/%s", name[i]);
        assert_int_equal(stat(tmpsite_path(f->dir, rel), &old[i]), 0);
    }
    w = write_begin(f->diags, tmpsite_path(f->dir, "public"));
    for (int i = 0; i < 4; i++)
        assert_true(write_file(w, name[i], after[i], strlen(after[i])));
    assert_int_equal(write_unchanged(w), 1);
    assert_true(write_commit(w));
    for (int i = 0; i < 4; i++) {
        char rel[64];
        snprintf(rel, sizeof rel, "public/%s", name[i]);
        expect_text(tmpsite_path(f->dir, rel), after[i]);
        assert_int_equal(stat(tmpsite_path(f->dir, rel), &now), 0);
        if (i == 0)
            assert_true(now.st_ino == old[i].st_ino);
        else
            assert_true(now.st_ino != old[i].st_ino);
    }
    assert_int_equal(diags_len(f->diags), 0);
}

/* A failed build: the old output exactly as it was, the new one gone. */
static void test_abort_keeps_old_output(void **state)
{
    Fixture *f = *state;
    tmpsite_mkdir(f->dir, "public");
    tmpsite_put(f->dir, "public/index.html", "oud");
    Writer *w = write_begin(f->diags, tmpsite_path(f->dir, "public"));
    assert_true(write_file(w, "index.html", "nieuw", 5));
    assert_true(write_file(w, "extra/x.html", "x", 1));
    write_abort(w);
    write_abort(NULL);
    expect_names(f->dir, "public");
    expect_names(tmpsite_path(f->dir, "public"), "index.html");
    expect_text(tmpsite_path(f->dir, "public/index.html"), "oud");
}

/* After one file fails, one error says why; the later files are not
 * written and not reported again. */
static void test_write_error_reported_once(void **state)
{
    Fixture *f = *state;
    const char *out = tmpsite_path(f->dir, "public");
    char output[512];
    snprintf(output, sizeof output, "%s", out);
    Writer *w = write_begin(f->diags, output);
    assert_true(write_file(w, "utrecht", "een bestand", 11));
    assert_false(write_file(w, "utrecht/index.html", "u", 1));
    assert_false(write_file(w, "index.html", "i", 1));
    assert_int_equal(diags_len(f->diags), 1);
    expect_diag(f, 0, output, "output", "cannot write 'utrecht/index.html' in the output: Not a directory");
    write_abort(w);
    expect_names(f->dir, "");
}

static void test_output_is_a_file(void **state)
{
    Fixture *f = *state;
    char output[512];
    snprintf(output, sizeof output, "%s", tmpsite_path(f->dir, "public"));
    tmpsite_write(output, "geen map");
    assert_null(write_begin(f->diags, output));
    char message[600];
    snprintf(message, sizeof message, "output '%s' exists and is not a folder", output);
    expect_diag(f, 0, output, "output", message);
    assert_int_equal(diags_len(f->diags), 1);
    expect_text(output, "geen map");
    expect_names(f->dir, "public");
}

static void test_parent_cannot_be_made(void **state)
{
    Fixture *f = *state;
    tmpsite_put(f->dir, "bestand", "x");
    char output[512];
    snprintf(output, sizeof output, "%s", tmpsite_path(f->dir, "bestand/public"));
    assert_null(write_begin(f->diags, output));
    char message[600];
    snprintf(message, sizeof message, "cannot write the output folder '%s': Not a directory", output);
    expect_diag(f, 0, output, "output", message);
    assert_int_equal(diags_len(f->diags), 1);
}

/* What a killed build left beside the output goes; the folder of a build
 * that still runs (this process) stays. */
static void test_stale_temporary_folders_removed(void **state)
{
    Fixture *f = *state;
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0)
        _exit(0);
    assert_int_equal(waitpid(child, NULL, 0), child);
    char dead[128], alive[128], other[128];
    snprintf(dead, sizeof dead, ".public.tmp-%ld-abc123", (long)child);
    snprintf(alive, sizeof alive, ".public.tmp-%ld-running", (long)getpid());
    snprintf(other, sizeof other, ".docs.tmp-%ld-abc123", (long)child);
    tmpsite_mkdir(f->dir, dead);
    tmpsite_mkdir(f->dir, other);
    char inside[256];
    snprintf(inside, sizeof inside, "%s/index.html", dead);
    tmpsite_put(f->dir, inside, "half");
    tmpsite_mkdir(f->dir, alive);
    Writer *w = write_begin(f->diags, tmpsite_path(f->dir, "public"));
    assert_non_null(w);
    assert_false(tmpsite_exists(tmpsite_path(f->dir, dead)));
    assert_true(tmpsite_exists(tmpsite_path(f->dir, alive)));
    assert_true(tmpsite_exists(tmpsite_path(f->dir, other)));
    assert_true(write_commit(w));
    char want[512];
    snprintf(want, sizeof want, "%s %s public", other, alive);
    expect_names(f->dir, want);
}

/* A build with nothing to write tidies up all the same: write_tidy removes
 * what killed builds left, as write_begin does, and touches nothing else. */
static void test_tidy_without_writing(void **state)
{
    Fixture *f = *state;
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0)
        _exit(0);
    assert_int_equal(waitpid(child, NULL, 0), child);
    char dead[128], alive[128];
    snprintf(dead, sizeof dead, ".public.tmp-%ld-abc123", (long)child);
    snprintf(alive, sizeof alive, ".public.tmp-%ld-running", (long)getpid());
    tmpsite_mkdir(f->dir, dead);
    tmpsite_mkdir(f->dir, alive);
    tmpsite_mkdir(f->dir, "public");
    tmpsite_put(f->dir, "public/index.html", "old");
    /* A killed build's new manifest goes with its folder; the output's own
     * manifest stays. */
    char dead_manifest[160];
    snprintf(dead_manifest, sizeof dead_manifest, "%s.routekaart-build", dead);
    tmpsite_put(f->dir, dead_manifest, "half");
    tmpsite_put(f->dir, ".public.routekaart-build", "manifest");
    write_tidy(tmpsite_path(f->dir, "public/")); /* a trailing slash, as a user may type it */
    char want[512];
    snprintf(want, sizeof want, ".public.routekaart-build %s public", alive);
    expect_names(f->dir, want);
    expect_text(tmpsite_path(f->dir, "public/index.html"), "old");
    assert_int_equal(diags_len(f->diags), 0);
}

/* The folder being written is the hidden one, until the swap. */
static void test_folder_being_written(void **state)
{
    Fixture *f = *state;
    Writer *w = write_begin(f->diags, tmpsite_path(f->dir, "public"));
    assert_non_null(w);
    assert_true(write_file(w, "a.html", "a", 1));
    char path[600];
    snprintf(path, sizeof path, "%s/a.html", write_folder(w));
    expect_text(path, "a");
    assert_false(tmpsite_exists(tmpsite_path(f->dir, "public")));
    assert_true(write_commit(w));
    FileSet *set = fileset_new();
    Writer *m = write_begin_memory(f->diags, set);
    assert_null(write_folder(m));
    write_abort(m);
    fileset_free(set);
}

/* The digest of the files written, over a folder or into memory: the
 * same files in another order give the same one; a changed byte, a file
 * moved to another path, or one more file give another. */
static uint64_t digest_of(const Fixture *f, const char *const *files, size_t count)
{
    FileSet *set = fileset_new();
    Writer *w = write_begin_memory(f->diags, set);
    for (size_t i = 0; i < count; i += 2)
        assert_true(write_file(w, files[i], files[i + 1], strlen(files[i + 1])));
    uint64_t digest = write_digest(w);
    write_abort(w);
    fileset_free(set);
    return digest;
}

static void test_digest(void **state)
{
    Fixture *f = *state;
    const char *const one[] = {"a.html", "<p>a</p>", "b/c.json", "{}", "sw.js", "x"};
    const char *const reordered[] = {"sw.js", "x", "a.html", "<p>a</p>", "b/c.json", "{}"};
    const char *const changed[] = {"a.html", "<p>b</p>", "b/c.json", "{}", "sw.js", "x"};
    const char *const moved[] = {"a.htm", "<p>a</p>", "b/c.json", "{}", "sw.js", "x"};
    uint64_t d = digest_of(f, one, 6);
    assert_true(d == digest_of(f, reordered, 6));
    assert_true(d != digest_of(f, changed, 6));
    assert_true(d != digest_of(f, moved, 6));
    assert_true(d != digest_of(f, one, 4));
    Writer *w = write_begin(f->diags, tmpsite_path(f->dir, "public"));
    for (size_t i = 0; i < 6; i += 2)
        assert_true(write_file(w, one[i], one[i + 1], strlen(one[i + 1])));
    assert_true(write_digest(w) == d);
    write_abort(w);
}

/* One build of `public` writing `page` to index.html and, when not NULL,
 * `manifest` as its manifest; committed. */
static void build_with_manifest(const Fixture *f, const char *page, const char *manifest)
{
    Writer *w = write_begin(f->diags, tmpsite_path(f->dir, "public"));
    assert_non_null(w);
    assert_true(write_file(w, "index.html", page, strlen(page)));
    if (manifest)
        assert_true(write_manifest(w, manifest, strlen(manifest)));
    assert_true(write_commit(w));
}

/* The manifest is kept beside the output, never in it: the output holds
 * the site and nothing else. A build without a manifest of its own removes
 * the old one, which describes another folder. */
static void test_manifest_beside_the_output(void **state)
{
    Fixture *f = *state;
    Buf path = BUF_INIT;
    write_manifest_path(&path, "site/public/");
    assert_string_equal(path.data, "site/.public.routekaart-build");
    buf_free(&path);
    write_manifest_path(&path, "public");
    assert_string_equal(path.data, "./.public.routekaart-build");
    buf_free(&path);

    build_with_manifest(f, "een", "manifest 1");
    expect_names(f->dir, ".public.routekaart-build public");
    expect_names(tmpsite_path(f->dir, "public"), "index.html");
    expect_text(tmpsite_path(f->dir, ".public.routekaart-build"), "manifest 1");
    build_with_manifest(f, "twee", "manifest 2");
    expect_text(tmpsite_path(f->dir, ".public.routekaart-build"), "manifest 2");
    build_with_manifest(f, "drie", NULL);
    expect_names(f->dir, "public");
    expect_text(tmpsite_path(f->dir, "public/index.html"), "drie");
    assert_int_equal(diags_len(f->diags), 0);
}

/* A build that fails keeps the old output with its manifest, and leaves
 * no new manifest behind. */
static void test_abort_keeps_old_manifest(void **state)
{
    Fixture *f = *state;
    build_with_manifest(f, "een", "manifest 1");
    Writer *w = write_begin(f->diags, tmpsite_path(f->dir, "public"));
    assert_true(write_file(w, "index.html", "twee", 4));
    assert_true(write_manifest(w, "manifest 2", 10));
    write_abort(w);
    expect_names(f->dir, ".public.routekaart-build public");
    expect_text(tmpsite_path(f->dir, ".public.routekaart-build"), "manifest 1");
    expect_text(tmpsite_path(f->dir, "public/index.html"), "een");
}

/* The preview's writer: files into the set; commit and abort only free
 * the writer, the files stay. */
static void test_memory_writer(void **state)
{
    Fixture *f = *state;
    FileSet *files = fileset_new();
    Writer *w = write_begin_memory(f->diags, files);
    assert_true(write_file(w, "index.html", "start", 5));
    assert_true(write_file(w, "utrecht/index.html", "u", 1));
    assert_true(write_file(w, "index.html", "opnieuw", 7));
    assert_int_equal(write_bytes(w), 13);
    assert_true(write_commit(w));
    const void *data;
    size_t len;
    assert_true(fileset_get(files, "index.html", &data, &len));
    assert_int_equal(len, 7);
    assert_memory_equal(data, "opnieuw", 7);
    assert_int_equal(fileset_count(files), 2);
    w = write_begin_memory(f->diags, files);
    assert_true(write_file(w, "extra.html", "e", 1));
    write_abort(w);
    assert_int_equal(fileset_count(files), 3);
    assert_int_equal(diags_len(f->diags), 0);
    expect_names(f->dir, "");
    fileset_free(files);
}

/* Scaffolding: folders made, an existing file never overwritten. */
static void test_new_file(void **state)
{
    Fixture *f = *state;
    char path[512];
    snprintf(path, sizeof path, "%s", tmpsite_path(f->dir, "content/regions/nieuw/region.yaml"));
    assert_true(write_new_file(f->diags, path, "name: Nieuw\n", 12));
    expect_text(path, "name: Nieuw\n");
    assert_false(write_new_file(f->diags, path, "name: Anders\n", 13));
    expect_text(path, "name: Nieuw\n");
    expect_diag(f, 0, path, "exists", "already exists; nothing was changed");
    tmpsite_put(f->dir, "bestand", "x");
    char blocked[512];
    snprintf(blocked, sizeof blocked, "%s", tmpsite_path(f->dir, "bestand/region.yaml"));
    assert_false(write_new_file(f->diags, blocked, "x", 1));
    expect_diag(f, 1, blocked, "output", "cannot create: Not a directory");
    assert_int_equal(diags_len(f->diags), 2);
}

/* An editor's file replaced through a temporary file and a rename: a
 * reader that has the old file open (here: a second name for it) keeps
 * the old bytes, whole; the mode stays; no temporary file is left. */
static void test_replace_file(void **state)
{
    Fixture *f = *state;
    char path[512], reader[512];
    snprintf(path, sizeof path, "%s", tmpsite_path(f->dir, "region.yaml"));
    snprintf(reader, sizeof reader, "%s", tmpsite_path(f->dir, "reader"));
    tmpsite_write(path, "name: Oud\nproviders: []\n");
    assert_int_equal(chmod(path, 0640), 0);
    assert_int_equal(link(path, reader), 0);
    assert_true(write_replace_file(f->diags, path, "name: Nieuw\n", 12));
    expect_text(path, "name: Nieuw\n");
    expect_text(reader, "name: Oud\nproviders: []\n");
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0640);
    assert_int_equal(st.st_nlink, 1);
    expect_names(f->dir, "reader region.yaml");
    assert_int_equal(diags_len(f->diags), 0);
}

static void test_replace_file_error(void **state)
{
    Fixture *f = *state;
    char path[512];
    snprintf(path, sizeof path, "%s", tmpsite_path(f->dir, "geen/region.yaml"));
    assert_false(write_replace_file(f->diags, path, "x", 1));
    expect_diag(f, 0, path, "output", "cannot write: No such file or directory");
    assert_int_equal(diags_len(f->diags), 1);
    expect_names(f->dir, "");
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_first_output),
        T(test_commit_replaces_old_output),
        T(test_unchanged_files_linked),
        T(test_abort_keeps_old_output),
        T(test_write_error_reported_once),
        T(test_output_is_a_file),
        T(test_parent_cannot_be_made),
        T(test_stale_temporary_folders_removed),
        T(test_tidy_without_writing),
        T(test_folder_being_written),
        T(test_memory_writer),
        T(test_digest),
        T(test_manifest_beside_the_output),
        T(test_abort_keeps_old_manifest),
        T(test_new_file),
        T(test_replace_file),
        T(test_replace_file_error),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
