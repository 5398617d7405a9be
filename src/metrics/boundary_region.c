/* The region benchmark of BSR/bench: segmentation covering, probabilistic
 * Rand index and variation of information (evaluation_reg_image.m,
 * match_segmentations.m, match_segmentations2.m, collect_eval_reg.m).
 *
 * Per threshold (or per given segmentation) and ground truth G_k:
 *   n_sg = pixels with segment s and ground-truth label g (all labels are
 *     classes here, including 0: MATLAB uses seg + 1 and gt as is);
 *   RI = 1 - (sum_s a_s^2 / 2 + sum_g b_g^2 / 2 - sum n_sg^2) / (N (N-1) / 2)
 *   VOI = H(S) + H(G) - 2 I(S; G), logarithms base 2;
 *   IoU(s, g) = n_sg / (a_s + b_g - n_sg) for regions labelled >= 1.
 * ri and voi are averaged over the ground truths.  Covering:
 *   cnt_p = sum_s a_s max_{k,g} IoU(s, g),   sum_p = sum_s a_s
 *   cnt_r = sum_{k,g} b_g max_s IoU(s, g),   sum_r = sum_{k,g} b_g
 * and cnt_r_best takes, for each ground-truth region, its best IoU over all
 * thresholds.  An ultrametric contour map (doubleSize) gives at threshold t
 * the 8-connected components of ucm2 <= t (MATLAB bwlabel's default),
 * sampled at the pixel centres ucm2(2:2:end, 2:2:end).
 *
 * collect_eval_reg: cover ODS = max over thresholds of the summed
 * cnt_r / sum_r (first maximum); OIS = summed counts at each image's best
 * threshold (last maximum of cnt_r / sum_r); best = summed cnt_r_best /
 * summed sum_r; PRI ODS = max of the image-averaged RI, OIS = mean of each
 * image's max; VOI ODS / OIS the same with min.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics/boundary_internal.h"

typedef struct {
    int32_t *cls;       /* class index per pixel */
    int32_t ncls;
    int64_t *area;      /* per class */
    int32_t *region;    /* per class: covering region index or -1 (label 0) */
} labels_t;

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

static void labels_free(labels_t *l)
{
    free(l->cls);
    free(l->area);
    free(l->region);
    memset(l, 0, sizeof *l);
}

/* Compacts raw labels into classes 0..ncls-1; *nreg counts classes of
 * nonzero labels (covering regions), numbered from reg0. */
static int labels_make(const int32_t *raw, size_t n, labels_t *l,
                       int32_t reg0, int32_t *nreg)
{
    memset(l, 0, sizeof *l);
    int32_t *vals = malloc(n * sizeof *vals);
    l->cls = malloc(n * sizeof *l->cls);
    if (!vals || !l->cls) {
        free(vals);
        labels_free(l);
        return SEGKIT_ERR_NOMEM;
    }
    memcpy(vals, raw, n * sizeof *vals);
    qsort(vals, n, sizeof *vals, cmp_i32);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (m == 0 || vals[m - 1] != vals[i])
            vals[m++] = vals[i];
    l->ncls = (int32_t)m;
    l->area = calloc(m, sizeof *l->area);
    l->region = malloc(m * sizeof *l->region);
    if (!l->area || !l->region) {
        free(vals);
        labels_free(l);
        return SEGKIT_ERR_NOMEM;
    }
    int32_t r = 0;
    for (size_t c = 0; c < m; c++)
        l->region[c] = vals[c] != 0 ? reg0 + r++ : -1;
    *nreg = r;
    for (size_t i = 0; i < n; i++) {
        size_t lo = 0, hi = m;
        while (hi - lo > 1) {
            size_t mid = (lo + hi) / 2;
            if (vals[mid] <= raw[i])
                lo = mid;
            else
                hi = mid;
        }
        l->cls[i] = (int32_t)lo;
        l->area[lo]++;
    }
    free(vals);
    return SEGKIT_OK;
}

typedef struct {
    size_t n;
    int ngt;
    labels_t *gt;
    int32_t nreg_gt;        /* covering regions over all ground truths */
    int64_t *reg_area;      /* per gt region */
    double *best_gt;        /* per gt region: best IoU over thresholds */
    double *match_gt;       /* per gt region, this threshold */
    /* segmentation scratch */
    int32_t *order, *start; /* pixels sorted by segment class */
    double *match_seg;
    int32_t *cnt;           /* per gt class counts of one segment */
    int32_t *touched;
    int32_t maxcls;
} reg_ctx;

static void reg_free(reg_ctx *c)
{
    if (c->gt)
        for (int k = 0; k < c->ngt; k++)
            labels_free(&c->gt[k]);
    free(c->gt);
    free(c->reg_area);
    free(c->best_gt);
    free(c->match_gt);
    free(c->order);
    free(c->start);
    free(c->match_seg);
    free(c->cnt);
    free(c->touched);
}

static int reg_init(reg_ctx *c, int w, int h,
                    const segkit_image *const *gt_segs, int ngt)
{
    memset(c, 0, sizeof *c);
    if (!gt_segs || ngt < 1)
        return SEGKIT_ERR_ARG;
    int st = segkit__bdry_npix(w, h, &c->n);
    if (st)
        return st;
    if (c->n > (size_t)INT32_MAX / 2 || c->n > SIZE_MAX / sizeof(int64_t))
        return SEGKIT_ERR_OVERFLOW;
    c->ngt = ngt;
    c->gt = calloc((size_t)ngt, sizeof *c->gt);
    int32_t *raw = malloc(c->n * sizeof *raw);
    if (!c->gt || !raw) {
        free(raw);
        reg_free(c);
        return SEGKIT_ERR_NOMEM;
    }
    for (int k = 0; k < ngt && !st; k++) {
        const segkit_image *g = gt_segs[k];
        if (!g || !g->data)
            st = SEGKIT_ERR_ARG;
        else if (g->width != w || g->height != h)
            st = SEGKIT_ERR_SIZE;
        else if (!(st = segkit__bdry_labels(g, raw))) {
            int32_t nreg;
            st = labels_make(raw, c->n, &c->gt[k], c->nreg_gt, &nreg);
            if (!st) {
                c->nreg_gt += nreg;
                if (c->gt[k].ncls > c->maxcls)
                    c->maxcls = c->gt[k].ncls;
            }
        }
    }
    free(raw);
    if (st) {
        reg_free(c);
        return st;
    }
    size_t nr = (size_t)c->nreg_gt + 1;
    c->reg_area = calloc(nr, sizeof *c->reg_area);
    c->best_gt = calloc(nr, sizeof *c->best_gt);
    c->match_gt = calloc(nr, sizeof *c->match_gt);
    c->order = malloc(c->n * sizeof *c->order);
    c->start = malloc((c->n + 2) * sizeof *c->start);
    c->match_seg = malloc((c->n + 1) * sizeof *c->match_seg);
    c->cnt = calloc((size_t)c->maxcls + 1, sizeof *c->cnt);
    c->touched = malloc(((size_t)c->maxcls + 1) * sizeof *c->touched);
    if (!c->reg_area || !c->best_gt || !c->match_gt || !c->order ||
        !c->start || !c->match_seg || !c->cnt || !c->touched) {
        reg_free(c);
        return SEGKIT_ERR_NOMEM;
    }
    for (int k = 0; k < ngt; k++)
        for (int32_t g = 0; g < c->gt[k].ncls; g++)
            if (c->gt[k].region[g] >= 0)
                c->reg_area[c->gt[k].region[g]] = c->gt[k].area[g];
    return SEGKIT_OK;
}

static double xlog2(double p)
{
    return p > 0.0 ? p * log2(p) : 0.0;
}

/* Scores one segmentation given as compact classes seg->cls. */
static void reg_eval(reg_ctx *c, const labels_t *seg, segkit_region_counts *o)
{
    const size_t n = c->n;
    const int32_t ns = seg->ncls;
    /* counting sort of the pixels by segment */
    memset(c->start, 0, ((size_t)ns + 1) * sizeof *c->start);
    for (size_t i = 0; i < n; i++)
        c->start[seg->cls[i] + 1]++;
    for (int32_t s = 0; s < ns; s++)
        c->start[s + 1] += c->start[s];
    for (size_t i = 0; i < n; i++)
        c->order[c->start[seg->cls[i]]++] = (int32_t)i;
    for (int32_t s = ns; s > 0; s--)
        c->start[s] = c->start[s - 1];
    c->start[0] = 0;

    for (int32_t s = 0; s < ns; s++)
        c->match_seg[s] = 0.0;
    for (int32_t r = 0; r < c->nreg_gt; r++)
        c->match_gt[r] = 0.0;

    const double N = (double)n;
    double hs = 0.0, sum_a2 = 0.0;
    for (int32_t s = 0; s < ns; s++) {
        double a = (double)seg->area[s];
        sum_a2 += a * a;
        hs -= xlog2(a / N);
    }
    double ri_sum = 0.0, voi_sum = 0.0;
    for (int k = 0; k < c->ngt; k++) {
        const labels_t *g = &c->gt[k];
        double hg = 0.0, sum_b2 = 0.0, sum_n2 = 0.0, mi = 0.0;
        for (int32_t q = 0; q < g->ncls; q++) {
            double b = (double)g->area[q];
            sum_b2 += b * b;
            hg -= xlog2(b / N);
        }
        for (int32_t s = 0; s < ns; s++) {
            int32_t nt = 0;
            for (int32_t p = c->start[s]; p < c->start[s + 1]; p++) {
                int32_t q = g->cls[c->order[p]];
                if (c->cnt[q]++ == 0)
                    c->touched[nt++] = q;
            }
            double a = (double)seg->area[s];
            for (int32_t t = 0; t < nt; t++) {
                int32_t q = c->touched[t];
                double nsg = (double)c->cnt[q];
                double b = (double)g->area[q];
                c->cnt[q] = 0;
                sum_n2 += nsg * nsg;
                mi += (nsg / N) * log2((nsg * N) / (a * b));
                if (seg->region[s] >= 0 && g->region[q] >= 0) {
                    double iou = nsg / (a + b - nsg);
                    if (iou > c->match_seg[s])
                        c->match_seg[s] = iou;
                    int32_t r = g->region[q];
                    if (iou > c->match_gt[r])
                        c->match_gt[r] = iou;
                }
            }
        }
        double pairs = N * (N - 1.0) / 2.0;
        ri_sum += 1.0 - (sum_a2 / 2.0 + sum_b2 / 2.0 - sum_n2) / pairs;
        voi_sum += hs + hg - 2.0 * mi;
    }
    o->ri = ri_sum / c->ngt;
    o->voi = voi_sum / c->ngt;
    o->cnt_p = o->sum_p = o->cnt_r = o->sum_r = 0.0;
    for (int32_t s = 0; s < ns; s++) {
        if (seg->region[s] < 0)
            continue;
        o->cnt_p += (double)seg->area[s] * c->match_seg[s];
        o->sum_p += (double)seg->area[s];
    }
    for (int32_t r = 0; r < c->nreg_gt; r++) {
        o->cnt_r += (double)c->reg_area[r] * c->match_gt[r];
        o->sum_r += (double)c->reg_area[r];
        if (c->match_gt[r] > c->best_gt[r])
            c->best_gt[r] = c->match_gt[r];
    }
}

static double reg_best(const reg_ctx *c)
{
    double s = 0.0;
    for (int32_t r = 0; r < c->nreg_gt; r++)
        s += (double)c->reg_area[r] * c->best_gt[r];
    return s;
}

int segkit_region_eval_segs(const segkit_image *const *segs, int nsegs,
                            const segkit_image *const *gt_segs, int ngt,
                            segkit_region_counts *counts, double *cnt_r_best)
{
    if (cnt_r_best)
        *cnt_r_best = 0.0;
    if (!segs || nsegs < 1 || !counts || !segs[0] || !segs[0]->data)
        return SEGKIT_ERR_ARG;
    memset(counts, 0, (size_t)nsegs * sizeof *counts);
    reg_ctx c;
    int w = segs[0]->width, h = segs[0]->height;
    int st = reg_init(&c, w, h, gt_segs, ngt);
    if (st)
        return st;
    int32_t *raw = malloc(c.n * sizeof *raw);
    if (!raw)
        st = SEGKIT_ERR_NOMEM;
    for (int t = 0; !st && t < nsegs; t++) {
        labels_t seg;
        int32_t nreg;
        if (!segs[t] || !segs[t]->data)
            st = SEGKIT_ERR_ARG;
        else if (segs[t]->width != w || segs[t]->height != h)
            st = SEGKIT_ERR_SIZE;
        else if (!(st = segkit__bdry_labels(segs[t], raw)) &&
                 !(st = labels_make(raw, c.n, &seg, 0, &nreg))) {
            reg_eval(&c, &seg, &counts[t]);
            counts[t].thresh = t + 1;
            labels_free(&seg);
        }
    }
    if (!st && cnt_r_best)
        *cnt_r_best = reg_best(&c);
    if (st)
        memset(counts, 0, (size_t)nsegs * sizeof *counts);
    free(raw);
    reg_free(&c);
    return st;
}

/* 8-connected components of mask (W x H) into comp (-1 off); returns the
 * number of components.  queue: W*H int32. */
static int32_t label8(const uint8_t *mask, int W, int H, int32_t *comp,
                      int32_t *queue)
{
    size_t n = (size_t)W * H;
    for (size_t i = 0; i < n; i++)
        comp[i] = -1;
    int32_t nc = 0;
    for (size_t i0 = 0; i0 < n; i0++) {
        if (!mask[i0] || comp[i0] >= 0)
            continue;
        size_t qh = 0, qt = 0;
        queue[qt++] = (int32_t)i0;
        comp[i0] = nc;
        while (qh < qt) {
            int32_t p = queue[qh++];
            int y = p / W, x = p % W;
            for (int dy = -1; dy <= 1; dy++) {
                int yy = y + dy;
                if (yy < 0 || yy >= H)
                    continue;
                for (int dx = -1; dx <= 1; dx++) {
                    int xx = x + dx;
                    if (xx < 0 || xx >= W)
                        continue;
                    size_t q = (size_t)yy * W + xx;
                    if (mask[q] && comp[q] < 0) {
                        comp[q] = nc;
                        queue[qt++] = (int32_t)q;
                    }
                }
            }
        }
        nc++;
    }
    return nc;
}

int segkit_region_eval_ucm2(const segkit_image *ucm2,
                            const segkit_image *const *gt_segs, int ngt,
                            int nthresh, segkit_region_counts *counts,
                            double *cnt_r_best)
{
    if (cnt_r_best)
        *cnt_r_best = 0.0;
    if (!ucm2 || !ucm2->data || !counts || nthresh < 1)
        return SEGKIT_ERR_ARG;
    memset(counts, 0, (size_t)nthresh * sizeof *counts);
    if (ucm2->channels != 1 || ucm2->type == SEGKIT_I32)
        return SEGKIT_ERR_TYPE;
    if (ucm2->width < 3 || ucm2->height < 3 || !(ucm2->width & 1) ||
        !(ucm2->height & 1))
        return SEGKIT_ERR_SIZE;
    const int W = ucm2->width, H = ucm2->height;
    const int w = (W - 1) / 2, h = (H - 1) / 2;
    reg_ctx c;
    int st = reg_init(&c, w, h, gt_segs, ngt);
    if (st)
        return st;
    size_t N;
    if ((st = segkit__bdry_npix(W, H, &N)) || N > (size_t)INT32_MAX ||
        N > SIZE_MAX / sizeof(double)) {
        reg_free(&c);
        return st ? st : SEGKIT_ERR_OVERFLOW;
    }
    double *u = malloc(N * sizeof *u);
    double *thr = malloc((size_t)nthresh * sizeof *thr);
    uint8_t *mask = malloc(N), *prev = malloc(N);
    int32_t *comp = malloc(N * sizeof *comp);
    int32_t *queue = malloc(N * sizeof *queue);
    int32_t *map = malloc(N * sizeof *map);
    labels_t seg;
    memset(&seg, 0, sizeof seg);
    seg.cls = malloc(c.n * sizeof *seg.cls);
    seg.area = malloc((c.n + 1) * sizeof *seg.area);
    seg.region = malloc((c.n + 1) * sizeof *seg.region);
    if (!u || !thr || !mask || !prev || !comp || !queue || !map || !seg.cls ||
        !seg.area || !seg.region)
        st = SEGKIT_ERR_NOMEM;
    if (!st)
        st = segkit__bdry_soft(ucm2, u);
    if (!st)
        st = segkit_boundary_thresholds(nthresh, thr);
    for (int t = 0; !st && t < nthresh; t++) {
        for (size_t i = 0; i < N; i++)
            mask[i] = u[i] <= thr[t];
        if (t > 0 && memcmp(mask, prev, N) == 0) {
            counts[t] = counts[t - 1];
            counts[t].thresh = thr[t];
            continue;
        }
        memcpy(prev, mask, N);
        int32_t nc = label8(mask, W, H, comp, queue);
        for (int32_t k = 0; k < nc; k++)
            map[k] = -1;
        int32_t ns = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int32_t k = comp[(size_t)(2 * y + 1) * W + 2 * x + 1];
                int32_t s;
                if (k < 0) {
                    s = -1;     /* centre above t: MATLAB label 0 */
                } else {
                    if (map[k] < 0) {
                        map[k] = ns;
                        seg.area[ns] = 0;
                        seg.region[ns] = ns;
                        ns++;
                    }
                    s = map[k];
                }
                seg.cls[(size_t)y * w + x] = s;
            }
        /* label 0 pixels (never for a proper ucm2) form one extra class */
        int32_t zero = -1;
        for (size_t i = 0; i < c.n; i++) {
            if (seg.cls[i] < 0) {
                if (zero < 0) {
                    zero = ns++;
                    seg.area[zero] = 0;
                    seg.region[zero] = -1;
                }
                seg.cls[i] = zero;
            }
            seg.area[seg.cls[i]]++;
        }
        seg.ncls = ns;
        reg_eval(&c, &seg, &counts[t]);
        counts[t].thresh = thr[t];
    }
    if (!st && cnt_r_best)
        *cnt_r_best = reg_best(&c);
    if (st)
        memset(counts, 0, (size_t)nthresh * sizeof *counts);
    free(u); free(thr); free(mask); free(prev); free(comp); free(queue);
    free(map);
    labels_free(&seg);
    reg_free(&c);
    return st;
}

int segkit_region_collect(const segkit_region_counts *counts,
                          const double *cnt_r_best, int nimages, int nthresh,
                          segkit_region_summary *summary,
                          segkit_region_image *per_image,
                          segkit_region_thresh *per_thresh)
{
    if (summary)
        memset(summary, 0, sizeof *summary);
    if (!counts || !cnt_r_best || !summary || nimages < 1 || nthresh < 1)
        return SEGKIT_ERR_ARG;
    if ((size_t)nthresh > SIZE_MAX / (4 * sizeof(double)))
        return SEGKIT_ERR_OVERFLOW;
    size_t nt = (size_t)nthresh;
    double *tot = calloc(nt * 4, sizeof *tot);
    if (!tot)
        return SEGKIT_ERR_NOMEM;
    double *cr = tot, *sr = tot + nt, *ri = tot + 2 * nt, *voi = tot + 3 * nt;
    double best_cr = 0, best_sr = 0, best_total = 0, ri_best = 0, voi_best = 0;
    for (int i = 0; i < nimages; i++) {
        const segkit_region_counts *c = counts + (size_t)i * nt;
        int bi = 0, li = 0, rbi = 0, vbi = 0;
        double bestr = -1.0;
        for (int k = 0; k < nthresh; k++) {
            double r = c[k].cnt_r / (c[k].sum_r + (c[k].sum_r == 0));
            if (r > bestr) {
                bestr = r;
                bi = k;
            }
            cr[k] += c[k].cnt_r;
            sr[k] += c[k].sum_r;
            ri[k] += c[k].ri;
            voi[k] += c[k].voi;
            if (c[k].ri > c[rbi].ri)
                rbi = k;
            if (c[k].voi < c[vbi].voi)
                vbi = k;
        }
        for (int k = 0; k < nthresh; k++)   /* ff(end): last maximum */
            if (c[k].cnt_r / (c[k].sum_r + (c[k].sum_r == 0)) == bestr)
                li = k;
        if (per_image) {
            per_image[i].thresh = c[bi].thresh;
            per_image[i].cover_r = bestr;
            per_image[i].cover_p = c[bi].cnt_p / (c[bi].sum_p + (c[bi].sum_p == 0));
        }
        best_cr += c[li].cnt_r;
        best_sr += c[li].sum_r;
        best_total += cnt_r_best[i];
        ri_best += c[rbi].ri;
        voi_best += c[vbi].voi;
    }
    int bc = 0, br = 0, bv = 0;
    for (int k = 0; k < nthresh; k++) {
        double cov = cr[k] / (sr[k] + (sr[k] == 0));
        ri[k] /= nimages;
        voi[k] /= nimages;
        if (per_thresh) {
            per_thresh[k].thresh = counts[k].thresh;
            per_thresh[k].cover = cov;
            per_thresh[k].pri = ri[k];
            per_thresh[k].voi = voi[k];
        }
        if (cov > cr[bc] / (sr[bc] + (sr[bc] == 0)))
            bc = k;
        if (ri[k] > ri[br])
            br = k;
        if (voi[k] < voi[bv])
            bv = k;
    }
    summary->cover_ods_thresh = counts[bc].thresh;
    summary->cover_ods = cr[bc] / (sr[bc] + (sr[bc] == 0));
    summary->cover_ois = best_cr / (best_sr + (best_sr == 0));
    summary->cover_best = best_total / (sr[0] + (sr[0] == 0));
    summary->pri_ods_thresh = counts[br].thresh;
    summary->pri_ods = ri[br];
    summary->pri_ois = ri_best / nimages;
    summary->voi_ods_thresh = counts[bv].thresh;
    summary->voi_ods = voi[bv];
    summary->voi_ois = voi_best / nimages;
    free(tot);
    return SEGKIT_OK;
}
