#include "serve.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "buf.h"
#include "embedded.h"
#include "fileset.h"
#include "theme.h"
#include "util.h"

/* Everything the request thread reads, behind one mutex: the last good
 * site and the outcome of the last build. */
typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t built;  /* signalled after every build, and at the end */
    FileSet *site;
    unsigned long version; /* bumped by every build, good or bad */
    unsigned long good_version; /* the build whose pages are served */
    Buf status;            /* JSON for /__routekaart/status */
    bool stopping;         /* the server is shutting down: events end */
    bool last_ok;          /* the last build succeeded */
} Served;

/* One page's stream of build events (/__routekaart/events). */
typedef struct {
    Served *served;
    unsigned long seen; /* the version this page last heard of */
} EventStream;

/* How long an event stream waits for a build before it sends a comment, so
 * proxies and the browser keep the connection. */
enum { EVENT_KEEPALIVE_SECONDS = 15 };

typedef struct {
    int *wds;
    char **dirs; /* folder of each watch, relative to root */
    size_t count, cap;
} Watches;

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

/* ---- HTTP ---------------------------------------------------------------- */

/* What a file is served as; a page gets the live-reload script. */
typedef struct {
    const char *ext, *type;
    bool page;
} FileKind;

static const FileKind file_kinds[] = {
    {".html", "text/html; charset=utf-8", true},   {".css", "text/css; charset=utf-8", false},
    {".js", "text/javascript; charset=utf-8", false}, {".json", "application/json", false},
    {".xml", "application/xml", false},             {".svg", "image/svg+xml", false},
    {".png", "image/png", false},                   {".jpg", "image/jpeg", false},
    {".ico", "image/x-icon", false},                {".woff2", "font/woff2", false},
};
static const FileKind page_kind = {".html", "text/html; charset=utf-8", true};
static const FileKind other_kind = {"", "application/octet-stream", false};

static const FileKind *file_kind(const char *path)
{
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof file_kinds / sizeof *file_kinds; i++)
        if (strcmp(dot, file_kinds[i].ext) == 0)
            return &file_kinds[i];
    return &other_kind;
}

/* The preview's own files and its status, beside the site's. */
static const char preview_prefix[] = "/__routekaart/";

/* What serve says of caching: a preview changes under the same name at any
 * moment, so nothing is kept, except an asset named after its bytes. */
static const char no_store[] = "no-store";
static const char immutable[] = "max-age=31536000, immutable";

static enum MHD_Result respond_cached(struct MHD_Connection *connection, unsigned status, const char *type,
                                      const char *cache, const void *data, size_t len)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)data, MHD_RESPMEM_MUST_COPY);
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "Cache-Control", cache);
    enum MHD_Result result = MHD_queue_response(connection, status, r);
    MHD_destroy_response(r);
    return result;
}

static enum MHD_Result respond(struct MHD_Connection *connection, unsigned status, const char *type,
                               const void *data, size_t len)
{
    return respond_cached(connection, status, type, no_store, data, len);
}

/* A page as served: the stored HTML with the live-reload script and its
 * stylesheet added to the head. */
static void inject_live_reload(Buf *out, const char *html, size_t len, unsigned long version)
{
    /* The page carries the build it comes from, so a save between serving
     * it and its first status poll still reloads it. */
    char tags[200];
    snprintf(tags, sizeof tags,
             "<link rel=\"stylesheet\" href=\"/__routekaart/live.css\">"
             "<script src=\"/__routekaart/live.js\" data-version=\"%lu\" defer></script>", version);
    const char *head = NULL;
    for (size_t i = 0; i + 7 <= len && !head; i++)
        if (strncmp(html + i, "</head>", 7) == 0)
            head = html + i;
    if (!head) {
        buf_append(out, html, len);
        buf_puts(out, tags);
        return;
    }
    buf_append(out, html, (size_t)(head - html));
    buf_puts(out, tags);
    buf_append(out, head, len - (size_t)(head - html));
}

/* Server-sent events: one "build" event with the version after each build,
 * pushed as it happens (the page then reads the status once). Each stream
 * has a thread of its own (MHD_USE_THREAD_PER_CONNECTION), so it may wait
 * here for the next build. */
static ssize_t read_events(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)pos;
    EventStream *stream = cls;
    Served *served = stream->served;
    pthread_mutex_lock(&served->lock);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += EVENT_KEEPALIVE_SECONDS;
    int waited = 0;
    while (!served->stopping && served->version == stream->seen && waited == 0)
        waited = pthread_cond_timedwait(&served->built, &served->lock, &until);
    bool stopping = served->stopping;
    unsigned long version = served->version;
    bool ok = served->last_ok;
    pthread_mutex_unlock(&served->lock);
    if (stopping)
        return MHD_CONTENT_READER_END_OF_STREAM;
    int n;
    if (version != stream->seen) {
        stream->seen = version;
        /* A good build's page reloads on this alone; after a failed one the
         * page reads the problems from the status. */
        n = snprintf(buf, max, "event: build\ndata: {\"version\": %lu, \"ok\": %s}\n\n", version,
                     ok ? "true" : "false");
    } else {
        n = snprintf(buf, max, ": still here\n\n");
    }
    return n > 0 && (size_t)n < max ? n : MHD_CONTENT_READER_END_WITH_ERROR;
}

static enum MHD_Result respond_events(struct MHD_Connection *connection, Served *served)
{
    EventStream *stream = xcalloc(1, sizeof *stream);
    stream->served = served;
    pthread_mutex_lock(&served->lock);
    stream->seen = served->version;
    pthread_mutex_unlock(&served->lock);
    struct MHD_Response *r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 256, read_events, stream, free);
    MHD_add_response_header(r, "Content-Type", "text/event-stream");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    enum MHD_Result result = MHD_queue_response(connection, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return result;
}

/* The preview's own files, under /__routekaart/: the stream of build
 * events, the status, and the live-reload script and stylesheet. */
static enum MHD_Result respond_preview_file(struct MHD_Connection *connection, Served *served, const char *name)
{
    if (strcmp(name, "events") == 0)
        return respond_events(connection, served);
    if (strcmp(name, "status") == 0) {
        pthread_mutex_lock(&served->lock);
        enum MHD_Result r = respond(connection, MHD_HTTP_OK, "application/json", served->status.data,
                                    served->status.len);
        pthread_mutex_unlock(&served->lock);
        return r;
    }
    Buf path = BUF_INIT;
    buf_printf(&path, "serve/%s", name);
    const EmbeddedFile *f = embedded_find(path.data);
    buf_free(&path);
    if (f)
        return respond(connection, MHD_HTTP_OK, file_kind(f->path)->type, f->data, f->size);
    return respond(connection, MHD_HTTP_NOT_FOUND, "text/plain", "", 0);
}

/* Finds the site's file for an address, with the lock held:
 * "/" → index.html, "/a/" → a/index.html, "/a" → a or a/index.html.
 * `path` ends as the name last looked for. */
static bool find_site_file(const Served *served, const char *url, Buf *path, const void **data, size_t *len)
{
    buf_puts(path, url[0] == '/' ? url + 1 : url);
    if (path->len == 0 || path->data[path->len - 1] == '/')
        buf_puts(path, "index.html");
    if (fileset_get(served->site, path->data, data, len))
        return true;
    buf_puts(path, "/index.html");
    return fileset_get(served->site, path->data, data, len);
}

static enum MHD_Result respond_page(struct MHD_Connection *connection, const Served *served, unsigned status,
                                    const void *data, size_t len)
{
    Buf page = BUF_INIT;
    inject_live_reload(&page, data, len, served->good_version);
    enum MHD_Result result = respond(connection, status, page_kind.type, page.data, page.len);
    buf_free(&page);
    return result;
}

/* Before the first good build there is no site: a page that shows the
 * errors, so the editor sees what to fix. */
static enum MHD_Result respond_missing_page(struct MHD_Connection *connection, const Served *served)
{
    const EmbeddedFile *f = embedded_find(fileset_count(served->site) ? "serve/404.html" : "serve/waiting.html");
    return respond_page(connection, served, MHD_HTTP_NOT_FOUND, f->data, f->size);
}

/* The page's stylesheet and script are named after their bytes: a reload
 * after a save takes them from the browser's cache (parsed, for the
 * stylesheet) instead of fetching them again. */
static enum MHD_Result respond_asset(struct MHD_Connection *connection, const char *path, const void *data,
                                     size_t len)
{
    const char *cache = theme_is_fingerprinted(path, data, len) ? immutable : no_store;
    return respond_cached(connection, MHD_HTTP_OK, file_kind(path)->type, cache, data, len);
}

static enum MHD_Result respond_site_file(struct MHD_Connection *connection, Served *served, const char *url)
{
    Buf path = BUF_INIT;
    const void *data;
    size_t len;
    enum MHD_Result result;
    pthread_mutex_lock(&served->lock);
    if (!find_site_file(served, url, &path, &data, &len))
        result = respond_missing_page(connection, served);
    else if (file_kind(path.data)->page)
        result = respond_page(connection, served, MHD_HTTP_OK, data, len);
    else
        result = respond_asset(connection, path.data, data, len);
    pthread_mutex_unlock(&served->lock);
    buf_free(&path);
    return result;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *connection, const char *url, const char *method,
                              const char *version, const char *upload_data, size_t *upload_data_size,
                              void **req_cls)
{
    (void)version;
    (void)upload_data;
    (void)upload_data_size;
    (void)req_cls;
    Served *served = cls;
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
        return respond(connection, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain", "", 0);
    size_t prefix = sizeof preview_prefix - 1;
    if (strncmp(url, preview_prefix, prefix) == 0)
        return respond_preview_file(connection, served, url + prefix);
    return respond_site_file(connection, served, url);
}

/* ---- building ------------------------------------------------------------ */

/* What the builds of one session keep for the next: the QR codes drawn
 * (a save redraws none of the unchanged addresses) and the compiled
 * layouts (compiled again only when a layout file changed). */
typedef struct {
    QrCache *qr_codes;
    LayoutCache *layouts;
} SessionCaches;

/* Builds the whole site, or one region, and puts it in place of what was
 * served when it succeeded. Returns whether it did. */
static bool rebuild(Served *served, const ServeOptions *options, const SessionCaches *caches, const char *region,
                    double started, ServeReport report, void *user)
{
    Diags *diags = diags_new();
    FileSet *fresh = fileset_new();
    BuildOptions build = {.root = options->root, .base_url = "/", .today = options->today, .memory = fresh,
                          .only_region = region, .qr_cache = caches->qr_codes, .layout_cache = caches->layouts};
    BuildStats stats;
    bool ok = build_run(&build, diags, &stats);
    diags_sort(diags);

    pthread_mutex_lock(&served->lock);
    if (ok && region) {
        Buf prefix = BUF_INIT;
        buf_printf(&prefix, "%s/", region);
        fileset_remove_prefix(served->site, prefix.data);
        buf_free(&prefix);
        fileset_merge(served->site, fresh);
    } else if (ok) {
        FileSet *old = served->site;
        served->site = fresh;
        fresh = old;
    }
    served->version++;
    served->last_ok = ok;
    if (ok)
        served->good_version = served->version;
    buf_clear(&served->status);
    buf_printf(&served->status, "{\"version\": %lu, \"ok\": %s, \"problems\": ", served->version,
               ok ? "true" : "false");
    diags_format_json(diags, &served->status);
    buf_puts(&served->status, "}\n");
    pthread_cond_broadcast(&served->built);
    pthread_mutex_unlock(&served->lock);

    ServeEvent event = {.kind = SERVE_BUILT, .ok = ok, .initial = served->version == 1, .region = region,
                        .diags = diags, .stats = &stats, .milliseconds = clock_ms() - started};
    report(&event, user);
    fileset_free(fresh);
    diags_free(diags);
    return ok;
}

/* ---- watching ------------------------------------------------------------ */

/* The folders of a site that hold its sources. The site's own folder is
 * watched too, for these names only: one that is deleted or renamed away and
 * comes back must be watched again, and public/ (written by `routekaart
 * build` in the same folder) is no change. */
static bool is_source_folder(const char *name)
{
    return strcmp(name, "content") == 0 || strcmp(name, "layouts") == 0 || strcmp(name, "assets") == 0;
}

/* `dir` relative to the site, "" being the site's folder itself. */
static void watch_path(Buf *out, const char *root, const char *dir)
{
    if (dir[0])
        buf_printf(out, "%s/%s", root, dir);
    else
        buf_puts(out, root);
}

static bool watch_add(int fd, Watches *w, const char *root, const char *dir)
{
    Buf full = BUF_INIT;
    watch_path(&full, root, dir);
    /* IN_ATTRIB: a file made readable again (chmod) is a change too. */
    int wd = inotify_add_watch(fd, full.data,
                               IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_DELETE_SELF |
                                   IN_ATTRIB);
    buf_free(&full);
    if (wd < 0)
        return false;
    if (w->count == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 32;
        w->wds = xrealloc(w->wds, w->cap * sizeof(int));
        w->dirs = xrealloc(w->dirs, w->cap * sizeof(char *));
    }
    w->wds[w->count] = wd;
    w->dirs[w->count++] = xstrdup(dir);
    return true;
}

static void watch_tree(int fd, Watches *w, const char *root, const char *dir)
{
    watch_add(fd, w, root, dir);
    Buf full = BUF_INIT;
    watch_path(&full, root, dir);
    DIR *d = opendir(full.data);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        Buf sub = BUF_INIT;
        buf_printf(&sub, "%s/%s", dir, e->d_name);
        struct stat st;
        Buf sub_full = BUF_INIT;
        buf_printf(&sub_full, "%s/%s", root, sub.data);
        /* lstat: a link to a folder is not followed, so a link to a folder
         * above it (ln -s . content/loop) cannot make this recurse without
         * end. Files behind such a link are not watched. */
        if (lstat(sub_full.data, &st) == 0 && S_ISDIR(st.st_mode))
            watch_tree(fd, w, root, sub.data);
        buf_free(&sub);
        buf_free(&sub_full);
    }
    if (d)
        closedir(d);
    buf_free(&full);
}

static void watch_remove_at(Watches *w, size_t i)
{
    free(w->dirs[i]);
    w->count--;
    w->wds[i] = w->wds[w->count];
    w->dirs[i] = w->dirs[w->count];
}

/* Stops watching `dir` and every folder below it: they were deleted or
 * renamed (a watch follows a renamed folder, under its old name). */
static void unwatch_tree(int fd, Watches *w, const char *dir)
{
    size_t n = strlen(dir);
    for (size_t i = 0; i < w->count;) {
        if (strncmp(w->dirs[i], dir, n) == 0 && (w->dirs[i][n] == '\0' || w->dirs[i][n] == '/')) {
            inotify_rm_watch(fd, w->wds[i]);
            watch_remove_at(w, i);
        } else {
            i++;
        }
    }
}

/* The kernel dropped watch `wd` (its folder is gone). */
static void watch_forget(Watches *w, int wd)
{
    for (size_t i = 0; i < w->count; i++)
        if (w->wds[i] == wd) {
            watch_remove_at(w, i);
            return;
        }
}

static const char *watched_dir(const Watches *w, int wd)
{
    for (size_t i = 0; i < w->count; i++)
        if (w->wds[i] == wd)
            return w->dirs[i];
    return NULL;
}

static void watches_free(Watches *w)
{
    for (size_t i = 0; i < w->count; i++)
        free(w->dirs[i]);
    free(w->wds);
    free(w->dirs);
}

/* What a batch of changes needs rebuilt. */
typedef struct {
    bool any, whole;
    char region[256];
} Change;

/* Notes one changed file `name` in watched folder `dir`. A file in one
 * region's folder needs that region; anything else (site.yaml, catalog,
 * guidance, layouts, assets, a region folder itself) the whole site. */
static void note_change(Change *change, const char *dir, const char *name)
{
    if (!dir || name[0] == '.' || name[strlen(name) - 1] == '~')
        return; /* editors' swap and backup files */
    change->any = true;
    const char *prefix = "content/regions/";
    size_t n = strlen(prefix);
    if (strncmp(dir, prefix, n) != 0) {
        change->whole = true;
        return;
    }
    const char *id = dir + n;
    size_t len = strcspn(id, "/");
    if (len >= sizeof change->region) {
        change->whole = true;
        return;
    }
    if (change->region[0] && (strlen(change->region) != len || strncmp(change->region, id, len) != 0))
        change->whole = true;
    memcpy(change->region, id, len);
    change->region[len] = '\0';
}

/* A file the build reads as a page's source, or a layout or style: a
 * temporary file of an editor (region.yaml.tmp, vim's 4913) is none. */
static bool is_source_name(const char *name)
{
    static const char *const kinds[] = {".yaml", ".md", ".html", ".css", ".js", ".svg"};
    size_t len = strlen(name);
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
        size_t n = strlen(kinds[i]);
        if (len > n && strcmp(name + len - n, kinds[i]) == 0)
            return true;
    }
    return false;
}

/* Reads events until the folders have been quiet for a moment, so one save
 * (often several events) causes one build. An editor's save (a temporary
 * file renamed over the old one, or the file written in place) comes as
 * events well under a millisecond apart, and every millisecond here is one
 * the editor waits: after a source file was closed or renamed into place,
 * 5 ms of quiet end the save; after anything else, 20 ms. */
static void collect_changes(int fd, Watches *w, const char *root, Change *change)
{
    char buffer[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
    double start = clock_ms(), last_event = start;
    int quiet_ms = 20;
    for (;;) {
        ssize_t n = read(fd, buffer, sizeof buffer);
        if (n > 0) {
            last_event = clock_ms();
            for (char *p = buffer; p < buffer + n;) {
                struct inotify_event *e = (struct inotify_event *)p;
                p += sizeof(struct inotify_event) + e->len;
                const char *dir = watched_dir(w, e->wd);
                if (e->mask & IN_IGNORED) {
                    watch_forget(w, e->wd);
                    continue;
                }
                /* Hidden names (editors' swap files, a .git) are no change, and
                 * watch_tree does not go into hidden folders either. */
                if (!e->len || !dir || e->name[0] == '.' || (!dir[0] && !is_source_folder(e->name)))
                    continue;
                note_change(change, dir, e->name);
                bool saved = (e->mask & (IN_CLOSE_WRITE | IN_MOVED_TO)) && !(e->mask & IN_ISDIR);
                quiet_ms = saved && is_source_name(e->name) ? 5 : 20;
                if (!(e->mask & IN_ISDIR))
                    continue;
                change->whole = true;
                /* A folder deleted, renamed away or (again) made: its old
                 * watches go, a new one gets them afresh. */
                if (!(e->mask & (IN_CREATE | IN_MOVED_TO | IN_DELETE | IN_MOVED_FROM)))
                    continue;
                Buf sub = BUF_INIT;
                if (dir[0])
                    buf_printf(&sub, "%s/%s", dir, e->name);
                else
                    buf_puts(&sub, e->name);
                unwatch_tree(fd, w, sub.data);
                if (e->mask & (IN_CREATE | IN_MOVED_TO))
                    watch_tree(fd, w, root, sub.data);
                buf_free(&sub);
            }
        }
        double now = clock_ms();
        if (now - last_event >= quiet_ms || now - start > 500 || stop_requested)
            return;
        struct pollfd pfd = {fd, POLLIN, 0};
        poll(&pfd, 1, (int)(quiet_ms - (now - last_event)) + 1);
    }
}

/* Watches the site's folder and its source folders; false, with the
 * problem in diags, when there is no content/ to watch. */
static bool watch_site(int fd, Watches *watches, const char *root, Diags *diags)
{
    watch_add(fd, watches, root, "");
    watch_tree(fd, watches, root, "content");
    watch_tree(fd, watches, root, "layouts");
    watch_tree(fd, watches, root, "assets");
    for (size_t i = 0; i < watches->count; i++)
        if (strcmp(watches->dirs[i], "content") == 0)
            return true;
    diag_add(diags, DIAG_ERROR, "content", 0, 0, "missing-content", NULL,
             "no content/ folder here; run routekaart serve in the folder that holds content/");
    return false;
}

/* Listens on the loopback address only: the preview is the editor's own.
 * NULL, with the problem in diags, when the port cannot be had. */
static struct MHD_Daemon *start_server(int port, const char *root, Served *served, Diags *diags)
{
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct MHD_Daemon *daemon = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION,
                                                 (uint16_t)port, NULL, NULL, handle, served, MHD_OPTION_SOCK_ADDR,
                                                 (struct sockaddr *)&addr, MHD_OPTION_END);
    if (!daemon)
        diag_add(diags, DIAG_ERROR, root, 0, 0, "serve", NULL,
                 "cannot listen on 127.0.0.1:%d (is another server using that port? try --port)", port);
    return daemon;
}

static void catch_stop_signals(void)
{
    struct sigaction sa = {.sa_handler = on_signal};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

/* Builds the site, says where it is served, then builds again after every
 * save until a signal asks to stop. */
static void build_on_every_change(Served *served, const ServeOptions *options, const SessionCaches *caches, int fd,
                                  Watches *watches, ServeReport report, void *user)
{
    bool last_ok = rebuild(served, options, caches, NULL, clock_ms(), report, user);
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/", options->port);
    ServeEvent listening = {.kind = SERVE_LISTENING, .url = url};
    report(&listening, user);

    while (!stop_requested) {
        struct pollfd pfd = {fd, POLLIN, 0};
        if (poll(&pfd, 1, 250) <= 0)
            continue;
        double started = clock_ms();
        Change change = {0};
        collect_changes(fd, watches, options->root, &change);
        if (!change.any || stop_requested)
            continue;
        /* A region that is gone, or new, changes the home page's list and
         * the sitemap: build everything. So does any change after a failed
         * build: the changes that build did not put in place may lie
         * outside this region (a catalog title shown by every region). */
        bool whole = change.whole || !last_ok;
        last_ok = rebuild(served, options, caches, whole ? NULL : change.region, started, report, user);
    }
}

/* Open event streams wait for a build: they are ended before the server. */
static void end_event_streams(Served *served)
{
    pthread_mutex_lock(&served->lock);
    served->stopping = true;
    pthread_cond_broadcast(&served->built);
    pthread_mutex_unlock(&served->lock);
}

bool serve_run(const ServeOptions *options, ServeReport report, void *user, Diags *diags)
{
    Served served = {.site = fileset_new()};
    pthread_mutex_init(&served.lock, NULL);
    pthread_cond_init(&served.built, NULL);
    buf_puts(&served.status, "{\"version\": 0, \"ok\": true, \"problems\": []}\n");

    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    Watches watches = {0};
    SessionCaches caches = {.qr_codes = qr_cache_new(), .layouts = layout_cache_new()};
    if (fd < 0)
        diag_add(diags, DIAG_ERROR, options->root, 0, 0, "serve", NULL, "cannot watch files: %s", strerror(errno));
    bool watching = fd >= 0 && watch_site(fd, &watches, options->root, diags);
    struct MHD_Daemon *daemon = watching ? start_server(options->port, options->root, &served, diags) : NULL;
    if (daemon) {
        catch_stop_signals();
        build_on_every_change(&served, options, &caches, fd, &watches, report, user);
        end_event_streams(&served);
        MHD_stop_daemon(daemon);
    }

    if (fd >= 0)
        close(fd);
    watches_free(&watches);
    qr_cache_free(caches.qr_codes);
    layout_cache_free(caches.layouts);
    fileset_free(served.site);
    buf_free(&served.status);
    pthread_cond_destroy(&served.built);
    pthread_mutex_destroy(&served.lock);
    return daemon != NULL;
}
