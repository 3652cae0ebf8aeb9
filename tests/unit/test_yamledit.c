/* Unit tests for gen/tools/yamledit.c: reading an editor's file for an
 * edit, and finding where a new list item goes so that every other line
 * stays as it was. */
#define _GNU_SOURCE /* mkdtemp, symlink */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "source.h"
#include "yamledit.h"

#include "tmpsite.h"

typedef struct {
    char dir[TMPSITE_DIR_SIZE];
    char path[128];
    Arena *arena;
    Diags *diags;
    Source src;
} Fixture;

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    tmpsite_create(f->dir, "test_yamledit");
    snprintf(f->path, sizeof f->path, "%s/region.yaml", f->dir);
    f->arena = arena_new();
    f->diags = diags_new();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    tmpsite_remove(f->dir);
    source_release(&f->src);
    diags_free(f->diags);
    arena_free(f->arena);
    free(f);
    return 0;
}

static void expect_diag(const Fixture *f, const char *code, const char *message)
{
    assert_int_equal(diags_len(f->diags), 1);
    const Diag *d = diags_at(f->diags, 0);
    assert_int_equal(d->severity, DIAG_ERROR);
    assert_string_equal(d->path, f->path);
    assert_string_equal(d->code, code);
    assert_string_equal(d->message, message);
}

/* The last line gets its newline; the rest is the file as it is. */
static void test_read_adds_last_newline(void **state)
{
    Fixture *f = *state;
    tmpsite_write(f->path, "# kop\nname: Utrecht");
    assert_true(yamledit_read(&f->src, f->arena, f->diags, f->path));
    assert_string_equal(f->src.text, "# kop\nname: Utrecht\n");
    assert_int_equal(f->src.len, 20);
    assert_true(f->src.has_yaml);
    yaml_node_t *root = yaml_document_get_root_node(&f->src.yaml);
    yaml_node_t *name = source_mapping_value(&f->src.yaml, root, "name");
    assert_non_null(name);
    assert_string_equal((const char *)name->data.scalar.value, "Utrecht");
    assert_int_equal(diags_len(f->diags), 0);
}

static void test_read_keeps_text(void **state)
{
    Fixture *f = *state;
    tmpsite_write(f->path, "name: Utrecht   # de naam\n\n");
    assert_true(yamledit_read(&f->src, f->arena, f->diags, f->path));
    assert_string_equal(f->src.text, "name: Utrecht   # de naam\n\n");
    assert_int_equal(f->src.len, 27);
    source_release(&f->src);
    /* An empty file stays empty (an empty mapping). */
    tmpsite_write(f->path, "");
    assert_true(yamledit_read(&f->src, f->arena, f->diags, f->path));
    assert_int_equal(f->src.len, 0);
    assert_string_equal(f->src.text, "");
    assert_int_equal(diags_len(f->diags), 0);
}

/* Rewritten whole, a file read through a link would copy a file from
 * anywhere into the site. */
static void test_read_refuses_link(void **state)
{
    Fixture *f = *state;
    char target[128];
    snprintf(target, sizeof target, "%s/elders.yaml", f->dir);
    tmpsite_write(target, "name: Elders\n");
    assert_int_equal(symlink("elders.yaml", f->path), 0);
    assert_false(yamledit_read(&f->src, f->arena, f->diags, f->path));
    assert_false(f->src.has_yaml);
    expect_diag(f, "refused-file", "is a symbolic link; edit the file it points to, or replace the link by a copy");
}

static void test_read_missing(void **state)
{
    Fixture *f = *state;
    assert_false(yamledit_read(&f->src, f->arena, f->diags, f->path));
    expect_diag(f, "unreadable", "cannot read file: No such file or directory");
}

static void test_read_bad_yaml(void **state)
{
    Fixture *f = *state;
    tmpsite_write(f->path, "name: \"Utrecht");
    assert_false(yamledit_read(&f->src, f->arena, f->diags, f->path));
    assert_false(f->src.has_yaml);
    expect_diag(f, "yaml-syntax", "YAML syntax: this quoted text is never closed; add the closing quote");
    assert_int_equal(diags_at(f->diags, 0)->line, 1);
}

static void test_line_start(void **state)
{
    (void)state;
    const char *text = "ab\ncd\n\nef\n";
    assert_int_equal(yamledit_line_start(text, 0), 0);
    assert_int_equal(yamledit_line_start(text, 1), 0);
    /* The newline belongs to its line. */
    assert_int_equal(yamledit_line_start(text, 2), 0);
    assert_int_equal(yamledit_line_start(text, 3), 3);
    assert_int_equal(yamledit_line_start(text, 5), 3);
    assert_int_equal(yamledit_line_start(text, 6), 6);
    assert_int_equal(yamledit_line_start(text, 8), 7);
    assert_int_equal(yamledit_line_start(text, 10), 10);
}

/* Blank lines and comments indented less than the items lead to the next
 * key; a comment at the items' indentation is part of the list. */
static void test_block_end(void **state)
{
    (void)state;
    const char *text =
        "providers:\n"            /* 0 */
        "  - id: a\n"             /* 11 */
        "    name: A\n"           /* 21 */
        "  # - id: later\n"       /* 33 */
        "\n"                      /* 49 */
        "# Voorzieningen\n"       /* 50 */
        "   \n"                   /* 66 */
        "provisions: []\n";       /* 70 */
    assert_int_equal(yamledit_block_end(text, 70, 2), 49);
    /* Anywhere on the next key's line: the same place. */
    assert_int_equal(yamledit_block_end(text, 75, 2), 49);
    /* Items at column 0: a comment at column 0 is theirs too; only the
     * blank line after it is passed back over. */
    assert_int_equal(yamledit_block_end(text, 70, 0), 66);
    /* Items at column 4: the comment at column 2 leads on, not theirs. */
    assert_int_equal(yamledit_block_end(text, 70, 4), 33);
    /* At the end of the text, after trailing blank lines. */
    const char *tail = "a:\n  - x\n\n\n";
    assert_int_equal(yamledit_block_end(tail, strlen(tail), 2), 9);
    /* Nothing but blank lines: the start. */
    assert_int_equal(yamledit_block_end("\n\n", 2, 2), 0);
    /* A line holding only a carriage return is blank too. */
    assert_int_equal(yamledit_block_end("a:\n  - x\n\r\nb: 1\n", 11, 2), 9);
}

/* With libyaml's end mark of a real list: the new item lands after the
 * last item and its own comment, before the next key's comment. */
static void test_block_end_of_parsed_list(void **state)
{
    Fixture *f = *state;
    const char *text =
        "name: Utrecht\n"
        "provisions:\n"
        "  - id: een\n"
        "    title: Een  # eerste\n"
        "  # - use: later\n"
        "\n"
        "# Routes\n"
        "routes: []\n";
    tmpsite_write(f->path, text);
    assert_true(yamledit_read(&f->src, f->arena, f->diags, f->path));
    yaml_node_t *root = yaml_document_get_root_node(&f->src.yaml);
    yaml_node_t *list = source_mapping_value(&f->src.yaml, root, "provisions");
    size_t end = source_offset(f->src.text, f->src.len, list->end_mark);
    size_t at = yamledit_block_end(f->src.text, end, (int)list->start_mark.column);
    Buf out = BUF_INIT;
    buf_append(&out, f->src.text, at);
    buf_puts(&out, "  - id: twee\n");
    buf_puts(&out, f->src.text + at);
    assert_string_equal(buf_cstr(&out),
                        "name: Utrecht\n"
                        "provisions:\n"
                        "  - id: een\n"
                        "    title: Een  # eerste\n"
                        "  # - use: later\n"
                        "  - id: twee\n"
                        "\n"
                        "# Routes\n"
                        "routes: []\n");
    buf_free(&out);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_read_adds_last_newline),
        T(test_read_keeps_text),
        T(test_read_refuses_link),
        T(test_read_missing),
        T(test_read_bad_yaml),
        cmocka_unit_test(test_line_start),
        cmocka_unit_test(test_block_end),
        T(test_block_end_of_parsed_list),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
