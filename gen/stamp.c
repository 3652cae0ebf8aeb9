/* O_NOFOLLOW, O_DIRECTORY and O_CLOEXEC; fdopendir and openat are POSIX. */
#define _GNU_SOURCE

#include "stamp.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "limit.h"
#include "sitefs.h"
#include "util.h"

/* Changes whenever the fingerprint's recipe or the manifest's lines do:
 * a manifest of another version is never trusted. */
static const char stamp_version[] = "routekaart-build 2";

/* A manifest bigger than this is not one we wrote (a site at its limits
 * has some 100,000 files of under 100 bytes of manifest each). */
enum { MANIFEST_MAX_BYTES = 64 * 1024 * 1024, WALK_MAX_DEPTH = 64 };

/* Files are hashed in pieces of this size through one buffer. */
enum { CHUNK_BYTES = 1 << 16 };

/* ---- SipHash-2-4 ---- */

static uint64_t rotl(uint64_t x, int b)
{
    return (x << b) | (x >> (64 - b));
}

static void sip_rounds(uint64_t v[4], int n)
{
    for (int i = 0; i < n; i++) {
        v[0] += v[1];
        v[1] = rotl(v[1], 13);
        v[1] ^= v[0];
        v[0] = rotl(v[0], 32);
        v[2] += v[3];
        v[3] = rotl(v[3], 16);
        v[3] ^= v[2];
        v[0] += v[3];
        v[3] = rotl(v[3], 21);
        v[3] ^= v[0];
        v[2] += v[1];
        v[1] = rotl(v[1], 17);
        v[1] ^= v[2];
        v[2] = rotl(v[2], 32);
    }
}

static void sip_word(uint64_t v[4], uint64_t m)
{
    v[3] ^= m;
    sip_rounds(v, 2);
    v[0] ^= m;
}

void stamp_hash_init(StampHasher *h, uint64_t k0, uint64_t k1)
{
    h->v[0] = k0 ^ UINT64_C(0x736f6d6570736575);
    h->v[1] = k1 ^ UINT64_C(0x646f72616e646f6d);
    h->v[2] = k0 ^ UINT64_C(0x6c7967656e657261);
    h->v[3] = k1 ^ UINT64_C(0x7465646279746573);
    h->tail = 0;
    h->len = 0;
}

/* A word of the message, little-endian whatever the machine (SipHash's
 * definition): one load, where assembling bytes cost as much as the hash. */
static uint64_t load_le64(const unsigned char *p)
{
    uint64_t m;
    memcpy(&m, p, sizeof m);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    m = __builtin_bswap64(m);
#endif
    return m;
}

void stamp_hash_update(StampHasher *h, const void *data, size_t len)
{
    const unsigned char *p = data;
    /* Finish a word begun by an earlier piece, byte by byte. */
    while (len && h->len % 8) {
        h->tail |= (uint64_t)*p++ << (8 * (h->len++ % 8));
        len--;
        if (h->len % 8 == 0) {
            sip_word(h->v, h->tail);
            h->tail = 0;
        }
    }
    for (; len >= 8; p += 8, len -= 8, h->len += 8)
        sip_word(h->v, load_le64(p));
    for (; len; len--)
        h->tail |= (uint64_t)*p++ << (8 * (h->len++ % 8));
}

static void sip_last_word(StampHasher *h)
{
    sip_word(h->v, h->tail | ((uint64_t)(h->len & 0xff) << 56));
}

uint64_t stamp_hash_final64(StampHasher *h)
{
    sip_last_word(h);
    h->v[2] ^= 0xff;
    sip_rounds(h->v, 4);
    return h->v[0] ^ h->v[1] ^ h->v[2] ^ h->v[3];
}

Stamp stamp_hash_final(StampHasher *h)
{
    Stamp s;
    h->v[1] ^= 0xee;
    sip_last_word(h);
    h->v[2] ^= 0xee;
    sip_rounds(h->v, 4);
    s.half[0] = h->v[0] ^ h->v[1] ^ h->v[2] ^ h->v[3];
    h->v[1] ^= 0xdd;
    sip_rounds(h->v, 4);
    s.half[1] = h->v[0] ^ h->v[1] ^ h->v[2] ^ h->v[3];
    return s;
}

/* ---- The fingerprint ---- */

/* Every piece goes in with its length first, so that no two different
 * sequences of pieces feed the same bytes ("ab","c" against "a","bc"). */
static void feed_number(StampHasher *h, uint64_t n)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(n >> (8 * i));
    stamp_hash_update(h, b, sizeof b);
}

static void feed_bytes(StampHasher *h, const void *data, size_t len)
{
    feed_number(h, len);
    stamp_hash_update(h, data, len);
}

static void feed_text(StampHasher *h, const char *s)
{
    feed_bytes(h, s, strlen(s));
}

/* The running binary itself: a new build of the tool (another renderer,
 * other shipped layouts) never trusts output of the old one. */
static bool feed_binary(StampHasher *h)
{
    int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0)
        return false;
    bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    if (ok)
        feed_number(h, (uint64_t)st.st_size);
    char *chunk = xmalloc(CHUNK_BYTES);
    uint64_t total = 0;
    ssize_t n = 0;
    while (ok && (n = read(fd, chunk, CHUNK_BYTES)) > 0) {
        stamp_hash_update(h, chunk, (size_t)n);
        total += (uint64_t)n;
    }
    free(chunk);
    close(fd);
    return ok && n == 0 && total == (uint64_t)st.st_size;
}

/* What kind of thing each top-level name is: a missing layouts/ and an
 * empty one build alike, but a content/ that became a file must not. */
static void feed_kind(StampHasher *h, SiteFs *fs, const char *path)
{
    feed_text(h, path);
    feed_number(h, (uint64_t)sitefs_kind(fs, path, NULL));
}

/* What reading the inputs may take: the build's own limits (limit.h), so a
 * folder the build would refuse is never read whole for a fingerprint. */
typedef struct {
    SiteFs *fs;
    Arena *arena;
    Diags *scratch;
    char *chunk;
    size_t read;
} Inputs;

/* The bytes of the site file `path`, in pieces through one buffer: a
 * 60 MB asset needs no 60 MB of memory twice over. False when it cannot
 * be read, crosses a limit or changes size while it is read. */
static bool feed_file(StampHasher *h, Inputs *in, const char *path)
{
    size_t size;
    int fd = sitefs_open_file(in->fs, in->scratch, path, &size);
    if (fd < 0)
        return false;
    bool ok = size <= LIMIT_ASSET_FILE_BYTES && size <= LIMIT_SITE_BYTES - in->read;
    feed_text(h, path);
    feed_number(h, size);
    size_t have = 0;
    ssize_t n = 0;
    while (ok && (n = read(fd, in->chunk, CHUNK_BYTES)) > 0 && have + (size_t)n <= size) {
        stamp_hash_update(h, in->chunk, (size_t)n);
        have += (size_t)n;
    }
    close(fd);
    in->read += have;
    return ok && n == 0 && have == size;
}

/* Every file below `dir`, as the build lists it (hidden names left out). */
static bool feed_tree(StampHasher *h, Inputs *in, const char *dir)
{
    size_t count;
    char **paths = sitefs_list(in->fs, in->arena, in->scratch, dir, SITEFS_LIST_TREE, &count);
    feed_text(h, dir);
    feed_number(h, count);
    bool ok = true;
    for (size_t i = 0; ok && i < count; i++)
        ok = feed_file(h, in, paths[i]);
    return ok;
}

bool stamp_compute(Stamp *out, const char *root, const char *const *options, size_t option_count)
{
    StampHasher h;
    /* Any fixed key would do (see stamp.h). */
    stamp_hash_init(&h, UINT64_C(0x0726f7574656b61), UINT64_C(0x1617274206275696));
    feed_text(&h, stamp_version);
    bool ok = feed_binary(&h);
    feed_number(&h, option_count);
    for (size_t i = 0; ok && i < option_count; i++)
        feed_text(&h, options[i]);

    Inputs in = {.fs = sitefs_open(root), .arena = arena_new(), .scratch = diags_new(),
                 .chunk = xmalloc(CHUNK_BYTES)};
    static const char *const kinds[] = {"content", "content/regions", "layouts", "assets"};
    for (size_t i = 0; ok && i < sizeof kinds / sizeof *kinds; i++)
        feed_kind(&h, in.fs, kinds[i]);
    /* An empty region folder is an error of the build, yet holds no file
     * that the trees below would show. */
    size_t count = 0;
    char **regions =
        ok ? sitefs_list(in.fs, in.arena, in.scratch, "content/regions", SITEFS_LIST_FOLDERS, &count) : NULL;
    feed_number(&h, count);
    for (size_t i = 0; i < count; i++)
        feed_text(&h, regions[i]);
    /* Whole trees, also files the build does not read today: a superset
     * costs a rebuild now and then, a file missed would cost a stale site.
     * The output folder (public/ by default) is none of them. */
    static const char *const trees[] = {"content", "layouts", "assets"};
    for (size_t i = 0; ok && i < sizeof trees / sizeof *trees; i++)
        ok = feed_tree(&h, &in, trees[i]);
    /* A refused link, a loop, a limit: the build will say so. */
    ok = ok && diags_len(in.scratch) == 0;
    free(in.chunk);
    diags_free(in.scratch);
    arena_free(in.arena);
    sitefs_close(in.fs);
    *out = stamp_hash_final(&h);
    return ok;
}

/* ---- The output folder's files ---- */

typedef struct {
    char *path; /* relative to the output folder */
    unsigned long long size, ino;
    long long mtime_ns;
} Entry;

typedef struct {
    Entry *items;
    size_t count, cap;
} Entries;

static void entries_free(Entries *e)
{
    for (size_t i = 0; i < e->count; i++)
        free(e->items[i].path);
    free(e->items);
}

static Entry *entries_add(Entries *e)
{
    if (e->count == e->cap) {
        e->cap = e->cap ? e->cap * 2 : 256;
        e->items = xrealloc(e->items, e->cap * sizeof *e->items);
    }
    Entry *x = &e->items[e->count++];
    memset(x, 0, sizeof *x);
    return x;
}

static int compare_entries(const void *a, const void *b)
{
    return strcmp(((const Entry *)a)->path, ((const Entry *)b)->path);
}

/* Every file below the folder `fd` (closed here), into `out`, prefixed
 * with `prefix`. A link, a FIFO or anything but files and folders is
 * something the build never writes: false. */
static bool walk(int fd, const char *prefix, int depth, Entries *out)
{
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0)
            close(fd);
        return false;
    }
    bool ok = depth < WALK_MAX_DEPTH;
    struct dirent *e;
    while (ok && (e = readdir(d))) {
        const char *name = e->d_name;
        if (!strcmp(name, ".") || !strcmp(name, ".."))
            continue;
        struct stat st;
        if (fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) != 0)
            ok = false;
        else if (S_ISDIR(st.st_mode)) {
            Buf sub = BUF_INIT;
            buf_printf(&sub, "%s%s/", prefix, name);
            ok = walk(openat(dirfd(d), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC), sub.data, depth + 1,
                      out);
            buf_free(&sub);
        } else if (S_ISREG(st.st_mode)) {
            Entry *x = entries_add(out);
            Buf path = BUF_INIT;
            buf_printf(&path, "%s%s", prefix, name);
            x->path = path.data;
            x->size = (unsigned long long)st.st_size;
            x->ino = (unsigned long long)st.st_ino;
            x->mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
        } else {
            ok = false;
        }
    }
    closedir(d);
    return ok;
}

/* The files of `folder`, sorted by path, and the folder's own inode. */
static bool walk_folder(const char *folder, Entries *out, unsigned long long *folder_ino)
{
    memset(out, 0, sizeof *out);
    int fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    struct stat st;
    if (fd >= 0 && fstat(fd, &st) == 0)
        *folder_ino = (unsigned long long)st.st_ino;
    bool ok = walk(fd, "", 0, out);
    if (ok && out->count)
        qsort(out->items, out->count, sizeof *out->items, compare_entries);
    return ok;
}

/* ---- The manifest ----
 *
 * Lines of fields separated by tabs; a field escapes '\\', tab, newline
 * and every other control character, so any path or message fits:
 *
 *   routekaart-build 2
 *   stamp <32 hex digits>
 *   folder <inode of the output folder>
 *   counts <regions> <provisions> <pages> <files> <bytes>
 *   diag <E|W> <line> <column> <path> <code> <message> <-|+suggestion>
 *   file <size> <mtime in ns> <inode> <path>       (sorted by path)
 *   end
 */

static void put_field(Buf *out, const char *s)
{
    buf_putc(out, '\t');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '\\')
            buf_puts(out, "\\\\");
        else if (*p < 0x20 || *p == 0x7f)
            buf_printf(out, "\\%02x", *p);
        else
            buf_putc(out, (char)*p);
    }
}

static void stamp_hex(char out[33], const Stamp *s)
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++)
        out[i] = digits[(s->half[i / 16] >> (4 * (15 - i % 16))) & 0xf];
    out[32] = '\0';
}

bool stamp_manifest(Buf *out, const Stamp *stamp, const char *folder, const Diags *diags,
                    const StampSummary *summary)
{
    Entries files;
    unsigned long long folder_ino = 0;
    if (!walk_folder(folder, &files, &folder_ino)) {
        entries_free(&files);
        return false;
    }
    char hex[33];
    stamp_hex(hex, stamp);
    buf_printf(out, "%s\nstamp\t%s\nfolder\t%llu\ncounts\t%zu\t%zu\t%ld\t%ld\t%zu\n", stamp_version, hex, folder_ino,
               summary->regions, summary->provisions, summary->pages, summary->files, summary->bytes);
    for (size_t i = 0; i < diags_len(diags); i++) {
        const Diag *d = diags_at(diags, i);
        buf_printf(out, "diag\t%c\t%d\t%d", d->severity == DIAG_ERROR ? 'E' : 'W', d->line, d->column);
        put_field(out, d->path);
        put_field(out, d->code);
        put_field(out, d->message);
        buf_puts(out, d->suggestion ? "\t+" : "\t-");
        if (d->suggestion)
            put_field(out, d->suggestion);
        buf_putc(out, '\n');
    }
    for (size_t i = 0; i < files.count; i++) {
        const Entry *x = &files.items[i];
        buf_printf(out, "file\t%llu\t%lld\t%llu", x->size, x->mtime_ns, x->ino);
        put_field(out, x->path);
        buf_putc(out, '\n');
    }
    buf_puts(out, "end\n");
    entries_free(&files);
    return true;
}

/* The manifest's bytes, NUL-terminated, or NULL. Opened without following
 * a link and without waiting on a FIFO: the folder that holds it, beside
 * the output, is untrusted. */
static char *read_manifest(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    char *data = NULL;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size < MANIFEST_MAX_BYTES) {
        size_t size = (size_t)st.st_size, at = 0;
        data = xmalloc(size + 1);
        ssize_t n = 1;
        while (at < size && (n = read(fd, data + at, size - at)) > 0)
            at += (size_t)n;
        if (at != size) {
            free(data);
            data = NULL;
        } else {
            data[size] = '\0';
            *len = size;
        }
    }
    close(fd);
    return data;
}

/* Splits the line `s` at tabs, in place, into at most `max` fields; the
 * number of fields, or max + 1 when there are more. */
static size_t split_fields(char *s, char **fields, size_t max)
{
    size_t n = 0;
    for (;;) {
        if (n == max)
            return max + 1;
        fields[n++] = s;
        char *tab = strchr(s, '\t');
        if (!tab)
            return n;
        *tab = '\0';
        s = tab + 1;
    }
}

/* Undoes put_field in place; false on a broken escape. */
static bool unescape(char *s)
{
    char *w = s;
    for (const char *r = s; *r; r++) {
        if (*r != '\\') {
            *w++ = *r;
        } else if (r[1] == '\\') {
            *w++ = '\\';
            r++;
        } else {
            static const char hex[] = "0123456789abcdef";
            const char *hi = r[1] ? strchr(hex, r[1]) : NULL, *lo = hi && r[2] ? strchr(hex, r[2]) : NULL;
            /* Only what put_field writes: a control character, never NUL. */
            int c = hi && lo ? (int)((hi - hex) * 16 + (lo - hex)) : -1;
            if (c <= 0 || (c >= 0x20 && c != 0x7f))
                return false;
            *w++ = (char)c;
            r += 2;
        }
    }
    *w = '\0';
    return true;
}

/* A decimal number of at most `max` without sign or anything else. */
static bool parse_number(const char *s, unsigned long long max, unsigned long long *out)
{
    unsigned long long n = 0;
    if (!*s)
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || n > (max - (unsigned long long)(*s - '0')) / 10)
            return false;
        n = n * 10 + (unsigned long long)(*s - '0');
    }
    *out = n;
    return true;
}

static bool parse_signed(const char *s, long long *out)
{
    unsigned long long n;
    bool negative = *s == '-';
    if (!parse_number(s + negative, LLONG_MAX, &n))
        return false;
    *out = negative ? -(long long)n : (long long)n;
    return true;
}

static bool parse_counts(char **f, size_t n, StampSummary *summary)
{
    unsigned long long v[5];
    if (n != 6)
        return false;
    for (int i = 0; i < 5; i++)
        if (!parse_number(f[i + 1], i == 2 || i == 3 ? LONG_MAX : SIZE_MAX, &v[i]))
            return false;
    summary->regions = (size_t)v[0];
    summary->provisions = (size_t)v[1];
    summary->pages = (long)v[2];
    summary->files = (long)v[3];
    summary->bytes = (size_t)v[4];
    return true;
}

static bool parse_diag(char **f, size_t n, Diags *into)
{
    unsigned long long line, column;
    /* Only warnings: a build with errors leaves no manifest. */
    if (n < 8 || n > 9 || strcmp(f[1], "W") != 0 || !parse_number(f[2], INT_MAX, &line) ||
        !parse_number(f[3], INT_MAX, &column) || (strcmp(f[7], "+") != 0 && strcmp(f[7], "-") != 0) ||
        (n == 9) != (f[7][0] == '+'))
        return false;
    for (size_t i = 4; i < n; i++)
        if (i != 7 && !unescape(f[i]))
            return false;
    diag_add(into, DIAG_WARNING, f[4], (int)line, (int)column, f[5],
             n == 9 ? f[8] : NULL, "%s", f[6]);
    return true;
}

static bool parse_file(char **f, size_t n, Entries *files)
{
    unsigned long long size, ino;
    long long mtime;
    if (n != 5 || !parse_number(f[1], ULLONG_MAX, &size) || !parse_signed(f[2], &mtime) ||
        !parse_number(f[3], ULLONG_MAX, &ino) || !unescape(f[4]) || !*f[4])
        return false;
    /* Sorted, each once: then comparing with the folder is one pass. */
    if (files->count && strcmp(files->items[files->count - 1].path, f[4]) >= 0)
        return false;
    Entry *x = entries_add(files);
    x->path = xstrdup(f[4]);
    x->size = size;
    x->ino = ino;
    x->mtime_ns = mtime;
    return true;
}

/* What a manifest says. */
typedef struct {
    Diags *warnings;
    StampSummary counts;
    unsigned long long folder_ino;
    Entries files;
} Manifest;

/* One line of the manifest's body (after its counts): a warning, a file
 * or the end. */
static bool parse_body_line(char **f, size_t n, Manifest *m, bool *end)
{
    if (!strcmp(f[0], "end") && n == 1) {
        *end = true;
        return true;
    }
    if (!strcmp(f[0], "diag"))
        return m->files.count == 0 && parse_diag(f, n, m->warnings);
    return !strcmp(f[0], "file") && parse_file(f, n, &m->files);
}

/* Reads the manifest `text` (changed in place): true when it is whole and
 * well-formed and its stamp is `want`. */
static bool parse_manifest(char *text, size_t len, const char *want, Manifest *m)
{
    if (strlen(text) != len) /* a NUL in it */
        return false;
    enum { HEAD, STAMP, FOLDER, COUNTS, BODY, END } state = HEAD;
    char *line = text;
    while (*line) {
        char *nl = strchr(line, '\n');
        if (!nl || state == END)
            return false; /* cut short, or something after the end */
        *nl = '\0';
        char *f[10];
        size_t n = split_fields(line, f, 9);
        bool ok, end = false;
        switch (state) {
        case HEAD: ok = n == 1 && !strcmp(f[0], stamp_version); break;
        case STAMP: ok = n == 2 && !strcmp(f[0], "stamp") && !strcmp(f[1], want); break;
        case FOLDER: ok = n == 2 && !strcmp(f[0], "folder") && parse_number(f[1], ULLONG_MAX, &m->folder_ino); break;
        case COUNTS: ok = !strcmp(f[0], "counts") && parse_counts(f, n, &m->counts); break;
        default: ok = parse_body_line(f, n, m, &end);
        }
        if (!ok)
            return false;
        state = state < BODY ? state + 1 : end ? END : BODY;
        line = nl + 1;
    }
    return state == END;
}

static bool same_files(const Entries *a, const Entries *b)
{
    if (a->count != b->count)
        return false;
    for (size_t i = 0; i < a->count; i++) {
        const Entry *x = &a->items[i], *y = &b->items[i];
        if (strcmp(x->path, y->path) || x->size != y->size || x->ino != y->ino || x->mtime_ns != y->mtime_ns)
            return false;
    }
    return true;
}

bool stamp_check(const Stamp *stamp, const char *output, const char *manifest, Diags *diags,
                 StampSummary *summary)
{
    size_t len = 0;
    char *text = read_manifest(manifest, &len);
    if (!text)
        return false;
    char want[33];
    stamp_hex(want, stamp);
    Manifest listed = {.warnings = diags_new()};
    Entries found = {0};
    unsigned long long found_ino = 0;
    /* The folder's own inode: the manifest is of this folder, not of one
     * that was in its place before (see write.h). */
    bool ok = parse_manifest(text, len, want, &listed) && walk_folder(output, &found, &found_ino) &&
              found_ino == listed.folder_ino && same_files(&listed.files, &found);
    if (ok) {
        for (size_t i = 0; i < diags_len(listed.warnings); i++) {
            const Diag *d = diags_at(listed.warnings, i);
            diag_add(diags, d->severity, d->path, d->line, d->column, d->code, d->suggestion, "%s", d->message);
        }
        *summary = listed.counts;
    }
    entries_free(&listed.files);
    entries_free(&found);
    diags_free(listed.warnings);
    free(text);
    return ok;
}
