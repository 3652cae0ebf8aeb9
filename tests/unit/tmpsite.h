/* A folder of its own in /tmp for a unit test that reads or writes files,
 * and the helpers such tests share to fill it and look at it.
 *
 *   typedef struct { char dir[TMPSITE_DIR_SIZE]; ... } Fixture;
 *   setup:     tmpsite_create(f->dir, "test_load");   makes /tmp/test_load-XXXXXX
 *   a test:    tmpsite_mkdir(f->dir, "content");
 *              tmpsite_put(f->dir, "content/site.yaml", "title: T\n");
 *              tmpsite_link(f->dir, "assets/a.css", "../b.css");
 *              char *text = tmpsite_read(tmpsite_path(f->dir, "public/index.html"));
 *              if (tmpsite_exists(tmpsite_path(f->dir, "public/.old"))) ...
 *   teardown:  tmpsite_remove(f->dir);
 *
 * `rel` is a path below the folder. Every helper fails the test (a cmocka
 * assertion) when the file system says no, so a test never goes on from a
 * set-up that did not happen; the assertions a test makes about the code
 * under test stay in the test. Include it after <cmocka.h>, in a file that
 * defines _GNU_SOURCE before its first #include (mkdtemp, symlink). The functions
 * are static inline: a test uses some of them, and the rest cost nothing
 * and warn of nothing. */
#ifndef ROUTEKAART_TESTS_TMPSITE_H
#define ROUTEKAART_TESTS_TMPSITE_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
    TMPSITE_DIR_SIZE = 64,   /* "/tmp/" + the test's name + "-XXXXXX" */
    TMPSITE_PATH_SIZE = 512, /* a path below it */
};

/* Makes a new empty folder /tmp/<test>-XXXXXX; its path goes to `dir`. */
static inline void tmpsite_create(char dir[TMPSITE_DIR_SIZE], const char *test)
{
    int n = snprintf(dir, TMPSITE_DIR_SIZE, "/tmp/%s-XXXXXX", test);
    assert_true(n > 0 && n < TMPSITE_DIR_SIZE);
    assert_non_null(mkdtemp(dir));
}

/* Removes the folder and everything in it. */
static inline void tmpsite_remove(const char *dir)
{
    char command[TMPSITE_DIR_SIZE + 16];
    snprintf(command, sizeof command, "rm -rf '%s'", dir);
    assert_int_equal(system(command), 0);
}

/* `dir`/`rel`, in one of eight static buffers used in turn: good until the
 * eighth call after, so a call may take a few such paths at once. */
static inline char *tmpsite_path(const char *dir, const char *rel)
{
    static char paths[8][TMPSITE_PATH_SIZE];
    static unsigned next;
    char *path = paths[next++ % 8];
    int n = snprintf(path, TMPSITE_PATH_SIZE, "%s/%s", dir, rel);
    assert_true(n > 0 && n < TMPSITE_PATH_SIZE);
    return path;
}

/* Writes `len` bytes to the file at `path` (made, or emptied first). */
static inline void tmpsite_write_bytes(const char *path, const void *data, size_t len)
{
    FILE *file = fopen(path, "wb");
    assert_non_null(file);
    assert_int_equal(fwrite(data, 1, len, file), len);
    assert_int_equal(fclose(file), 0);
}

static inline void tmpsite_write(const char *path, const char *text)
{
    tmpsite_write_bytes(path, text, strlen(text));
}

/* Writes `len` bytes to `rel` below `dir`, making the folders on its way
 * that are not there yet. */
static inline void tmpsite_put_bytes(const char *dir, const char *rel, const void *data, size_t len)
{
    char *path = tmpsite_path(dir, rel);
    for (char *p = path + strlen(dir) + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            struct stat st;
            if (stat(path, &st) != 0)
                assert_int_equal(mkdir(path, 0755), 0);
            *p = '/';
        }
    tmpsite_write_bytes(path, data, len);
}

static inline void tmpsite_put(const char *dir, const char *rel, const char *text)
{
    tmpsite_put_bytes(dir, rel, text, strlen(text));
}

/* Makes folder `rel` below `dir`; its parent must be there. */
static inline void tmpsite_mkdir(const char *dir, const char *rel)
{
    assert_int_equal(mkdir(tmpsite_path(dir, rel), 0755), 0);
}

/* Makes `rel` below `dir` a symbolic link to `target`, as written. */
static inline void tmpsite_link(const char *dir, const char *rel, const char *target)
{
    assert_int_equal(symlink(target, tmpsite_path(dir, rel)), 0);
}

/* The whole file at `path` and its length, with a NUL after it; fails the
 * test when it cannot be read. The caller frees it. */
static inline char *tmpsite_read_bytes(const char *path, size_t *len)
{
    *len = 0;
    FILE *file = fopen(path, "rb");
    if (!file) {
        fail_msg("cannot read '%s'", path);
        return NULL;
    }
    size_t have = 0, cap = 4096;
    char *data = malloc(cap + 1);
    assert_non_null(data);
    size_t n;
    while ((n = fread(data + have, 1, cap - have, file)) > 0) {
        have += n;
        if (have == cap) {
            cap *= 2;
            data = realloc(data, cap + 1);
            assert_non_null(data);
        }
    }
    fclose(file);
    data[have] = '\0';
    *len = have;
    return data;
}

static inline char *tmpsite_read(const char *path)
{
    size_t len;
    return tmpsite_read_bytes(path, &len);
}

/* Whether anything is at `path`, a broken link included. */
static inline bool tmpsite_exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

#endif
