/* main — the command line. Parses arguments, runs a command and prints
 * what it found; the only place that writes to the terminal or exits. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>

#include "build.h"
#include "buf.h"
#include "diag.h"
#include "util.h"
#include "import.h"
#include "scaffold.h"
#include "serve.h"

enum { EXIT_CONTENT = 1, EXIT_USAGE = 2 };

static const char usage[] =
    "Usage: routekaart <command> [options]\n"
    "\n"
    "Commands:\n"
    "  build [DIR]                 build DIR (default: .) into DIR/public\n"
    "  check [DIR]                 validate the content of DIR without writing anything\n"
    "  serve [DIR]                 preview DIR on http://127.0.0.1:1313/, rebuilding on every save\n"
    "  new site DIR                start a new site in DIR\n"
    "  new region ID               add content/regions/ID/region.yaml\n"
    "  new provision REGION ID     add a provision to a region's region.yaml\n"
    "  import providers FILE.csv --region ID\n"
    "                              turn a spreadsheet of providers into a region's providers\n"
    "\n"
    "Options:\n"
    "  -o, --output DIR    write the site to DIR instead of DIR/public (build)\n"
    "      --base-url URL  prefix of every link; overrides site.yaml (build)\n"
    "  -j, --jobs N        render N regions at a time (build; default: one per processor)\n"
    "      --format FMT    problems as 'text' (default) or 'json' (build, check)\n"
    "      --port N        port of the preview (serve; default 1313)\n"
    "  -C, --dir DIR       the site folder for new region/provision and import (default: .)\n"
    "      --region ID     the region to import into (import)\n"
    "      --force         let import replace the providers of an existing region.yaml\n"
    "  -h, --help          show this help\n"
    "  -V, --version       show the version\n"
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

/* The processors this process may run on: the jobs of a build by default. */
static int processors(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

/* The parsed command line: every command takes the subset it needs. */
typedef struct {
    const char *positional[3];
    int positional_count;
    const char *output, *base_url, *region, *dir;
    int port;
    int jobs; /* 0: one per processor */
    bool json, force;
} Args;

/* The options, and which commands take each: a command passes the flags
 * of the ones it takes. */
enum {
    OPT_OUTPUT = 1u << 0,
    OPT_BASE_URL = 1u << 1,
    OPT_FORMAT = 1u << 2,
    OPT_PORT = 1u << 3,
    OPT_DIR = 1u << 4,
    OPT_REGION = 1u << 5,
    OPT_FORCE = 1u << 6,
    OPT_JOBS = 1u << 7,
};

typedef struct {
    unsigned flag;
    const char *shortname, *longname;
    bool takes_value;
} OptionSpec;

static const OptionSpec option_specs[] = {
    {OPT_OUTPUT, "-o", "--output", true}, {OPT_BASE_URL, NULL, "--base-url", true},
    {OPT_FORMAT, NULL, "--format", true}, {OPT_PORT, NULL, "--port", true},
    {OPT_DIR, "-C", "--dir", true},       {OPT_REGION, NULL, "--region", true},
    {OPT_FORCE, NULL, "--force", false},     {OPT_JOBS, "-j", "--jobs", true},
};

/* The option `arg` names (`-o`, `--output`, `--output=VALUE` or, as
 * getopt reads it, `-oVALUE`: `-j1` as make takes it), or NULL;
 * `*inline_value` is the value given within `arg`, when there is one. */
static const OptionSpec *option_named(const char *arg, const char **inline_value)
{
    *inline_value = NULL;
    for (size_t k = 0; k < sizeof option_specs / sizeof *option_specs; k++) {
        const OptionSpec *o = &option_specs[k];
        size_t n = strlen(o->longname);
        if (strncmp(arg, o->longname, n) == 0 && arg[n] == '=') {
            *inline_value = arg + n + 1;
            return o;
        }
        if (strcmp(arg, o->longname) == 0 || (o->shortname && strcmp(arg, o->shortname) == 0))
            return o;
        if (o->shortname && o->takes_value && strncmp(arg, o->shortname, 2) == 0 && arg[2]) {
            *inline_value = arg + 2;
            return o;
        }
    }
    return NULL;
}

/* Stores one option's value in `args`; EXIT_USAGE (reported) when the value
 * is not one the option takes. */
static int option_store(const OptionSpec *o, const char *v, Args *args)
{
    switch (o->flag) {
    case OPT_OUTPUT: args->output = v; break;
    case OPT_BASE_URL:
        if (!*v)
            return usage_error("--base-url needs a value");
        args->base_url = v;
        break;
    case OPT_FORMAT:
        if (strcmp(v, "json") && strcmp(v, "text"))
            return usage_error("unknown format '%s' (use text or json)", v);
        args->json = !strcmp(v, "json");
        break;
    case OPT_PORT: {
        char *end;
        long port = strtol(v, &end, 10);
        if (*end || port < 1 || port > 65535)
            return usage_error("--port needs a number from 1 to 65535, not '%s'", v);
        args->port = (int)port;
        break;
    }
    case OPT_DIR: args->dir = v; break;
    case OPT_REGION: args->region = v; break;
    case OPT_FORCE: args->force = true; break;
    case OPT_JOBS: {
        char *end;
        long jobs = strtol(v, &end, 10);
        if (*end || jobs < 1 || jobs > 256)
            return usage_error("--jobs needs a number from 1 to 256, not '%s'", v);
        args->jobs = (int)jobs;
        break;
    }
    }
    return 0;
}

/* Parses argv[first..]; `allowed` holds the OPT_ flags of the options the
 * command takes. Returns -1 when the caller should exit 0 (help shown),
 * else 0, or EXIT_USAGE (reported). */
static int parse_args(int argc, char **argv, int first, unsigned allowed, int max_positional, Args *args)
{
    memset(args, 0, sizeof *args);
    args->port = 1313;
    for (int i = first; i < argc; i++) {
        const char *arg = argv[i], *value;
        if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
            fputs(usage, stdout);
            return -1;
        }
        const OptionSpec *o = option_named(arg, &value);
        if (o) {
            if (o->takes_value && !value) {
                if (i + 1 >= argc)
                    return usage_error("option '%s' needs a value", arg);
                value = argv[++i];
            }
            if (!(allowed & o->flag))
                return usage_error("option '%s' is not known to this command", arg);
            if (!o->takes_value && value)
                return usage_error("option '%s' takes no value", o->longname);
            int r = option_store(o, value, args);
            if (r)
                return r;
        } else if (arg[0] == '-' && arg[1]) {
            return usage_error("option '%s' is not known to this command", arg);
        } else if (args->positional_count >= max_positional) {
            return usage_error("unexpected argument '%s'", arg);
        } else {
            args->positional[args->positional_count++] = arg;
        }
    }
    return 0;
}

static void print_diags(const Diags *diags, bool json)
{
    Buf out = BUF_INIT;
    if (json)
        diags_format_json(diags, &out);
    else
        diags_format_gcc(diags, &out);
    fputs(buf_cstr(&out), json ? stdout : stderr);
    buf_free(&out);
}

static int cmd_build(int argc, char **argv, bool check)
{
    Args args;
    int r = parse_args(argc, argv, 2, check ? OPT_FORMAT : OPT_OUTPUT | OPT_BASE_URL | OPT_FORMAT | OPT_JOBS, 1,
                       &args);
    if (r)
        return r < 0 ? 0 : r;
    char today[11];
    today_iso(today);
    BuildOptions options = {.root = args.positional_count ? args.positional[0] : ".",
                            .output = args.output,
                            .base_url = args.base_url,
                            .check_only = check,
                            .today = today,
                            .jobs = args.jobs ? args.jobs : processors()};
    double start = clock_ms();
    Diags *diags = diags_new();
    BuildStats stats;
    bool ok = build_run(&options, diags, &stats);
    double elapsed = clock_ms() - start;
    diags_sort(diags);
    print_diags(diags, args.json);
    size_t errors = diags_count(diags, DIAG_ERROR);
    if (!ok && !args.json)
        fprintf(stderr, "routekaart: %zu error%s; nothing was written\n", errors, errors == 1 ? "" : "s");
    else if (ok && !args.json && check)
        printf("routekaart: content is valid: %zu region%s, %zu provisions (%.0f ms)\n", stats.regions,
               stats.regions == 1 ? "" : "s", stats.provisions, elapsed);
    else if (ok && !args.json)
        printf("routekaart: %zu region%s, %ld pages, %ld files: %ld written, %ld unchanged, in %.0f ms%s\n",
               stats.regions, stats.regions == 1 ? "" : "s", stats.pages, stats.files, stats.files - stats.unchanged,
               stats.unchanged, elapsed, stats.fresh ? " (nothing changed since the last build)" : "");
    diags_free(diags);
    return ok ? 0 : EXIT_CONTENT;
}

/* `user` is the text of the last problems printed: warnings that stay the
 * same from save to save are printed once; errors every time. */
static void serve_report(const ServeEvent *event, void *user)
{
    Buf *last = user;
    if (event->kind == SERVE_LISTENING) {
        printf("routekaart: serving %s (Ctrl-C stops)\n", event->url);
    } else {
        Buf now = BUF_INIT;
        diags_format_gcc(event->diags, &now);
        if (!event->ok || strcmp(buf_cstr(&now), buf_cstr(last)) != 0)
            fputs(buf_cstr(&now), stderr);
        buf_clear(last);
        buf_puts(last, buf_cstr(&now));
        buf_free(&now);
        if (event->ok && event->initial)
            printf("routekaart: built %zu region%s, %ld pages in %.0f ms\n", event->stats->regions,
                   event->stats->regions == 1 ? "" : "s", event->stats->pages, event->milliseconds);
        else if (event->ok)
            printf("routekaart: rebuilt %s%s in %.0f ms\n", event->region ? "region " : "the whole site",
                   event->region ? event->region : "", event->milliseconds);
        else
            fprintf(stderr, "routekaart: build failed; still serving the last good site\n");
    }
    fflush(stdout);
    fflush(stderr);
}

static int cmd_serve(int argc, char **argv)
{
    Args args;
    int r = parse_args(argc, argv, 2, OPT_PORT, 1, &args);
    if (r)
        return r < 0 ? 0 : r;
    char today[11];
    today_iso(today);
    ServeOptions options = {.root = args.positional_count ? args.positional[0] : ".", .port = args.port,
                            .today = today};
    Diags *diags = diags_new();
    Buf last_problems = BUF_INIT;
    bool ok = serve_run(&options, serve_report, &last_problems, diags);
    buf_free(&last_problems);
    print_diags(diags, false);
    diags_free(diags);
    if (ok)
        printf("routekaart: stopped\n");
    return ok ? 0 : EXIT_CONTENT;
}

/* Prints what a scaffolding or import command did and returns its status. */
static int finish(Diags *diags, bool ok, const Buf *done)
{
    diags_sort(diags);
    print_diags(diags, false);
    if (ok)
        fputs(buf_cstr(done), stdout);
    diags_free(diags);
    return ok ? 0 : EXIT_CONTENT;
}

static int cmd_new(int argc, char **argv)
{
    if (argc < 3)
        return usage_error("new needs what to make: site, region or provision");
    const char *what = argv[2];
    Args args;
    int r = parse_args(argc, argv, 3, OPT_DIR, 2, &args);
    if (r)
        return r < 0 ? 0 : r;
    Diags *diags = diags_new();
    Buf done = BUF_INIT;
    bool ok;
    const char *dir = args.dir ? args.dir : ".";
    char today[11];
    today_iso(today);
    if (!strcmp(what, "site") && args.positional_count == 1) {
        ok = scaffold_site(args.positional[0], today, diags, &done);
    } else if (!strcmp(what, "region") && args.positional_count == 1) {
        ok = scaffold_region(dir, args.positional[0], today, diags, &done);
    } else if (!strcmp(what, "provision") && args.positional_count == 2) {
        ok = scaffold_provision(dir, args.positional[0], args.positional[1], today, diags, &done);
    } else {
        diags_free(diags);
        buf_free(&done);
        return usage_error("use: new site DIR | new region ID | new provision REGION ID");
    }
    int status = finish(diags, ok, &done);
    buf_free(&done);
    return status;
}

static int cmd_import(int argc, char **argv)
{
    if (argc < 3 || strcmp(argv[2], "providers") != 0)
        return usage_error("use: import providers FILE.csv --region ID [--force]");
    Args args;
    int r = parse_args(argc, argv, 3, OPT_DIR | OPT_REGION | OPT_FORCE, 1, &args);
    if (r)
        return r < 0 ? 0 : r;
    if (args.positional_count != 1 || !args.region)
        return usage_error("use: import providers FILE.csv --region ID [--force]");
    Diags *diags = diags_new();
    Buf done = BUF_INIT;
    ImportOptions options = {.root = args.dir ? args.dir : ".", .csv_path = args.positional[0],
                             .region = args.region, .force = args.force};
    bool ok = import_providers(&options, diags, &done);
    int status = finish(diags, ok, &done);
    buf_free(&done);
    return status;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("no command given");
    const char *command = argv[1];
    if (!strcmp(command, "-h") || !strcmp(command, "--help") || !strcmp(command, "help")) {
        fputs(usage, stdout);
        return 0;
    }
    if (!strcmp(command, "-V") || !strcmp(command, "--version")) {
        printf("routekaart %s\n", ROUTEKAART_VERSION);
        return 0;
    }
    if (!strcmp(command, "build") || !strcmp(command, "check"))
        return cmd_build(argc, argv, !strcmp(command, "check"));
    if (!strcmp(command, "serve"))
        return cmd_serve(argc, argv);
    if (!strcmp(command, "new"))
        return cmd_new(argc, argv);
    if (!strcmp(command, "import"))
        return cmd_import(argc, argv);
    return usage_error("unknown command '%s'", command);
}
