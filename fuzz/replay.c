/* replay — runs a fuzz target over stored inputs, without libFuzzer.
 *
 * Usage: replay_<target> DIR...  Every file of every DIR (hidden files
 * left out, in name order so a failure always shows up at the same input)
 * goes through LLVMFuzzerTestOneInput once. A DIR that is missing or holds
 * no input is a failure: a corpus that went astray must not make the
 * test pass by replaying nothing. A crash or a sanitizer report ends the
 * process like any other failing test. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The whole file, or NULL (with a message). */
static uint8_t *read_whole(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return NULL;
    }
    uint8_t *data = NULL;
    size_t cap = 0;
    *len = 0;
    for (;;) {
        if (cap - *len < 4096) {
            cap = cap ? cap * 2 : 65536;
            uint8_t *grown = realloc(data, cap);
            if (!grown) {
                free(data);
                fclose(f);
                fprintf(stderr, "%s: out of memory\n", path);
                return NULL;
            }
            data = grown;
        }
        size_t n = fread(data + *len, 1, cap - *len, f);
        *len += n;
        if (n == 0)
            break;
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        perror(path);
        free(data);
        return NULL;
    }
    return data;
}

/* Replays the files of `dir`; the number replayed, or -1 on an error. */
static long replay_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        perror(dir);
        return -1;
    }
    char **names = NULL;
    size_t count = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (count == cap) {
            cap = cap ? cap * 2 : 64;
            char **grown = realloc(names, cap * sizeof *names);
            if (!grown)
                abort();
            names = grown;
        }
        size_t n = strlen(dir) + strlen(e->d_name) + 2;
        names[count] = malloc(n);
        if (!names[count])
            abort();
        snprintf(names[count++], n, "%s/%s", dir, e->d_name);
    }
    closedir(d);
    if (count)
        qsort(names, count, sizeof *names, compare_names);
    long done = 0;
    for (size_t i = 0; i < count; i++) {
        struct stat st;
        size_t len;
        uint8_t *data;
        if (stat(names[i], &st) != 0 || !S_ISREG(st.st_mode)) {
            fprintf(stderr, "%s: not a regular file; a corpus holds only inputs\n", names[i]);
            done = -1;
            break;
        }
        if (!(data = read_whole(names[i], &len))) {
            done = -1;
            break;
        }
        LLVMFuzzerTestOneInput(data, len);
        free(data);
        done++;
    }
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
    return done;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s DIR...\n", argv[0]);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        long n = replay_dir(argv[i]);
        if (n < 0)
            return 1;
        if (n == 0) {
            fprintf(stderr, "%s: no inputs; a corpus folder must not be empty\n", argv[i]);
            return 1;
        }
        printf("%s: %ld inputs replayed\n", argv[i], n);
    }
    return 0;
}
