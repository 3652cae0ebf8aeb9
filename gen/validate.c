#include "validate.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "id.h"
#include "limit.h"
#include "markdown.h"
#include "util.h"

const ProvisionFieldSpec provision_fields[PF_COUNT] = {
    [PF_ID] = {"id", FIELD_OWN, 0},
    [PF_USE] = {"use", FIELD_OWN, 0},
    [PF_TITLE] = {"title", FIELD_OWN, 0},
    [PF_LANE] = {"lane", FIELD_OWN, 0},
    [PF_FROM] = {"from", FIELD_OWN, 0},
    [PF_TO] = {"to", FIELD_OWN, 0},
    [PF_COSTS] = {"costs", FIELD_OWN, 0},
    [PF_PROVIDER] = {"provider", FIELD_OWN, 0},
    [PF_SUMMARY] = {"summary", FIELD_TEXT, offsetof(Provision, summary)},
    [PF_DESCRIPTION] = {"description", FIELD_MARKDOWN, offsetof(Provision, description)},
    [PF_AUDIENCE] = {"audience", FIELD_TEXT, offsetof(Provision, audience)},
    [PF_REFERRAL] = {"referral", FIELD_TEXT, offsetof(Provision, referral)},
    [PF_MORE] = {"more", FIELD_URL, offsetof(Provision, more)},
    [PF_KEYWORDS] = {"keywords", FIELD_TEXT_LIST, offsetof(Provision, keywords)},
    [PF_CHECKED] = {"checked", FIELD_DATE, offsetof(Provision, checked)},
    [PF_COST_NOTE] = {"cost_note", FIELD_TEXT, offsetof(Provision, cost_note)},
};

/* Unknown keys that got a suggestion, so "missing key 'title'" is not
 * reported beside "unknown key 'titel'; did you mean 'title'?". */
enum { MAX_SUGGESTED = 32 };
typedef struct {
    const yaml_node_t *maps[MAX_SUGGESTED];
    const char *keys[MAX_SUGGESTED];
    int count;
} Suggested;

/* The state of validating one source file. */
typedef struct {
    Arena *arena;
    Diags *diags;
    const Source *src;
    Suggested *suggested;
} V;

static yaml_node_t *node_at(const V *v, int index)
{
    return yaml_document_get_node((yaml_document_t *)&v->src->yaml, index);
}

static void report(const V *v, const yaml_node_t *node, const char *code, const char *suggestion,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void report(const V *v, const yaml_node_t *node, const char *code, const char *suggestion,
                   const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_at_v(v->diags, DIAG_ERROR, source_mark(v->src, node), code, suggestion, fmt, ap);
    va_end(ap);
}

static const char *kind_name(const yaml_node_t *node)
{
    switch (node->type) {
    case YAML_SEQUENCE_NODE: return "a list";
    case YAML_MAPPING_NODE: return "a mapping (key: value)";
    default: return "text";
    }
}

static bool is_null(const yaml_node_t *node)
{
    if (node->type != YAML_SCALAR_NODE || node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    const char *s = (const char *)node->data.scalar.value;
    return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL");
}

/* Looks up `names` in mapping `map`: values[i] is the value node of key
 * names[i], or NULL. Reports unknown and duplicate keys. `what` names the
 * thing for messages ("provision"). False when `map` is no mapping. */
static bool map_fields(const V *v, const yaml_node_t *map, const char *const *names, size_t count,
                       yaml_node_t **values, const char *what)
{
    for (size_t i = 0; i < count; i++)
        values[i] = NULL;
    if (map->type != YAML_MAPPING_NODE) {
        report(v, map, "wrong-type", NULL, "%s must be a mapping (key: value), found %s", what, kind_name(map));
        return false;
    }
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *key = node_at(v, p->key), *value = node_at(v, p->value);
        if (key->type != YAML_SCALAR_NODE) {
            report(v, key, "wrong-type", NULL, "a key in %s must be text, found %s", what, kind_name(key));
            continue;
        }
        const char *name = (const char *)key->data.scalar.value;
        size_t i = 0;
        while (i < count && strcmp(names[i], name) != 0)
            i++;
        if (i == count) {
            const char *suggestion = closest_spelling(name, names, count);
            report(v, key, "unknown-key", suggestion, "unknown key '%s' in %s", name, what);
            Suggested *sg = v->suggested;
            if (suggestion && sg->count < MAX_SUGGESTED) {
                sg->maps[sg->count] = map;
                sg->keys[sg->count++] = suggestion;
            }
        } else if (values[i]) {
            report(v, key, "duplicate-key", NULL, "duplicate key '%s' in %s", name, what);
        } else {
            values[i] = value;
        }
    }
    return true;
}

/* The text of a scalar, or NULL for a missing or null value. Reports a
 * non-scalar. */
static const char *get_text(const V *v, const yaml_node_t *node, const char *key)
{
    if (!node || is_null(node))
        return NULL;
    if (node->type != YAML_SCALAR_NODE) {
        report(v, node, "wrong-type", NULL, "'%s' must be text, found %s", key, kind_name(node));
        return NULL;
    }
    return arena_strndup(v->arena, (const char *)node->data.scalar.value, node->data.scalar.length);
}

/* Text that is rendered as Markdown: also within the nesting limit. */
static const char *get_markdown(const V *v, const yaml_node_t *node, const char *key)
{
    const char *text = get_text(v, node, key);
    int line, column;
    if (text && !markdown_check_depth(text, strlen(text), LIMIT_MARKDOWN_DEPTH, &line, &column))
        report(v, node, "limit", NULL,
               "'%s' has Markdown nested more than %d levels deep (the limit), at line %d of the text", key,
               LIMIT_MARKDOWN_DEPTH, line);
    return text;
}

/* The same for the body of a Markdown file, at its line in the file. */
static void check_markdown_body(Diags *diags, const Source *src)
{
    int line, column;
    if (!src->body || markdown_check_depth(src->body, src->body_len, LIMIT_MARKDOWN_DEPTH, &line, &column))
        return;
    for (const char *p = src->text; p < src->body; p++)
        line += *p == '\n';
    diag_add(diags, DIAG_ERROR, src->path, line, column, "limit", NULL,
             "Markdown nested more than %d levels deep (the limit)", LIMIT_MARKDOWN_DEPTH);
}

static bool absent(const yaml_node_t *node)
{
    return !node || is_null(node);
}

/* Reports a required key that is not there or has no value. */
static void require(const V *v, const yaml_node_t *map, const yaml_node_t *node, const char *key, const char *what);

static void report_missing(const V *v, const yaml_node_t *map, const char *key, const char *what)
{
    const Suggested *sg = v->suggested;
    for (int i = 0; i < sg->count; i++)
        if (sg->maps[i] == map && strcmp(sg->keys[i], key) == 0)
            return;
    report(v, map, "missing-key", NULL, "missing required key '%s' in %s", key, what);
}

static void require(const V *v, const yaml_node_t *map, const yaml_node_t *node, const char *key, const char *what)
{
    if (!node)
        report_missing(v, map, key, what);
    else if (is_null(node) || (node->type == YAML_SCALAR_NODE && node->data.scalar.length == 0))
        report(v, node, "missing-key", NULL, "'%s' in %s must not be empty", key, what);
}

static const char *require_text(const V *v, const yaml_node_t *map, yaml_node_t *node, const char *key,
                                const char *what)
{
    require(v, map, node, key, what);
    const char *s = absent(node) ? NULL : get_text(v, node, key);
    return s && *s ? s : NULL;
}

static const char *get_id(const V *v, const yaml_node_t *node, const char *key)
{
    const char *s = get_text(v, node, key);
    if (s && !id_is_valid(s)) {
        report(v, node, "bad-id", NULL,
               "'%s' is not a valid id: use lowercase letters, digits and '-' (like 'prenataal-huisbezoek')", s);
        return NULL;
    }
    return s;
}

static bool url_has_scheme(const char *url, const char *scheme)
{
    size_t n = strlen(scheme);
    return strncmp(url, scheme, n) == 0;
}

bool validate_url_text(const char *s)
{
    static const char *const schemes[] = {"https://", "http://", "mailto:", "tel:"};
    for (size_t i = 0; i < sizeof schemes / sizeof *schemes; i++)
        if (url_has_scheme(s, schemes[i]) && s[strlen(schemes[i])] && !strpbrk(s, " \t\n\"<>"))
            return true;
    return false;
}

bool validate_email_text(const char *s)
{
    const char *at = strchr(s, '@');
    return at && at != s && strchr(at, '.') && !strpbrk(s, " \t<>\"");
}

bool validate_phone_text(const char *s)
{
    return *s && strspn(s, "+0123456789 -()") == strlen(s);
}

static const char *get_url(const V *v, const yaml_node_t *node, const char *key)
{
    const char *s = get_text(v, node, key);
    if (!s)
        return NULL;
    if (validate_url_text(s))
        return s;
    const char *colon = strchr(s, ':');
    size_t scheme_len = colon ? (size_t)(colon - s) : 0;
    bool looks_like_scheme = colon && scheme_len > 0 && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-") == scheme_len;
    if (looks_like_scheme && strncmp(s, "http", 4) != 0 && strncmp(s, "mailto", 6) != 0 && strncmp(s, "tel", 3) != 0)
        report(v, node, "bad-url", NULL, "URL scheme '%.*s:' is not allowed in '%s'; use https://, http://, mailto: or tel:",
               (int)scheme_len, s, key);
    else
        report(v, node, "bad-url", NULL, "'%s' is not a valid URL: write it in full, like https://example.nl/page", key);
    return NULL;
}

static const char *get_email(const V *v, const yaml_node_t *node, const char *key)
{
    const char *s = get_text(v, node, key);
    if (s && !validate_email_text(s)) {
        report(v, node, "bad-email", NULL, "'%s' is not an e-mail address like naam@example.nl", s);
        return NULL;
    }
    return s;
}

static const char *get_phone(const V *v, const yaml_node_t *node, const char *key)
{
    const char *s = get_text(v, node, key);
    if (s && !validate_phone_text(s)) {
        report(v, node, "bad-phone", NULL, "'%s' is not a phone number (digits, spaces, '+', '-')", s);
        return NULL;
    }
    return s;
}

static bool leap_year(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static const char *get_date(const V *v, const yaml_node_t *node, const char *key)
{
    const char *s = get_text(v, node, key);
    if (!s)
        return NULL;
    int y, m, d;
    char tail;
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && s[4] == '-' && s[7] == '-' &&
        m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1] + (m == 2 && leap_year(y)))
        return s;
    report(v, node, "bad-date", NULL, "'%s' must be a date as YYYY-MM-DD (like 2026-10-01), found '%s'", key, s);
    return NULL;
}

static bool get_int(const V *v, const yaml_node_t *node, const char *key, long min, long max, int *out)
{
    const char *s = get_text(v, node, key);
    if (!s)
        return false;
    char *end;
    long n = strtol(s, &end, 10);
    if (*s && !*end && n >= min && n <= max) {
        *out = (int)n;
        return true;
    }
    report(v, node, "wrong-type", NULL, "'%s' must be a whole number from %ld to %ld, found '%s'", key, min, max, s);
    return false;
}

/* A list of texts; a null value is an empty list. */
static TextList get_text_list(const V *v, const yaml_node_t *node, const char *key)
{
    TextList list = {0};
    if (!node || is_null(node))
        return list;
    if (node->type != YAML_SEQUENCE_NODE) {
        report(v, node, "wrong-type", NULL, "'%s' must be a list, found %s", key, kind_name(node));
        return list;
    }
    size_t n = (size_t)(node->data.sequence.items.top - node->data.sequence.items.start);
    list.items = arena_alloc(v->arena, (n ? n : 1) * sizeof(char *));
    list.marks = arena_alloc(v->arena, (n ? n : 1) * sizeof(Mark));
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *item = node_at(v, node->data.sequence.items.start[i]);
        const char *s = get_text(v, item, key);
        if (s) {
            list.marks[list.count] = source_mark(v->src, item);
            list.items[list.count++] = s;
        }
    }
    return list;
}

/* Index of an enum value; reports an unknown one with a suggestion. */
static int get_enum(const V *v, const yaml_node_t *node, const char *key, const char *const *ids, int count,
                    const char *what)
{
    const char *s = get_text(v, node, key);
    if (!s)
        return -1;
    int i = timeline_lookup(ids, count, s);
    if (i < 0) {
        Buf all = BUF_INIT;
        for (int k = 0; k < count; k++)
            buf_printf(&all, "%s%s", k ? ", " : "", ids[k]);
        report(v, node, "unknown-value", closest_spelling(s, ids, (size_t)count), "unknown %s '%s' (one of: %s)", what, s,
               buf_cstr(&all));
        buf_free(&all);
    }
    return i;
}

static bool get_position(const V *v, const yaml_node_t *node, const char *key, const char **text,
                         TimelineRange *range)
{
    /* `text` stays NULL unless the position is valid, so a bad `to` is not
     * also reported as out of order. */
    *text = NULL;
    const char *written = get_text(v, node, key);
    if (!written)
        return false;
    const char *suggestion;
    PositionStatus status = timeline_position_parse(written, range, &suggestion);
    if (status == POSITION_OK)
        *text = written;
    if (status == POSITION_UNKNOWN_STAGE) {
        report(v, node, "bad-position", suggestion,
               "unknown stage in '%s: %s' (stages: preconceptie, zwangerschap, bevalling, babyfase, peuterfase, "
               "derde-jaar, schoolkind)", key, written);
        return false;
    }
    if (status == POSITION_UNKNOWN_PERIOD) {
        report(v, node, "bad-position", suggestion,
               "unknown period in '%s: %s' (zwangerschap has m1…m9; babyfase w1…w4 and m2…m12; peuterfase m13, "
               "m14, m15-24; other stages have none)", key, written);
        return false;
    }
    return true;
}

/* ---- entries ---------------------------------------------------------- */

/* The text of `key` in a mapping, before the mapping is checked: lets
 * messages about an entry name it ("provision 'kraamzorg'"). */
/* The text of `key` in a mapping, before the mapping is checked: lets
 * messages about an entry name it ("provision 'kraamzorg'"). */
static const char *peek_scalar(const V *v, const yaml_node_t *map, const char *key)
{
    yaml_node_t *value = source_mapping_value((yaml_document_t *)&v->src->yaml, (yaml_node_t *)map, key);
    return value && value->type == YAML_SCALAR_NODE ? (const char *)value->data.scalar.value : NULL;
}

static const char *entry_name(const V *v, const yaml_node_t *map, const char *kind)
{
    const char *id = peek_scalar(v, map, "id");
    if (!id)
        id = peek_scalar(v, map, "use");
    return id && *id ? arena_cat(v->arena, kind, " '", id, "'", NULL) : kind;
}

enum { PROVIDER_ID, PROVIDER_NAME, PROVIDER_URL, PROVIDER_PHONE, PROVIDER_EMAIL, PROVIDER_ADDRESS, PROVIDER_KEY_COUNT };
static const char *const provider_keys[PROVIDER_KEY_COUNT] = {
    [PROVIDER_ID] = "id",       [PROVIDER_NAME] = "name",   [PROVIDER_URL] = "url",
    [PROVIDER_PHONE] = "phone", [PROVIDER_EMAIL] = "email", [PROVIDER_ADDRESS] = "address",
};

static bool validate_provider(const V *v, const yaml_node_t *node, Provider *out, bool from_catalog)
{
    yaml_node_t *f[PROVIDER_KEY_COUNT];
    memset(out, 0, sizeof *out);
    out->mark = source_mark(v->src, node);
    out->from_catalog = from_catalog;
    if (!map_fields(v, node, provider_keys, PROVIDER_KEY_COUNT, f, entry_name(v, node, "provider")))
        return false;
    require(v, node, f[PROVIDER_ID], "id", "provider");
    out->id = get_id(v, f[PROVIDER_ID], "id");
    if (f[PROVIDER_ID])
        out->mark = source_mark(v->src, f[PROVIDER_ID]);
    const char *what = out->id ? arena_printf(v->arena, "provider '%s'", out->id) : "provider";
    out->name = require_text(v, node, f[PROVIDER_NAME], "name", what);
    out->url = get_url(v, f[PROVIDER_URL], "url");
    out->phone = get_phone(v, f[PROVIDER_PHONE], "phone");
    out->email = get_email(v, f[PROVIDER_EMAIL], "email");
    out->address = get_text(v, f[PROVIDER_ADDRESS], "address");
    return out->id != NULL;
}

static unsigned get_costs(const V *v, const yaml_node_t *node)
{
    unsigned costs = 0;
    if (!node || is_null(node))
        return 0;
    if (node->type != YAML_SEQUENCE_NODE) {
        report(v, node, "wrong-type", NULL, "'costs' must be a list like [standaard], found %s", kind_name(node));
        return 0;
    }
    for (yaml_node_item_t *it = node->data.sequence.items.start; it < node->data.sequence.items.top; it++) {
        int c = get_enum(v, node_at(v, *it), "costs", timeline_cost_ids, COST_COUNT, "cost tag");
        if (c >= 0) {
            if (costs & (1u << c))
                report(v, node_at(v, *it), "duplicate-value", NULL, "cost tag '%s' is listed twice",
                       timeline_cost_ids[c]);
            costs |= 1u << c;
        }
    }
    return costs;
}

/* Reads a provision entry. In a region an entry may be `use: id` plus
 * overrides; then only the given keys are set and `given` says which. */
/* Marks the fields given a value, with where each stands. */
static void note_given_fields(const V *v, yaml_node_t *const f[PF_COUNT], Provision *out)
{
    for (int i = 0; i < PF_COUNT; i++) {
        if (f[i] && !is_null(f[i])) {
            out->given |= 1u << i;
            out->marks[i] = source_mark(v->src, f[i]);
        }
    }
}

/* The provision's id, and in a region the catalog entry it uses: an entry
 * with only `use` takes that as its id too. */
static void identify_provision(const V *v, yaml_node_t *const f[PF_COUNT], Provision *out, bool in_catalog)
{
    if (in_catalog && f[PF_USE]) {
        report(v, f[PF_USE], "unknown-key", NULL, "'use' is for regions; in catalog.yaml write the provision in full");
        out->given &= ~(1u << PF_USE);
    }
    out->use = in_catalog ? NULL : get_id(v, f[PF_USE], "use");
    out->id = get_id(v, f[PF_ID], "id");
    if (!out->id && out->use && !f[PF_ID])
        out->id = out->use;
    if (out->id)
        out->mark = source_mark(v->src, f[PF_ID] ? f[PF_ID] : f[PF_USE]);
}

/* The title, and for a full entry (not one that uses the catalog's) the
 * keys a map cannot do without. */
static void read_title_and_required(const V *v, const yaml_node_t *node, yaml_node_t *const f[PF_COUNT],
                                    Provision *out, bool in_catalog)
{
    const char *what = out->id ? arena_printf(v->arena, "provision '%s'", out->id) : "provision";
    if (in_catalog || (!out->use && !f[PF_USE])) {
        require(v, node, f[PF_ID], "id", what);
        out->title = require_text(v, node, f[PF_TITLE], "title", what);
        require(v, node, f[PF_LANE], "lane", what);
        require(v, node, f[PF_FROM], "from", what);
    } else {
        out->title = get_text(v, f[PF_TITLE], "title");
    }
}

/* Lane and period; a value that is not valid counts as not given. */
static void read_placement(const V *v, yaml_node_t *const f[PF_COUNT], Provision *out)
{
    int lane = get_enum(v, f[PF_LANE], "lane", timeline_lane_ids, LANE_COUNT, "lane");
    if (lane >= 0)
        out->lane = (Lane)lane;
    else
        out->given &= ~(1u << PF_LANE);
    if (!get_position(v, f[PF_FROM], "from", &out->from, &out->from_range))
        out->given &= ~(1u << PF_FROM);
    if (!get_position(v, f[PF_TO], "to", &out->to, &out->to_range))
        out->given &= ~(1u << PF_TO);
}

/* The fields provision_fields describes by kind, each into its member. */
static void read_described_fields(const V *v, yaml_node_t *const f[PF_COUNT], Provision *out)
{
    for (int i = 0; i < PF_COUNT; i++) {
        const ProvisionFieldSpec *spec = &provision_fields[i];
        char *member = (char *)out + spec->offset;
        switch (spec->kind) {
        case FIELD_TEXT: *(const char **)member = get_text(v, f[i], spec->name); break;
        case FIELD_MARKDOWN: *(const char **)member = get_markdown(v, f[i], spec->name); break;
        case FIELD_URL: *(const char **)member = get_url(v, f[i], spec->name); break;
        case FIELD_DATE: *(const char **)member = get_date(v, f[i], spec->name); break;
        case FIELD_TEXT_LIST: *(TextList *)member = get_text_list(v, f[i], spec->name); break;
        case FIELD_OWN: break;
        }
    }
}

static bool validate_provision(const V *v, const yaml_node_t *node, Provision *out, bool in_catalog)
{
    yaml_node_t *f[PF_COUNT];
    memset(out, 0, sizeof *out);
    out->mark = source_mark(v->src, node);
    const char *names[PF_COUNT];
    for (int i = 0; i < PF_COUNT; i++)
        names[i] = provision_fields[i].name;
    if (!map_fields(v, node, names, PF_COUNT, f, entry_name(v, node, "provision")))
        return false;
    note_given_fields(v, f, out);
    identify_provision(v, f, out, in_catalog);
    read_title_and_required(v, node, f, out, in_catalog);
    read_placement(v, f, out);
    out->costs = get_costs(v, f[PF_COSTS]);
    out->provider_id = get_id(v, f[PF_PROVIDER], "provider");
    read_described_fields(v, f, out);
    return out->id != NULL;
}

enum {
    STEP_PROVISION,
    STEP_TOUCHPOINT,
    STEP_EMOTION,
    STEP_PAIN,
    STEP_IMPROVEMENT,
    STEP_MOMENT_OF_TRUTH,
    STEP_HANDOVER,
    STEP_KEY_COUNT
};
static const char *const step_keys[STEP_KEY_COUNT] = {
    [STEP_PROVISION] = "provision",
    [STEP_TOUCHPOINT] = "touchpoint",
    [STEP_EMOTION] = "emotion",
    [STEP_PAIN] = "pain",
    [STEP_IMPROVEMENT] = "improvement",
    [STEP_MOMENT_OF_TRUTH] = "moment_of_truth",
    [STEP_HANDOVER] = "handover",
};

/* `moment_of_truth:` holds the reason families drop out at the step, so a
 * bare yes/no is refused: the reason is what the map is for. */
static const char *get_moment_of_truth(const V *v, const yaml_node_t *node)
{
    const char *s = get_text(v, node, "moment_of_truth");
    static const char *const flags[] = {"true", "false", "yes", "no", "ja", "nee", "True", "False", "Yes", "No"};
    if (!s || node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return s;
    for (size_t i = 0; i < sizeof flags / sizeof *flags; i++)
        if (strcmp(s, flags[i]) == 0) {
            report(v, node, "wrong-type", NULL,
                   "'moment_of_truth' says why families drop out at this step; write that reason as text, not '%s'",
                   s);
            return NULL;
        }
    return s;
}

enum { HANDOVER_TO, HANDOVER_OWNER, HANDOVER_KEY_COUNT };
static const char *const handover_keys[HANDOVER_KEY_COUNT] = {
    [HANDOVER_TO] = "to",
    [HANDOVER_OWNER] = "owner",
};

static const Handover *get_handover(const V *v, const yaml_node_t *node)
{
    if (absent(node))
        return NULL;
    yaml_node_t *f[HANDOVER_KEY_COUNT];
    if (!map_fields(v, node, handover_keys, HANDOVER_KEY_COUNT, f, "handover"))
        return NULL;
    Handover *h = arena_alloc(v->arena, sizeof *h);
    memset(h, 0, sizeof *h);
    require(v, node, f[HANDOVER_TO], "to", "handover");
    require(v, node, f[HANDOVER_OWNER], "owner", "handover");
    h->to_id = get_id(v, f[HANDOVER_TO], "to");
    h->owner = get_text(v, f[HANDOVER_OWNER], "owner");
    h->to_mark = source_mark(v->src, f[HANDOVER_TO] ? f[HANDOVER_TO] : node);
    h->owner_mark = source_mark(v->src, f[HANDOVER_OWNER] ? f[HANDOVER_OWNER] : node);
    return h->to_id && h->owner && *h->owner ? h : NULL;
}

static void validate_step(const V *v, const yaml_node_t *node, RouteStep *out)
{
    memset(out, 0, sizeof *out);
    out->mark = source_mark(v->src, node);
    if (node->type == YAML_SCALAR_NODE) {
        if (is_null(node))
            report(v, node, "missing-key", NULL, "empty route step; write a provision id after '- '");
        out->provision_id = get_id(v, node, "steps");
        return;
    }
    yaml_node_t *f[STEP_KEY_COUNT];
    if (!map_fields(v, node, step_keys, STEP_KEY_COUNT, f, "route step"))
        return;
    require(v, node, f[STEP_PROVISION], "provision", "route step");
    out->provision_id = get_id(v, f[STEP_PROVISION], "provision");
    if (f[STEP_PROVISION])
        out->mark = source_mark(v->src, f[STEP_PROVISION]);
    out->touchpoint = get_text(v, f[STEP_TOUCHPOINT], "touchpoint");
    out->has_emotion = get_int(v, f[STEP_EMOTION], "emotion", -2, 2, &out->emotion);
    out->pain = get_text(v, f[STEP_PAIN], "pain");
    out->improvement = get_text(v, f[STEP_IMPROVEMENT], "improvement");
    out->moment_of_truth = get_moment_of_truth(v, f[STEP_MOMENT_OF_TRUTH]);
    out->handover = get_handover(v, f[STEP_HANDOVER]);
}

enum { PERSONA_NAME, PERSONA_SITUATION, PERSONA_NEEDS, PERSONA_KEY_COUNT };
static const char *const persona_keys[PERSONA_KEY_COUNT] = {
    [PERSONA_NAME] = "name",
    [PERSONA_SITUATION] = "situation",
    [PERSONA_NEEDS] = "needs",
};

static const Persona *get_persona(const V *v, const yaml_node_t *node)
{
    if (absent(node))
        return NULL;
    yaml_node_t *f[PERSONA_KEY_COUNT];
    if (!map_fields(v, node, persona_keys, PERSONA_KEY_COUNT, f, "persona"))
        return NULL;
    Persona *p = arena_alloc(v->arena, sizeof *p);
    p->name = require_text(v, node, f[PERSONA_NAME], "name", "persona");
    p->situation = require_text(v, node, f[PERSONA_SITUATION], "situation", "persona");
    p->needs = get_text(v, f[PERSONA_NEEDS], "needs");
    return p->name && p->situation ? p : NULL;
}

/* A list of steps (`steps:` or `current_steps:`); *count stays 0 for a
 * value that is no list. */
static RouteStep *get_steps(const V *v, const yaml_node_t *node, const char *key, size_t *count)
{
    *count = 0;
    if (node->type != YAML_SEQUENCE_NODE) {
        report(v, node, "wrong-type", NULL, "'%s' must be a list of provision ids, found %s", key, kind_name(node));
        return NULL;
    }
    size_t n = (size_t)(node->data.sequence.items.top - node->data.sequence.items.start);
    RouteStep *steps = arena_alloc(v->arena, (n ? n : 1) * sizeof(RouteStep));
    for (size_t i = 0; i < n; i++)
        validate_step(v, node_at(v, node->data.sequence.items.start[i]), &steps[(*count)++]);
    return steps;
}

enum {
    ROUTE_ID,
    ROUTE_TITLE,
    ROUTE_AUDIENCE,
    ROUTE_DESCRIPTION,
    ROUTE_STEPS,
    ROUTE_PERSONA,
    ROUTE_CURRENT_STEPS,
    ROUTE_KEY_COUNT
};
static const char *const route_keys[ROUTE_KEY_COUNT] = {
    [ROUTE_ID] = "id",
    [ROUTE_TITLE] = "title",
    [ROUTE_AUDIENCE] = "audience",
    [ROUTE_DESCRIPTION] = "description",
    [ROUTE_STEPS] = "steps",
    [ROUTE_PERSONA] = "persona",
    [ROUTE_CURRENT_STEPS] = "current_steps",
};

static bool validate_route(const V *v, const yaml_node_t *node, Route *out)
{
    yaml_node_t *f[ROUTE_KEY_COUNT];
    memset(out, 0, sizeof *out);
    out->mark = source_mark(v->src, node);
    if (!map_fields(v, node, route_keys, ROUTE_KEY_COUNT, f, entry_name(v, node, "route")))
        return false;
    require(v, node, f[ROUTE_ID], "id", "route");
    out->id = get_id(v, f[ROUTE_ID], "id");
    if (f[ROUTE_ID])
        out->mark = source_mark(v->src, f[ROUTE_ID]);
    const char *what = out->id ? arena_printf(v->arena, "route '%s'", out->id) : "route";
    out->title = require_text(v, node, f[ROUTE_TITLE], "title", what);
    require(v, node, f[ROUTE_AUDIENCE], "audience", what);
    int audience = get_enum(v, f[ROUTE_AUDIENCE], "audience", timeline_audience_ids, AUDIENCE_COUNT, "audience");
    out->audience = audience >= 0 ? (Audience)audience : AUDIENCE_BASISZORG;
    out->description = get_markdown(v, f[ROUTE_DESCRIPTION], "description");
    if (!f[ROUTE_STEPS] || is_null(f[ROUTE_STEPS]))
        report_missing(v, node, "steps", what);
    else
        out->steps = get_steps(v, f[ROUTE_STEPS], "steps", &out->step_count);
    out->persona = get_persona(v, f[ROUTE_PERSONA]);
    if (!absent(f[ROUTE_CURRENT_STEPS]))
        out->current_steps = get_steps(v, f[ROUTE_CURRENT_STEPS], "current_steps", &out->current_step_count);
    return out->id != NULL;
}

/* `questions:` — a mapping from stage id to a list of texts. */
static void validate_questions(const V *v, const yaml_node_t *node, TextList *questions)
{
    if (!node || is_null(node))
        return;
    yaml_node_t *f[STAGE_COUNT];
    if (!map_fields(v, node, timeline_stage_ids, STAGE_COUNT, f, "questions (keys are stages)"))
        return;
    for (int s = 0; s < STAGE_COUNT; s++)
        questions[s] = get_text_list(v, f[s], timeline_stage_ids[s]);
}

/* Applies a function to every item of a list value; reports a non-list. */
typedef bool (*ItemFn)(const V *v, const yaml_node_t *node, void *out, bool flag);

static void *get_entries(const V *v, const yaml_node_t *node, const char *key, size_t size, ItemFn fn, bool flag,
                         size_t *count)
{
    *count = 0;
    if (!node || is_null(node))
        return NULL;
    if (node->type != YAML_SEQUENCE_NODE) {
        report(v, node, "wrong-type", NULL, "'%s' must be a list (each entry starting with '- '), found %s", key,
               kind_name(node));
        return NULL;
    }
    size_t n = (size_t)(node->data.sequence.items.top - node->data.sequence.items.start);
    char *items = arena_alloc(v->arena, (n ? n : 1) * size);
    for (size_t i = 0; i < n; i++)
        if (fn(v, node_at(v, node->data.sequence.items.start[i]), items + *count * size, flag))
            (*count)++;
    return items;
}

static bool provider_item(const V *v, const yaml_node_t *node, void *out, bool flag)
{
    return validate_provider(v, node, out, flag);
}

static bool provision_item(const V *v, const yaml_node_t *node, void *out, bool flag)
{
    return validate_provision(v, node, out, flag);
}

static bool route_item(const V *v, const yaml_node_t *node, void *out, bool flag)
{
    (void)flag;
    return validate_route(v, node, out);
}

/* ---- files ------------------------------------------------------------ */

/* A mapping from model ids to labels (site.yaml `labels:`, strings.yaml). */
static void get_labels(const V *v, const yaml_node_t *node, const char *key, const char *const *ids, int count,
                       const char **labels)
{
    if (!node || is_null(node))
        return;
    yaml_node_t *f[8]; /* the longest id list: 7 stages */
    if (!map_fields(v, node, ids, (size_t)count, f, arena_printf(v->arena, "'%s'", key)))
        return;
    for (int i = 0; i < count; i++) {
        const char *s = get_text(v, f[i], ids[i]);
        if (s)
            labels[i] = s;
    }
}

enum { LABELS_STAGES, LABELS_LANES, LABELS_COSTS, LABELS_AUDIENCES, LABELS_KEY_COUNT };
static const char *const label_keys[LABELS_KEY_COUNT] = {
    [LABELS_STAGES] = "stages",
    [LABELS_LANES] = "lanes",
    [LABELS_COSTS] = "costs",
    [LABELS_AUDIENCES] = "audiences",
};

static void validate_labels(const V *v, const yaml_node_t *node, Labels *labels)
{
    if (!node || is_null(node))
        return;
    yaml_node_t *f[LABELS_KEY_COUNT];
    if (!map_fields(v, node, label_keys, LABELS_KEY_COUNT, f, "labels"))
        return;
    get_labels(v, f[LABELS_STAGES], "stages", timeline_stage_ids, STAGE_COUNT, labels->stages);
    get_labels(v, f[LABELS_LANES], "lanes", timeline_lane_ids, LANE_COUNT, labels->lanes);
    get_labels(v, f[LABELS_COSTS], "costs", timeline_cost_ids, COST_COUNT, labels->costs);
    get_labels(v, f[LABELS_AUDIENCES], "audiences", timeline_audience_ids, AUDIENCE_COUNT, labels->audiences);
}

enum {
    STRINGS_STAGES,
    STRINGS_LANES,
    STRINGS_COSTS,
    STRINGS_COST_EXPLANATIONS,
    STRINGS_AUDIENCES,
    STRINGS_UNITS,
    STRINGS_MONTHS,
    STRINGS_KEY_COUNT
};
static const char *const strings_keys[STRINGS_KEY_COUNT] = {
    [STRINGS_STAGES] = "stages",
    [STRINGS_LANES] = "lanes",
    [STRINGS_COSTS] = "costs",
    [STRINGS_COST_EXPLANATIONS] = "cost_explanations",
    [STRINGS_AUDIENCES] = "audiences",
    [STRINGS_UNITS] = "units",
    [STRINGS_MONTHS] = "months",
};
enum { UNIT_MONTH, UNIT_WEEK, UNIT_KEY_COUNT };
static const char *const unit_keys[UNIT_KEY_COUNT] = {
    [UNIT_MONTH] = "month",
    [UNIT_WEEK] = "week",
};

static void validate_strings(Site *site, const V *v)
{
    yaml_node_t *f[STRINGS_KEY_COUNT];
    const yaml_node_t *root = yaml_document_get_root_node((yaml_document_t *)&v->src->yaml);
    Labels *l = &site->labels;
    if (!map_fields(v, root, strings_keys, STRINGS_KEY_COUNT, f, "strings file"))
        return;
    get_labels(v, f[STRINGS_STAGES], "stages", timeline_stage_ids, STAGE_COUNT, l->stages);
    get_labels(v, f[STRINGS_LANES], "lanes", timeline_lane_ids, LANE_COUNT, l->lanes);
    get_labels(v, f[STRINGS_COSTS], "costs", timeline_cost_ids, COST_COUNT, l->costs);
    get_labels(v, f[STRINGS_COST_EXPLANATIONS], "cost_explanations", timeline_cost_ids, COST_COUNT,
               l->cost_explanations);
    get_labels(v, f[STRINGS_AUDIENCES], "audiences", timeline_audience_ids, AUDIENCE_COUNT, l->audiences);
    if (f[STRINGS_UNITS]) {
        yaml_node_t *u[UNIT_KEY_COUNT];
        if (map_fields(v, f[STRINGS_UNITS], unit_keys, UNIT_KEY_COUNT, u, "units")) {
            l->unit_month = get_text(v, u[UNIT_MONTH], "month");
            l->unit_week = get_text(v, u[UNIT_WEEK], "week");
        }
    }
    TextList months = get_text_list(v, f[STRINGS_MONTHS], "months");
    if (months.count == 12)
        memcpy(l->months, months.items, sizeof l->months);
    else if (f[STRINGS_MONTHS])
        report(v, f[STRINGS_MONTHS], "wrong-type", NULL, "'months' must list the 12 month names");
}

/* Every label must be known before rendering; a strings file that lacks one
 * is a layout problem, reported once per missing label. */
static void check_labels(Site *site, Diags *diags)
{
    Labels *l = &site->labels;
    const char *missing = NULL;
    for (int i = 0; i < STAGE_COUNT && !missing; i++)
        if (!l->stages[i])
            missing = timeline_stage_ids[i];
    for (int i = 0; i < LANE_COUNT && !missing; i++)
        if (!l->lanes[i])
            missing = timeline_lane_ids[i];
    for (int i = 0; i < COST_COUNT && !missing; i++)
        if (!l->costs[i])
            missing = timeline_cost_ids[i];
    for (int i = 0; i < AUDIENCE_COUNT && !missing; i++)
        if (!l->audiences[i])
            missing = timeline_audience_ids[i];
    if (!missing && (!l->unit_month || !l->unit_week || !l->months[0]))
        missing = "units/months";
    if (missing)
        diag_add(diags, DIAG_ERROR, "layouts/strings.yaml", 0, 0, "missing-label", NULL,
                 "no label for '%s' in the strings file", missing);
    for (int i = 0; i < COST_COUNT; i++)
        if (!l->cost_explanations[i])
            l->cost_explanations[i] = "";
}

enum {
    SITE_TITLE,
    SITE_BASE_URL,
    SITE_LANGUAGE,
    SITE_QUESTIONS,
    SITE_REQUIRED,
    SITE_COSTS,
    SITE_LABELS,
    SITE_PUBLIC_URL,
    SITE_KEY_COUNT
};
static const char *const site_keys[SITE_KEY_COUNT] = {
    [SITE_TITLE] = "title",
    [SITE_BASE_URL] = "base_url",
    [SITE_LANGUAGE] = "language",
    [SITE_QUESTIONS] = "questions",
    [SITE_REQUIRED] = "required",
    [SITE_COSTS] = "costs",
    [SITE_LABELS] = "labels",
    [SITE_PUBLIC_URL] = "public_url",
};

/* The address a QR code on paper leads to, so it must be whole and secure:
 * https://, a host, no spaces, no query or fragment to append page paths
 * after. */
static bool public_url_ok(const char *s)
{
    if (!url_has_scheme(s, "https://"))
        return false;
    const char *host = s + strlen("https://");
    return *host && *host != '/' && !strpbrk(s, " \t\n\"<>?#\\");
}

static void validate_site(Site *site, const V *v)
{
    yaml_node_t *f[SITE_KEY_COUNT];
    const yaml_node_t *root = yaml_document_get_root_node((yaml_document_t *)&v->src->yaml);
    if (!map_fields(v, root, site_keys, SITE_KEY_COUNT, f, "site.yaml"))
        return;
    site->title = require_text(v, root, f[SITE_TITLE], "title", "site.yaml");
    const char *base = get_text(v, f[SITE_BASE_URL], "base_url");
    if (base && !(base[0] == '/' || url_has_scheme(base, "https://") || url_has_scheme(base, "http://"))) {
        report(v, f[SITE_BASE_URL], "bad-url", NULL, "'base_url' must start with '/' or https:// (like /kaart/)");
        base = NULL;
    }
    if (base)
        site->base_url = base[strlen(base) - 1] == '/' ? base : arena_printf(v->arena, "%s/", base);
    const char *public_url = get_text(v, f[SITE_PUBLIC_URL], "public_url");
    if (public_url && !public_url_ok(public_url)) {
        report(v, f[SITE_PUBLIC_URL], "bad-url", NULL,
               "'public_url' must be the full https:// address of the site's home page (like https://routekaart.example.nl/)");
        public_url = NULL;
    }
    if (public_url)
        site->public_url = public_url[strlen(public_url) - 1] == '/' ? public_url
                                                                     : arena_printf(v->arena, "%s/", public_url);
    else if (base && base[0] != '/')
        site->public_url = site->base_url;
    const char *language = get_text(v, f[SITE_LANGUAGE], "language");
    if (language)
        site->language = language;
    validate_questions(v, f[SITE_QUESTIONS], site->questions);
    site->required = get_text_list(v, f[SITE_REQUIRED], "required");
    get_labels(v, f[SITE_COSTS], "costs", timeline_cost_ids, COST_COUNT, site->labels.cost_explanations);
    validate_labels(v, f[SITE_LABELS], &site->labels);
}

enum { CATALOG_PROVIDERS, CATALOG_PROVISIONS, CATALOG_KEY_COUNT };
static const char *const catalog_keys[CATALOG_KEY_COUNT] = {
    [CATALOG_PROVIDERS] = "providers",
    [CATALOG_PROVISIONS] = "provisions",
};

static void validate_catalog(Site *site, const V *v)
{
    yaml_node_t *f[CATALOG_KEY_COUNT];
    const yaml_node_t *root = yaml_document_get_root_node((yaml_document_t *)&v->src->yaml);
    if (!map_fields(v, root, catalog_keys, CATALOG_KEY_COUNT, f, "catalog.yaml"))
        return;
    site->catalog_providers = get_entries(v, f[CATALOG_PROVIDERS], "providers", sizeof(Provider), provider_item, true,
                                          &site->catalog_provider_count);
    site->catalog_provisions = get_entries(v, f[CATALOG_PROVISIONS], "provisions", sizeof(Provision), provision_item,
                                           true, &site->catalog_provision_count);
}

enum {
    REGION_NAME,
    REGION_COALITION,
    REGION_MUNICIPALITIES,
    REGION_PROVINCE,
    REGION_UPDATED,
    REGION_CONTACT,
    REGION_PROVIDERS,
    REGION_PROVISIONS,
    REGION_ROUTES,
    REGION_QUESTIONS,
    REGION_KEY_COUNT
};
static const char *const region_keys[REGION_KEY_COUNT] = {
    [REGION_NAME] = "name",
    [REGION_COALITION] = "coalition",
    [REGION_MUNICIPALITIES] = "municipalities",
    [REGION_PROVINCE] = "province",
    [REGION_UPDATED] = "updated",
    [REGION_CONTACT] = "contact",
    [REGION_PROVIDERS] = "providers",
    [REGION_PROVISIONS] = "provisions",
    [REGION_ROUTES] = "routes",
    [REGION_QUESTIONS] = "questions",
};
enum { CONTACT_NAME, CONTACT_EMAIL, CONTACT_PHONE, CONTACT_KEY_COUNT };
static const char *const contact_keys[CONTACT_KEY_COUNT] = {
    [CONTACT_NAME] = "name",
    [CONTACT_EMAIL] = "email",
    [CONTACT_PHONE] = "phone",
};

static void validate_region(Region *region, const V *v)
{
    yaml_node_t *f[REGION_KEY_COUNT];
    const yaml_node_t *root = yaml_document_get_root_node((yaml_document_t *)&v->src->yaml);
    region->mark = source_mark(v->src, root);
    if (!map_fields(v, root, region_keys, REGION_KEY_COUNT, f, "region.yaml"))
        return;
    region->name = require_text(v, root, f[REGION_NAME], "name", "region.yaml");
    region->coalition = get_text(v, f[REGION_COALITION], "coalition");
    region->municipalities = get_text_list(v, f[REGION_MUNICIPALITIES], "municipalities");
    region->province = get_text(v, f[REGION_PROVINCE], "province");
    region->updated = get_date(v, f[REGION_UPDATED], "updated");
    if (f[REGION_UPDATED])
        region->updated_mark = source_mark(v->src, f[REGION_UPDATED]);
    if (f[REGION_CONTACT] && !is_null(f[REGION_CONTACT])) {
        yaml_node_t *c[CONTACT_KEY_COUNT];
        if (map_fields(v, f[REGION_CONTACT], contact_keys, CONTACT_KEY_COUNT, c, "contact")) {
            region->contact.name = get_text(v, c[CONTACT_NAME], "name");
            region->contact.email = get_email(v, c[CONTACT_EMAIL], "email");
            region->contact.phone = get_phone(v, c[CONTACT_PHONE], "phone");
        }
    }
    region->providers = get_entries(v, f[REGION_PROVIDERS], "providers", sizeof(Provider), provider_item, false,
                                    &region->provider_count);
    region->entries = get_entries(v, f[REGION_PROVISIONS], "provisions", sizeof(Provision), provision_item, false,
                                  &region->entry_count);
    region->routes = get_entries(v, f[REGION_ROUTES], "routes", sizeof(Route), route_item, false, &region->route_count);
    validate_questions(v, f[REGION_QUESTIONS], region->questions);
}

enum { GUIDANCE_TITLE, GUIDANCE_WEIGHT, GUIDANCE_STAGE, GUIDANCE_KEY_COUNT };
static const char *const guidance_keys[GUIDANCE_KEY_COUNT] = {
    [GUIDANCE_TITLE] = "title",
    [GUIDANCE_WEIGHT] = "weight",
    [GUIDANCE_STAGE] = "stage",
};

static bool validate_guidance(Guidance *out, Arena *arena, Diags *diags, const Source *src, const char *region_id)
{
    memset(out, 0, sizeof *out);
    const char *base = strrchr(src->path, '/');
    base = base ? base + 1 : src->path;
    out->slug = arena_strndup(arena, base, strlen(base) - 3);
    out->region_id = region_id;
    out->stage = -1;
    out->body = src->body;
    out->body_len = src->body_len;
    out->mark = (Mark){src->path, 1, 1};
    check_markdown_body(diags, src);
    if (!id_is_valid(out->slug)) {
        diag_add(diags, DIAG_ERROR, src->path, 0, 0, "bad-id", NULL,
                 "file name '%s' is not a valid id (lowercase letters, digits and '-')", base);
        return false;
    }
    if (!src->has_yaml) {
        diag_add(diags, DIAG_ERROR, src->path, 1, 1, "missing-key", NULL,
                 "guidance page needs front matter with a title: start the file with ---, title: ..., ---");
        return false;
    }
    V v = {arena, diags, src, &(Suggested){.count = 0}};
    yaml_node_t *f[GUIDANCE_KEY_COUNT];
    const yaml_node_t *root = yaml_document_get_root_node((yaml_document_t *)&src->yaml);
    if (!map_fields(&v, root, guidance_keys, GUIDANCE_KEY_COUNT, f, "front matter"))
        return false;
    out->title = require_text(&v, root, f[GUIDANCE_TITLE], "title", "front matter");
    get_int(&v, f[GUIDANCE_WEIGHT], "weight", -100000, 100000, &out->weight);
    out->stage = get_enum(&v, f[GUIDANCE_STAGE], "stage", timeline_stage_ids, STAGE_COUNT, "stage");
    return out->title != NULL;
}

static Guidance *validate_guidance_list(Arena *arena, Diags *diags, const Source *pages, size_t n,
                                        const char *region_id, size_t *count)
{
    Guidance *list = arena_alloc(arena, (n ? n : 1) * sizeof(Guidance));
    *count = 0;
    for (size_t i = 0; i < n; i++)
        if (validate_guidance(&list[*count], arena, diags, &pages[i], region_id))
            (*count)++;
    return list;
}

static void default_labels(Site *site)
{
    site->base_url = "/";
    site->language = "nl";
}

void validate_tree_shared(Site *site, Arena *arena, Diags *diags, const Tree *tree)
{
    memset(site, 0, sizeof *site);
    default_labels(site);
    if (tree->strings.has_yaml) {
        V v = {arena, diags, &tree->strings, &(Suggested){.count = 0}};
        validate_strings(site, &v);
    }
    if (tree->site.has_yaml) {
        V v = {arena, diags, &tree->site, &(Suggested){.count = 0}};
        validate_site(site, &v);
    }
    /* A strings file that could not be read is reported already; its
     * labels are not missing one by one. */
    if (tree->strings.has_yaml)
        check_labels(site, diags);
    site->catalog_broken = tree->catalog_broken;
    if (tree->has_catalog) {
        V v = {arena, diags, &tree->catalog, &(Suggested){.count = 0}};
        validate_catalog(site, &v);
    }
    site->guidance = validate_guidance_list(arena, diags, tree->guidance, tree->guidance_count, NULL,
                                            &site->guidance_count);
    site->regions = arena_alloc(arena, (tree->region_count ? tree->region_count : 1) * sizeof(Region));
}

bool validate_tree_region(Site *site, Arena *arena, Diags *diags, const Tree *tree, size_t index)
{
    size_t provisions = 0;
    for (size_t i = 0; i < site->region_count; i++)
        provisions += site->regions[i].entry_count;
    const RegionSources *rs = &tree->regions[index];
    Region *r = &site->regions[site->region_count++];
    r->id = rs->id;
    r->mark = (Mark){rs->region.path ? rs->region.path : rs->id, 1, 1};
    if (rs->region.has_yaml) {
        V v = {arena, diags, &rs->region, &(Suggested){.count = 0}};
        validate_region(r, &v);
    }
    if (!r->name)
        r->name = r->id;
    if (rs->has_intro && rs->intro.has_yaml) {
        /* The intro's front matter may carry a title for editors; it has
         * no other keys. */
        enum { INTRO_TITLE, INTRO_KEY_COUNT };
        static const char *const intro_keys[INTRO_KEY_COUNT] = {[INTRO_TITLE] = "title"};
        yaml_node_t *f[INTRO_KEY_COUNT];
        V v = {arena, diags, &rs->intro, &(Suggested){.count = 0}};
        map_fields(&v, yaml_document_get_root_node((yaml_document_t *)&rs->intro.yaml), intro_keys, INTRO_KEY_COUNT,
                   f, "front matter");
        get_text(&v, f[INTRO_TITLE], "title");
    }
    if (rs->has_intro) {
        check_markdown_body(diags, &rs->intro);
        r->intro = rs->intro.body;
        r->intro_len = rs->intro.body_len;
    }
    r->guidance =
        validate_guidance_list(arena, diags, rs->guidance, rs->guidance_count, rs->id, &r->guidance_count);
    /* The regions after the one that crosses the limit are not looked
     * at: their work is what the limit is there to stop. Neither are the
     * warnings of the regions before it (one a provision without costs,
     * which took as long to sort and print as the regions to read): the
     * site is refused whole, and they would bury the line that says why. */
    if (r->entry_count > LIMIT_SITE_PROVISIONS - provisions) {
        Mark m = r->entries[LIMIT_SITE_PROVISIONS - provisions].mark;
        site->over_limit = true;
        diags_drop_warnings(diags);
        diag_add(diags, DIAG_ERROR, m.path, m.line, m.column, "limit", NULL,
                 "with this provision the site holds more than %d provisions (the limit)", LIMIT_SITE_PROVISIONS);
        return false;
    }
    return true;
}

void validate_tree(Site *site, Arena *arena, Diags *diags, const Tree *tree)
{
    validate_tree_shared(site, arena, diags, tree);
    for (size_t i = 0; i < tree->region_count; i++)
        if (!validate_tree_region(site, arena, diags, tree, i))
            break;
}
