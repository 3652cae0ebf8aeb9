/* openat2, O_PATH and syscall() are Linux's. */
#define _GNU_SOURCE

#include "sitefs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "limit.h"
#include "strmap.h"
#include "util.h"

struct SiteFs {
    int root;     /* O_PATH descriptor of the site folder, or -1 */
    bool by_hand; /* openat2 is missing: resolve links ourselves */
    size_t read;  /* bytes read so far, against `budget` */
    size_t budget; /* LIMIT_SITE_BYTES, smaller in tests */
};

/* Messages for what is never read; the path is printed before them. */
static const char LINK_OUTSIDE[] =
    "symbolic link to outside the site folder; only relative links to files and folders inside it are followed";
static const char LINK_BROKEN[] = "symbolic link to a file that does not exist";
static const char LINK_LOOP[] = "symbolic link loop (or more than 40 links in a row)";
static const char NOT_FILE_FIFO[] = "a FIFO (named pipe), not a regular file; only regular files are read";
static const char NOT_FILE_SOCKET[] = "a socket, not a regular file; only regular files are read";
static const char NOT_FILE_DEVICE[] = "a device, not a regular file; only regular files are read";
static const char FOLDER_LOOP[] = "symbolic link loop: this folder holds itself";
static const char FOLDER_AGAIN[] =
    "this folder is listed already under another path (symbolic links lead to it twice); link to each folder once";

SiteFs *sitefs_open(const char *root)
{
    SiteFs *fs = xmalloc(sizeof *fs);
    fs->root = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
    fs->by_hand = false;
    fs->read = 0;
    fs->budget = LIMIT_SITE_BYTES;
    if (fs->root >= 0) {
        /* Kernels before 5.6, some container sandboxes and valgrind do not
         * know openat2; they get the same rule by hand. */
        struct open_how how = {.flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_BENEATH};
        long fd = syscall(SYS_openat2, fs->root, ".", &how, sizeof how);
        if (fd >= 0)
            close((int)fd);
        else
            fs->by_hand = errno == ENOSYS || errno == EPERM || errno == EINVAL;
    }
    return fs;
}

void sitefs_set_budget(SiteFs *fs, size_t bytes)
{
    fs->budget = bytes;
}

SiteFs *sitefs_open_without_openat2(const char *root)
{
    SiteFs *fs = sitefs_open(root);
    fs->by_hand = true;
    return fs;
}

void sitefs_close(SiteFs *fs)
{
    if (!fs)
        return;
    if (fs->root >= 0)
        close(fs->root);
    free(fs);
}

enum { MAX_LINKS = 40, MAX_PATH = 4096 };

/* Takes the first component of `rest` off into `component`. */
static void take_component(char *rest, char *component)
{
    char *slash = strchr(rest, '/');
    const char *remaining = slash ? slash + 1 : "";
    if (slash)
        *slash = '\0';
    snprintf(component, MAX_PATH, "%s", rest);
    memmove(rest, remaining, strlen(remaining) + 1);
}

/* `..`: drops the last component of `done`; false when that would climb
 * above the root. */
static bool climb(char *done)
{
    if (!done[0])
        return false;
    char *last = strrchr(done, '/');
    *(last ? last : done) = '\0';
    return true;
}

/* Puts the target of link `candidate` in front of what is left of the path.
 * False, errno set, for an absolute target, too many links or too long a path. */
static bool splice_link(const SiteFs *fs, const char *candidate, char *rest, int *links)
{
    char target[MAX_PATH];
    ssize_t n = readlinkat(fs->root, candidate, target, sizeof target - 1);
    if (n < 0)
        return false;
    target[n] = '\0';
    if (++*links > MAX_LINKS) {
        errno = ELOOP;
        return false;
    }
    if (target[0] == '/') {
        errno = EXDEV;
        return false;
    }
    char spliced[MAX_PATH];
    if (snprintf(spliced, sizeof spliced, "%s%s%s", target, rest[0] ? "/" : "", rest) >= (int)sizeof spliced) {
        errno = ENAMETOOLONG;
        return false;
    }
    memcpy(rest, spliced, MAX_PATH);
    return true;
}

typedef enum { STEP_FAILED, STEP_FOLLOWED_LINK, STEP_ENTERED } Step;

/* Looks at `candidate`, the path resolved so far and its next component:
 * a link is spliced into `rest`; a folder, or a file at the end of the
 * path, is stepped into; anything else fails, errno set. */
static Step step_into(const SiteFs *fs, const char *candidate, char *rest, bool last, int *links)
{
    struct stat st;
    if (fstatat(fs->root, candidate, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return STEP_FAILED;
    if (S_ISLNK(st.st_mode))
        return splice_link(fs, candidate, rest, links) ? STEP_FOLLOWED_LINK : STEP_FAILED;
    if (!last && !S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return STEP_FAILED;
    }
    return STEP_ENTERED;
}

/* RESOLVE_BENEATH without openat2: the path is resolved one component at a
 * time, each link read and spliced in, `..` never climbing above the root;
 * the resolved path, free of links, is then opened with O_NOFOLLOW. Unlike
 * openat2 this can be raced: a folder renamed into a link between the check
 * and the open escapes. That takes an attacker running beside the build on
 * a kernel older than 5.6; the content of a pull request alone cannot. */
static int open_by_hand(const SiteFs *fs, const char *path, int flags)
{
    char rest[MAX_PATH], done[MAX_PATH] = "";
    if (path[0] == '/') {
        errno = EXDEV;
        return -1;
    }
    if (snprintf(rest, sizeof rest, "%s", path) >= (int)sizeof rest) {
        errno = ENAMETOOLONG;
        return -1;
    }
    int links = 0;
    while (rest[0]) {
        char component[MAX_PATH];
        take_component(rest, component);
        if (!component[0] || !strcmp(component, "."))
            continue;
        if (!strcmp(component, "..")) {
            if (!climb(done)) {
                errno = EXDEV;
                return -1;
            }
            continue;
        }
        char candidate[MAX_PATH];
        if (snprintf(candidate, sizeof candidate, "%s%s%s", done, done[0] ? "/" : "", component) >=
            (int)sizeof candidate) {
            errno = ENAMETOOLONG;
            return -1;
        }
        bool last = !rest[0];
        Step step = last && (flags & O_NOFOLLOW) ? STEP_ENTERED : step_into(fs, candidate, rest, last, &links);
        if (step == STEP_FAILED)
            return -1;
        if (step == STEP_ENTERED)
            memcpy(done, candidate, sizeof done);
    }
    return openat(fs->root, done[0] ? done : ".", flags | O_NOFOLLOW | O_CLOEXEC);
}

/* Opens `path` below the root, resolving every component (links too) only
 * beneath it; `..` or a link that climbs out fails with EXDEV. The kernel
 * retries nothing itself when a rename races the walk (EAGAIN), so we do. */
static int open_beneath(const SiteFs *fs, const char *path, int flags)
{
    if (fs->root < 0) {
        errno = ENOENT;
        return -1;
    }
    /* openat2 refuses flags that mean nothing with O_PATH, O_NOCTTY among
     * them; a terminal must not become ours when a device is read. */
    if (!(flags & O_PATH))
        flags |= O_NOCTTY;
    if (fs->by_hand)
        return open_by_hand(fs, path, flags);
    struct open_how how = {
        .flags = (uint64_t)(flags | O_CLOEXEC),
        .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
    };
    for (int attempt = 0; attempt < 8; attempt++) {
        long fd = syscall(SYS_openat2, fs->root, path, &how, sizeof how);
        if (fd >= 0 || errno != EAGAIN)
            return (int)fd;
    }
    return -1;
}

static const char *special_file(mode_t mode)
{
    if (S_ISFIFO(mode))
        return NOT_FILE_FIFO;
    if (S_ISSOCK(mode))
        return NOT_FILE_SOCKET;
    return NOT_FILE_DEVICE;
}

/* Classifies `path`, following links beneath the root; fills `st` for a
 * file or folder. Never opens anything for reading. Errors other than the
 * ones that mean "refused" or "missing" count as a file, so that reading it
 * reports the system's reason (such as a folder without search permission). */
static SiteFsKind classify(const SiteFs *fs, const char *path, struct stat *st, const char **why)
{
    *why = NULL;
    int fd = open_beneath(fs, path, O_PATH);
    if (fd < 0) {
        int err = errno;
        if (err == EXDEV) {
            *why = LINK_OUTSIDE;
            return SITEFS_REFUSED;
        }
        if (err == ELOOP) {
            *why = LINK_LOOP;
            return SITEFS_REFUSED;
        }
        if (err == ENOENT || err == ENOTDIR) {
            /* A link whose target is missing exists itself: name it. */
            int link = open_beneath(fs, path, O_PATH | O_NOFOLLOW);
            if (link < 0)
                return SITEFS_MISSING;
            close(link);
            *why = LINK_BROKEN;
            return SITEFS_REFUSED;
        }
        memset(st, 0, sizeof *st);
        return SITEFS_FILE;
    }
    int rc = fstat(fd, st);
    close(fd);
    if (rc != 0)
        return SITEFS_FILE;
    if (S_ISREG(st->st_mode))
        return SITEFS_FILE;
    if (S_ISDIR(st->st_mode))
        return SITEFS_FOLDER;
    *why = special_file(st->st_mode);
    return SITEFS_REFUSED;
}

SiteFsKind sitefs_kind(SiteFs *fs, const char *path, const char **why)
{
    struct stat st;
    const char *reason;
    SiteFsKind kind = classify(fs, path, &st, &reason);
    if (why)
        *why = reason;
    return kind;
}

bool sitefs_check(SiteFs *fs, Diags *diags, const char *path)
{
    const char *why;
    if (sitefs_kind(fs, path, &why) != SITEFS_REFUSED)
        return true;
    diag_add(diags, DIAG_ERROR, path, 0, 0, "refused-file", NULL, "%s", why);
    return false;
}

static void report_unreadable(Diags *diags, const char *path, int err)
{
    diag_add(diags, DIAG_ERROR, path, 0, 0, "unreadable", NULL, "cannot read file: %s", strerror(err));
}

static void report_site_too_large(Diags *diags, const char *path)
{
    diag_add(diags, DIAG_ERROR, path, 0, 0, "limit", NULL,
             "with this file the site's files add up to more than %d MB (the limit)", LIMIT_SITE_BYTES / (1024 * 1024));
}


static void report_too_large(Diags *diags, const char *path, size_t max_bytes)
{
    diag_add(diags, DIAG_ERROR, path, 0, 0, "limit", NULL,
             "file is larger than the limit of %zu MB; split it or make it smaller", max_bytes / (1024 * 1024));
}

/* A file that grew past a limit while it was read: the file's own limit or
 * what was left of the site's. */
static void report_over(Diags *diags, const char *path, size_t bytes, size_t file_limit)
{
    if (bytes > file_limit)
        report_too_large(diags, path, file_limit);
    else
        report_site_too_large(diags, path);
}

/* Opens `path` for reading when it is a regular file beneath the root;
 * else -1, reported. `*st` is the file as opened. */
static int open_regular(SiteFs *fs, Diags *diags, const char *path, struct stat *st)
{
    const char *why;
    switch (classify(fs, path, st, &why)) {
    case SITEFS_MISSING:
        report_unreadable(diags, path, ENOENT);
        return -1;
    case SITEFS_FOLDER:
        report_unreadable(diags, path, EISDIR);
        return -1;
    case SITEFS_REFUSED:
        diag_add(diags, DIAG_ERROR, path, 0, 0, "refused-file", NULL, "%s", why);
        return -1;
    case SITEFS_FILE:
        break;
    }
    /* O_NONBLOCK: should the file have been swapped for a FIFO since it was
     * classified, the open returns at once and fstat below refuses it. */
    int fd = open_beneath(fs, path, O_RDONLY | O_NONBLOCK);
    if (fd < 0) {
        report_unreadable(diags, path, errno);
        return -1;
    }
    if (fstat(fd, st) != 0) {
        report_unreadable(diags, path, errno);
        close(fd);
        return -1;
    }
    if (!S_ISREG(st->st_mode)) {
        close(fd);
        diag_add(diags, DIAG_ERROR, path, 0, 0, "refused-file", NULL, "%s", special_file(st->st_mode));
        return -1;
    }
    return fd;
}

int sitefs_open_file(SiteFs *fs, Diags *diags, const char *path, size_t *size)
{
    struct stat st;
    int fd = open_regular(fs, diags, path, &st);
    *size = fd >= 0 ? (size_t)st.st_size : 0;
    return fd;
}

/* Refuses, before reading, a file whose size is past its own limit or
 * past `room`, what is left of the site's. */
static bool size_fits(Diags *diags, const char *path, off_t size, size_t file_limit, size_t room)
{
    if ((uintmax_t)size > file_limit) {
        report_too_large(diags, path, file_limit);
        return false;
    }
    if ((uintmax_t)size > room) {
        report_site_too_large(diags, path);
        return false;
    }
    return true;
}

/* Reads to the end rather than trusting st_size: a file may grow while it
 * is read, and the limit must still hold. NULL, reported, when the file
 * grows past `room` or cannot be read. */
static char *read_to_end(int fd, Diags *diags, const char *path, off_t size, size_t room, size_t file_limit,
                         size_t *len)
{
    size_t cap = (size_t)size + 1 < room + 1 ? (size_t)size + 1 : room + 1;
    char *data = xmalloc(cap + 1);
    size_t have = 0;
    for (;;) {
        if (have == cap) {
            if (cap > room) {
                free(data);
                report_over(diags, path, cap, file_limit);
                return NULL;
            }
            cap = cap * 2 < room + 1 ? cap * 2 : room + 1;
            data = xrealloc(data, cap + 1);
        }
        ssize_t n = read(fd, data + have, cap - have);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int err = errno;
            free(data);
            report_unreadable(diags, path, err);
            return NULL;
        }
        if (n == 0)
            break;
        have += (size_t)n;
    }
    if (have > room) {
        free(data);
        report_over(diags, path, have, file_limit);
        return NULL;
    }
    *len = have;
    return data;
}

char *sitefs_read(SiteFs *fs, Diags *diags, const char *path, size_t max_bytes, size_t *len)
{
    *len = 0;
    struct stat st;
    int fd = open_regular(fs, diags, path, &st);
    if (fd < 0)
        return NULL;
    /* Many files each within the limit must not add up to too much either. */
    size_t room = max_bytes > fs->budget - fs->read ? fs->budget - fs->read : max_bytes;
    size_t have = 0;
    char *data = NULL;
    if (size_fits(diags, path, st.st_size, max_bytes, room))
        data = read_to_end(fd, diags, path, st.st_size, room, max_bytes, &have);
    close(fd);
    if (!data)
        return NULL;
    fs->read += have;
    data[have] = '\0';
    *len = have;
    return data;
}

/* ---- listing --------------------------------------------------------------- */

typedef struct {
    SiteFs *fs;
    Arena *arena;
    Diags *diags;
    SiteFsList what;
    char **names;
    size_t count, cap;
    /* Folders being walked, for SITEFS_LIST_TREE: a link back to one of
     * them would make the walk endless. */
    dev_t devs[LIMIT_FOLDER_DEPTH];
    ino_t inos[LIMIT_FOLDER_DEPTH];
    int depth;
    /* Every folder walked, by "dev:ino": two links to one folder would
     * walk it twice, and a chain of such pairs doubles the walk at each
     * level (2^n walks of n folders). */
    StrMap *walked;
    bool stopped; /* a limit was reported; list no more */
} Listing;

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void listing_add(Listing *l, char *name)
{
    if (l->count >= LIMIT_FOLDER_FILES) {
        if (!l->stopped)
            diag_add(l->diags, DIAG_ERROR, name, 0, 0, "limit", NULL,
                     "more than %d files in one listing (the limit); is a symbolic link repeating a folder?",
                     LIMIT_FOLDER_FILES);
        l->stopped = true;
        return;
    }
    l->names = arena_grow(l->arena, l->names, sizeof(char *), &l->cap, l->count + 1);
    l->names[l->count++] = name;
}

static bool on_walk(const Listing *l, const struct stat *st)
{
    for (int i = 0; i < l->depth; i++)
        if (l->devs[i] == st->st_dev && l->inos[i] == st->st_ino)
            return true;
    return false;
}

static void list_folder(Listing *l, const char *dir, const struct stat *dir_st);

/* Opens folder `dir` for reading; `*opened` is the folder as opened, not as
 * classified (`*dir_st`): it may have been swapped. NULL, reported, when it
 * cannot be read. */
static DIR *open_folder(Listing *l, const char *dir, const struct stat *dir_st, struct stat *opened)
{
    int fd = open_beneath(l->fs, dir, O_RDONLY | O_DIRECTORY);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0)
            close(fd);
        diag_add(l->diags, DIAG_ERROR, dir, 0, 0, "unreadable", NULL, "cannot read folder: %s", strerror(errno));
        return NULL;
    }
    if (fstat(fd, opened) != 0)
        *opened = *dir_st;
    return d;
}

/* False, reported, when a tree's walk has been in this folder before. */
static bool first_visit(Listing *l, const char *dir, const struct stat *opened)
{
    if (!l->walked)
        return true;
    const char *key = arena_printf(l->arena, "%ju:%ju", (uintmax_t)opened->st_dev, (uintmax_t)opened->st_ino);
    if (strmap_put(l->walked, key, (void *)key))
        return true;
    diag_add(l->diags, DIAG_ERROR, dir, 0, 0, "refused-file", NULL, "%s", FOLDER_AGAIN);
    return false;
}

/* The folder's visible entries as "dir/name", sorted: the order of the
 * listing must not depend on readdir's. */
static char **sorted_entries(Listing *l, DIR *d, const char *dir, size_t *count)
{
    size_t entries = 0, cap = 0;
    char **found = NULL;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        found = arena_grow(l->arena, found, sizeof(char *), &cap, entries + 1);
        found[entries++] = arena_printf(l->arena, "%s/%s", dir, e->d_name);
    }
    if (entries)
        qsort(found, entries, sizeof(char *), compare_names);
    *count = entries;
    return found;
}

/* Adds entry `path` of folder `dir` to the listing, as what is listed asks
 * (a name, or the path in a tree), or walks into it. */
static void list_entry(Listing *l, const char *dir, char *path)
{
    struct stat st;
    const char *why;
    const char *name = path + strlen(dir) + 1;
    switch (classify(l->fs, path, &st, &why)) {
    case SITEFS_MISSING: /* removed while we looked */
        break;
    case SITEFS_REFUSED:
        /* A file is reported where it is read (once, also when a shipped
         * file of the same name is looked up); a folder here. */
        if (l->what == SITEFS_LIST_FOLDERS)
            diag_add(l->diags, DIAG_ERROR, path, 0, 0, "refused-file", NULL, "%s", why);
        else if (l->what == SITEFS_LIST_FILES)
            listing_add(l, arena_strdup(l->arena, name));
        else
            listing_add(l, path);
        break;
    case SITEFS_FILE:
        if (l->what == SITEFS_LIST_FILES)
            listing_add(l, arena_strdup(l->arena, name));
        else if (l->what == SITEFS_LIST_TREE)
            listing_add(l, path);
        break;
    case SITEFS_FOLDER:
        if (l->what == SITEFS_LIST_FOLDERS)
            listing_add(l, arena_strdup(l->arena, name));
        else if (l->what == SITEFS_LIST_TREE && on_walk(l, &st))
            diag_add(l->diags, DIAG_ERROR, path, 0, 0, "refused-file", NULL, "%s", FOLDER_LOOP);
        else if (l->what == SITEFS_LIST_TREE)
            list_folder(l, path, &st);
        break;
    }
}

static void list_folder(Listing *l, const char *dir, const struct stat *dir_st)
{
    if (l->depth == LIMIT_FOLDER_DEPTH) {
        diag_add(l->diags, DIAG_ERROR, dir, 0, 0, "limit", NULL, "folders nested deeper than %d levels (the limit)",
                 LIMIT_FOLDER_DEPTH);
        l->stopped = true;
        return;
    }
    struct stat opened;
    DIR *d = open_folder(l, dir, dir_st, &opened);
    if (!d)
        return;
    if (!first_visit(l, dir, &opened)) {
        closedir(d);
        return;
    }
    l->devs[l->depth] = opened.st_dev;
    l->inos[l->depth] = opened.st_ino;
    l->depth++;
    size_t entries;
    char **found = sorted_entries(l, d, dir, &entries);
    closedir(d);
    for (size_t i = 0; i < entries && !l->stopped; i++)
        list_entry(l, dir, found[i]);
    l->depth--;
}

char **sitefs_list(SiteFs *fs, Arena *arena, Diags *diags, const char *dir, SiteFsList what, size_t *count)
{
    *count = 0;
    struct stat st;
    const char *why;
    SiteFsKind kind = classify(fs, dir, &st, &why);
    if (kind == SITEFS_REFUSED)
        diag_add(diags, DIAG_ERROR, dir, 0, 0, "refused-file", NULL, "%s", why);
    if (kind != SITEFS_FOLDER)
        return NULL;
    Listing l = {.fs = fs, .arena = arena, .diags = diags, .what = what,
                 .walked = what == SITEFS_LIST_TREE ? strmap_new(arena) : NULL};
    list_folder(&l, dir, &st);
    /* Entries come sorted per folder; a tree's paths are sorted whole
     * ("a/b" and "a-c" compare by byte, not by folder). */
    if (l.count && what == SITEFS_LIST_TREE)
        qsort(l.names, l.count, sizeof(char *), compare_names);
    *count = l.count;
    return l.names;
}

bool sitefs_check_unlinked(Diags *diags, const char *root, const char *rel, const char *display)
{
    int dir = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0)
        return true; /* nothing there to be a link; creating reports why */
    char prefix[MAX_PATH];
    bool ok = true;
    for (const char *p = rel; ok && *p;) {
        const char *slash = strchr(p, '/');
        size_t end = slash ? (size_t)(slash - rel) : strlen(rel);
        if (end >= sizeof prefix)
            break;
        memcpy(prefix, rel, end);
        prefix[end] = '\0';
        struct stat st;
        if (fstatat(dir, prefix, &st, AT_SYMLINK_NOFOLLOW) != 0)
            break; /* the rest does not exist yet */
        if (S_ISLNK(st.st_mode)) {
            diag_add(diags, DIAG_ERROR, display, 0, 0, "refused-file", NULL,
                     "'%s' is a symbolic link; new and import change only files whose path holds no link", prefix);
            ok = false;
        }
        p = slash ? slash + 1 : p + strlen(p);
    }
    close(dir);
    return ok;
}
