/* Unit tests for gen/stamp.c: SipHash against the reference vectors, what
 * the fingerprint of a site covers (and what not), and the manifest: read
 * back whole, and never trusted when it or the output folder differs from
 * what it says. Each test works in its own folder in /tmp. */
#define _GNU_SOURCE /* mkdtemp */
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
#include "stamp.h"

#include "tmpsite.h"

typedef struct {
    char dir[TMPSITE_DIR_SIZE];
} Fixture;

/* The manifest of the folder "out", beside it (as write.h names it). */
#define MANIFEST ".out.routekaart-build"

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    tmpsite_create(f->dir, "test_stamp");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    tmpsite_remove(f->dir);
    free(f);
    return 0;
}

/* ---- SipHash ---- */

/* SipHash-2-4 of the bytes 0, 1, ..., n-1 under the key 0, 1, ..., 15: the
 * reference implementation's test vectors. */
static void test_siphash_reference_vectors(void **state)
{
    (void)state;
    static const struct {
        size_t n;
        uint64_t want;
    } vectors[] = {
        {0, UINT64_C(0x726fdb47dd0e0e31)},  {1, UINT64_C(0x74f839c593dc67fd)},
        {2, UINT64_C(0x0d6c8009d9a94f5a)},  {3, UINT64_C(0x85676696d7fb7e2d)},
        {7, UINT64_C(0xab0200f58b01d137)},  {8, UINT64_C(0x93f5f5799a932462)},
        {15, UINT64_C(0xa129ca6149be45e5)}, {16, UINT64_C(0x3f2acc7f57c29bdb)},
        {63, UINT64_C(0x958a324ceb064572)},
    };
    const uint64_t k0 = UINT64_C(0x0706050403020100), k1 = UINT64_C(0x0f0e0d0c0b0a0908);
    unsigned char in[64];
    for (int i = 0; i < 64; i++)
        in[i] = (unsigned char)i;
    for (size_t v = 0; v < sizeof vectors / sizeof *vectors; v++) {
        StampHasher h;
        stamp_hash_init(&h, k0, k1);
        stamp_hash_update(&h, in, vectors[v].n);
        assert_true(stamp_hash_final64(&h) == vectors[v].want);
        /* The same bytes in pieces of 1, 2, 3, ... bytes. */
        stamp_hash_init(&h, k0, k1);
        for (size_t at = 0, piece = 1; at < vectors[v].n; at += piece, piece++)
            stamp_hash_update(&h, in + at, at + piece <= vectors[v].n ? piece : vectors[v].n - at);
        assert_true(stamp_hash_final64(&h) == vectors[v].want);
    }
    /* The 128-bit variant of the empty input: a3 81 7f 04 ba 25 a8 e6
     * 6d f6 72 14 c7 55 02 93. */
    StampHasher h;
    stamp_hash_init(&h, k0, k1);
    Stamp s = stamp_hash_final(&h);
    assert_true(s.half[0] == UINT64_C(0xe6a825ba047f81a3));
    assert_true(s.half[1] == UINT64_C(0x930255c71472f66d));
}

/* ---- The fingerprint ---- */

static const char *const no_options[] = {"base-url", "today=2026-12-02"};

static Stamp fingerprint(const Fixture *f, const char *const *options, size_t count)
{
    Stamp s;
    assert_true(stamp_compute(&s, f->dir, options, count));
    return s;
}

static Stamp plain(const Fixture *f)
{
    return fingerprint(f, no_options, 2);
}

static bool same(Stamp a, Stamp b)
{
    return a.half[0] == b.half[0] && a.half[1] == b.half[1];
}

static void small_site(const Fixture *f)
{
    tmpsite_put(f->dir, "content/site.yaml", "title: Proef\n");
    tmpsite_put(f->dir, "content/regions/noord/region.yaml", "name: Noord\n");
    tmpsite_put(f->dir, "layouts/home.html", "<p>Hallo</p>\n");
    tmpsite_put(f->dir, "layouts/partials/kop.html", "<h1>Kop</h1>\n");
    tmpsite_put(f->dir, "assets/site.css", "p { color: red }\n");
    tmpsite_put(f->dir, "public/index.html", "<p>oud</p>\n");
}

static void test_fingerprint_covers_every_input(void **state)
{
    Fixture *f = *state;
    small_site(f);
    Stamp base = plain(f);
    assert_true(same(base, plain(f)));
    /* One byte of each kind of input. */
    static const struct {
        const char *path, *changed, *original;
    } inputs[] = {
        {"content/site.yaml", "title: Proeg\n", "title: Proef\n"},
        {"content/regions/noord/region.yaml", "name: Noorf\n", "name: Noord\n"},
        {"layouts/home.html", "<p>Hallo</p>\r", "<p>Hallo</p>\n"},
        {"layouts/partials/kop.html", "<h1>Kop</h1>\n\n", "<h1>Kop</h1>\n"},
        {"assets/site.css", "p { color: red}\n", "p { color: red }\n"},
    };
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
        tmpsite_put(f->dir, inputs[i].path, inputs[i].changed);
        assert_false(same(base, plain(f)));
        tmpsite_put(f->dir, inputs[i].path, inputs[i].original);
        assert_true(same(base, plain(f)));
    }
    /* A new file, a renamed one, an empty region folder. */
    tmpsite_put(f->dir, "assets/img/logo.svg", "<svg/>");
    assert_false(same(base, plain(f)));
    assert_int_equal(
        rename(tmpsite_path(f->dir, "assets/img/logo.svg"), tmpsite_path(f->dir, "assets/img/logo2.svg")), 0);
    Stamp renamed = plain(f);
    assert_false(same(base, renamed));
    unlink(tmpsite_path(f->dir, "assets/img/logo2.svg"));
    assert_true(same(base, plain(f)));
    tmpsite_mkdir(f->dir, "content/regions/zuid");
    assert_false(same(base, plain(f)));
    rmdir(tmpsite_path(f->dir, "content/regions/zuid"));
    assert_true(same(base, plain(f)));
}

static void test_fingerprint_leaves_out_output_and_hidden_files(void **state)
{
    Fixture *f = *state;
    small_site(f);
    Stamp base = plain(f);
    /* The output folder, a file beside the trees, a hidden file the build
     * never reads (an editor's swap file): none changes the fingerprint. */
    tmpsite_put(f->dir, "public/index.html", "<p>nieuw</p>\n");
    tmpsite_put(f->dir, "public/.routekaart-build", "x");
    tmpsite_put(f->dir, ".public.routekaart-build", "x");
    tmpsite_put(f->dir, "README.md", "leesmij");
    tmpsite_put(f->dir, "content/.site.yaml.swp", "swap");
    assert_true(same(base, plain(f)));
}

static void test_fingerprint_covers_options(void **state)
{
    Fixture *f = *state;
    small_site(f);
    Stamp base = plain(f);
    const char *const base_url[] = {"base-url=/kaart/", "today=2026-12-02"};
    const char *const other_day[] = {"base-url", "today=2026-12-03"};
    assert_false(same(base, fingerprint(f, base_url, 2)));
    assert_false(same(base, fingerprint(f, other_day, 2)));
    assert_false(same(base, fingerprint(f, no_options, 1)));
    /* Options are told apart, not run together. */
    const char *const ab_c[] = {"ab", "c"}, *const a_bc[] = {"a", "bc"};
    assert_false(same(fingerprint(f, ab_c, 2), fingerprint(f, a_bc, 2)));
}

static void test_fingerprint_refuses_what_the_build_refuses(void **state)
{
    Fixture *f = *state;
    small_site(f);
    Stamp s;
    /* A link to outside the site: the build names it; no fast path. */
    tmpsite_link(f->dir, "content/extra.yaml", "/etc/hostname");
    assert_false(stamp_compute(&s, f->dir, no_options, 2));
    unlink(tmpsite_path(f->dir, "content/extra.yaml"));
    /* A link inside the site is read like the file. */
    tmpsite_link(f->dir, "assets/copy.css", "site.css");
    assert_true(stamp_compute(&s, f->dir, no_options, 2));
    unlink(tmpsite_path(f->dir, "assets/copy.css"));
    /* A FIFO: refused without waiting for a writer. */
    assert_int_equal(mkfifo(tmpsite_path(f->dir, "assets/pipe.css"), 0666), 0);
    assert_false(stamp_compute(&s, f->dir, no_options, 2));
}

/* ---- The manifest ---- */

static const StampSummary summary = {.regions = 2, .provisions = 7, .pages = 9, .files = 3, .bytes = 1234};

/* The output folder of a small build, with its manifest beside it. */
static Stamp output_with_manifest(const Fixture *f, Diags *warnings)
{
    tmpsite_put(f->dir, "out/index.html", "<p>a</p>");
    tmpsite_put(f->dir, "out/noord/index.html", "<p>b</p>");
    tmpsite_put(f->dir, "out/assets/site.css", "p{}");
    Stamp s = {{UINT64_C(0x0123456789abcdef), UINT64_C(0xfedcba9876543210)}};
    Buf text = BUF_INIT;
    assert_true(stamp_manifest(&text, &s, tmpsite_path(f->dir, "out"), warnings, &summary));
    tmpsite_put_bytes(f->dir, MANIFEST, text.data, text.len);
    buf_free(&text);
    return s;
}

static void test_manifest_round_trip(void **state)
{
    Fixture *f = *state;
    Diags *warnings = diags_new();
    diag_add(warnings, DIAG_WARNING, "content/regions/noord/region.yaml", 6, 10, "stale", NULL,
             "'updated: 2020-01-01' is more than a year ago");
    diag_add(warnings, DIAG_WARNING, "content/a\tb\nc.yaml", 1, 2, "odd", "tab\there\\, newline\n",
             "a message with \x01 control, \\ backslash and ü");
    Stamp s = output_with_manifest(f, warnings);
    Diags *diags = diags_new();
    StampSummary got;
    assert_true(stamp_check(&s, tmpsite_path(f->dir, "out"), tmpsite_path(f->dir, MANIFEST), diags, &got));
    assert_memory_equal(&got, &summary, sizeof got);
    assert_int_equal(diags_len(diags), 2);
    for (size_t i = 0; i < 2; i++) {
        const Diag *a = diags_at(warnings, i), *b = diags_at(diags, i);
        assert_int_equal(b->severity, DIAG_WARNING);
        assert_string_equal(a->path, b->path);
        assert_int_equal(a->line, b->line);
        assert_int_equal(a->column, b->column);
        assert_string_equal(a->code, b->code);
        assert_string_equal(a->message, b->message);
        if (a->suggestion)
            assert_string_equal(a->suggestion, b->suggestion);
        else
            assert_null(b->suggestion);
    }
    /* Another fingerprint: not trusted, and the diagnostics untouched. */
    Stamp other = s;
    other.half[1] ^= 1;
    assert_false(stamp_check(&other, tmpsite_path(f->dir, "out"), tmpsite_path(f->dir, MANIFEST), diags, &got));
    assert_int_equal(diags_len(diags), 2);
    diags_free(diags);
    diags_free(warnings);
}

static bool check_quietly(const Fixture *f, const Stamp *s)
{
    Diags *diags = diags_new();
    StampSummary got;
    bool ok = stamp_check(s, tmpsite_path(f->dir, "out"), tmpsite_path(f->dir, MANIFEST), diags, &got);
    assert_int_equal(diags_len(diags), ok ? 1 : 0);
    diags_free(diags);
    return ok;
}

static void test_manifest_sees_the_output_change(void **state)
{
    Fixture *f = *state;
    Diags *warnings = diags_new();
    diag_add(warnings, DIAG_WARNING, "content/site.yaml", 1, 1, "w", NULL, "one warning");
    Stamp s = output_with_manifest(f, warnings);
    assert_true(check_quietly(f, &s));
    /* A file rewritten with other bytes of the same size. */
    struct stat before;
    assert_int_equal(stat(tmpsite_path(f->dir, "out/noord/index.html"), &before), 0);
    usleep(20000);
    tmpsite_put(f->dir, "out/noord/index.html", "<p>c</p>");
    assert_false(check_quietly(f, &s));
    s = output_with_manifest(f, warnings);
    assert_true(check_quietly(f, &s));
    /* A file added, even in a subfolder; a file removed; a link. */
    tmpsite_put(f->dir, "out/noord/extra.html", "x");
    assert_false(check_quietly(f, &s));
    unlink(tmpsite_path(f->dir, "out/noord/extra.html"));
    assert_true(check_quietly(f, &s));
    unlink(tmpsite_path(f->dir, "out/assets/site.css"));
    assert_false(check_quietly(f, &s));
    tmpsite_link(f->dir, "out/assets/site.css", "../index.html");
    assert_false(check_quietly(f, &s));
    /* And a build never writes one: no manifest for such a folder. */
    Buf text = BUF_INIT;
    assert_false(stamp_manifest(&text, &s, tmpsite_path(f->dir, "out"), warnings, &summary));
    buf_free(&text);
    unlink(tmpsite_path(f->dir, "out/assets/site.css"));
    /* No manifest at all, or no output folder. */
    s = output_with_manifest(f, warnings);
    unlink(tmpsite_path(f->dir, MANIFEST));
    assert_false(check_quietly(f, &s));
    Diags *diags = diags_new();
    StampSummary got;
    assert_false(stamp_check(&s, tmpsite_path(f->dir, "nothing-here"), tmpsite_path(f->dir, MANIFEST), diags, &got));
    diags_free(diags);
    diags_free(warnings);
}

/* Replaces `old` (once) in the manifest text and checks it is not trusted. */
/* The manifest names its folder: another folder in its place, holding the
 * very same files (hard links: the same inodes and mtimes), is not the
 * output it describes. So a manifest left beside an output swapped in by a
 * build killed before it wrote its own is never trusted, even when every
 * file was kept unchanged. */
static void test_manifest_names_its_folder(void **state)
{
    Fixture *f = *state;
    Diags *warnings = diags_new();
    diag_add(warnings, DIAG_WARNING, "content/site.yaml", 1, 1, "w", NULL, "one warning");
    Stamp s = output_with_manifest(f, warnings);
    assert_true(check_quietly(f, &s));
    assert_int_equal(rename(tmpsite_path(f->dir, "out"), tmpsite_path(f->dir, "old")), 0);
    static const char *const files[] = {"index.html", "noord/index.html", "assets/site.css"};
    tmpsite_mkdir(f->dir, "out");
    tmpsite_mkdir(f->dir, "out/noord");
    tmpsite_mkdir(f->dir, "out/assets");
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char old[64], new[64];
        snprintf(old, sizeof old, "old/%s", files[i]);
        snprintf(new, sizeof new, "out/%s", files[i]);
        assert_int_equal(link(tmpsite_path(f->dir, old), tmpsite_path(f->dir, new)), 0);
    }
    assert_false(check_quietly(f, &s));
    /* The folder it names, back in its place: trusted again. */
    assert_int_equal(rename(tmpsite_path(f->dir, "out"), tmpsite_path(f->dir, "copy")), 0);
    assert_int_equal(rename(tmpsite_path(f->dir, "old"), tmpsite_path(f->dir, "out")), 0);
    assert_true(check_quietly(f, &s));
    diags_free(warnings);
}

static void expect_refused_with(const Fixture *f, const Stamp *s, const char *text, const char *old,
                                const char *new)
{
    const char *hit = strstr(text, old);
    assert_non_null(hit);
    Buf b = BUF_INIT;
    buf_append(&b, text, (size_t)(hit - text));
    buf_append(&b, new, strlen(new));
    buf_puts(&b, hit + strlen(old));
    tmpsite_put_bytes(f->dir, MANIFEST, b.data, b.len);
    buf_free(&b);
    assert_false(check_quietly(f, s));
}

static void test_manifest_cut_or_tampered_is_not_trusted(void **state)
{
    Fixture *f = *state;
    Diags *warnings = diags_new();
    diag_add(warnings, DIAG_WARNING, "content/site.yaml", 3, 4, "w", "zo", "one warning");
    Stamp s = output_with_manifest(f, warnings);
    size_t len;
    char *text = tmpsite_read_bytes(tmpsite_path(f->dir, MANIFEST), &len);
    /* Every shorter manifest: a build killed while writing it, if it could be. */
    for (size_t cut = 0; cut < len; cut++) {
        tmpsite_put_bytes(f->dir, MANIFEST, text, cut);
        assert_false(check_quietly(f, &s));
    }
    tmpsite_put_bytes(f->dir, MANIFEST, text, len);
    assert_true(check_quietly(f, &s));
    /* Hostile or broken lines. */
    expect_refused_with(f, &s, text, "routekaart-build 2", "routekaart-build 1");
    expect_refused_with(f, &s, text, "\nfolder\t", "\nfolder\t1");
    expect_refused_with(f, &s, text, "\nfolder\t", "\nfolder\t-");
    expect_refused_with(f, &s, text, "\nfolder\t", "\nmap\t");
    expect_refused_with(f, &s, text, "\nfolder\t", "\n");
    expect_refused_with(f, &s, text, "counts\t2", "counts\t99999999999999999999999");
    expect_refused_with(f, &s, text, "counts\t2", "counts\t-2");
    expect_refused_with(f, &s, text, "counts\t2\t7\t9", "counts\t2\t7\t9223372036854775808");
    expect_refused_with(f, &s, text, "diag\tW", "diag\tE");
    expect_refused_with(f, &s, text, "diag\tW\t3", "diag\tW\t2147483648");
    expect_refused_with(f, &s, text, "one warning", "one \\zz warning");
    expect_refused_with(f, &s, text, "one warning", "one \\00 warning");
    expect_refused_with(f, &s, text, "one warning", "one \\4");
    expect_refused_with(f, &s, text, "one warning", "one\twarning");
    expect_refused_with(f, &s, text, "\t+\tzo", "\t-\tzo");
    expect_refused_with(f, &s, text, "\t+\tzo", "\t+");
    expect_refused_with(f, &s, text, "end\n", "end\nfile\t1\t1\t1\tx\n");
    expect_refused_with(f, &s, text, "end\n", "end\n\n");
    expect_refused_with(f, &s, text, "end\n", "the end\n");
    expect_refused_with(f, &s, text, "assets/site.css", "assets/site.css\nfile\t3\t1\t1\tassets/site.css");
    expect_refused_with(f, &s, text, "assets/site.css", "zzz/site.css"); /* out of order */
    expect_refused_with(f, &s, text, "file\t", "file\t\t");
    expect_refused_with(f, &s, text, "file\t", "bestand\t");
    expect_refused_with(f, &s, text, "index.html", "index.html\t");
    /* A NUL byte inside. */
    char *nul = malloc(len);
    memcpy(nul, text, len);
    nul[len / 2] = '\0';
    tmpsite_put_bytes(f->dir, MANIFEST, nul, len);
    assert_false(check_quietly(f, &s));
    free(nul);
    /* A folder, a link or a FIFO in place of the manifest. */
    unlink(tmpsite_path(f->dir, MANIFEST));
    assert_int_equal(mkfifo(tmpsite_path(f->dir, MANIFEST), 0666), 0);
    assert_false(check_quietly(f, &s));
    unlink(tmpsite_path(f->dir, MANIFEST));
    tmpsite_put_bytes(f->dir, "manifest-copy", text, len);
    tmpsite_link(f->dir, MANIFEST, tmpsite_path(f->dir, "manifest-copy"));
    assert_false(check_quietly(f, &s));
    unlink(tmpsite_path(f->dir, MANIFEST));
    tmpsite_mkdir(f->dir, MANIFEST);
    assert_false(check_quietly(f, &s));
    free(text);
    diags_free(warnings);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_siphash_reference_vectors),
        T(test_fingerprint_covers_every_input),
        T(test_fingerprint_leaves_out_output_and_hidden_files),
        T(test_fingerprint_covers_options),
        T(test_fingerprint_refuses_what_the_build_refuses),
        T(test_manifest_round_trip),
        T(test_manifest_sees_the_output_change),
        T(test_manifest_names_its_folder),
        T(test_manifest_cut_or_tampered_is_not_trusted),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
