/* renameat2 and RENAME_EXCHANGE are Linux's; nftw and mkdtemp POSIX. */
#define _GNU_SOURCE

#include "write.h"

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "util.h"

struct Writer {
    /* Regions are written from several threads (render.c): the counts, the
     * failure and the messages are taken under the lock; the files
     * themselves are written outside it. */
    pthread_mutex_t lock;
    Diags *diags;
    FileSet *memory; /* when not NULL, files go here and no folder is used */
    char *output; /* as given */
    char *temp;   /* the new output while it is written */
    char *manifest;      /* the manifest's place beside the output */
    char *manifest_temp; /* the new manifest until commit, or NULL */
    int old_fd;   /* the previous output, open, or -1: its unchanged files are kept */
    size_t bytes;
    long unchanged; /* files taken over from the previous output */
    uint64_t digest; /* the sum of every file's hash: the same in any order */
    bool failed;  /* a file could not be written: the new output is lost */
};

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void remove_tree(const char *path)
{
    nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* mkdir -p for the folders of `path` up to (not including) its last part
 * when `parents_only`, else all of it. */
static bool make_dirs(char *path, bool parents_only)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        bool ok = mkdir(path, 0777) == 0 || errno == EEXIST;
        *p = '/';
        if (!ok)
            return false;
    }
    return parents_only || mkdir(path, 0777) == 0 || errno == EEXIST;
}

/* The manifest's name beside the output `.<output>` + this; the new one is
 * written as `<temp folder>` + this, so a killed build's is tidied with its
 * folder. */
static const char manifest_suffix[] = ".routekaart-build";

/* Removes what builds that were killed left beside the output: folders
 * named .<output>.tmp-<pid>-* whose process no longer runs, and their
 * manifests (.<output>.tmp-<pid>-*.routekaart-build). A build that is
 * still running (another terminal) keeps its folder. The manifest of the
 * output, .<output>.routekaart-build, is no such name. */
static void remove_stale_temps(const char *parent, const char *base)
{
    DIR *d = opendir(parent);
    if (!d)
        return;
    Buf prefix = BUF_INIT;
    buf_printf(&prefix, ".%s.tmp-", base);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strncmp(e->d_name, prefix.data, prefix.len) != 0)
            continue;
        long pid = strtol(e->d_name + prefix.len, NULL, 10);
        if (pid > 0 && kill((pid_t)pid, 0) != 0 && errno == ESRCH) {
            Buf path = BUF_INIT;
            buf_printf(&path, "%s/%s", parent, e->d_name);
            remove_tree(path.data);
            buf_free(&path);
        }
    }
    closedir(d);
    buf_free(&prefix);
}

/* The output's folder into `parent`; returns its last part. */
static const char *split_output(const char *path, Buf *parent)
{
    const char *slash = strrchr(path, '/');
    if (slash)
        buf_printf(parent, "%.*s", (int)(slash - path), path);
    else
        buf_puts(parent, ".");
    return slash ? slash + 1 : path;
}

/* `output` without the slashes a user may type after it. */
static char *output_path(const char *output)
{
    char *path = xstrdup(output);
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        path[--n] = '\0';
    return path;
}

void write_manifest_path(Buf *out, const char *output)
{
    char *path = output_path(output);
    Buf parent = BUF_INIT;
    const char *base = split_output(path, &parent);
    buf_printf(out, "%s/.%s%s", parent.data, base, manifest_suffix);
    buf_free(&parent);
    free(path);
}

void write_tidy(const char *output)
{
    char *path = output_path(output);
    Buf parent = BUF_INIT;
    const char *base = split_output(path, &parent);
    remove_stale_temps(parent.data, base);
    buf_free(&parent);
    free(path);
}

Writer *write_begin(Diags *diags, const char *output)
{
    struct stat st;
    if (stat(output, &st) == 0 && !S_ISDIR(st.st_mode)) {
        diag_add(diags, DIAG_ERROR, output, 0, 0, "output", NULL, "output '%s' exists and is not a folder", output);
        return NULL;
    }
    char *path = output_path(output);
    make_dirs(path, true);
    Buf temp = BUF_INIT, parent = BUF_INIT;
    const char *base = split_output(path, &parent);
    remove_stale_temps(parent.data, base);
    buf_printf(&temp, "%s/.%s.tmp-%ld-XXXXXX", parent.data, base, (long)getpid());
    buf_free(&parent);
    if (!mkdtemp(temp.data)) {
        diag_add(diags, DIAG_ERROR, output, 0, 0, "output", NULL, "cannot write the output folder '%s': %s", output,
                 strerror(errno));
        buf_free(&temp);
        free(path);
        return NULL;
    }
    /* mkdtemp makes the folder private; a site is meant to be served. */
    chmod(temp.data, 0755);
    Writer *w = xcalloc(1, sizeof *w);
    pthread_mutex_init(&w->lock, NULL);
    w->diags = diags;
    w->output = path;
    w->temp = temp.data;
    Buf manifest = BUF_INIT;
    write_manifest_path(&manifest, path);
    w->manifest = manifest.data;
    w->old_fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    return w;
}

Writer *write_begin_memory(Diags *diags, FileSet *files)
{
    Writer *w = xcalloc(1, sizeof *w);
    pthread_mutex_init(&w->lock, NULL);
    w->diags = diags;
    w->memory = files;
    w->old_fd = -1;
    return w;
}

static int create_new(const char *path)
{
    return open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
}

/* All `len` bytes, with plain write(2): a page is written in one call,
 * where stdio added a second write and two system calls of its own per
 * file, which on twenty thousand files shows. */
static bool write_all(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data += n;
        len -= (size_t)n;
    }
    return true;
}

/* True when the previous output holds `path` with exactly these bytes. */
static bool unchanged_in_old(const Writer *w, const char *path, const void *data, size_t len)
{
    /* Non-blocking: a FIFO put in the old output would wait for a writer
     * forever; fstat then turns it down. */
    int fd = openat(w->old_fd, path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return false;
    struct stat st;
    bool same = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == len;
    char chunk[65536];
    for (size_t at = 0; same && at < len;) {
        ssize_t n = read(fd, chunk, len - at < sizeof chunk ? len - at : sizeof chunk);
        same = n > 0 && memcmp(chunk, (const char *)data + at, (size_t)n) == 0;
        at += n > 0 ? (size_t)n : 0;
    }
    close(fd);
    return same;
}

/* A file whose bytes did not change is the previous output's file, linked
 * into the new output: the same inode and mtime, so rsync and uploads to a
 * CDN see it unchanged, and nothing is written. The swap stays atomic: the
 * new output is still a folder of its own. */
static bool keep_unchanged(Writer *w, const char *path, const char *full, const void *data, size_t len)
{
    if (w->old_fd < 0 || !unchanged_in_old(w, path, data, len))
        return false;
    int r = linkat(w->old_fd, path, AT_FDCWD, full, 0);
    if (r != 0 && errno == ENOENT) {
        char *dirs = xstrdup(full);
        r = make_dirs(dirs, true) ? linkat(w->old_fd, path, AT_FDCWD, full, 0) : -1;
        free(dirs);
    }
    return r == 0;
}

/* The hash of one file of the output, its path and bytes, for the
 * digest: threads write in any order, so the files' hashes are added. */
static uint64_t file_hash(const char *path, const void *data, size_t len)
{
    /* hash_words, eight bytes a step: every byte of the output passes here,
     * and the key guards against accidents, not against an adversary. */
    return hash_words(hash_words(HASH_SEED, path, strlen(path) + 1), data, len);
}

bool write_file(Writer *w, const char *path, const void *data, size_t len)
{
    uint64_t hash = file_hash(path, data, len);
    if (w->memory) {
        pthread_mutex_lock(&w->lock);
        fileset_put(w->memory, path, data, len);
        w->bytes += len;
        w->digest += hash;
        pthread_mutex_unlock(&w->lock);
        return true;
    }
    /* After one failed file (a full disk, most often) the build goes on to
     * collect its other errors, but the output is lost anyway: one line says
     * why, instead of one per remaining page. */
    pthread_mutex_lock(&w->lock);
    bool failed = w->failed;
    pthread_mutex_unlock(&w->lock);
    if (failed)
        return false;
    Buf full = BUF_INIT;
    buf_printf(&full, "%s/%s", w->temp, path);
    bool kept = keep_unchanged(w, path, full.data, data, len);
    bool ok = kept;
    if (!kept) {
        /* Most files go into a folder made for an earlier file: try first,
         * and make the folders only when they are missing. Never through a
         * file that is there already: it may be a link to the previous
         * output's. */
        int fd = create_new(full.data);
        if (fd < 0 && errno == ENOENT && make_dirs(full.data, true))
            fd = create_new(full.data);
        if (fd < 0 && errno == EEXIST && unlink(full.data) == 0)
            fd = create_new(full.data);
        if (fd >= 0) {
            ok = write_all(fd, data, len);
            ok = close(fd) == 0 && ok;
        }
    }
    int error = errno;
    pthread_mutex_lock(&w->lock);
    if (!ok && !w->failed)
        diag_add(w->diags, DIAG_ERROR, w->output, 0, 0, "output", NULL, "cannot write '%s' in the output: %s", path,
                 strerror(error));
    w->failed = w->failed || !ok;
    w->unchanged += kept;
    w->bytes += len;
    w->digest += hash;
    pthread_mutex_unlock(&w->lock);
    buf_free(&full);
    return ok;
}

static void writer_free(Writer *w)
{
    pthread_mutex_destroy(&w->lock);
    if (w->old_fd >= 0)
        close(w->old_fd);
    free(w->output);
    free(w->temp);
    free(w->manifest);
    free(w->manifest_temp);
    free(w);
}

bool write_manifest(Writer *w, const void *data, size_t len)
{
    if (w->memory)
        return true;
    Buf temp = BUF_INIT;
    buf_printf(&temp, "%s%s", w->temp, manifest_suffix);
    int fd = create_new(temp.data);
    bool ok = fd >= 0 && write_all(fd, data, len);
    ok = (fd < 0 || close(fd) == 0) && ok;
    if (!ok) {
        diag_add(w->diags, DIAG_ERROR, w->manifest, 0, 0, "output", NULL, "cannot write the build's manifest: %s",
                 strerror(errno));
        unlink(temp.data);
        buf_free(&temp);
        return false;
    }
    free(w->manifest_temp);
    w->manifest_temp = temp.data;
    return true;
}

/* Puts the folder w->temp in place of w->output. The previous output, if
 * any, is left under w->temp (exchanged) or under `old` (two renames), for
 * the caller to remove. */
static bool swap_in(Writer *w, const char *old)
{
    struct stat st;
    if (stat(w->output, &st) != 0)
        return rename(w->temp, w->output) == 0;
    if (renameat2(AT_FDCWD, w->temp, AT_FDCWD, w->output, RENAME_EXCHANGE) == 0)
        return true;
    /* A file system without exchange: two renames, the old output kept
     * under a second name until the new one is in place. */
    if (rename(w->output, old) != 0)
        return false;
    if (rename(w->temp, w->output) != 0) {
        rename(old, w->output);
        return false;
    }
    return true;
}

bool write_commit(Writer *w)
{
    if (w->memory) {
        writer_free(w);
        return true;
    }
    /* The old manifest goes before the swap: a build killed right after it
     * leaves the new site without a manifest (a full build next time),
     * never with the old one, which describes another folder. */
    unlink(w->manifest);
    Buf old = BUF_INIT;
    buf_printf(&old, "%s.old", w->temp);
    bool ok = swap_in(w, old.data);
    if (!ok)
        diag_add(w->diags, DIAG_ERROR, w->output, 0, 0, "output", NULL, "cannot replace the output folder '%s': %s",
                 w->output, strerror(errno));
    /* Renamed, so it is there whole or not at all. Should that fail, there
     * is no manifest: the next build is a full one. */
    if (w->manifest_temp && !(ok && rename(w->manifest_temp, w->manifest) == 0))
        unlink(w->manifest_temp);
    remove_tree(w->temp);
    if (ok)
        remove_tree(old.data);
    buf_free(&old);
    writer_free(w);
    return ok;
}

void write_abort(Writer *w)
{
    if (!w)
        return;
    if (!w->memory)
        remove_tree(w->temp);
    if (w->manifest_temp)
        unlink(w->manifest_temp);
    writer_free(w);
}

bool write_new_file(Diags *diags, const char *path, const void *data, size_t len)
{
    char *dirs = xstrdup(path);
    make_dirs(dirs, true);
    free(dirs);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);
    if (fd < 0) {
        if (errno == EEXIST)
            diag_add(diags, DIAG_ERROR, path, 0, 0, "exists", NULL, "already exists; nothing was changed");
        else
            diag_add(diags, DIAG_ERROR, path, 0, 0, "output", NULL, "cannot create: %s", strerror(errno));
        return false;
    }
    bool ok = write(fd, data, len) == (ssize_t)len;
    ok = close(fd) == 0 && ok;
    if (!ok)
        diag_add(diags, DIAG_ERROR, path, 0, 0, "output", NULL, "cannot write: %s", strerror(errno));
    return ok;
}

bool write_replace_file(Diags *diags, const char *path, const void *data, size_t len)
{
    Buf temp = BUF_INIT;
    buf_printf(&temp, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(temp.data);
    bool ok = fd >= 0 && write(fd, data, len) == (ssize_t)len;
    if (fd >= 0) {
        struct stat st;
        if (stat(path, &st) == 0)
            fchmod(fd, st.st_mode & 07777);
        ok = close(fd) == 0 && ok;
    }
    ok = ok && rename(temp.data, path) == 0;
    if (!ok) {
        diag_add(diags, DIAG_ERROR, path, 0, 0, "output", NULL, "cannot write: %s", strerror(errno));
        if (fd >= 0)
            unlink(temp.data);
    }
    buf_free(&temp);
    return ok;
}

uint64_t write_digest(const Writer *w)
{
    return w->digest;
}

size_t write_bytes(const Writer *w)
{
    return w->bytes;
}

long write_unchanged(const Writer *writer)
{
    return writer->unchanged;
}

const char *write_folder(const Writer *writer)
{
    return writer->memory ? NULL : writer->temp;
}
