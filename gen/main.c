/* main — the command line. Parses arguments, runs the build and prints
 * what it found; the only place that writes to the terminal or exits. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "build.h"
#include "buf.h"
#include "diag.h"

enum { EXIT_CONTENT = 1, EXIT_USAGE = 2 };

static const char usage[] =
    "Usage: routekaart <command> [options]\n"
    "\n"
    "Commands:\n"
    "  build [DIR]   build DIR (default: .) into DIR/public\n"
    "  check [DIR]   validate the content of DIR without writing anything\n"
    "\n"
    "Options:\n"
    "  -o, --output DIR   write the site to DIR instead of DIR/public (build)\n"
    "      --base-url URL  prefix of every link; overrides site.yaml (build)\n"
    "      --format FMT    diagnostics as 'text' (default) or 'json'\n"
    "  -h, --help         show this help\n"
    "  -V, --version      show the version\n"
    "\n"
    "Exit status: 0 success, 1 content errors, 2 wrong usage.\n";

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "routekaart: ");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'routekaart --help'.\n");
    return EXIT_USAGE;
}

/* Today as YYYY-MM-DD; SOURCE_DATE_EPOCH (the reproducible-builds
 * convention) fixes it for tests. */
static void today_iso(char out[11])
{
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    time_t t = epoch && *epoch ? (time_t)strtoll(epoch, NULL, 10) : time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* The value of `--name VALUE` or `--name=VALUE` at argv[*i]; NULL when the
 * argument is not that option. Reports a missing value through *missing. */
static const char *option_value(int argc, char **argv, int *i, const char *shortname, const char *longname,
                                bool *missing)
{
    const char *a = argv[*i];
    size_t n = strlen(longname);
    if (strncmp(a, longname, n) == 0 && a[n] == '=')
        return a + n + 1;
    if (strcmp(a, longname) == 0 || (shortname && strcmp(a, shortname) == 0)) {
        if (*i + 1 >= argc) {
            *missing = true;
            return NULL;
        }
        return argv[++*i];
    }
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("%s", "no command given");
    const char *command = argv[1];
    if (!strcmp(command, "-h") || !strcmp(command, "--help") || !strcmp(command, "help")) {
        fputs(usage, stdout);
        return 0;
    }
    if (!strcmp(command, "-V") || !strcmp(command, "--version")) {
        printf("routekaart %s\n", ROUTEKAART_VERSION);
        return 0;
    }
    bool check = !strcmp(command, "check");
    if (!check && strcmp(command, "build") != 0)
        return usage_error("unknown command '%s'", command);

    BuildOptions options = {.root = NULL, .check_only = check};
    bool json = false;
    for (int i = 2; i < argc; i++) {
        bool missing = false;
        const char *v;
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(usage, stdout);
            return 0;
        } else if ((v = option_value(argc, argv, &i, "-o", "--output", &missing)) && !check) {
            options.output = v;
        } else if ((v = option_value(argc, argv, &i, NULL, "--base-url", &missing)) && !check) {
            options.base_url = v;
        } else if ((v = option_value(argc, argv, &i, NULL, "--format", &missing))) {
            if (strcmp(v, "json") && strcmp(v, "text"))
                return usage_error("unknown format '%s' (use text or json)", v);
            json = !strcmp(v, "json");
        } else if (missing) {
            return usage_error("option '%s' needs a value", argv[i]);
        } else if (v) {
            return usage_error("option '%s' is for build only", argv[i - 1]);
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return usage_error("unknown option '%s'", argv[i]);
        } else if (options.root) {
            return usage_error("more than one folder given ('%s')", argv[i]);
        } else {
            options.root = argv[i];
        }
    }
    if (!options.root)
        options.root = ".";
    if (options.base_url && !*options.base_url)
        return usage_error("%s", "--base-url needs a value");

    char today[11];
    today_iso(today);
    options.today = today;
    double start = now_ms();
    Diags *diags = diags_new();
    BuildStats stats;
    bool ok = build_run(&options, diags, &stats);
    double elapsed = now_ms() - start;

    diags_sort(diags);
    Buf out = BUF_INIT;
    if (json)
        diags_format_json(diags, &out);
    else
        diags_format_gcc(diags, &out);
    fputs(buf_cstr(&out), json ? stdout : stderr);
    buf_free(&out);
    size_t errors = diags_count(diags, DIAG_ERROR);
    if (!ok && !json)
        fprintf(stderr, "routekaart: %zu error%s; nothing was written\n", errors, errors == 1 ? "" : "s");
    else if (ok && !json && check)
        printf("routekaart: content is valid: %zu regions, %zu provisions (%.0f ms)\n", stats.regions,
               stats.provisions, elapsed);
    else if (ok && !json)
        printf("routekaart: %zu regions, %ld pages written (%ld files) in %.0f ms\n", stats.regions, stats.pages,
               stats.files, elapsed);
    diags_free(diags);
    return ok ? 0 : EXIT_CONTENT;
}
