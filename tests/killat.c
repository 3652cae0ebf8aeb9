/* killat — an LD_PRELOAD library that kills the build at one step of
 * putting its output in place (gen/write.c, write_commit), as a power cut
 * or `kill -9` could.
 *
 * ROUTEKAART_KILL_AT names the step:
 *   manifest-write         half of the new manifest written, then killed
 *   manifest-unlink        before the old manifest is removed
 *   exchange               old manifest removed, before the folders are swapped
 *   after-exchange         folders swapped, before the new manifest is renamed in
 *   after-manifest-rename  manifest in place, before the old output is removed
 * No variable set: nothing is killed. tests/test_output.py checks that the
 * next build after each is right; it is built, like the tests, by
 * tests/CMakeLists.txt. */
#define _GNU_SOURCE

#include <dlfcn.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Exported to replace libc's: declared here for -Wmissing-prototypes. */
ssize_t write(int fd, const void *data, size_t len);
int unlink(const char *path);
int rename(const char *from, const char *to);
int renameat2(int from_dir, const char *from, int to_dir, const char *to, unsigned int flags);

static bool killing_at(const char *step)
{
    const char *at = getenv("ROUTEKAART_KILL_AT");
    return at && strcmp(at, step) == 0;
}

static bool is_manifest(const char *path)
{
    static const char suffix[] = ".routekaart-build";
    size_t n = strlen(path);
    return n >= sizeof suffix - 1 && strcmp(path + n - (sizeof suffix - 1), suffix) == 0;
}

static void die(void)
{
    raise(SIGKILL);
}

ssize_t write(int fd, const void *data, size_t len)
{
    static ssize_t (*real)(int, const void *, size_t);
    if (!real)
        real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    if (killing_at("manifest-write") && fd > 2) {
        char link[64], path[PATH_MAX];
        snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
        ssize_t n = readlink(link, path, sizeof path - 1);
        if (n > 0) {
            path[n] = '\0';
            if (is_manifest(path)) {
                real(fd, data, len / 2);
                die();
            }
        }
    }
    return real(fd, data, len);
}

int unlink(const char *path)
{
    static int (*real)(const char *);
    if (!real)
        real = (int (*)(const char *))dlsym(RTLD_NEXT, "unlink");
    if (killing_at("manifest-unlink") && is_manifest(path))
        die();
    return real(path);
}

int renameat2(int from_dir, const char *from, int to_dir, const char *to, unsigned int flags)
{
    static int (*real)(int, const char *, int, const char *, unsigned int);
    if (!real)
        real = (int (*)(int, const char *, int, const char *, unsigned int))dlsym(RTLD_NEXT, "renameat2");
    if (killing_at("exchange"))
        die();
    int result = real(from_dir, from, to_dir, to, flags);
    if (killing_at("after-exchange"))
        die();
    return result;
}

int rename(const char *from, const char *to)
{
    static int (*real)(const char *, const char *);
    if (!real)
        real = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
    int result = real(from, to);
    if (killing_at("after-manifest-rename") && is_manifest(to))
        die();
    return result;
}
