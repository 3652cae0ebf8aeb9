/* Unit tests for gen/timeline.c: positions, ranges and the column model. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "timeline.h"

/* Parses a position that must be valid and checks its columns. */
static void expect_range(const char *text, int first, int last)
{
    TimelineRange r = {-1, -1};
    const char *suggestion = "untouched";
    assert_int_equal(timeline_position_parse(text, &r, &suggestion), POSITION_OK);
    assert_int_equal(r.first, first);
    assert_int_equal(r.last, last);
    assert_null(suggestion);
}

/* Parses a position that must fail with `status` and `suggestion` (or NULL),
 * leaving the range as it was. */
static void expect_error(const char *text, PositionStatus status, const char *suggestion)
{
    TimelineRange r = {-7, -7};
    const char *got = "untouched";
    assert_int_equal(timeline_position_parse(text, &r, &got), status);
    if (suggestion)
        assert_string_equal(got, suggestion);
    else
        assert_null(got);
    assert_int_equal(r.first, -7);
    assert_int_equal(r.last, -7);
}

static void test_stage_positions(void **state)
{
    (void)state;
    expect_range("preconceptie", 0, 0);
    expect_range("zwangerschap", 1, 9);
    expect_range("bevalling", 10, 10);
    expect_range("babyfase", 11, 25);
    expect_range("peuterfase", 26, 28);
    expect_range("derde-jaar", 29, 29);
    expect_range("schoolkind", 30, 30);
}

static void test_period_positions(void **state)
{
    (void)state;
    expect_range("zwangerschap:m1", 1, 1);
    expect_range("zwangerschap:m4", 4, 4);
    expect_range("zwangerschap:m9", 9, 9);
    expect_range("babyfase:w1", 11, 11);
    expect_range("babyfase:w4", 14, 14);
    expect_range("babyfase:m2", 15, 15);
    expect_range("babyfase:m12", 25, 25);
    expect_range("peuterfase:m13", 26, 26);
    expect_range("peuterfase:m14", 27, 27);
    expect_range("peuterfase:m15-24", 28, 28);
}

/* Every canonical column position parses back to exactly that column. */
static void test_every_column_round_trips(void **state)
{
    (void)state;
    for (int c = 0; c < TIMELINE_COLUMNS; c++) {
        const char *position = timeline_column_position(c);
        assert_non_null(position);
        TimelineRange r;
        assert_int_equal(timeline_position_parse(position, &r, NULL), POSITION_OK);
        /* A period, or a stage without periods: one column either way. */
        assert_int_equal(r.first, c);
        assert_int_equal(r.last, c);
    }
}

static void test_unknown_stage(void **state)
{
    (void)state;
    expect_error("zwangerschp:m4", POSITION_UNKNOWN_STAGE, "zwangerschap:m4");
    expect_error("zwangerschp", POSITION_UNKNOWN_STAGE, "zwangerschap");
    expect_error("Preconceptie", POSITION_UNKNOWN_STAGE, "preconceptie");
    expect_error("derde jaar", POSITION_UNKNOWN_STAGE, "derde-jaar");
    expect_error("kleuter", POSITION_UNKNOWN_STAGE, NULL);
    expect_error("", POSITION_UNKNOWN_STAGE, NULL);
    expect_error(":m4", POSITION_UNKNOWN_STAGE, NULL);
    /* A prefix of a stage is no stage. */
    expect_error("baby", POSITION_UNKNOWN_STAGE, NULL);
}

static void test_unknown_period(void **state)
{
    (void)state;
    /* Month 1 of the baby phase is weeks 1-4; the earliest near miss wins. */
    expect_error("babyfase:m1", POSITION_UNKNOWN_PERIOD, "babyfase:w1");
    expect_error("zwangerschap:m10", POSITION_UNKNOWN_PERIOD, "zwangerschap:m1");
    expect_error("zwangerschap:M4", POSITION_UNKNOWN_PERIOD, "zwangerschap:m4");
    expect_error("peuterfase:m15-23", POSITION_UNKNOWN_PERIOD, "peuterfase:m15-24");
    /* A stage without periods has none to name. */
    expect_error("bevalling:m1", POSITION_UNKNOWN_PERIOD, "bevalling");
    expect_error("zwangerschap:", POSITION_UNKNOWN_PERIOD, "zwangerschap");
    expect_error("babyfase:maand3", POSITION_UNKNOWN_PERIOD, "babyfase:m3");
    expect_error("schoolkind:", POSITION_UNKNOWN_PERIOD, "schoolkind");
    expect_error("zwangerschap:tweede-trimester-na-de-echo", POSITION_UNKNOWN_PERIOD, NULL);
}

static void test_parse_without_suggestion_pointer(void **state)
{
    (void)state;
    TimelineRange r = {0, 0};
    assert_int_equal(timeline_position_parse("nergens", &r, NULL), POSITION_UNKNOWN_STAGE);
    assert_int_equal(timeline_position_parse("babyfase:m1", &r, NULL), POSITION_UNKNOWN_PERIOD);
    assert_int_equal(timeline_position_parse("babyfase:m3", &r, NULL), POSITION_OK);
    assert_int_equal(r.first, 16);
}

static void test_range_span(void **state)
{
    (void)state;
    TimelineRange out = {-1, -1};
    TimelineRange m4 = {4, 4}, m9 = {9, 9}, zw = {1, 9}, baby = {11, 25}, w2 = {12, 12};

    assert_true(timeline_range_span(m4, m9, &out));
    assert_int_equal(out.first, 4);
    assert_int_equal(out.last, 9);

    /* The same position: just that. */
    out = (TimelineRange){-1, -1};
    assert_true(timeline_range_span(m4, m4, &out));
    assert_int_equal(out.first, 4);
    assert_int_equal(out.last, 4);

    /* A stage to a period: from the stage's start. */
    assert_true(timeline_range_span(zw, w2, &out));
    assert_int_equal(out.first, 1);
    assert_int_equal(out.last, 12);

    /* A period to a stage: to the stage's end. */
    assert_true(timeline_range_span(m4, baby, &out));
    assert_int_equal(out.first, 4);
    assert_int_equal(out.last, 25);

    /* `to` inside the `from` stage but after its start is fine. */
    assert_true(timeline_range_span(zw, m4, &out));
    assert_int_equal(out.first, 1);
    assert_int_equal(out.last, 4);

    /* `to` before `from`: false and out untouched. */
    out = (TimelineRange){-3, -3};
    assert_false(timeline_range_span(m9, m4, &out));
    assert_int_equal(out.first, -3);
    assert_int_equal(out.last, -3);
    assert_false(timeline_range_span(baby, zw, &out));
    assert_false(timeline_range_span(w2, m9, &out));
    assert_int_equal(out.first, -3);
    assert_int_equal(out.last, -3);
}

static void test_columns(void **state)
{
    (void)state;
    assert_int_equal(TIMELINE_COLUMNS, 31);
    assert_string_equal(timeline_column_position(0), "preconceptie");
    assert_string_equal(timeline_column_position(1), "zwangerschap:m1");
    assert_string_equal(timeline_column_position(4), "zwangerschap:m4");
    assert_string_equal(timeline_column_position(10), "bevalling");
    assert_string_equal(timeline_column_position(11), "babyfase:w1");
    assert_string_equal(timeline_column_position(15), "babyfase:m2");
    assert_string_equal(timeline_column_position(25), "babyfase:m12");
    assert_string_equal(timeline_column_position(28), "peuterfase:m15-24");
    assert_string_equal(timeline_column_position(29), "derde-jaar");
    assert_string_equal(timeline_column_position(30), "schoolkind");

    assert_null(timeline_column_period(0));
    assert_string_equal(timeline_column_period(4), "m4");
    assert_null(timeline_column_period(10));
    assert_string_equal(timeline_column_period(14), "w4");
    assert_string_equal(timeline_column_period(24), "m11");
    assert_string_equal(timeline_column_period(28), "m15-24");
    assert_null(timeline_column_period(29));
    assert_null(timeline_column_period(30));

    assert_int_equal(timeline_column_stage(0), STAGE_PRECONCEPTIE);
    assert_int_equal(timeline_column_stage(9), STAGE_ZWANGERSCHAP);
    assert_int_equal(timeline_column_stage(10), STAGE_BEVALLING);
    assert_int_equal(timeline_column_stage(25), STAGE_BABYFASE);
    assert_int_equal(timeline_column_stage(26), STAGE_PEUTERFASE);
    assert_int_equal(timeline_column_stage(29), STAGE_DERDE_JAAR);
    assert_int_equal(timeline_column_stage(30), STAGE_SCHOOLKIND);

    /* Every position is its stage id, then ':' and its period when it has one. */
    for (int c = 0; c < TIMELINE_COLUMNS; c++) {
        const char *stage = timeline_stage_ids[timeline_column_stage(c)];
        const char *period = timeline_column_period(c);
        const char *position = timeline_column_position(c);
        size_t n = strlen(stage);
        assert_memory_equal(position, stage, n);
        if (period) {
            assert_int_equal(position[n], ':');
            assert_string_equal(position + n + 1, period);
        } else {
            assert_int_equal(position[n], '\0');
        }
    }
}

static void test_stage_columns(void **state)
{
    (void)state;
    static const int first[STAGE_COUNT] = {0, 1, 10, 11, 26, 29, 30};
    static const int last[STAGE_COUNT] = {0, 9, 10, 25, 28, 29, 30};
    for (int s = 0; s < STAGE_COUNT; s++) {
        assert_int_equal(timeline_stage_first_column((Stage)s), first[s]);
        assert_int_equal(timeline_stage_last_column((Stage)s), last[s]);
        for (int c = first[s]; c <= last[s]; c++)
            assert_int_equal(timeline_column_stage(c), s);
    }
    /* The stages cover the row without gaps. */
    for (int s = 1; s < STAGE_COUNT; s++)
        assert_int_equal(timeline_stage_first_column((Stage)s), timeline_stage_last_column((Stage)(s - 1)) + 1);
    assert_int_equal(timeline_stage_last_column(STAGE_SCHOOLKIND), TIMELINE_COLUMNS - 1);
}

static void test_lookup(void **state)
{
    (void)state;
    assert_int_equal(timeline_lookup(timeline_stage_ids, STAGE_COUNT, "preconceptie"), STAGE_PRECONCEPTIE);
    assert_int_equal(timeline_lookup(timeline_stage_ids, STAGE_COUNT, "schoolkind"), STAGE_SCHOOLKIND);
    assert_int_equal(timeline_lookup(timeline_stage_ids, STAGE_COUNT, "derde-jaar"), STAGE_DERDE_JAAR);
    assert_int_equal(timeline_lookup(timeline_stage_ids, STAGE_COUNT, "zwangerschap:m4"), -1);
    assert_int_equal(timeline_lookup(timeline_stage_ids, STAGE_COUNT, ""), -1);
    assert_int_equal(timeline_lookup(timeline_lane_ids, LANE_COUNT, "basiszorg"), LANE_BASISZORG);
    assert_int_equal(timeline_lookup(timeline_lane_ids, LANE_COUNT, "steuntje"), LANE_STEUNTJE);
    assert_int_equal(timeline_lookup(timeline_lane_ids, LANE_COUNT, "extra-steun"), LANE_EXTRA_STEUN);
    assert_int_equal(timeline_lookup(timeline_lane_ids, LANE_COUNT, "digitaal"), LANE_DIGITAAL);
    assert_int_equal(timeline_lookup(timeline_lane_ids, LANE_COUNT, "Basiszorg"), -1);
    assert_int_equal(timeline_lookup(timeline_cost_ids, COST_COUNT, "eigen-risico"), COST_EIGEN_RISICO);
    assert_int_equal(timeline_lookup(timeline_cost_ids, COST_COUNT, "sociaal-netwerk"), COST_SOCIAAL_NETWERK);
    assert_int_equal(timeline_lookup(timeline_cost_ids, COST_COUNT, "gratis"), -1);
    assert_int_equal(timeline_lookup(timeline_audience_ids, AUDIENCE_COUNT, "extra-steun"), AUDIENCE_EXTRA_STEUN);
    assert_int_equal(timeline_lookup(timeline_audience_ids, AUDIENCE_COUNT, "digitaal"), -1);
    /* An empty list finds nothing. */
    assert_int_equal(timeline_lookup(timeline_lane_ids, 0, "basiszorg"), -1);
}

static void test_ids(void **state)
{
    (void)state;
    static const char *const stages[] = {"preconceptie", "zwangerschap", "bevalling", "babyfase",
                                         "peuterfase", "derde-jaar", "schoolkind"};
    static const char *const costs[] = {"eigen-risico", "eigen-bijdrage", "aanvullend-verzekerd",
                                        "vrij-verzekerd", "standaard", "sociaal-netwerk"};
    for (int s = 0; s < STAGE_COUNT; s++)
        assert_string_equal(timeline_stage_ids[s], stages[s]);
    for (int c = 0; c < COST_COUNT; c++)
        assert_string_equal(timeline_cost_ids[c], costs[c]);
    assert_string_equal(timeline_lane_ids[LANE_EXTRA_STEUN], "extra-steun");
    assert_string_equal(timeline_audience_ids[AUDIENCE_STEUNTJE], "steuntje");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stage_positions),
        cmocka_unit_test(test_period_positions),
        cmocka_unit_test(test_every_column_round_trips),
        cmocka_unit_test(test_unknown_stage),
        cmocka_unit_test(test_unknown_period),
        cmocka_unit_test(test_parse_without_suggestion_pointer),
        cmocka_unit_test(test_range_span),
        cmocka_unit_test(test_columns),
        cmocka_unit_test(test_stage_columns),
        cmocka_unit_test(test_lookup),
        cmocka_unit_test(test_ids),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
