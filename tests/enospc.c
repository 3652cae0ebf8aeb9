/* enospc — an LD_PRELOAD library that makes the disk look full.
 *
 * Once ROUTEKAART_ENOSPC_AFTER bytes have gone to regular files through
 * write() or fwrite(), every further write to a regular file fails with
 * ENOSPC, and so do fflush() and fclose() of such a stream, as on a full
 * file system. Standard output and error (pipes to the test) are never
 * counted or failed. tests/test_output.py uses it where a small tmpfs cannot
 * be mounted; it is built, like the tests, by tests/CMakeLists.txt. */
#define _GNU_SOURCE

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* Exported to replace libc's: declared here for -Wmissing-prototypes. */
ssize_t write(int fd, const void *data, size_t len);
size_t fwrite(const void *data, size_t size, size_t count, FILE *stream);
int fflush(FILE *stream);
int fclose(FILE *stream);

static bool is_regular(int fd)
{
    struct stat st;
    return fd > 2 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

static _Atomic bool exhausted; /* a write was refused: the disk is full from now on */

/* True when the disk is full for `len` more bytes to `fd`; otherwise the
 * bytes are counted. No variable set: nothing is ever full. The generator
 * writes regions from several threads (build -j), so the count is taken
 * under a lock. */
static bool full(int fd, size_t len)
{
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    static long long left = -1;
    static bool read_env;
    if (!is_regular(fd))
        return false;
    pthread_mutex_lock(&lock);
    if (!read_env) {
        const char *after = getenv("ROUTEKAART_ENOSPC_AFTER");
        left = after ? atoll(after) : -1;
        read_env = true;
    }
    bool refused = false;
    if (left >= 0 && ((long long)len > left || (exhausted && len > 0))) {
        exhausted = true;
        refused = true;
    } else if (left >= 0) {
        left -= (long long)len;
    }
    pthread_mutex_unlock(&lock);
    return refused;
}

/* A stream that flushing or closing would write to a full disk. Streams
 * read from (the content files) close as usual. */
static bool stream_full(FILE *stream)
{
    return exhausted && __fwritable(stream) && is_regular(fileno(stream));
}

ssize_t write(int fd, const void *data, size_t len)
{
    static ssize_t (*real)(int, const void *, size_t);
    if (!real)
        real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    if (full(fd, len)) {
        errno = ENOSPC;
        return -1;
    }
    return real(fd, data, len);
}

size_t fwrite(const void *data, size_t size, size_t count, FILE *stream)
{
    static size_t (*real)(const void *, size_t, size_t, FILE *);
    if (!real)
        real = (size_t (*)(const void *, size_t, size_t, FILE *))dlsym(RTLD_NEXT, "fwrite");
    if (full(fileno(stream), size * count)) {
        errno = ENOSPC;
        return 0;
    }
    return real(data, size, count, stream);
}

int fflush(FILE *stream)
{
    static int (*real)(FILE *);
    if (!real)
        real = (int (*)(FILE *))dlsym(RTLD_NEXT, "fflush");
    int result = real(stream);
    if (stream && result == 0 && stream_full(stream)) {
        errno = ENOSPC;
        return EOF;
    }
    return result;
}

int fclose(FILE *stream)
{
    static int (*real)(FILE *);
    if (!real)
        real = (int (*)(FILE *))dlsym(RTLD_NEXT, "fclose");
    bool no_space = stream_full(stream);
    int result = real(stream);
    if (no_space && result == 0) {
        errno = ENOSPC;
        return EOF;
    }
    return result;
}
