/* Edge filters and Canny against stored scikit-image 0.19.3 and OpenCV 4.6
 * outputs (the Python calls are beside each table; run by hand, not by
 * segkit), plus the bit-depth invariance of the native Canny. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "segkit/segkit.h"

/* ref_img below; every ref_* table is skimage.filters.<name>(ref_img) with
 * default arguments (ref_sobel_x: sobel(ref_img, axis=1)), printed with
 * repr(float). */
static const uint8_t ref_img[6 * 7] = {
    10, 20, 30, 40, 50, 60, 70,    12, 200, 34, 41, 52, 61, 90,
    15, 25, 250, 45, 55, 65, 75,   9, 22, 33, 255, 0, 66, 77,
    11, 21, 31, 44, 128, 64, 74,   13, 23, 35, 46, 57, 67, 99};
/* skimage.filters.sobel */
static const double ref_sobel[6 * 7] = {
    0.19865948292903535, 0.26001656115001576, 0.14790930541976655, 0.054356534414231814, 0.055615116092873854, 0.06994532934014497, 0.0588316987791274,
    0.2748737083745107, 0.26363800575346186, 0.3666876370222266, 0.18927663348412402, 0.057166195047502935, 0.08160255704582278, 0.05582212096269316,
    0.2006932429798716, 0.43616764498627353, 0.08246957194044346, 0.38263564209581435, 0.11980456339483414, 0.11401669950600984, 0.047808569961712184,
    0.0337630889367109, 0.2641333678014937, 0.46778680034877623, 0.15314215050797358, 0.25469448569953695, 0.09630824855092403, 0.029247909588580978,
    0.031141921910330567, 0.05987620190040185, 0.2526484093795459, 0.2793429567839608, 0.11009240814611605, 0.05666802359458207, 0.06375564897211415,
    0.028278833533050895, 0.06002050143142732, 0.06431850771316362, 0.12114489721289459, 0.11104428978791353, 0.057098901092396195, 0.09123443234613209};
/* skimage.filters.scharr */
static const double ref_scharr[6 * 7] = {
    0.15520648274985713, 0.3201040446243251, 0.10781221704686247, 0.05463542620161591, 0.05564211346152485, 0.0661428745512496, 0.05909303051364371,
    0.3365080935722054, 0.21196729711022347, 0.4628979994149473, 0.13915116048126708, 0.057166195047502956, 0.08775742053905959, 0.062223050366598545,
    0.15718200507114455, 0.5313996809511957, 0.07508325508497944, 0.48725792252584876, 0.058263778766795435, 0.09774004598818828, 0.046541529783811944,
    0.03474691547939996, 0.21315822925641612, 0.5724155956040455, 0.1331313348766114, 0.3314300115510196, 0.12115134345104188, 0.029592987443065967,
    0.030801520419140326, 0.05877959960953793, 0.2021739428131964, 0.36917728927309795, 0.053511138517187355, 0.05327655660836761, 0.06390481932009288,
    0.028278833533050895, 0.060325991893729544, 0.06441183931711437, 0.10480485013987288, 0.13356313997742988, 0.06913328984437149, 0.09656862745098042};
/* skimage.filters.prewitt */
static const double ref_prewitt[6 * 7] = {
    0.25668889325246697, 0.1812238099411594, 0.2033215573616906, 0.05399974526989501, 0.05558246176593281, 0.07516624035549055, 0.05905546142785105,
    0.19275838446040564, 0.33279335990050274, 0.23936385996330733, 0.2574018523912013, 0.05716619504750294, 0.07341821657587864, 0.04736645995292402,
    0.2587723591062479, 0.30945486527125876, 0.09271374874926884, 0.24458945054213224, 0.20687074709094336, 0.1365528262469031, 0.050126926768141206,
    0.0324567556024448, 0.33246073148737176, 0.32855995271890726, 0.18200003332990336, 0.15256083650206256, 0.07672434295858398, 0.02878786345822908,
    0.03161669705215117, 0.06134745113860034, 0.32056408269169123, 0.15981962578382142, 0.19543467306435822, 0.09527699174583823, 0.06426535191258484,
    0.028278833533050895, 0.05961701569145819, 0.06420549903394934, 0.14351131473943976, 0.08370097042395878, 0.04846307166514153, 0.0841336680001622};
/* skimage.filters.roberts */
static const double ref_roberts[6 * 7] = {
    0.5273306955199213, 0.4730003539863404, 0.034745186562096755, 0.04159451654038515, 0.03771643933661047, 0.08685190035431412, 0.07843137254901955,
    0.5142640493901883, 0.14087658781714552, 0.5803524098737678, 0.04340381102191895, 0.03970285633591485, 0.07945411603668552, 0.058823529411764656,
    0.04842780013815085, 0.6326257201592401, 0.036048581001667135, 0.568458392718597, 0.18280567875775156, 0.04159451654038516, 0.007843137254901933,
    0.0451406448361621, 0.04159451654038514, 0.6218932782394545, 0.3727037862224016, 0.24708994512977822, 0.04232751597043705, 0.011764705882352953,
    0.03999230991053164, 0.04471276176859365, 0.04850712500726659, 0.23022313366077582, 0.17026112428307769, 0.09897591736567814, 0.09803921568627454,
    0.0392156862745098, 0.04705882352941177, 0.04313725490196076, 0.04313725490196076, 0.03921568627450983, 0.12549019607843134, 0.0};
/* skimage.filters.farid */
static const double ref_farid[6 * 7] = {
    0.04676344159237085, 0.062370305212086155, 0.052499165102114866, 0.022469863353430028, 0.02690949024288339, 0.03043344652508408, 0.01680385186401316,
    0.06331700374960163, 0.08367124803691967, 0.09392527038508539, 0.07951448811054126, 0.021685061438068632, 0.032315867279501316, 0.018232208991070784,
    0.07229708052481533, 0.12395496196182089, 0.031903328149260606, 0.08895941035703919, 0.05237425834533072, 0.02242549569187562, 0.0185609688134678,
    0.03970934135226403, 0.11632103114161405, 0.12434323341319711, 0.03406058714818257, 0.05897401241081567, 0.015803156279834443, 0.014376462845592701,
    0.014013446330323358, 0.05326656432406094, 0.10055189807017598, 0.08225031352021306, 0.025123081971977476, 0.012739682144023119, 0.02112862012692697,
    0.011379119345740214, 0.028971151808052167, 0.04531070193581311, 0.05406460868420181, 0.03439616912467746, 0.023571294251048598, 0.02041159368464868};
/* skimage.filters.laplace */
static const double ref_laplace[6 * 7] = {
    -0.047058823529411764, -0.7058823529411764, -0.015686274509803894, -0.003921568627450994, -0.007843137254901933, -0.003921568627451022, -0.039215686274509665,
    -0.7411764705882353, 2.780392156862745, -1.5098039215686274, -0.027450980392156876, 0.003921568627451022, -0.09019607843137256, 0.2509803921568627,
    -0.003921568627450994, -1.5176470588235293, 3.384313725490196, -1.6509803921568627, 0.22745098039215694, 0.011764705882352955, -0.027450980392156765,
    -0.08235294117647059, 1.3877787807814457e-17, -1.6705882352941177, 3.5215686274509808, -1.9764705882352942, 0.22745098039215678, 0.06274509803921563,
    -0.0392156862745098, -0.011764705882352927, -0.03529411764705881, -1.1137254901960785, 1.3607843137254902, -0.3098039215686274, -0.07058823529411778,
    -0.03137254901960784, -1.3877787807814457e-17, 0.019607843137254916, 0.00784313725490196, -0.2745098039215687, -0.07450980392156858, 0.22352941176470592};
/* skimage.filters.sobel_x */
static const double ref_sobel_x[6 * 7] = {
    0.21372549019607842, 0.08039215686274509, -0.09705882352941178, 0.07647058823529412, 0.0784313725490196, 0.09607843137254903, 0.05784313725490198,
    0.38823529411764707, 0.29313725490196074, -0.27254901960784317, -0.13627450980392156, 0.0784313725490196, 0.11372549019607843, 0.07647058823529412,
    0.21666666666666667, 0.5058823529411764, 0.11176470588235293, -0.39705882352941174, -0.1264705882352941, 0.15196078431372548, 0.05882352941176472,
    0.045098039215686274, 0.29705882352941176, 0.49901960784313726, -0.16078431372549018, -0.3313725490196079, 0.11764705882352941, 0.0411764705882353,
    0.042156862745098035, 0.08431372549019608, 0.2960784313725491, 0.17941176470588233, -0.12549019607843143, 0.0107843137254902, 0.06176470588235293,
    0.0392156862745098, 0.08431372549019608, 0.09019607843137253, 0.15980392156862744, 0.08137254901960786, 0.07058823529411766, 0.10392156862745097};
/* 16 x 18: 40 + 4x, +120 inside (y-7.5)^2 + (x-6.3)^2 < 20, rows 11..13 x 10..16 = 15 */
static const uint8_t canny_img[16 * 18] = {
    40, 44, 48, 52, 56, 60, 64, 68, 72, 76, 80, 84, 88, 92, 96, 100, 104, 108,
    40, 44, 48, 52, 56, 60, 64, 68, 72, 76, 80, 84, 88, 92, 96, 100, 104, 108,
    40, 44, 48, 52, 56, 60, 64, 68, 72, 76, 80, 84, 88, 92, 96, 100, 104, 108,
    40, 44, 48, 52, 56, 60, 64, 68, 72, 76, 80, 84, 88, 92, 96, 100, 104, 108,
    40, 44, 48, 52, 176, 180, 184, 188, 192, 196, 80, 84, 88, 92, 96, 100, 104, 108,
    40, 44, 48, 172, 176, 180, 184, 188, 192, 196, 200, 84, 88, 92, 96, 100, 104, 108,
    40, 44, 48, 172, 176, 180, 184, 188, 192, 196, 200, 84, 88, 92, 96, 100, 104, 108,
    40, 44, 168, 172, 176, 180, 184, 188, 192, 196, 200, 84, 88, 92, 96, 100, 104, 108,
    40, 44, 168, 172, 176, 180, 184, 188, 192, 196, 200, 84, 88, 92, 96, 100, 104, 108,
    40, 44, 48, 172, 176, 180, 184, 188, 192, 196, 200, 84, 88, 92, 96, 100, 104, 108,
    40, 44, 48, 172, 176, 180, 184, 188, 192, 196, 200, 84, 88, 92, 96, 100, 104, 108,
    40, 44, 48, 52, 176, 180, 184, 188, 192, 196, 15, 15, 15, 15, 15, 15, 15, 108,
    40, 44, 48, 52, 56, 60, 64, 68, 72, 76, 15, 15, 15, 15, 15, 15, 15, 108,
    40, 44, 48, 52, 56, 60, 64, 68, 72, 76, 15, 15, 15, 15, 15, 15, 15, 108,
    40, 44, 48, 52, 56, 60, 64, 68, 72, 76, 80, 84, 88, 92, 96, 100, 104, 108,
    40, 44, 48, 52, 56, 60, 64, 68, 72, 76, 80, 84, 88, 92, 96, 100, 104, 108};
/* cv2.Canny(canny_img, 60, 120) (OpenCV 4.6) */
static const char *const cv_l1[16] = {
    "000000000000000000",
    "000000000000000000",
    "000000000000000000",
    "000001111000000000",
    "000110000110000000",
    "000100000010000000",
    "001000000010000000",
    "001000000010000000",
    "001000000010000000",
    "001000000010000000",
    "000100000011111110",
    "000111111110000010",
    "000000000100000010",
    "000000000010000010",
    "000000000001111110",
    "000000000000000000"};
/* cv2.Canny(canny_img, 200, 600, apertureSize=5, L2gradient=True) */
static const char *const cv_l2_5[16] = {
    "000000000000000000",
    "000000000000000000",
    "000000000000000000",
    "000000110000000000",
    "000111001110000000",
    "000100000010000000",
    "001100000010000000",
    "001000000010000000",
    "001000000010000000",
    "001100000010000000",
    "000100000011111000",
    "000111111110000110",
    "000000000000000010",
    "000000000010000110",
    "000000000001111000",
    "000000000000000000"};
/* skimage.feature.canny(canny_img, sigma=1, low_threshold=20, high_threshold=40) (0.19.3) */
static const char *const sk_1[16] = {
    "000000000000000000",
    "000000000000000000",
    "000000000000000000",
    "000000000000000000",
    "000111111110000000",
    "000100000010000000",
    "001000000010000000",
    "001000000010000000",
    "001000000010000000",
    "001000000010000000",
    "000100000011111100",
    "000111111110000110",
    "000000000000000010",
    "000000000000000110",
    "000000000001111100",
    "000000000000000000"};
/* skimage.feature.canny(canny_img, sigma=1.5, low_threshold=0.7, high_threshold=0.9, use_quantiles=True) */
static const char *const sk_q[16] = {
    "000000000000000000",
    "000000000000000000",
    "000000000000000000",
    "000000000000000000",
    "000111111100000000",
    "000100000010000000",
    "001100000010000000",
    "001000000010000000",
    "001000000010000000",
    "001100000001000000",
    "000100000011000000",
    "000111111110000000",
    "000000000000000000",
    "000000000000000000",
    "000000000000000000",
    "000000000000000000"};

static void wrap_u8(segkit_image *img, const uint8_t *data, int w, int h)
{
    segkit_image_wrap(img, (void *)data, w, h, 1, SEGKIT_U8, (size_t)w);
}

static void check_filter(segkit_edges_method m, segkit_edges_output o, const double *ref,
                         const char *name)
{
    segkit_image in, out;
    wrap_u8(&in, ref_img, 7, 6);
    segkit_edges_params p = segkit_edges_params_default();
    p.method = m;
    p.output = o;
    CHECK(segkit_edges_filter(&in, &p, &out) == SEGKIT_OK);
    double worst = 0;
    for (int i = 0; i < 42; i++) {
        double d = fabs(((float *)out.data)[i] - ref[i]);
        worst = d > worst ? d : worst;
    }
    CHECKF(worst < 1e-6, "%s: max difference %g", name, worst);
    segkit_image_free(&out);
}

/* differing pixels between a mask and a table of '0'/'1' rows */
static int differ(const segkit_image *m, const char *const *rows)
{
    int n = 0;
    for (int y = 0; y < m->height; y++) {
        const uint8_t *r = segkit_image_row(m, y);
        for (int x = 0; x < m->width; x++)
            n += (r[x] != 0) != (rows[y][x] == '1');
    }
    return n;
}

static void check_canny(segkit_canny_params p, const char *const *rows, const char *name)
{
    segkit_image in, out;
    wrap_u8(&in, canny_img, 18, 16);
    segkit_canny_result r;
    CHECK(segkit_edges_canny(&in, NULL, &p, &out, &r) == SEGKIT_OK);
    int d = differ(&out, rows);
    CHECKF(d == 0, "%s: %d pixels differ", name, d);
    segkit_image_free(&out);
}

/* a 64 x 48 test card: ramp, discs, a bar and a stripe pattern */
static void card(uint8_t *px)
{
    for (int y = 0; y < 48; y++)
        for (int x = 0; x < 64; x++) {
            int v = 30 + 2 * x;
            if ((x - 20) * (x - 20) + (y - 20) * (y - 20) < 100)
                v += 90;
            if ((x - 45) * (x - 45) + 2 * (y - 30) * (y - 30) < 120)
                v -= 25;
            if (y > 38 && (x / 3) % 2)
                v = 200;
            px[y * 64 + x] = (uint8_t)(v > 255 ? 255 : v);
        }
}

static void check_depths(segkit_canny_params p, const char *name)
{
    static uint8_t a[64 * 48];
    static uint16_t b[64 * 48];
    static float f[64 * 48];
    card(a);
    for (int i = 0; i < 64 * 48; i++) {
        b[i] = (uint16_t)(a[i] * 257);
        f[i] = (float)(a[i] / 255.0);
    }
    segkit_image i8, i16, i32f, o8, o16, o32;
    wrap_u8(&i8, a, 64, 48);
    segkit_image_wrap(&i16, b, 64, 48, 1, SEGKIT_U16, 128);
    segkit_image_wrap(&i32f, f, 64, 48, 1, SEGKIT_F32, 256);
    segkit_canny_params q16 = p, qf = p;
    if (p.threshold_kind == SEGKIT_CANNY_ABSOLUTE) {
        q16.low *= 257, q16.high *= 257;
        qf.low /= 255, qf.high /= 255;
    }
    segkit_canny_result r8, r16, rf;
    CHECK(segkit_edges_canny(&i8, NULL, &p, &o8, &r8) == SEGKIT_OK);
    CHECK(segkit_edges_canny(&i16, NULL, &q16, &o16, &r16) == SEGKIT_OK);
    CHECK(segkit_edges_canny(&i32f, NULL, &qf, &o32, &rf) == SEGKIT_OK);
    CHECKF(r8.edge_pixels > 50, "%s: only %lld edge pixels", name, (long long)r8.edge_pixels);
    CHECKF(memcmp(o8.data, o16.data, 64 * 48) == 0, "%s: 16-bit x257 differs", name);
    CHECKF(memcmp(o8.data, o32.data, 64 * 48) == 0, "%s: float /255 differs", name);
    CHECK(fabs(r16.high - 257 * r8.high) < 1e-6 * r16.high);
    segkit_image_free(&o8);
    segkit_image_free(&o16);
    segkit_image_free(&o32);
}

/* Edges to regions on a drawing: three shapes painted in order (a
 * rectangle, an ellipse over it, a rectangle over both), each filled and
 * outlined by its 1-pixel inner boundary, then the outlines cut by gaps of
 * GAP pixels.  truth[i] = the shape visible at i (0: background). */
#define RW 260
#define RH 220
static int inside(int k, int x, int y)
{
    switch (k) {
    case 1: return x >= 20 && x < 140 && y >= 20 && y < 130;
    case 2: return (x - 150) * (x - 150) * 49 + (y - 110) * (y - 110) * 100 < 49 * 100 * 64;
    default: return x >= 110 && x < 230 && y >= 120 && y < 205;
    }
}

static void drawing(int gap, uint8_t *E, int32_t *truth)
{
    memset(E, 0, RW * RH);
    memset(truth, 0, RW * RH * sizeof *truth);
    for (int k = 1; k <= 3; k++)
        for (int y = 0; y < RH; y++)
            for (int x = 0; x < RW; x++) {
                if (!inside(k, x, y))
                    continue;
                truth[y * RW + x] = k;
                E[y * RW + x] = !inside(k, x - 1, y) || !inside(k, x + 1, y) ||
                                !inside(k, x, y - 1) || !inside(k, x, y + 1);
            }
    /* gaps: on the top side of 1, the left arc of 2 (a horizontal cut of
     * gap rows), the bottom of 3 and 3's top side inside 2 */
    for (int i = 0; i < gap; i++) {
        E[20 * RW + 60 + i] = 0;
        E[(204) * RW + 170 + i] = 0;
        E[120 * RW + 200 + i] = 0;
        for (int x = 70; x < 100; x++)
            if (E[(108 + i) * RW + x])
                E[(108 + i) * RW + x] = 0;
    }
    for (int i = 0; i < RW * RH; i++)
        E[i] *= 255;
}

/* best IoU between shape k and any region */
static double best_iou(const int32_t *lab, int32_t count, const int32_t *truth, int k)
{
    double best = 0;
    for (int32_t r = 1; r <= count; r++) {
        long inter = 0, uni = 0;
        for (int i = 0; i < RW * RH; i++) {
            int a = lab[i] == r, b = truth[i] == k;
            inter += a && b;
            uni += a || b;
        }
        if (uni && (double)inter / uni > best)
            best = (double)inter / uni;
    }
    return best;
}

static void check_regions(void)
{
    static uint8_t E[RW * RH];
    static int32_t truth[RW * RH];
    for (int gap = 1; gap <= 3; gap++) {
        drawing(gap, E, truth);
        segkit_image em, lab;
        wrap_u8(&em, E, RW, RH);
        for (int mode = SEGKIT_REGIONS_CLOSE; mode <= SEGKIT_REGIONS_LINK; mode++) {
            segkit_regions_params p = segkit_regions_params_default();
            p.mode = (segkit_regions_mode)mode;
            p.min_area = 50;
            int32_t count = 0;
            /* without bridging the shapes leak into one another */
            p.gap = 0;
            CHECK(segkit_edges_regions(&em, NULL, &p, &lab, &count) == SEGKIT_OK);
            CHECKF(best_iou(lab.data, count, truth, 1) < 0.95,
                   "gap %d unbridged: shape 1 came back whole", gap);
            segkit_image_free(&lab);
            for (int g = gap; g <= 4; g++) {
                p.gap = g;
                CHECK(segkit_edges_regions(&em, NULL, &p, &lab, &count) == SEGKIT_OK);
                CHECKF(count == 4, "%s gap %d --gap %d: %d regions",
                       segkit_regions_mode_name(p.mode), gap, g, count);
                for (int k = 0; k <= 3; k++) {
                    double iou = best_iou(lab.data, count, truth, k);
                    CHECKF(iou >= 0.95, "%s gap %d --gap %d: shape %d IoU %.4f",
                           segkit_regions_mode_name(p.mode), gap, g, k, iou);
                }
                segkit_image_free(&lab);
            }
        }
    }
}

/* soft map (brightness cue only: the texture cue sees the step's own
 * pixels as a thin textured band, and marks its sides) of one vertical step
 * (LEFT -> RIGHT at x = 20) on a 40 x 20 image: row 10's largest value, on the step (column 19 or 20; skimage's
 * NMS keeps both pixels of a symmetric pair), is below 1, and the rest of
 * the row stays under a quarter of it */
static double soft_step(uint8_t *px, int left, int right)
{
    for (int y = 0; y < 20; y++)
        for (int x = 0; x < 40; x++)
            px[y * 40 + x] = (uint8_t)(x < 20 ? left : right);
    segkit_image in, out;
    wrap_u8(&in, px, 40, 20);
    segkit_soft_params p = segkit_soft_params_default();
    p.texture = 0;
    CHECK(segkit_edges_soft(&in, &p, &out) == SEGKIT_OK);
    const float *v = segkit_image_row(&out, 10);
    double step = v[19] > v[20] ? v[19] : v[20], rest = 0;
    for (int x = 0; x < 40; x++)
        if (x < 18 || x > 21)
            rest = v[x] > rest ? v[x] : rest;
    CHECKF(step > 0 && step < 1 && rest < 0.25 * step, "step %d -> %d: %g on the step, %g elsewhere",
           left, right, step, rest);
    segkit_image_free(&out);
    return step;
}

/* The soft map: single steps (soft_step); a step whose sides fall in
 * different histogram bins (100 -> 200) scores above one inside a bin
 * (100 -> 104); a flat image has no boundary at all; the features: the
 * brightness cue is 0 far from a step and positive at it, the colour cues
 * are 0 (gray input) */
static void check_soft(void)
{
    static uint8_t px[20 * 40];
    double small = soft_step(px, 100, 104), big = soft_step(px, 100, 200);
    CHECKF(big > small, "100 -> 200: %g, 100 -> 104: %g", big, small);
    soft_step(px, 200, 30);
    segkit_image in, out;
    wrap_u8(&in, px, 40, 20);
    segkit_soft_params p = segkit_soft_params_default();
    static float feat[16 * 20 * 40];
    static uint8_t mx[20 * 40];
    CHECK(segkit_edges_soft_features(&in, &p, feat, mx) == SEGKIT_OK);
    const float *fL = feat + (size_t)(0 * SEGKIT_SOFT_MAX_SCALES + 0) * 800;  /* L, sigma 2 */
    const float *fa = feat + (size_t)(1 * SEGKIT_SOFT_MAX_SCALES + 0) * 800;  /* a*, sigma 2 */
    CHECK(fL[10 * 40 + 2] == 0 && fL[10 * 40 + 37] == 0 && fL[10 * 40 + 20] > 0);
    CHECK(fa[10 * 40 + 20] == 0);
    CHECK(mx[10 * 40 + 19] || mx[10 * 40 + 20]);
    memset(px, 77, sizeof px);
    CHECK(segkit_edges_soft(&in, &p, &out) == SEGKIT_OK);
    int nz = 0;
    for (int y = 0; y < 20; y++)
        for (int x = 0; x < 40; x++)
            nz += ((const float *)segkit_image_row(&out, y))[x] != 0;
    CHECKF(nz == 0, "flat image: %d boundary pixels", nz);
    segkit_image_free(&out);
    p.length = -1;
    CHECK(segkit_edges_soft(&in, &p, &out) == SEGKIT_ERR_ARG);
    p = segkit_soft_params_default();
    p.sigmas[0] = 0;
    CHECK(segkit_edges_soft(&in, &p, &out) == SEGKIT_ERR_ARG);
}

int main(void)
{
    check_regions();
    check_soft();
    check_filter(SEGKIT_EDGES_SOBEL, SEGKIT_EDGES_MAGNITUDE, ref_sobel, "sobel");
    check_filter(SEGKIT_EDGES_SCHARR, SEGKIT_EDGES_MAGNITUDE, ref_scharr, "scharr");
    check_filter(SEGKIT_EDGES_PREWITT, SEGKIT_EDGES_MAGNITUDE, ref_prewitt, "prewitt");
    check_filter(SEGKIT_EDGES_ROBERTS, SEGKIT_EDGES_MAGNITUDE, ref_roberts, "roberts");
    check_filter(SEGKIT_EDGES_FARID, SEGKIT_EDGES_MAGNITUDE, ref_farid, "farid");
    check_filter(SEGKIT_EDGES_LAPLACE, SEGKIT_EDGES_MAGNITUDE, ref_laplace, "laplace");
    check_filter(SEGKIT_EDGES_SOBEL, SEGKIT_EDGES_X, ref_sobel_x, "sobel x");

    /* hand-worked: columns 0, 0, 255, 255, 255 give gx = I[x+1] - I[x-1] =
     * 1 - 0 at x = 1 and 2 (times the smoothing, which sums to 1), 0 at x = 0
     * (symmetric border: I[-1] = I[0]), gy = 0, magnitude 1 / sqrt(2),
     * direction 0 */
    {
        uint8_t step[4 * 5];
        for (int i = 0; i < 20; i++)
            step[i] = i % 5 >= 2 ? 255 : 0;
        segkit_image in, out;
        wrap_u8(&in, step, 5, 4);
        segkit_edges_params p = segkit_edges_params_default();
        p.output = SEGKIT_EDGES_X;
        CHECK(segkit_edges_filter(&in, &p, &out) == SEGKIT_OK);
        CHECK(fabs(((float *)out.data)[5 + 1] - 1.0f) < 1e-7);
        CHECK(fabs(((float *)out.data)[5 + 2] - 1.0f) < 1e-7);
        CHECK(((float *)out.data)[5 + 0] == 0.0f);
        segkit_image_free(&out);
        p.output = SEGKIT_EDGES_DIRECTION;
        CHECK(segkit_edges_filter(&in, &p, &out) == SEGKIT_OK);
        CHECK(((float *)out.data)[5 + 1] == 0.0f);
        segkit_image_free(&out);
        p.output = SEGKIT_EDGES_MAGNITUDE;
        p.out_type = SEGKIT_U16;
        p.out_scale = 1000;
        CHECK(segkit_edges_filter(&in, &p, &out) == SEGKIT_OK);
        CHECK(((uint16_t *)out.data)[5 + 1] == 707);   /* 1000 / sqrt 2 = 707.1 */
        segkit_image_free(&out);
    }

    segkit_canny_params p = segkit_canny_params_default();
    p.mode = SEGKIT_CANNY_OPENCV;
    p.low = 60, p.high = 120;
    check_canny(p, cv_l1, "opencv L1 3");
    p.low = 200, p.high = 600, p.aperture = 5, p.l2 = 1;
    check_canny(p, cv_l2_5, "opencv L2 5");
    p = segkit_canny_params_default();
    p.mode = SEGKIT_CANNY_SKIMAGE;
    p.low = 20, p.high = 40;
    check_canny(p, sk_1, "skimage sigma 1");
    p.sigma = 1.5, p.low = 0.7, p.high = 0.9, p.threshold_kind = SEGKIT_CANNY_QUANTILE;
    check_canny(p, sk_q, "skimage quantiles");
    /* the native mode is skimage's algorithm on the 8-bit scale: on u8 input
     * it gives the same edges */
    p.mode = SEGKIT_CANNY_NATIVE;
    check_canny(p, sk_q, "native quantiles");

    p = segkit_canny_params_default();
    p.low = 20, p.high = 60;
    check_depths(p, "absolute");
    p.sigma = 2;
    p.threshold_kind = SEGKIT_CANNY_QUANTILE, p.low = 0.8, p.high = 0.95;
    check_depths(p, "quantiles");
    p.threshold_kind = SEGKIT_CANNY_AUTO;
    check_depths(p, "auto");

    /* bad arguments */
    {
        segkit_image in, out, rgb;
        wrap_u8(&in, canny_img, 18, 16);
        p = segkit_canny_params_default();
        p.low = 50, p.high = 10;
        CHECK(segkit_edges_canny(&in, NULL, &p, &out, NULL) == SEGKIT_ERR_ARG);
        p.low = 0.1, p.high = 1.5, p.threshold_kind = SEGKIT_CANNY_QUANTILE;
        CHECK(segkit_edges_canny(&in, NULL, &p, &out, NULL) == SEGKIT_ERR_ARG);
        p = segkit_canny_params_default();
        p.mode = SEGKIT_CANNY_OPENCV, p.low = 1, p.high = 2, p.aperture = 4;
        CHECK(segkit_edges_canny(&in, NULL, &p, &out, NULL) == SEGKIT_ERR_ARG);
        uint16_t w16[4] = {0};
        segkit_image i16;
        segkit_image_wrap(&i16, w16, 2, 2, 1, SEGKIT_U16, 4);
        p.aperture = 3;
        CHECK(segkit_edges_canny(&i16, NULL, &p, &out, NULL) == SEGKIT_ERR_TYPE);
        CHECK(out.data == NULL);
        CHECK(segkit_image_create(&rgb, 4, 4, 3, SEGKIT_U8) == SEGKIT_OK);
        segkit_edges_params fp = segkit_edges_params_default();
        CHECK(segkit_edges_filter(&rgb, &fp, &out) == SEGKIT_ERR_TYPE);
        fp.color = SEGKIT_EDGES_COLOR_RGB;
        CHECK(segkit_edges_filter(&rgb, &fp, &out) == SEGKIT_OK);
        segkit_image_free(&out);
        fp.method = SEGKIT_EDGES_SOBEL, fp.aperture = 4;
        CHECK(segkit_edges_filter(&in, &fp, &out) == SEGKIT_ERR_ARG);
        segkit_image_free(&rgb);
    }
    /* colour: R = G = B gives the gray gradient (Di Zenzo and max) */
    {
        segkit_image in, rgb, o1, o3;
        wrap_u8(&in, ref_img, 7, 6);
        CHECK(segkit_image_create(&rgb, 7, 6, 3, SEGKIT_U8) == SEGKIT_OK);
        for (int i = 0; i < 42; i++)
            for (int c = 0; c < 3; c++)
                ((uint8_t *)rgb.data)[3 * i + c] = ref_img[i];
        segkit_edges_params fp = segkit_edges_params_default();
        CHECK(segkit_edges_filter(&in, &fp, &o1) == SEGKIT_OK);
        for (int mode = SEGKIT_EDGES_COLOR_RGB; mode <= SEGKIT_EDGES_COLOR_MAX; mode++) {
            if (mode == SEGKIT_EDGES_COLOR_LAB)
                continue;
            fp.color = (segkit_edges_color)mode;
            CHECK(segkit_edges_filter(&rgb, &fp, &o3) == SEGKIT_OK);
            double worst = 0;
            for (int i = 0; i < 42; i++) {
                double d = fabs(((float *)o1.data)[i] - ((float *)o3.data)[i]);
                worst = d > worst ? d : worst;
            }
            CHECKF(worst < 1e-6, "colour mode %d: %g", mode, worst);
            segkit_image_free(&o3);
        }
        segkit_image_free(&o1);
        segkit_image_free(&rgb);
    }
    /* Lab: red | blue halves.  skimage.color.rgb2lab gives red (53.24058794,
     * 80.09230823, 67.20275104) and blue (32.29567257, 79.18559091,
     * -107.85730021); beside the step each channel's gx is its difference
     * / 100 (the Sobel of a step on this scale), so Di Zenzo's magnitude is
     * |dLab| / 100 / sqrt(2 * 3) = 0.7197862316984075 */
    {
        segkit_image rgb, out;
        CHECK(segkit_image_create(&rgb, 6, 4, 3, SEGKIT_U8) == SEGKIT_OK);
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 6; x++) {
                uint8_t *q = (uint8_t *)segkit_image_row(&rgb, y) + 3 * x;
                q[0] = x < 3 ? 255 : 0;
                q[2] = x < 3 ? 0 : 255;
            }
        segkit_edges_params fp = segkit_edges_params_default();
        fp.color = SEGKIT_EDGES_COLOR_LAB;
        CHECK(segkit_edges_filter(&rgb, &fp, &out) == SEGKIT_OK);
        float m = ((float *)segkit_image_row(&out, 1))[2];
        CHECKF(fabs(m - 0.7197862316984075) < 1e-4, "lab magnitude %g", m);
        CHECK(((float *)segkit_image_row(&out, 1))[0] == 0.0f);
        segkit_image_free(&out);
        segkit_image_free(&rgb);
    }
    return check_done();
}
