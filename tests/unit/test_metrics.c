/* Metrics: hand-worked small cases for every task (each expected number is
 * derived in the comment beside it), scikit-image's VOI and adapted Rand
 * cases, and the Doxa / DIBCO tool values on 2JohnC1V3. */
#include <math.h>
#include <stdint.h>

#include "check.h"
#include "segkit/segkit.h"

#define NEAR(a, b, tol) (fabs((double)(a) - (double)(b)) <= (tol))
#define E6 1e-6

static segkit_image wrap8(uint8_t *d, int w, int h)
{
    segkit_image im;
    segkit_image_wrap(&im, d, w, h, 1, SEGKIT_U8, (size_t)w);
    return im;
}

static segkit_image wrap32(int32_t *d, int w, int h)
{
    segkit_image im;
    segkit_image_wrap(&im, d, w, h, 1, SEGKIT_I32, (size_t)w * 4);
    return im;
}

static void test_binary(void)
{
    /* pred 1 1 0 0 / 1 0 0 1, gt 1 0 1 0 / 1 0 0 0
     * TP: (0,0) (0,1) = 2; FP: (1,0) (3,1) = 2; FN: (2,0) = 1; TN = 3 */
    uint8_t pd[] = {1, 1, 0, 0, 1, 0, 0, 1};
    uint8_t gd[] = {1, 0, 1, 0, 1, 0, 0, 0};
    segkit_image pred = wrap8(pd, 4, 2), gt = wrap8(gd, 4, 2);
    segkit_binary_metrics m;
    CHECK(segkit_metrics_binary(&pred, &gt, NULL, &m) == SEGKIT_OK);
    CHECK(m.tp == 2 && m.fp == 2 && m.fn == 1 && m.tn == 3);
    CHECK(NEAR(m.dice, 4.0 / 7, E6));              /* 2TP/(2TP+FP+FN) = 4/7 */
    CHECK(NEAR(m.iou, 0.4, E6));                   /* 2/5 */
    CHECK(NEAR(m.precision, 0.5, E6));             /* 2/4 */
    CHECK(NEAR(m.recall, 2.0 / 3, E6));            /* 2/3 */
    CHECK(NEAR(m.specificity, 0.6, E6));           /* 3/5 */
    CHECK(NEAR(m.accuracy, 0.625, E6));            /* 5/8 */
    CHECK(NEAR(m.balanced_accuracy, (2.0 / 3 + 0.6) / 2, E6));
    CHECK(NEAR(m.mcc, 4 / sqrt(240.0), E6));       /* (6-2)/sqrt(4*3*5*4) */
    CHECK(NEAR(m.volume_similarity, 6.0 / 7, E6)); /* 1 - |2-1|/7 */

    /* the same gt with inverted polarity, selected with FG_ZERO */
    uint8_t gi[8];
    for (int i = 0; i < 8; i++)
        gi[i] = gd[i] ? 0 : 255;
    segkit_image gtinv = wrap8(gi, 4, 2);
    segkit_metrics_params p = segkit_metrics_params_default();
    p.fg_gt.mode = SEGKIT_FG_ZERO;
    CHECK(segkit_metrics_binary(&pred, &gtinv, &p, &m) == SEGKIT_OK);
    CHECK(m.tp == 2 && m.fp == 2 && m.fn == 1 && m.tn == 3);
    /* FG_ABOVE on a soft map: 0.7 > 0.5 only at (0,0) */
    float soft[] = {0.7f, 0.5f, 0.1f, 0, 0, 0, 0, 0};
    segkit_image sm;
    segkit_image_wrap(&sm, soft, 4, 2, 1, SEGKIT_F32, 16);
    p = segkit_metrics_params_default();
    p.fg_pred.mode = SEGKIT_FG_ABOVE;
    p.fg_pred.value = 0.5;
    CHECK(segkit_metrics_binary(&sm, &gt, &p, &m) == SEGKIT_OK);
    CHECK(m.tp == 1 && m.fp == 0 && m.fn == 2 && m.tn == 5);

    /* empty masks: 0/0 follows the policy, never a silent NaN */
    uint8_t z[8] = {0};
    segkit_image e1 = wrap8(z, 4, 2);
    p = segkit_metrics_params_default();
    CHECK(segkit_metrics_binary(&e1, &e1, &p, &m) == SEGKIT_ERR_EMPTY);
    p.empty = SEGKIT_EMPTY_BEST;
    CHECK(segkit_metrics_binary(&e1, &e1, &p, &m) == SEGKIT_OK && m.dice == 1 &&
          m.iou == 1 && m.volume_similarity == 1 && m.accuracy == 1);
    p.empty = SEGKIT_EMPTY_WORST;
    CHECK(segkit_metrics_binary(&e1, &e1, &p, &m) == SEGKIT_OK && m.dice == 0);
    p.empty = SEGKIT_EMPTY_SKIP;
    CHECK(segkit_metrics_binary(&e1, &e1, &p, &m) == SEGKIT_OK &&
          segkit_metrics_undefined(m.dice) && m.specificity == 1 && m.tn == 8);
    CHECK(segkit_empty_policy_parse("worst") == SEGKIT_EMPTY_WORST);
    CHECK(segkit_empty_policy_parse("nan") == -1);

    /* size and type mismatches are errors */
    segkit_image small = wrap8(pd, 4, 1);
    CHECK(segkit_metrics_binary(&small, &gt, NULL, &m) == SEGKIT_ERR_SIZE);
    segkit_image rgb;
    uint8_t rgbd[24] = {0};
    segkit_image_wrap(&rgb, rgbd, 4, 2, 3, SEGKIT_U8, 12);
    CHECK(segkit_metrics_binary(&rgb, &gt, NULL, &m) == SEGKIT_ERR_TYPE);
    CHECK(segkit_metrics_binary(NULL, &gt, NULL, &m) == SEGKIT_ERR_ARG);
}

static void test_semantic(void)
{
    /* gt 0 0 1 / 1 2 255, pred 0 1 1 / 1 2 2, ignore 255: 5 pixels count,
     * (gt,pred) = (0,0) (0,1) (1,1) (1,1) (2,2).
     * class 0: TP 1, gt 2, pred 1 -> IoU 1/2, Dice 2/3
     * class 1: TP 2, gt 2, pred 3 -> IoU 2/3, Dice 4/5
     * class 2: TP 1, gt 1, pred 1 -> IoU 1,   Dice 1
     * mIoU 13/18; fwIoU (2*1/2 + 2*2/3 + 1)/5 = 2/3; pixel acc 4/5;
     * mean acc (1/2 + 1 + 1)/3 = 5/6 */
    uint8_t gd[] = {0, 0, 1, 1, 2, 255}, pd[] = {0, 1, 1, 1, 2, 2};
    segkit_image gt = wrap8(gd, 3, 2), pred = wrap8(pd, 3, 2);
    segkit_metrics_params p = segkit_metrics_params_default();
    p.has_ignore = 1;
    p.ignore_label = 255;
    segkit_confusion cm = {0};
    CHECK(segkit_metrics_confusion_add(&cm, &pred, &gt, &p) == SEGKIT_OK);
    CHECK(cm.n == 3 && cm.ignored == 1);
    CHECK(cm.m[0 * 3 + 1] == 1 && cm.m[1 * 3 + 1] == 2);
    segkit_semantic_metrics s;
    CHECK(segkit_metrics_semantic(&cm, SEGKIT_EMPTY_ERROR, &s) == SEGKIT_OK);
    CHECK(s.n == 3 && s.values[2] == 2 && s.pixels == 5);
    CHECK(NEAR(s.iou[0], 0.5, E6) && NEAR(s.iou[1], 2.0 / 3, E6) && NEAR(s.iou[2], 1, E6));
    CHECK(NEAR(s.dice[0], 2.0 / 3, E6) && NEAR(s.dice[1], 0.8, E6));
    CHECK(NEAR(s.miou, 13.0 / 18, E6));
    CHECK(NEAR(s.fwiou, 2.0 / 3, E6));
    CHECK(NEAR(s.pixel_accuracy, 0.8, E6));
    CHECK(NEAR(s.mean_accuracy, 5.0 / 6, E6));
    segkit_semantic_metrics_free(&s);
    /* a second image (1x1, gt 7, pred 5) adds two classes, both IoU 0;
     * pixel acc 4/6 */
    uint8_t g2 = 7, p2 = 5;
    segkit_image gt2 = wrap8(&g2, 1, 1), pr2 = wrap8(&p2, 1, 1);
    CHECK(segkit_metrics_confusion_add(&cm, &pr2, &gt2, &p) == SEGKIT_OK);
    CHECK(cm.n == 5 && cm.values[3] == 5 && cm.values[4] == 7);
    CHECK(segkit_metrics_semantic(&cm, SEGKIT_EMPTY_ERROR, &s) == SEGKIT_OK);
    CHECK(NEAR(s.pixel_accuracy, 4.0 / 6, E6));
    CHECK(s.iou[3] == 0 && s.iou[4] == 0 && NEAR(s.miou, (13.0 / 6) / 5, E6));
    CHECK(cm.m[4 * 5 + 3] == 1); /* gt 7 predicted as 5 */
    segkit_semantic_metrics_free(&s);
    segkit_confusion_free(&cm);
    /* nothing counted: the policy decides */
    segkit_confusion empty = {0};
    CHECK(segkit_metrics_semantic(&empty, SEGKIT_EMPTY_ERROR, &s) == SEGKIT_ERR_EMPTY);
    CHECK(segkit_metrics_semantic(&empty, SEGKIT_EMPTY_SKIP, &s) == SEGKIT_OK &&
          segkit_metrics_undefined(s.miou));
    segkit_semantic_metrics_free(&s);
}

/* gt:   1 1 0 0     pred: 1 1 0 0
 *       1 1 0 0           1 0 0 0
 *       0 0 2 2           0 0 3 3
 *       0 0 2 2           0 4 3 3
 * gt1 (4 px) vs pred1 (3 px): inter 3, IoU 3/4; gt2 = pred3 exactly: IoU 1;
 * pred4 (1 px) overlaps nothing. */
static int32_t inst_gt[] = {1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 2, 2, 0, 0, 2, 2};
static int32_t inst_pr[] = {1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 3, 3, 0, 4, 3, 3};

static void test_instance(void)
{
    segkit_image gt = wrap32(inst_gt, 4, 4), pred = wrap32(inst_pr, 4, 4);
    segkit_instance_metrics m;
    CHECK(segkit_metrics_instance(&pred, &gt, NULL, &m) == SEGKIT_OK);
    /* t = 0.5: TP 2, FP 1 (pred4), FN 0 */
    CHECK(m.n_pred == 3 && m.n_gt == 2 && m.tp == 2 && m.fp == 1 && m.fn == 0);
    CHECK(NEAR(m.precision, 2.0 / 3, E6) && NEAR(m.recall, 1, E6));
    CHECK(NEAR(m.f1, 0.8, E6));                       /* 2*2/(3+2) */
    CHECK(NEAR(m.mean_matched_iou, 0.875, E6));       /* (0.75+1)/2 */
    CHECK(NEAR(m.panoptic_quality, 0.7, E6));         /* 1.75/(2+0.5) */
    /* DSB: t = .50 .55 .60 .65 .70 -> TP 2: 2/(2+1+0) = 2/3;
     *      t = .75 .. .95 (IoU 0.75 is not > 0.75) -> TP 1: 1/(1+2+1) = 1/4
     * mean = (5*2/3 + 5/4)/10 = 0.458333.. */
    CHECK(NEAR(m.dsb_score, (5 * 2.0 / 3 + 5 * 0.25) / 10, E6));
    CHECK(m.splits == 0 && m.merges == 0);
    /* t = 0.8: only gt2/pred3 (IoU 1) */
    segkit_metrics_params p = segkit_metrics_params_default();
    p.iou_threshold = 0.8;
    CHECK(segkit_metrics_instance(&pred, &gt, &p, &m) == SEGKIT_OK);
    CHECK(m.tp == 1 && m.fp == 2 && m.fn == 1 && NEAR(m.f1, 0.4, E6));

    /* a split: gt one 2x2 object, pred its two columns (IoU 2/4 each, > 0.1
     * but not > 0.5): 1 split, TP 0; swapped: 1 merge */
    int32_t g1[] = {1, 1, 1, 1}, p1[] = {1, 2, 1, 2};
    segkit_image a = wrap32(g1, 2, 2), b = wrap32(p1, 2, 2);
    CHECK(segkit_metrics_instance(&b, &a, NULL, &m) == SEGKIT_OK);
    CHECK(m.splits == 1 && m.merges == 0 && m.tp == 0 && m.fp == 2 && m.fn == 1);
    CHECK(segkit_metrics_instance(&a, &b, NULL, &m) == SEGKIT_OK);
    CHECK(m.splits == 0 && m.merges == 1);
    /* at t = 0.3 (< 0.5) the greedy unique matching takes one pair only */
    p.iou_threshold = 0.3;
    CHECK(segkit_metrics_instance(&b, &a, &p, &m) == SEGKIT_OK);
    CHECK(m.tp == 1 && m.fp == 1 && m.fn == 0);
    /* no objects anywhere: 0/0 */
    int32_t z[4] = {0};
    segkit_image e = wrap32(z, 2, 2);
    CHECK(segkit_metrics_instance(&e, &e, NULL, &m) == SEGKIT_ERR_EMPTY);
    /* f32 labels are refused */
    float f[4] = {0};
    segkit_image ff;
    segkit_image_wrap(&ff, f, 2, 2, 1, SEGKIT_F32, 8);
    CHECK(segkit_metrics_instance(&ff, &e, NULL, &m) == SEGKIT_ERR_TYPE);
}

static void test_panoptic(void)
{
    segkit_image gt = wrap32(inst_gt, 4, 4), pred = wrap32(inst_pr, 4, 4);
    segkit_panoptic_metrics m;
    /* one class: TP 2 (IoU .75 and 1), FP 1, FN 0:
     * PQ 1.75/2.5 = 0.7, SQ 1.75/2 = 0.875, RQ 2/2.5 = 0.8 */
    CHECK(segkit_metrics_panoptic(&pred, &gt, NULL, NULL, NULL, &m) == SEGKIT_OK);
    CHECK(NEAR(m.pq, 0.7, E6) && NEAR(m.sq, 0.875, E6) && NEAR(m.rq, 0.8, E6));
    CHECK(m.tp == 2 && m.fp == 1 && m.fn == 0 && m.n_classes == 1);
    /* classes: gt1 -> 1, gt2 -> 2; pred1 -> 1, pred3 -> 1 (wrong), pred4 -> 2.
     * class 1: TP pred1/gt1 (0.75), FP pred3: PQ .75/1.5 = .5, SQ .75, RQ 2/3
     * class 2: FN gt2, FP pred4: PQ 0, SQ 0, RQ 0
     * means: PQ .25, SQ .375, RQ 1/3; totals TP 1 FP 2 FN 1 */
    int32_t gc[] = {1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 2, 2, 0, 0, 2, 2};
    int32_t pc[] = {1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 1, 0, 2, 1, 1};
    segkit_image gcls = wrap32(gc, 4, 4), pcls = wrap32(pc, 4, 4);
    CHECK(segkit_metrics_panoptic(&pred, &gt, &pcls, &gcls, NULL, &m) == SEGKIT_OK);
    CHECK(NEAR(m.pq, 0.25, E6) && NEAR(m.sq, 0.375, E6) && NEAR(m.rq, 1.0 / 3, E6));
    CHECK(m.tp == 1 && m.fp == 2 && m.fn == 1 && m.n_classes == 2);
    CHECK(segkit_metrics_panoptic(&pred, &gt, &pcls, NULL, NULL, &m) == SEGKIT_ERR_ARG);
}

static void test_distance(void)
{
    /* one row of 8: every foreground pixel is on the border, so surface.
     * gt x = 0,1; pred x = 0..4.  d(pred->gt) = 0 0 1 2 3, d(gt->pred) = 0 0.
     * HD 3; msd 6/5; assd (6/5 + 0)/2 = 0.6;
     * pooled 0 0 0 0 1 2 3: position .95*6 = 5.7 -> 2 + .7 = 2.7;
     * max: pred->gt position .95*4 = 3.8 -> 2 + .8 = 2.8, gt->pred 0 -> 2.8;
     * surface Dice tau 1: (3 + 2)/7 */
    uint8_t gd[8] = {1, 1, 0, 0, 0, 0, 0, 0}, pd[8] = {1, 1, 1, 1, 1, 0, 0, 0};
    segkit_image gt = wrap8(gd, 8, 1), pred = wrap8(pd, 8, 1);
    segkit_distance_metrics d;
    segkit_metrics_params p = segkit_metrics_params_default();
    CHECK(segkit_metrics_distance(&pred, &gt, &p, &d) == SEGKIT_OK);
    CHECK(d.n_pred_surface == 5 && d.n_gt_surface == 2);
    CHECK(NEAR(d.hausdorff, 3, E6) && NEAR(d.msd, 1.2, E6) && NEAR(d.assd, 0.6, E6));
    CHECK(NEAR(d.hd95_pooled, 2.7, E6) && NEAR(d.hd95_max, 2.8, E6));
    CHECK(NEAR(d.hd_percentile, 2.7, E6));
    CHECK(NEAR(d.surface_dice, 5.0 / 7, E6));
    p.hd_mode = SEGKIT_HD95_MAX;
    p.spacing_x = 2; /* every distance doubles */
    CHECK(segkit_metrics_distance(&pred, &gt, &p, &d) == SEGKIT_OK);
    CHECK(NEAR(d.hausdorff, 6, E6) && NEAR(d.hd_percentile, 5.6, E6));
    CHECK(NEAR(d.surface_dice, 4.0 / 7, E6)); /* pred within 1: x=0,1; gt 2 */

    /* 2-D surface: a 3x3 block inside 5x5 has 8 surface pixels (the ring);
     * the same block against itself: all distances 0 */
    uint8_t blk[25] = {0};
    for (int y = 1; y <= 3; y++)
        for (int x = 1; x <= 3; x++)
            blk[y * 5 + x] = 1;
    segkit_image b = wrap8(blk, 5, 5);
    CHECK(segkit_metrics_distance(&b, &b, NULL, &d) == SEGKIT_OK);
    CHECK(d.n_pred_surface == 8 && d.hausdorff == 0 && d.surface_dice == 1);
    /* block vs one pixel at (0,0): farthest ring pixel (3,3): sqrt(18);
     * gt->pred: nearest ring pixel (1,1): sqrt 2 */
    uint8_t one[25] = {0};
    one[0] = 1;
    segkit_image o = wrap8(one, 5, 5);
    CHECK(segkit_metrics_distance(&b, &o, NULL, &d) == SEGKIT_OK);
    CHECK(NEAR(d.hausdorff, sqrt(18.0), E6));

    /* EDT: to (0,0) in 4x3; at (3,2): sqrt(9 + 4); with sy = 2: sqrt(9 + 16) */
    uint8_t e[12] = {255};
    segkit_image em = wrap8(e, 4, 3), dt;
    CHECK(segkit_metrics_edt(&em, 1, 1, &dt) == SEGKIT_OK);
    CHECK(NEAR(((float *)segkit_image_row(&dt, 2))[3], sqrt(13.0), 1e-5));
    CHECK(NEAR(((float *)segkit_image_row(&dt, 1))[1], sqrt(2.0), 1e-5));
    segkit_image_free(&dt);
    CHECK(segkit_metrics_edt(&em, 1, 2, &dt) == SEGKIT_OK);
    CHECK(NEAR(((float *)segkit_image_row(&dt, 2))[3], 5, 1e-5));
    segkit_image_free(&dt);
    uint8_t none[4] = {0};
    segkit_image nm = wrap8(none, 2, 2);
    CHECK(segkit_metrics_edt(&nm, 1, 1, &dt) == SEGKIT_OK);
    CHECK(isinf(((float *)dt.data)[0]));
    segkit_image_free(&dt);

    /* empty: one side -> +inf under best, error by default; both -> 0 */
    CHECK(segkit_metrics_distance(&nm, &nm, NULL, &d) == SEGKIT_ERR_EMPTY);
    p = segkit_metrics_params_default();
    p.empty = SEGKIT_EMPTY_BEST;
    CHECK(segkit_metrics_distance(&nm, &nm, &p, &d) == SEGKIT_OK && d.hausdorff == 0 &&
          d.surface_dice == 1);
    CHECK(segkit_metrics_distance(&b, &(segkit_image){0}, &p, &d) == SEGKIT_ERR_ARG);
    uint8_t z25[25] = {0};
    segkit_image z = wrap8(z25, 5, 5);
    CHECK(segkit_metrics_distance(&b, &z, &p, &d) == SEGKIT_OK && isinf(d.hausdorff));
}

static void test_partition(void)
{
    /* scikit-image test_variation_of_information: [1,2,3,4] vs [1,1,8,8]
     * -> conditional entropies sum to 1 bit; pred finer: split 1, merge 0 */
    uint8_t a[] = {1, 2, 3, 4}, b[] = {1, 1, 8, 8};
    segkit_image pa = wrap8(a, 4, 1), gb = wrap8(b, 4, 1);
    segkit_partition_metrics m;
    CHECK(segkit_metrics_partition(&pa, &gb, NULL, &m) == SEGKIT_OK);
    CHECK(NEAR(m.voi, 1, E6) && NEAR(m.voi_split, 1, E6) && NEAR(m.voi_merge, 0, E6));

    /* scikit-image test_adapted_rand_error: true [[2,1],[1,2]], test
     * [[1,2],[3,1]] -> (0.3333333, 0.5, 1.0) */
    uint8_t t[] = {2, 1, 1, 2}, s[] = {1, 2, 3, 1};
    segkit_image gt = wrap8(t, 2, 2), pred = wrap8(s, 2, 2);
    CHECK(segkit_metrics_partition(&pred, &gt, NULL, &m) == SEGKIT_OK);
    CHECK(NEAR(m.are, 0.3333333, 1e-7) && NEAR(m.are_precision, 0.5, E6) &&
          NEAR(m.are_recall, 1.0, E6));
    /* same pair, by hand: 6 pixel pairs; (p0,p3) same/same, (p1,p2) same in
     * gt only, the rest different in both -> RI 5/6.  Covering: gt {p0,p3}
     * = pred region 1 (IoU 1), gt {p1,p2} best IoU 1/2 -> (2 + 1)/4.
     * split H(pred|gt) = 2 * 1/4 * log2 2 = 0.5, merge 0 */
    CHECK(NEAR(m.rand_index, 5.0 / 6, E6));
    CHECK(NEAR(m.covering, 0.75, E6));
    CHECK(NEAR(m.voi_split, 0.5, E6) && NEAR(m.voi_merge, 0, E6));
    /* PRI over {gt, pred itself}: (5/6 + 1)/2 */
    const segkit_image *gts[] = {&gt, &pred};
    CHECK(segkit_metrics_partition_multi(&pred, gts, 2, NULL, &m) == SEGKIT_OK);
    CHECK(NEAR(m.rand_index, 11.0 / 12, E6));
    /* ignore label 2 of gt: left p1, p2 (gt 1, pred 2 and 3) -> RI 0 (the
     * one pair is together in gt, apart in pred); covering 1/2 */
    segkit_metrics_params p = segkit_metrics_params_default();
    p.has_ignore = 1;
    p.ignore_label = 2;
    CHECK(segkit_metrics_partition(&pred, &gt, &p, &m) == SEGKIT_OK);
    CHECK(NEAR(m.rand_index, 0, E6) && NEAR(m.covering, 0.5, E6));
}

static void test_dibco_small(void)
{
    /* 8x8, text (1) in columns 0..3; pred adds one false text pixel (6,3).
     * TP 32, FP 1, FN 0, TN 31.  DRD_k at (6,3): pred says text; the gt
     * pixels of its 5x5 window that are background are columns 4..7 (8 is
     * outside), i.e. every weight except column dx = +2 (0.5 at dy 0,
     * 1/sqrt5 at dy +-1, 1/sqrt8 at dy +-2); raw total S = 4*1 + 4/sqrt2 +
     * 4*0.5 + 8/sqrt5 + 4/sqrt8.  One 8x8 block, non-uniform: NUBN 1. */
    uint8_t g[64], q[64];
    for (int i = 0; i < 64; i++)
        g[i] = (i % 8) < 4;
    memcpy(q, g, sizeof q);
    q[3 * 8 + 6] = 1;
    segkit_image gt = wrap8(g, 8, 8), pred = wrap8(q, 8, 8);
    segkit_dibco_metrics m;
    CHECK(segkit_metrics_dibco(&pred, &gt, NULL, NULL, NULL, &m) == SEGKIT_OK);
    double S = 4 + 4 / sqrt(2.0) + 2 + 8 / sqrt(5.0) + 4 / sqrt(8.0);
    double col = 0.5 + 2 / sqrt(5.0) + 2 / sqrt(8.0);
    CHECK(m.tp == 32 && m.fp == 1 && m.fn == 0 && m.tn == 31 && m.nubn == 1);
    CHECK(NEAR(m.drd, (S - col) / S, E6));
    CHECK(NEAR(m.recall, 100, E6) && NEAR(m.precision, 3200.0 / 33, E6));
    CHECK(NEAR(m.fm, 6400.0 / 65, E6));        /* 2*32/(64+1) */
    CHECK(NEAR(m.psnr, 10 * log10(64.0), E6)); /* one mismatch in 64 */
    CHECK(NEAR(m.nrm, (0 + 1.0 / 32) / 2, E6));
    CHECK(NEAR(m.accuracy, 6300.0 / 64, E6));
    CHECK(!m.has_pseudo);
    /* identical images: PSNR +inf, DRD 0 */
    CHECK(segkit_metrics_dibco(&gt, &gt, NULL, NULL, NULL, &m) == SEGKIT_OK);
    CHECK(isinf(m.psnr) && m.drd == 0 && m.fm == 100);
    /* weights: all R = 1 and P = 0 make pseudo equal plain */
    double rw[64], pw[64];
    for (int i = 0; i < 64; i++)
        rw[i] = 1, pw[i] = 0;
    CHECK(segkit_metrics_dibco(&pred, &gt, rw, pw, NULL, &m) == SEGKIT_OK);
    CHECK(m.has_pseudo && NEAR(m.pseudo_fm, m.fm, E6) &&
          NEAR(m.pseudo_precision, m.precision, E6));
}

static void test_dibco_doxa(void)
{
    /* tests/data/doxa ships these four files (CC0) */
    char gp[4096], sp[4096], rp[4096], pp[4096];
    CHECK(check_data(gp, sizeof gp, "doxa/2JohnC1V3-GroundTruth.pbm"));
    CHECK(check_data(sp, sizeof sp, "doxa/2JohnC1V3-Sauvola.pbm"));
    CHECK(check_data(rp, sizeof rp, "doxa/2JohnC1V3-GroundTruth_RWeights.dat.gz"));
    CHECK(check_data(pp, sizeof pp, "doxa/2JohnC1V3-GroundTruth_PWeights.dat.gz"));
    segkit_image gt, pred;
    int st1 = segkit_read_file(gp, NULL, &gt, NULL);
    int st2 = segkit_read_file(sp, NULL, &pred, NULL);
    CHECKF(st1 == SEGKIT_OK && st2 == SEGKIT_OK, "reading the PBM files: %s / %s",
           segkit_strerror(st1), segkit_strerror(st2));
    if (st1 != SEGKIT_OK || st2 != SEGKIT_OK) {
        segkit_image_free(&gt);
        segkit_image_free(&pred);
        return;
    }
    size_t n = (size_t)gt.width * gt.height;
    double *rw = NULL, *pw = NULL;
    CHECK(segkit_metrics_read_weights(rp, n, &rw) == SEGKIT_OK);
    CHECK(segkit_metrics_read_weights(pp, n, &pw) == SEGKIT_OK);
    /* one number too many / too few */
    double *x = NULL;
    CHECK(segkit_metrics_read_weights(rp, n - 1, &x) == SEGKIT_ERR_SIZE && !x);
    CHECK(segkit_metrics_read_weights(rp, n + 1, &x) == SEGKIT_ERR_TRUNCATED && !x);
    /* PBM black (text) reads as 0 on both sides */
    segkit_metrics_params p = segkit_metrics_params_default();
    p.fg_pred.mode = p.fg_gt.mode = SEGKIT_FG_ZERO;
    segkit_dibco_metrics m;
    CHECK(segkit_metrics_dibco(&pred, &gt, rw, pw, &p, &m) == SEGKIT_OK);
    /* Doxa ClassifiedPerformanceTests / DRDMTests ("value obtained from the
     * DIBCO perf tool"): the 3-decimal values with Doxa's own EXPECT_NEAR
     * tolerance 0.001, the 4-decimal ones to 1e-4 */
#define REF(v, r, tol) CHECKF(NEAR(v, r, tol), "%s = %.6f, reference %.6f", #v, (double)(v), (double)(r))
    REF(m.fm, 93.204, 1e-3);
    REF(m.recall, 91.3811, 1e-4);
    REF(m.precision, 95.1025, 1e-4);
    REF(m.pseudo_fm, 93.393, 1e-3);
    REF(m.pseudo_recall, 92.7954, 1e-4);
    REF(m.pseudo_precision, 93.9983, 1e-4);
    REF(m.psnr, 16.329, 1e-3);
    REF(m.drd, 1.9519, 1e-4);
    REF(m.nrm, 0.048, 1e-3);
    REF(m.mcc, 0.918, 1e-3);
    REF(m.accuracy, 97.671, 1e-3);
    CHECKF(m.nubn == 2112, "NUBN %llu", (unsigned long long)m.nubn);
    free(rw);
    free(pw);
    segkit_image_free(&gt);
    segkit_image_free(&pred);
}

int main(void)
{
    test_binary();
    test_semantic();
    test_instance();
    test_panoptic();
    test_distance();
    test_partition();
    test_dibco_small();
    test_dibco_doxa();
    return check_done();
}
