/* Unit tests for gen/resolve.c: small content trees built in memory,
 * validated (validate_tree, whose own checks are test_validate.c's) and
 * resolved, then the model and resolve's diagnostics checked field by
 * field. Validation reports into a list of its own, so only what resolve
 * finds is in the list these tests read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "load.h"
#include "model.h"
#include "resolve.h"
#include "source.h"
#include "strmap.h"
#include "validate.h"

typedef struct {
    Arena *arena;
    Diags *diags;          /* resolve's */
    Diags *validate_diags; /* validate's, not the subject here */
    Tree tree;
    Site site;
} Fixture;

static const char catalog_yaml[] =
    "providers:\n"
    "  - id: kraamzorg-nl\n"
    "    name: Kraamzorg Nederland\n"
    "  - id: ggd\n"
    "    name: GGD regio\n"
    "    url: https://example.nl/ggd\n"
    "provisions:\n"
    "  - id: kraamzorg\n"
    "    title: Kraamzorg\n"
    "    lane: basiszorg\n"
    "    from: bevalling\n"
    "    to: babyfase:w2\n"
    "    costs: [eigen-bijdrage]\n"
    "    provider: kraamzorg-nl\n"
    "    summary: Hulp in de kraamweek.\n"
    "    description: Een **kraamverzorgende** komt thuis.\n"
    "    audience: Alle ouders\n"
    "    referral: Zelf aanmelden\n"
    "    more: https://example.nl/kraamzorg\n"
    "    keywords: [kraamweek, thuis]\n"
    "    checked: 2026-01-15\n"
    "    cost_note: Afhankelijk van de verzekering.\n"
    "  - id: prenataal-huisbezoek\n"
    "    title: Prenataal huisbezoek\n"
    "    lane: steuntje\n"
    "    from: zwangerschap:m4\n"
    "    to: zwangerschap:m9\n"
    "    costs: [standaard]\n"
    "    provider: ggd\n"
    "  - id: voorlichting\n"
    "    title: Voorlichting kinderwens\n"
    "    lane: digitaal\n"
    "    from: preconceptie\n"
    "    provider: ggd\n";

static const char site_yaml[] =
    "title: Routekaart Kansrijke Start\n"
    "required: [prenataal-huisbezoek, kraamzorg, voorlichting]\n";

/* Region ids must come in sorted order, as load_tree gives them. */
static const char amersfoort_yaml[] =
    "name: Amersfoort\n"
    "provisions:\n"
    "  - use: kraamzorg\n"
    "    to: babyfase:m3\n"
    "    lane: steuntje\n"
    "    costs: [standaard, eigen-risico]\n";

static const char leeg_yaml[] = "name: Leeg\n";

static const char utrecht_west_yaml[] =
    "name: Utrecht West\n"
    "providers:\n"
    "  - id: jgz-uw\n"
    "    name: JGZ Utrecht West\n"
    "  - id: kraam-groene-hart\n"
    "    name: Kraamzorg Het Groene Hart\n"
    "provisions:\n"
    "  - use: kraamzorg\n"
    "    provider: kraam-groene-hart\n"
    "    title: Kraamzorg Groene Hart\n"
    "  - use: prenataal-huisbezoek\n"
    "    id: phb-uw\n"
    "    from: zwangerschap:m6\n"
    "  - use: voorlichting\n"
    "    from: zwangerschap:m2\n"
    "  - id: verloskundige\n"
    "    title: Verloskundige zorg\n"
    "    lane: basiszorg\n"
    "    from: zwangerschap\n"
    "    to: bevalling\n"
    "    provider: jgz-uw\n"
    "  - id: consultatiebureau\n"
    "    title: Consultatiebureau\n"
    "    lane: basiszorg\n"
    "    from: babyfase:w4\n"
    "    to: schoolkind\n"
    "    provider: jgz-uw\n"
    "  - id: extra\n"
    "    title: Extra steun thuis\n"
    "    lane: extra-steun\n"
    "    from: babyfase:m2\n"
    "    to: babyfase:m6\n"
    "  - id: zwangerschapscursus\n"
    "    title: Zwangerschapscursus\n"
    "    lane: basiszorg\n"
    "    from: zwangerschap:m1\n"
    "    to: zwangerschap:m3\n"
    "  - id: app\n"
    "    title: Zwanger-app\n"
    "    lane: digitaal\n"
    "    from: zwangerschap:m1\n";

/* Line numbers matter here: the diagnostics point into this text. */
static const char fouten_yaml[] =
    "name: Fouten\n"                            /* 1 */
    "providers:\n"                              /* 2 */
    "  - id: jgz\n"                             /* 3 */
    "    name: JGZ\n"                           /* 4 */
    "provisions:\n"                             /* 5 */
    "  - id: een\n"                             /* 6 */
    "    title: Een\n"                          /* 7 */
    "    lane: basiszorg\n"                     /* 8 */
    "    from: zwangerschap\n"                  /* 9 */
    "    provider: jgzz\n"                      /* 10 */
    "  - id: een\n"                             /* 11 */
    "    title: Dubbel\n"                       /* 12 */
    "    lane: steuntje\n"                      /* 13 */
    "    from: bevalling\n"                     /* 14 */
    "  - use: kraamzorgg\n"                     /* 15 */
    "  - id: omgekeerd\n"                       /* 16 */
    "    title: Omgekeerd\n"                    /* 17 */
    "    lane: basiszorg\n"                     /* 18 */
    "    from: babyfase:m6\n"                   /* 19 */
    "    to: zwangerschap:m4\n"                 /* 20 */
    "  - id: typo\n"                            /* 21 */
    "    titel: Typo\n"                         /* 22 */
    "    lane: basiszorg\n"                     /* 23 */
    "    from: bevalling\n"                     /* 24 */
    "  - id: soort\n"                           /* 25 */
    "    title: Soort\n"                        /* 26 */
    "    lane: [basiszorg]\n"                   /* 27 */
    "    from: bevalling\n"                     /* 28 */
    "    keywords: los\n"                       /* 29 */
    "  - id: zonder-lane\n"                     /* 30 */
    "    title: Zonder lane\n"                  /* 31 */
    "    from: bevalling\n"                     /* 32 */
    "  - id: lane-typo\n"                       /* 33 */
    "    title: Lane typo\n"                    /* 34 */
    "    lane: steuntj\n"                       /* 35 */
    "    from: bevalling\n"                     /* 36 */
    "  - use: kraamzorg\n"                      /* 37 */
    "    provider: kraamzorg-nll\n"             /* 38 */
    "  - use: kraamzorg\n"                      /* 39 */
    "  - use: prenataal-huisbezoek\n"           /* 40 */
    "    to: zwangerschap:m2\n"                 /* 41 */
    "routes:\n"                                 /* 42 */
    "  - id: route\n"                           /* 43 */
    "    title: Route\n"                        /* 44 */
    "    audience: steuntje\n"                  /* 45 */
    "    steps:\n"                              /* 46 */
    "      - een\n"                             /* 47 */
    "      - omgekeerde\n";                     /* 48 */

static const char zonder_naam_yaml[] =
    "coalition: Coalitie zonder naam\n"
    "provisions: []\n";

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->arena = arena_new();
    f->diags = diags_new();
    f->validate_diags = diags_new();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    load_release(&f->tree);
    diags_free(f->diags);
    diags_free(f->validate_diags);
    arena_free(f->arena);
    free(f);
    return 0;
}

static void add_source(Fixture *f, Source *out, const char *path, const char *yaml)
{
    assert_true(source_init(out, f->arena, f->diags, path, yaml, strlen(yaml)));
    assert_true(source_parse_yaml(out, f->diags));
}

/* The common part of every tree: site.yaml, the catalog and the shipped
 * strings file. `regions` are {id, yaml} pairs. */
static void build_tree(Fixture *f, const char *const (*regions)[2], size_t count)
{
    Tree *t = &f->tree;
    add_source(f, &t->site, "content/site.yaml", site_yaml);
    add_source(f, &t->catalog, "content/catalog.yaml", catalog_yaml);
    t->has_catalog = true;
    assert_true(source_read_file(&t->strings, f->arena, f->diags, "layouts/strings.yaml",
                                 TESTS_DIR "/../layouts/strings.yaml"));
    assert_true(source_parse_yaml(&t->strings, f->diags));
    t->regions = arena_alloc(f->arena, count * sizeof(RegionSources));
    for (size_t i = 0; i < count; i++) {
        RegionSources *r = &t->regions[t->region_count++];
        r->id = regions[i][0];
        add_source(f, &r->region, arena_printf(f->arena, "content/regions/%s/region.yaml", regions[i][0]),
                   regions[i][1]);
    }
    validate_tree(&f->site, f->arena, f->validate_diags, t);
    resolve_site(&f->site, f->arena, f->diags);
}

/* Fails with every error listed, so a surprise is easy to read. Warnings
 * (likely mistakes that still build) are not the subject here. */
static void expect_no_errors(const Diags *diags)
{
    if (diags_count(diags, DIAG_ERROR) == 0)
        return;
    Buf out = BUF_INIT;
    diags_format_gcc(diags, &out);
    print_error("%s", buf_cstr(&out));
    buf_free(&out);
    fail_msg("expected no errors, got %zu", diags_count(diags, DIAG_ERROR));
}

/* The i-th error after diags_sort(), skipping warnings. */
static const Diag *error_at(const Fixture *f, size_t i)
{
    for (size_t k = 0; k < diags_len(f->diags); k++) {
        const Diag *d = diags_at(f->diags, k);
        if (d->severity == DIAG_ERROR && i-- == 0)
            return d;
    }
    return NULL;
}

static const char *const good_regions[][2] = {
    {"amersfoort", amersfoort_yaml},
    {"leeg", leeg_yaml},
    {"utrecht-west", utrecht_west_yaml},
};

static const Region *region(const Fixture *f, const char *id)
{
    for (size_t i = 0; i < f->site.region_count; i++)
        if (strcmp(f->site.regions[i].id, id) == 0)
            return &f->site.regions[i];
    fail_msg("no region '%s'", id);
    return NULL;
}

static const Provision *provision(const Region *r, const char *id)
{
    const Provision *p = strmap_get(r->provision_by_id, id);
    if (!p)
        fail_msg("no provision '%s' in region '%s'", id, r->id);
    return p;
}

static void expect_range(const Provision *p, int first, int last)
{
    assert_int_equal(p->range.first, first);
    assert_int_equal(p->range.last, last);
}

static void test_good_tree_is_clean(void **state)
{
    Fixture *f = *state;
    build_tree(f, good_regions, 3);
    expect_no_errors(f->validate_diags);
    expect_no_errors(f->diags);
    assert_int_equal(f->site.region_count, 3);
    assert_int_equal(f->site.catalog_provider_count, 2);
    assert_int_equal(f->site.catalog_provision_count, 3);
}

static void test_catalog_resolved(void **state)
{
    Fixture *f = *state;
    build_tree(f, good_regions, 3);
    const Site *s = &f->site;
    const Provision *k = strmap_get(s->catalog_provision_by_id, "kraamzorg");
    assert_ptr_equal(k, &s->catalog_provisions[0]);
    expect_range(k, 10, 12);
    assert_ptr_equal(k->provider, &s->catalog_providers[0]);
    assert_true(k->provider->from_catalog);
    /* A provision without `to` ends where `from` ends. */
    const Provision *v = &s->catalog_provisions[2];
    assert_string_equal(v->id, "voorlichting");
    assert_string_equal(v->to, "preconceptie");
    expect_range(v, 0, 0);
    assert_ptr_equal(strmap_get(s->catalog_provider_by_id, "ggd"), &s->catalog_providers[1]);
}

/* `use:` copies every key of the catalog entry and overrides the given ones. */
static void test_use_copies_and_overrides(void **state)
{
    Fixture *f = *state;
    build_tree(f, good_regions, 3);
    const Region *uw = region(f, "utrecht-west");
    const Provision *k = provision(uw, "kraamzorg");
    assert_string_equal(k->id, "kraamzorg");
    assert_string_equal(k->use, "kraamzorg");
    assert_string_equal(k->title, "Kraamzorg Groene Hart");
    assert_int_equal(k->lane, LANE_BASISZORG);
    assert_string_equal(k->from, "bevalling");
    assert_string_equal(k->to, "babyfase:w2");
    expect_range(k, 10, 12);
    assert_int_equal(k->costs, 1u << COST_EIGEN_BIJDRAGE);
    assert_string_equal(k->provider_id, "kraam-groene-hart");
    assert_string_equal(k->summary, "Hulp in de kraamweek.");
    assert_string_equal(k->description, "Een **kraamverzorgende** komt thuis.");
    assert_string_equal(k->audience, "Alle ouders");
    assert_string_equal(k->referral, "Zelf aanmelden");
    assert_string_equal(k->more, "https://example.nl/kraamzorg");
    assert_string_equal(k->checked, "2026-01-15");
    assert_string_equal(k->cost_note, "Afhankelijk van de verzekering.");
    assert_int_equal(k->keywords.count, 2);
    assert_string_equal(k->keywords.items[0], "kraamweek");
    assert_string_equal(k->keywords.items[1], "thuis");
    /* The catalog entry itself is untouched. */
    const Provision *base = &f->site.catalog_provisions[0];
    assert_string_equal(base->title, "Kraamzorg");
    assert_string_equal(base->provider_id, "kraamzorg-nl");
    assert_ptr_not_equal(k, base);

    /* Another region overrides other keys of the same catalog entry. */
    const Region *am = region(f, "amersfoort");
    assert_int_equal(am->provision_count, 1);
    const Provision *k2 = am->provisions[0];
    assert_string_equal(k2->id, "kraamzorg");
    assert_string_equal(k2->title, "Kraamzorg");
    assert_int_equal(k2->lane, LANE_STEUNTJE);
    assert_string_equal(k2->from, "bevalling");
    assert_string_equal(k2->to, "babyfase:m3");
    expect_range(k2, 10, 16);
    assert_int_equal(k2->costs, (1u << COST_STANDAARD) | (1u << COST_EIGEN_RISICO));
    assert_string_equal(k2->summary, "Hulp in de kraamweek.");
    assert_ptr_equal(k2->provider, &f->site.catalog_providers[0]);
}

static void test_use_from_without_to(void **state)
{
    Fixture *f = *state;
    build_tree(f, good_regions, 3);
    const Region *uw = region(f, "utrecht-west");
    /* A new `id`, a later start: the catalog's end (m9) still follows it. */
    const Provision *phb = provision(uw, "phb-uw");
    assert_string_equal(phb->use, "prenataal-huisbezoek");
    assert_string_equal(phb->title, "Prenataal huisbezoek");
    assert_int_equal(phb->lane, LANE_STEUNTJE);
    assert_string_equal(phb->from, "zwangerschap:m6");
    assert_string_equal(phb->to, "zwangerschap:m9");
    expect_range(phb, 6, 9);
    assert_null(strmap_get(uw->provision_by_id, "prenataal-huisbezoek"));
    /* The catalog's end (preconceptie) is before the new start: the entry
     * means just its own position. */
    const Provision *v = provision(uw, "voorlichting");
    assert_string_equal(v->from, "zwangerschap:m2");
    assert_string_equal(v->to, "zwangerschap:m2");
    expect_range(v, 2, 2);
    assert_int_equal(v->lane, LANE_DIGITAAL);
}

static void test_provider_resolution(void **state)
{
    Fixture *f = *state;
    build_tree(f, good_regions, 3);
    const Region *uw = region(f, "utrecht-west");
    /* The region's own providers first ... */
    assert_ptr_equal(provision(uw, "verloskundige")->provider, &uw->providers[0]);
    assert_ptr_equal(provision(uw, "kraamzorg")->provider, &uw->providers[1]);
    assert_false(provision(uw, "kraamzorg")->provider->from_catalog);
    assert_string_equal(provision(uw, "kraamzorg")->provider->name, "Kraamzorg Het Groene Hart");
    /* ... then the catalog's, also when named by the catalog entry. */
    const Provider *ggd = provision(uw, "phb-uw")->provider;
    assert_ptr_equal(ggd, &f->site.catalog_providers[1]);
    assert_true(ggd->from_catalog);
    assert_string_equal(ggd->url, "https://example.nl/ggd");
    /* No provider named: none. */
    assert_null(provision(uw, "extra")->provider);
    assert_null(provision(uw, "extra")->provider_id);
    assert_ptr_equal(strmap_get(uw->provider_by_id, "jgz-uw"), &uw->providers[0]);
    assert_null(strmap_get(uw->provider_by_id, "ggd"));
}

static void test_provisions_in_timeline_order(void **state)
{
    Fixture *f = *state;
    build_tree(f, good_regions, 3);
    const Region *uw = region(f, "utrecht-west");
    /* By start column, then lane, then end column, then id. */
    static const char *const order[] = {"zwangerschapscursus", "verloskundige", "app", "voorlichting",
                                        "phb-uw", "kraamzorg", "consultatiebureau", "extra"};
    assert_int_equal(uw->entry_count, 8);
    assert_int_equal(uw->provision_count, 8);
    for (size_t i = 0; i < 8; i++)
        assert_string_equal(uw->provisions[i]->id, order[i]);
    for (size_t i = 1; i < 8; i++)
        assert_true(uw->provisions[i - 1]->range.first <= uw->provisions[i]->range.first);

    /* The entries stay as written. */
    assert_string_equal(uw->entries[0].use, "kraamzorg");
    assert_string_equal(uw->entries[0].title, "Kraamzorg Groene Hart");
    assert_null(uw->entries[1].title);
    assert_string_equal(uw->entries[1].id, "phb-uw");

    /* The columns each covers. */
    expect_range(provision(uw, "zwangerschapscursus"), 1, 3);
    expect_range(provision(uw, "verloskundige"), 1, 10);
    expect_range(provision(uw, "app"), 1, 1);
    expect_range(provision(uw, "consultatiebureau"), 14, 30);
    expect_range(provision(uw, "extra"), 15, 19);
    assert_string_equal(provision(uw, "app")->to, "zwangerschap:m1");
}

/* Provisions of one place (start, lane, end) in id order, whatever order
 * the file lists them in: the map must not move when an editor reorders. */
static void test_same_place_in_id_order(void **state)
{
    Fixture *f = *state;
    static const char same_place_yaml[] = "name: Gelijk\n"
                                          "provisions:\n"
                                          "  - {id: c-derde, title: C, lane: basiszorg, from: bevalling}\n"
                                          "  - {id: a-eerste, title: A, lane: basiszorg, from: bevalling}\n"
                                          "  - {id: b-tweede, title: B, lane: basiszorg, from: bevalling}\n";
    static const char *const regions[][2] = {{"gelijk", same_place_yaml}};
    build_tree(f, regions, 1);
    expect_no_errors(f->validate_diags);
    const Region *r = region(f, "gelijk");
    assert_int_equal(r->provision_count, 3);
    assert_string_equal(r->provisions[0]->id, "a-eerste");
    assert_string_equal(r->provisions[1]->id, "b-tweede");
    assert_string_equal(r->provisions[2]->id, "c-derde");
}

static void test_in_stage(void **state)
{
    Fixture *f = *state;
    build_tree(f, good_regions, 3);
    const Region *uw = region(f, "utrecht-west");
    const Provision *v = provision(uw, "verloskundige");
    assert_false(resolve_provision_in_stage(v, STAGE_PRECONCEPTIE));
    assert_true(resolve_provision_in_stage(v, STAGE_ZWANGERSCHAP));
    assert_true(resolve_provision_in_stage(v, STAGE_BEVALLING));
    assert_false(resolve_provision_in_stage(v, STAGE_BABYFASE));
    const Provision *c = provision(uw, "consultatiebureau");
    assert_false(resolve_provision_in_stage(c, STAGE_BEVALLING));
    for (int s = STAGE_BABYFASE; s < STAGE_COUNT; s++)
        assert_true(resolve_provision_in_stage(c, (Stage)s));
}

static void test_gaps_and_missing(void **state)
{
    Fixture *f = *state;
    build_tree(f, good_regions, 3);
    const Region *uw = region(f, "utrecht-west");
    static const Gap want[] = {
        {STAGE_PRECONCEPTIE, LANE_BASISZORG}, {STAGE_PRECONCEPTIE, LANE_STEUNTJE},
        {STAGE_PRECONCEPTIE, LANE_EXTRA_STEUN}, {STAGE_PRECONCEPTIE, LANE_DIGITAAL},
        {STAGE_ZWANGERSCHAP, LANE_EXTRA_STEUN},
        {STAGE_BEVALLING, LANE_STEUNTJE}, {STAGE_BEVALLING, LANE_EXTRA_STEUN}, {STAGE_BEVALLING, LANE_DIGITAAL},
        {STAGE_BABYFASE, LANE_STEUNTJE}, {STAGE_BABYFASE, LANE_DIGITAAL},
        {STAGE_PEUTERFASE, LANE_STEUNTJE}, {STAGE_PEUTERFASE, LANE_EXTRA_STEUN}, {STAGE_PEUTERFASE, LANE_DIGITAAL},
        {STAGE_DERDE_JAAR, LANE_STEUNTJE}, {STAGE_DERDE_JAAR, LANE_EXTRA_STEUN}, {STAGE_DERDE_JAAR, LANE_DIGITAAL},
        {STAGE_SCHOOLKIND, LANE_STEUNTJE}, {STAGE_SCHOOLKIND, LANE_EXTRA_STEUN}, {STAGE_SCHOOLKIND, LANE_DIGITAAL},
    };
    assert_int_equal(uw->gap_count, sizeof want / sizeof *want);
    for (size_t i = 0; i < uw->gap_count; i++) {
        assert_int_equal(uw->gaps[i].stage, want[i].stage);
        assert_int_equal(uw->gaps[i].lane, want[i].lane);
    }
    /* Required provisions count when taken by `use`, also under another id. */
    assert_int_equal(uw->missing_count, 0);

    const Region *am = region(f, "amersfoort");
    assert_int_equal(am->gap_count, STAGE_COUNT * LANE_COUNT - 2);
    assert_int_equal(am->missing_count, 2);
    assert_string_equal(am->missing[0], "prenataal-huisbezoek");
    assert_string_equal(am->missing[1], "voorlichting");

    const Region *leeg = region(f, "leeg");
    assert_string_equal(leeg->name, "Leeg");
    assert_int_equal(leeg->provision_count, 0);
    assert_int_equal(leeg->gap_count, STAGE_COUNT * LANE_COUNT);
    for (int s = 0; s < STAGE_COUNT; s++)
        for (int l = 0; l < LANE_COUNT; l++) {
            assert_int_equal(leeg->gaps[s * LANE_COUNT + l].stage, s);
            assert_int_equal(leeg->gaps[s * LANE_COUNT + l].lane, l);
        }
    assert_int_equal(leeg->missing_count, 3);
    assert_string_equal(leeg->missing[0], "prenataal-huisbezoek");
    assert_string_equal(leeg->missing[1], "kraamzorg");
    assert_string_equal(leeg->missing[2], "voorlichting");
}

static void expect_diag(const Fixture *f, size_t i, const char *path, int line, int column, const char *code,
                        const char *suggestion, const char *message)
{
    const Diag *d = error_at(f, i);
    if (!d)
        fail_msg("expected error %zu '%s', have only %zu", i, message, diags_count(f->diags, DIAG_ERROR));
    assert_string_equal(d->message, message);
    assert_string_equal(d->path, path);
    assert_int_equal(d->line, line);
    assert_int_equal(d->column, column);
    assert_int_equal(d->severity, DIAG_ERROR);
    assert_string_equal(d->code, code);
    if (suggestion) {
        if (!d->suggestion)
            fail_msg("'%s': expected suggestion '%s', got none", message, suggestion);
        assert_string_equal(d->suggestion, suggestion);
    } else {
        assert_null(d->suggestion);
    }
}

static const char *const bad_regions[][2] = {
    {"fouten", fouten_yaml},
    {"zonder-naam", zonder_naam_yaml},
};

/* Every problem resolve finds, each once, at the key or value to change.
 * The fixture's validation problems (an unknown key, wrong types, a
 * missing lane) are test_validate.c's; resolve must not report them again
 * nor trip over the entries they leave incomplete. */
static void test_diagnostics(void **state)
{
    Fixture *f = *state;
    build_tree(f, bad_regions, 2);
    diags_sort(f->diags);
    const char *p = "content/regions/fouten/region.yaml";
    size_t i = 0;
    expect_diag(f, i++, p, 10, 15, "unknown-id", "jgz", "unknown provider 'jgzz' in provision 'een'");
    expect_diag(f, i++, p, 11, 9, "duplicate-id", NULL, "duplicate provision id 'een' in this region");
    expect_diag(f, i++, p, 15, 10, "unknown-id", "kraamzorg", "unknown catalog provision 'kraamzorgg' in 'use'");
    expect_diag(f, i++, p, 20, 9, "order", NULL,
                "'to: zwangerschap:m4' is before 'from: babyfase:m6' in provision 'omgekeerd'; swap them");
    expect_diag(f, i++, p, 38, 15, "unknown-id", "kraamzorg-nl",
                "unknown provider 'kraamzorg-nll' in provision 'kraamzorg'");
    /* Two `use` of one catalog entry without their own ids. */
    expect_diag(f, i++, p, 39, 10, "duplicate-id", NULL, "duplicate provision id 'kraamzorg' in this region");
    /* Only `to` overridden, before the catalog's `from`. */
    expect_diag(f, i++, p, 41, 9, "order", NULL,
                "'to: zwangerschap:m2' is before 'from: zwangerschap:m4' in provision 'prenataal-huisbezoek'; "
                "swap them");
    expect_diag(f, i++, p, 48, 9, "unknown-id", "omgekeerd",
                "route 'route' names unknown provision 'omgekeerde' (not in this region)");
    assert_int_equal(diags_count(f->diags, DIAG_ERROR), i);
}

/* What resolve keeps of a broken region: enough to go on. */
static void test_broken_entries_kept_or_dropped(void **state)
{
    Fixture *f = *state;
    build_tree(f, bad_regions, 2);
    const Region *r = region(f, "fouten");
    /* The first of two equal ids stays. */
    assert_string_equal(provision(r, "een")->title, "Een");
    assert_null(provision(r, "een")->provider);
    /* Out of order: the range falls back to `from`. */
    expect_range(provision(r, "omgekeerd"), 19, 19);
    /* Out of order after a `use`: the catalog's start only. */
    expect_range(provision(r, "prenataal-huisbezoek"), 4, 4);
    /* Route steps find their provisions. */
    assert_int_equal(r->route_count, 1);
    assert_int_equal(r->routes[0].step_count, 2);
    assert_ptr_equal(r->routes[0].steps[0].provision, provision(r, "een"));
    assert_null(r->routes[0].steps[1].provision);
    /* An unknown `use` gives nothing to show. */
    assert_null(strmap_get(r->provision_by_id, "kraamzorgg"));
}

static void test_site_and_catalog_diagnostics(void **state)
{
    Fixture *f = *state;
    Tree *t = &f->tree;
    add_source(f, &t->site, "content/site.yaml",
               "titel: Routekaart\n"
               "required: [kraamzorg, prenataal-huisbezoeck]\n");
    add_source(f, &t->catalog, "content/catalog.yaml",
               "providers:\n"
               "  - id: ggd\n"
               "    name: GGD\n"
               "  - id: ggd\n"
               "    name: GGD twee\n"
               "provisions:\n"
               "  - id: kraamzorg\n"
               "    title: Kraamzorg\n"
               "    lane: basiszorg\n"
               "    from: bevalling\n"
               "    provider: gdd\n"
               "  - id: prenataal-huisbezoek\n"
               "    title: Prenataal huisbezoek\n"
               "    lane: steuntje\n"
               "    from: zwangerschp:m4\n"
               "    use: iets\n");
    t->has_catalog = true;
    assert_true(source_read_file(&t->strings, f->arena, f->diags, "layouts/strings.yaml",
                                 TESTS_DIR "/../layouts/strings.yaml"));
    assert_true(source_parse_yaml(&t->strings, f->diags));
    validate_tree(&f->site, f->arena, f->validate_diags, t);
    resolve_site(&f->site, f->arena, f->diags);
    diags_sort(f->diags);
    const char *c = "content/catalog.yaml";
    size_t i = 0;
    expect_diag(f, i++, c, 4, 9, "duplicate-id", NULL, "duplicate provider id 'ggd' in the catalog");
    expect_diag(f, i++, c, 11, 15, "unknown-id", "ggd",
                "unknown provider 'gdd' (a catalog provision can only name catalog providers)");
    const char *s = "content/site.yaml";
    expect_diag(f, i++, s, 2, 23, "unknown-id", "prenataal-huisbezoek",
                "required provision 'prenataal-huisbezoeck' is not in catalog.yaml");
    assert_int_equal(diags_count(f->diags, DIAG_ERROR), i);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_good_tree_is_clean),
        T(test_catalog_resolved),
        T(test_use_copies_and_overrides),
        T(test_use_from_without_to),
        T(test_provider_resolution),
        T(test_provisions_in_timeline_order),
        T(test_same_place_in_id_order),
        T(test_in_stage),
        T(test_gaps_and_missing),
        T(test_diagnostics),
        T(test_broken_entries_kept_or_dropped),
        T(test_site_and_catalog_diagnostics),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
