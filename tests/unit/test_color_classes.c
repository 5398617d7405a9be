/* Colour class tables (src/color/classes.c): CSV and JSON parsing of every
 * field, malformed tables (each with the reason and the place reported), and
 * the label image's first-match rule, counts and overlap worked out by hand. */
#include <math.h>

#include "check.h"
#include "segkit/segkit.h"

static int parse(const char *text, segkit_color_class_table *t, char *err, size_t n)
{
    return segkit_color_classes_parse(text, strlen(text), t, err, n);
}

/* text must be refused with SEGKIT_ERR_CORRUPT and a message containing want */
static void bad(const char *text, const char *want, int line)
{
    segkit_color_class_table t;
    char err[256] = "(none)";
    int st = parse(text, &t, err, sizeof err);
    CHECKF(st == SEGKIT_ERR_CORRUPT, "line %d: status %d for %s", line, st, text);
    CHECKF(strstr(err, want) != NULL, "line %d: error '%s' lacks '%s'", line, err, want);
    CHECKF(t.classes == NULL && t.count == 0, "line %d: table not zeroed", line);
    segkit_color_classes_free(&t);
}
#define BAD(text, want) bad(text, want, __LINE__)

static int near(double a, double b, double tol) { return fabs(a - b) <= tol; }

static void test_csv(void)
{
    segkit_color_class_table t;
    char err[256];
    const char *csv = "# a comment\n"
                      "\n"
                      "saucer, #ff0000, range hsv H:340..20,S:50%..1; V:0..0.1\n"
                      "crema , rgb(255, 128, 0), range hsv-opencv H:5..20\n"
                      "cup,white,near white|#eeeeee 10 cmc\r\n"
                      "wood, #0a141e, near lab(50,0,0) 2.5\n";
    CHECKF(parse(csv, &t, err, sizeof err) == SEGKIT_OK, "%s", err);
    CHECK(t.count == 4);
    if (t.count != 4)
        return;
    const segkit_color_class *c = t.classes;
    CHECK(strcmp(c[0].name, "saucer") == 0 && c[0].id == 1 && !c[0].near);
    CHECK(c[0].display[0] == 1 && c[0].display[1] == 0 && c[0].display[2] == 0);
    CHECK(c[0].ranges.space.id == SEGKIT_SPACE_HSV && !c[0].ranges.opencv);
    CHECK(c[0].ranges.nterms == 2);
    /* term 1: H 340..20 (wraps), S 0.5..1; term 2: V 0..0.1 */
    CHECK(c[0].ranges.term[0].n == 2 && c[0].ranges.term[0].cond[0].channel == 0 &&
          c[0].ranges.term[0].cond[0].lo == 340 && c[0].ranges.term[0].cond[0].hi == 20);
    CHECK(c[0].ranges.term[0].cond[1].channel == 1 && c[0].ranges.term[0].cond[1].lo == 0.5);
    CHECK(c[0].ranges.term[1].n == 1 && c[0].ranges.term[1].cond[0].channel == 2 &&
          c[0].ranges.term[1].cond[0].hi == 0.1);
    CHECK(strcmp(c[1].name, "crema") == 0 && c[1].id == 2 && c[1].ranges.opencv == 1);
    CHECK(near(c[1].display[1], 128 / 255.0, 1e-12));
    CHECK(c[1].ranges.term[0].cond[0].lo == 5 && c[1].ranges.term[0].cond[0].hi == 20);
    /* near white and #eeeeee: white is L* 100, a* b* ~0 (skimage rgb2lab of
     * [1, 1, 1]: [100, -0.0017, 0.0050] with its D65 white) */
    CHECK(c[2].near && c[2].nref == 2 && c[2].tol == 10 && c[2].de.formula == SEGKIT_DECMC);
    CHECK(near(c[2].ref_lab[0][0], 100, 1e-3) && near(c[2].ref_lab[0][1], 0, 0.01) &&
          near(c[2].ref_lab[0][2], 0, 0.01));
    /* #eeeeee: L* of 238/255 = 116 Y^(1/3) - 16, Y = ((238/255 + 0.055)/1.055)^2.4 */
    double y = pow((238 / 255.0 + 0.055) / 1.055, 2.4);
    CHECK(near(c[2].ref_lab[1][0], 116 * cbrt(y) - 16, 1e-3));
    /* the default formula is 2000 */
    CHECK(strcmp(c[3].name, "wood") == 0 && near(c[3].display[2], 30 / 255.0, 1e-12));
    CHECK(c[3].de.formula == SEGKIT_DE2000 && c[3].tol == 2.5);
    CHECK(near(c[3].ref_lab[0][0], 50, 1e-6) && near(c[3].ref_lab[0][1], 0, 1e-6));
    segkit_color_classes_free(&t);
    CHECK(t.classes == NULL && t.count == 0);

    BAD("a,red\n", "line 1: expected NAME,DISPLAY,RULE");
    BAD("#\na,nocolour,range hsv H:0..1\n", "line 2: display colour 'nocolour'");
    BAD("a,red,range nospace H:0..1\n", "unknown colour space 'nospace'");
    BAD("a,red,range xyz-opencv X:0..1\n", "no OpenCV 8-bit encoding");
    BAD("a,red,range hsv Q:0..1\n", "range 'Q:0..1'");
    BAD("a,red,range hsv S:0.8..0.2\n", "range 'S:0.8..0.2'");
    BAD("a,red,range hsv H:0..1;\n", "an empty range term");
    BAD("a,red,range hsv\n", "an empty range term");
    BAD("a,red,near red\n", "expected near COLOR");
    BAD("a,red,near red -1\n", "expected near COLOR");
    BAD("a,red,near red 5 77\n", "expected near COLOR");
    BAD("a,red,near red|bogus 5\n", "'bogus' is not a colour");
    BAD("a,red,between red blue\n", "rule 'between'");
    BAD(",red,near red 1\n", "the name must have 1 to 63 bytes");
    BAD("# only comments\n\n", "no classes");
    BAD("", "no classes");
    /* 17 range terms, 17 colours */
    char many[2048] = "a,red,range hsv H:0..1";
    for (int i = 0; i < 16; i++)
        strcat(many, ";H:0..1");
    BAD(many, "more than 16 range terms");
    strcpy(many, "a,red,near red");
    for (int i = 0; i < 16; i++)
        strcat(many, "|red");
    strcat(many, " 1");
    BAD(many, "more than 16 reference colours");
    /* 256 classes */
    static char big[256 * 24 + 1];
    big[0] = '\0';
    for (int i = 0; i < 256; i++)
        strcat(big, "c,red,near red 1\n");
    BAD(big, "line 256: more than 255 classes");
    segkit_color_class_table t2;
    CHECK(segkit_color_classes_parse("a,red,near red 1\0x", 19, &t2, err, sizeof err) ==
          SEGKIT_ERR_CORRUPT);
    CHECK(strstr(err, "NUL") != NULL);
    CHECK(segkit_color_classes_parse(NULL, 1, &t2, err, sizeof err) == SEGKIT_ERR_ARG);
}

static void test_json(void)
{
    segkit_color_class_table t;
    char err[256];
    const char *json =
        "{\"classes\": [\n"
        "  {\"name\": \"saucer\", \"color\": \"#ff0000\", \"id\": 7,\n"
        "   \"range\": \"H:340..20,S:0.5..1\"},\n"
        "  {\"name\": \"crema\", \"colour\": [255, 128, 0], \"id\": 3, \"space\": \"hsv\",\n"
        "   \"opencv\": true, \"range\": [\"H:5..20\", \"H:170..10,V:200..255\"]},\n"
        "  {\"name\": \"cup\", \"color\": \"white\", \"id\": 12, \"near\": [\"white\", \"#eee\"],\n"
        "   \"tol\": 10, \"de\": \"cmc\"},\n"
        "  {\"name\": \"wood\", \"color\": \"rgb(10, 20, 30)\", \"id\": 4, \"near\": \"lab(50,0,0)\",\n"
        "   \"tol\": 2.5, \"de\": 94},\n"
        "  {\"name\": \"leaf\", \"color\": \"green\", \"id\": 5, \"space\": \"lab-d50\",\n"
        "   \"opencv\": false, \"range\": \"L:0..50\"}\n"
        "]}\n";
    CHECK(parse(json, &t, err, sizeof err) == SEGKIT_OK);
    if (t.count != 5) {
        fprintf(stderr, "json: %d classes (%s)\n", t.count, err);
        CHECK(0);
        return;
    }
    const segkit_color_class *c = t.classes;
    CHECK(c[0].id == 7 && strcmp(c[0].name, "saucer") == 0 && !c[0].near);
    CHECK(c[0].ranges.space.id == SEGKIT_SPACE_HSV && !c[0].ranges.opencv);
    CHECK(c[0].ranges.nterms == 1 && c[0].ranges.term[0].cond[0].lo == 340);
    CHECK(c[1].id == 3 && c[1].ranges.opencv == 1 && c[1].ranges.nterms == 2);
    CHECK(c[1].display[0] == 1 && near(c[1].display[1], 128 / 255.0, 1e-12) &&
          c[1].display[2] == 0);
    CHECK(c[1].ranges.term[1].n == 2 && c[1].ranges.term[1].cond[0].lo == 170 &&
          c[1].ranges.term[1].cond[0].hi == 10 && c[1].ranges.term[1].cond[1].lo == 200);
    CHECK(c[2].id == 12 && c[2].near && c[2].nref == 2 && c[2].tol == 10 &&
          c[2].de.formula == SEGKIT_DECMC);
    CHECK(near(c[2].ref_lab[0][0], 100, 1e-3));
    CHECK(c[3].id == 4 && c[3].de.formula == SEGKIT_DE94 && c[3].tol == 2.5 && c[3].nref == 1);
    CHECK(near(c[3].display[0], 10 / 255.0, 1e-12));
    CHECK(c[4].ranges.space.id == SEGKIT_SPACE_LAB && c[4].ranges.space.d50 == 1 &&
          !c[4].ranges.opencv);
    segkit_color_classes_free(&t);

    /* a bare array, ids by position, the default space hsv, de 2000 */
    CHECK(parse(" [{\"name\": \"a\", \"color\": \"red\", \"range\": \"V:0..0.5\"},"
                "{\"name\": \"b\", \"color\": \"blue\", \"near\": \"blue\", \"tol\": 0}]",
                &t, err, sizeof err) == SEGKIT_OK);
    CHECK(t.count == 2 && t.classes[0].id == 1 && t.classes[1].id == 2);
    CHECK(t.count == 2 && t.classes[0].ranges.space.id == SEGKIT_SPACE_HSV);
    CHECK(t.count == 2 && t.classes[1].de.formula == SEGKIT_DE2000 && t.classes[1].tol == 0);
    segkit_color_classes_free(&t);

    /* syntax: the reader's reason and place */
    BAD("[{\"name\": \"a\",}]", "line 1, column 15");
    BAD("[\n{\"name\": \"a\"\n", "line 3, column 1");
    BAD("[1] x", "line 1, column 5");
    BAD("{\"classes\": [], \"more\": 1}", "expected an array of classes or {\"classes\"");
    BAD("{\"klasses\": []}", "expected an array of classes or {\"classes\"");
    BAD("{\"classes\": {}}", "expected an array of classes");
    BAD("[]", "no classes");
    BAD("[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]", "nested deeper than 16");
    /* the classes' members, each with the class number and the member's place */
    BAD("[7]", "class 1: a class must be an object");
    BAD("[{\"color\": \"red\", \"range\": \"H:0..1\"}]", "class 1: 'name': a string");
    BAD("[{\"name\": 5, \"color\": \"red\", \"range\": \"H:0..1\"}]", "'name': a string");
    BAD("[{\"name\": \"a\\u0000b\", \"color\": \"red\", \"range\": \"H:0..1\"}]",
        "'name': a string");
    BAD("[{\"name\": \"0123456789012345678901234567890123456789012345678901234567890123\","
        " \"color\": \"red\", \"range\": \"H:0..1\"}]",
        "'name': a string of 1 to 63 bytes");
    BAD("[{\"name\": \"a\", \"range\": \"H:0..1\"}]", "'color': the display colour is required");
    BAD("[{\"name\": \"a\", \"color\": \"bogus\", \"range\": \"H:0..1\"}]",
        "display colour 'bogus'");
    BAD("[{\"name\": \"a\", \"color\": [1, 2], \"range\": \"H:0..1\"}]", "[R, G, B]");
    BAD("[{\"name\": \"a\", \"color\": [1, 2, 256], \"range\": \"H:0..1\"}]", "[R, G, B]");
    BAD("[{\"name\": \"a\", \"color\": [1, 2.5, 3], \"range\": \"H:0..1\"}]", "[R, G, B]");
    BAD("[{\"name\": \"a\", \"color\": \"red\", \"rnage\": \"H:0..1\"}]",
        "line 1, column 41: class 1: unknown member 'rnage'");
    BAD("[{\"name\": \"a\", \"color\": \"red\"}]", "give one rule");
    BAD("[{\"name\": \"a\", \"color\": \"red\", \"range\": \"H:0..1\", \"near\": \"red\", "
        "\"tol\": 1}]", "give one rule");
    BAD("[{\"name\": \"a\", \"color\": \"red\", \"range\": \"Q:0..1\"}]", "range 'Q:0..1'");
    BAD("[{\"name\": \"a\", \"color\": \"red\", \"range\": []}]", "'range': a string or an array");
    BAD("[{\"name\": \"a\", \"color\": \"red\", \"range\": \" \"}]", "an empty range term");
    BAD("[{\"name\": \"a\", \"color\": \"red\", \"range\": [\"H:0..1\", 3]}]",
        "'range': a string or an array");
    BAD("[{\"name\": \"a\", \"color\": \"red\", \"range\": \"H:0..1\", \"space\": \"nope\"}]",
        "unknown colour space 'nope'");
    BAD("[{\"name\": \"a\", \"color\": \"red\", \"range\": \"H:0..1\", \"space\": 1}]",
        "'space': a colour space name");
    BAD("[{\"name\": \"a\", \"color\": \"red\", \"range\": \"H:0..1\", \"opencv\": 1}]",
        "'opencv': true or false");
    BAD("[{\"name\": \"a\", \"color\": \"red\", \"range\": \"X:0..1\", \"space\": \"xyz\", "
        "\"opencv\": true}]", "no OpenCV 8-bit encoding");
    BAD("[{\"name\": \"a\", \"color\": \"red\", \"range\": \"H:0..1\", \"tol\": 1}]",
        "'tol' and 'de' belong to a 'near' rule");
    BAD("[{\"name\": \"a\", \"color\": \"red\", \"near\": \"red\", \"tol\": 1, \"space\": "
        "\"hsv\"}]", "'space' and 'opencv' belong to a 'range' rule");
    BAD("[{\"name\": \"a\", \"color\": \"red\", \"near\": \"red\"}]", "'tol': a number >= 0");
    BAD("[{\"name\": \"a\", \"color\": \"red\", \"near\": \"red\", \"tol\": -1}]",
        "'tol': a number >= 0");
    BAD("[{\"name\": \"a\", \"color\": \"red\", \"near\": \"red\", \"tol\": \"5\"}]",
        "'tol': a number >= 0");
    BAD("[{\"name\": \"a\", \"color\": \"red\", \"near\": \"red\", \"tol\": 1, \"de\": 77}]",
        "'de': 76, 94, 2000");
    BAD("[{\"name\": \"a\", \"color\": \"red\", \"near\": \"red\", \"tol\": 1, \"de\": true}]",
        "'de': 76, 94, 2000");
    BAD("[{\"name\": \"a\", \"color\": \"red\", \"near\": [\"red\", \"nocolour\"], \"tol\": 1}]",
        "'nocolour' is not a colour");
    BAD("[{\"name\": \"a\", \"color\": \"red\", \"near\": 5, \"tol\": 1}]",
        "'near': a string or an array");
    BAD("[{\"name\": \"a\", \"color\": \"red\", \"id\": 0, \"near\": \"red\", \"tol\": 1}]",
        "'id': an integer 1..2147483647");
    BAD("[{\"name\": \"a\", \"color\": \"red\", \"id\": 1.5, \"near\": \"red\", \"tol\": 1}]",
        "'id': an integer");
    BAD("[{\"name\": \"a\", \"color\": \"red\", \"id\": 2, \"near\": \"red\", \"tol\": 1},\n"
        " {\"name\": \"b\", \"color\": \"red\", \"id\": 2, \"near\": \"red\", \"tol\": 1}]",
        "line 2, column 2: class 2: id 2 is also class 1's");
    BAD("[{\"name\": \"a\", \"color\": \"red\", \"id\": 2, \"near\": \"red\", \"tol\": 1},\n"
        " {\"name\": \"b\", \"color\": \"red\", \"near\": \"red\", \"tol\": 1}]",
        "class 2: give every class an 'id' or none");
    /* 17 terms in an array, 256 classes */
    char many[2048] = "[{\"name\": \"a\", \"color\": \"red\", \"range\": [\"H:0..1\"";
    for (int i = 0; i < 16; i++)
        strcat(many, ", \"H:0..1\"");
    strcat(many, "]}]");
    BAD(many, "'range': a string or an array of 1 to 16 strings");
    static char big[256 * 64 + 8];
    strcpy(big, "[");
    for (int i = 0; i < 256; i++)
        strcat(big, i ? ",{\"name\":\"c\",\"color\":\"red\",\"near\":\"red\",\"tol\":1}"
                      : "{\"name\":\"c\",\"color\":\"red\",\"near\":\"red\",\"tol\":1}");
    strcat(big, "]");
    BAD(big, "more than 255 classes");
}

/* 4 x 1 pixels: red (255,0,0), orange (255,165,0), white, black; by hand:
 * HSV of red H 0 S 1 V 1, orange H 38.82 S 1 V 1, white H 0 S 0 V 1, black
 * V 0.  Classes, in order: A hue 340..20 with S >= 0.5 -> red; B V >= 0.9 ->
 * red (already A: an overlap), orange, white; C near black within 1 ->
 * black.  Labels A B B C, overlap 1. */
static void test_labels(void)
{
    segkit_image img;
    CHECK(segkit_image_create(&img, 4, 1, 3, SEGKIT_U8) == SEGKIT_OK);
    const uint8_t px[12] = {255, 0, 0, 255, 165, 0, 255, 255, 255, 0, 0, 0};
    memcpy(segkit_image_row(&img, 0), px, 12);
    const char *tables[2] = {
        "A,red,range hsv H:340..20,S:0.5..1\nB,blue,range hsv V:0.9..1\nC,gray,near black 1\n",
        "[{\"name\":\"A\",\"color\":\"red\",\"id\":10,\"range\":\"H:340..20,S:0.5..1\"},"
        "{\"name\":\"B\",\"color\":\"blue\",\"id\":20,\"range\":\"V:0.9..1\"},"
        "{\"name\":\"C\",\"color\":\"gray\",\"id\":30,\"near\":\"black\",\"tol\":1}]"};
    const int32_t want[2][4] = {{1, 2, 2, 3}, {10, 20, 20, 30}};
    for (int i = 0; i < 2; i++) {
        segkit_color_class_table t;
        segkit_image labels;
        int64_t counts[4], overlap = -1;
        char err[256];
        CHECK(parse(tables[i], &t, err, sizeof err) == SEGKIT_OK);
        CHECK(segkit_color_classes(&img, &t, &labels, counts, &overlap) == SEGKIT_OK);
        const int32_t *l = segkit_image_row(&labels, 0);
        for (int x = 0; x < 4; x++)
            CHECKF(l[x] == want[i][x], "table %d pixel %d: %d, want %d", i, x, l[x],
                   want[i][x]);
        CHECK(counts[0] == 0 && counts[1] == 1 && counts[2] == 2 && counts[3] == 1);
        CHECK(overlap == 1);
        /* B first: B takes red, orange, white; A matches only red (overlap) */
        segkit_color_class tmp = t.classes[0];
        t.classes[0] = t.classes[1];
        t.classes[1] = tmp;
        segkit_image_free(&labels);
        CHECK(segkit_color_classes(&img, &t, &labels, counts, &overlap) == SEGKIT_OK);
        l = segkit_image_row(&labels, 0);
        CHECK(l[0] == want[i][1] && l[1] == want[i][1] && l[2] == want[i][1] &&
              l[3] == want[i][3]);
        CHECK(counts[1] == 3 && counts[2] == 0 && overlap == 1);
        segkit_image_free(&labels);
        segkit_color_classes_free(&t);
    }
    /* hsv-opencv on 16-bit input: refused with a type error */
    segkit_color_class_table t;
    segkit_image img16, labels;
    CHECK(parse("a,red,range hsv-opencv H:0..10\n", &t, NULL, 0) == SEGKIT_OK);
    CHECK(segkit_image_create(&img16, 2, 2, 3, SEGKIT_U16) == SEGKIT_OK);
    CHECK(segkit_color_classes(&img16, &t, &labels, NULL, NULL) == SEGKIT_ERR_TYPE);
    CHECK(labels.data == NULL);
    segkit_image gray;
    CHECK(segkit_image_create(&gray, 2, 2, 1, SEGKIT_U8) == SEGKIT_OK);
    CHECK(segkit_color_classes(&gray, &t, &labels, NULL, NULL) == SEGKIT_ERR_TYPE);
    segkit_image_free(&gray);
    segkit_image_free(&img16);
    segkit_color_classes_free(&t);
    segkit_image_free(&img);
}

int main(void)
{
    test_csv();
    test_json();
    test_labels();
    return check_done();
}
