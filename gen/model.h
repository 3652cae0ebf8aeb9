/* model — the content model: what validate makes of the sources and resolve
 * completes. Data is the point here, so the structs are open. Everything
 * lives in the build's arena; strings are UTF-8 and never NULL where the
 * contract requires the key, NULL where an optional key was not given. */
#ifndef ROUTEKAART_MODEL_H
#define ROUTEKAART_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "strmap.h"
#include "timeline.h"

/* Where something was written: for diagnostics after validation. */
typedef struct {
    const char **items;
    Mark *marks;
    size_t count;
} TextList;

typedef struct {
    const char *name, *email, *phone;
} Contact;

typedef struct {
    const char *id, *name, *url, *phone, *email, *address;
    bool from_catalog;
    Mark mark;
} Provider;

/* The keys of a provision, so `use:` overrides can be applied key by key. */
typedef enum {
    PF_ID, PF_USE, PF_TITLE, PF_LANE, PF_FROM, PF_TO, PF_COSTS, PF_PROVIDER, PF_SUMMARY,
    PF_DESCRIPTION, PF_AUDIENCE, PF_REFERRAL, PF_MORE, PF_KEYWORDS, PF_CHECKED, PF_COST_NOTE,
    PF_COUNT
} ProvisionField;

typedef struct {
    const char *id;
    const char *use; /* catalog id when the entry is `use: id` */
    const char *title;
    Lane lane;
    const char *from, *to; /* as written; `to` defaults to `from` */
    TimelineRange from_range, to_range;
    TimelineRange range; /* resolved: start of from to end of to */
    unsigned costs;      /* bit (1u << Cost) per tag */
    const char *provider_id;
    const Provider *provider; /* resolved; NULL when none is named */
    const char *summary, *description, *audience, *referral, *more, *checked, *cost_note;
    TextList keywords;
    unsigned given; /* bit (1u << ProvisionField) per key present in the entry */
    Mark marks[PF_COUNT];
    Mark mark; /* the entry itself */
} Provision;

/* How each key of a provision is read and kept. A FIELD_OWN key is read,
 * laid over a catalog entry and published in a way of its own (id, use,
 * title, lane, from, to, costs, provider); every other key goes through
 * this table alone, in validate (reading), resolve (a `use:` override) and
 * data (data.json, in this order). So a new text key is one line in the
 * table (validate.c), one member of Provision, and the schemas. */
typedef enum { FIELD_OWN, FIELD_TEXT, FIELD_MARKDOWN, FIELD_URL, FIELD_DATE, FIELD_TEXT_LIST } FieldKind;

typedef struct {
    const char *name;
    FieldKind kind;
    size_t offset; /* of the member, for all but FIELD_OWN */
} ProvisionFieldSpec;

extern const ProvisionFieldSpec provision_fields[PF_COUNT];

/* Who hands the family on after a step: `to` names the provider that takes
 * over, `owner` who is responsible for the handover arriving (a provider id,
 * or a name in words such as "Wijkteam Noord"). */
typedef struct {
    const char *to_id, *owner;
    const Provider *to;             /* resolved */
    const Provider *owner_provider; /* resolved when `owner` is a provider id */
    Mark to_mark, owner_mark;
} Handover;

typedef struct {
    const char *provision_id;
    const Provision *provision; /* resolved */
    const char *touchpoint, *pain, *improvement;
    /* Why families drop out here; NULL when the step is no moment of truth. */
    const char *moment_of_truth;
    const Handover *handover; /* NULL when none is written */
    int emotion;
    bool has_emotion;
    Mark mark;
} RouteStep;

/* The family a route is drawn for (client-journey persona). */
typedef struct {
    const char *name, *situation, *needs;
} Persona;

typedef struct {
    const char *id, *title, *description;
    Audience audience;
    const Persona *persona; /* NULL when none is written */
    RouteStep *steps;       /* the route as it should go (gewenst) */
    size_t step_count;
    /* The route as families meet it today (huidig); NULL when not written,
     * and then `steps` is simply the route. */
    RouteStep *current_steps;
    size_t current_step_count;
    Mark mark;
} Route;

typedef struct {
    const char *slug; /* file name without .md */
    const char *title;
    int weight;
    int stage; /* Stage, or -1 */
    const char *body;
    size_t body_len;
    const char *region_id; /* NULL for national guidance */
    Mark mark;
} Guidance;

typedef struct {
    Stage stage;
    Lane lane;
} Gap;

typedef struct {
    const char *id, *name, *coalition, *updated;
    TextList municipalities;
    const char *province; /* NULL when not given; the HSDS addresses' state_province */
    Contact contact;
    Provider *providers;
    size_t provider_count;
    Provision *entries; /* as written, before `use` is applied */
    size_t entry_count;
    Provision **provisions; /* resolved, in timeline order (start, lane, title) */
    size_t provision_count;
    Route *routes;
    size_t route_count;
    TextList questions[STAGE_COUNT]; /* the region's own, added to the site's */
    const char *intro;
    size_t intro_len;
    Guidance *guidance;
    size_t guidance_count;
    Gap *gaps;
    size_t gap_count;
    const char **missing; /* required provisions the region lacks */
    size_t missing_count;
    StrMap *provision_by_id, *provider_by_id;
    Mark mark, updated_mark;
} Region;

/* Every label shown for the national model; defaults from the layouts'
 * strings.yaml, relabelled by site.yaml `labels:`. */
typedef struct {
    const char *stages[STAGE_COUNT];
    const char *lanes[LANE_COUNT];
    const char *costs[COST_COUNT];
    const char *cost_explanations[COST_COUNT];
    const char *audiences[AUDIENCE_COUNT];
    const char *unit_month, *unit_week; /* "maand", "week" */
    const char *months[12];             /* for dates in words */
} Labels;

typedef struct {
    const char *title, *base_url, *language;
    /* The published address of the home page, ending in '/': site.yaml's
     * public_url, else its base_url when that is a full address; NULL when
     * neither says where the site lives (no QR code on the flyer). */
    const char *public_url;
    TextList questions[STAGE_COUNT];
    TextList required;
    Labels labels;
    Provider *catalog_providers;
    size_t catalog_provider_count;
    Provision *catalog_provisions;
    size_t catalog_provision_count;
    StrMap *catalog_provider_by_id, *catalog_provision_by_id;
    /* catalog.yaml could not be read (reported): a reference into it is not
     * reported again as unknown. */
    bool catalog_broken;
    Guidance *guidance; /* national, ordered by weight then title */
    size_t guidance_count;
    Region *regions; /* ordered by id */
    size_t region_count;
    /* The site crossed a limit of the whole site (reported): it is refused
     * whole, so nothing more is resolved or warned about. */
    bool over_limit;
    const char *today; /* YYYY-MM-DD for the staleness warning; NULL: no check */
    /* Output paths of the stylesheet and the script that pages link to:
     * "assets/routekaart.<hash>.css", named by their bytes, so a web server
     * may cache them for a year (README, publishing). NULL: the plain name. */
    const char *css_path, *js_path;
} Site;

#endif
