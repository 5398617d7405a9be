/* Private: the signature every global threshold method implements, and the
 * helpers they share.  One file per method under src/threshold/; the table
 * in src/threshold/global.c maps names to these functions. */
#ifndef SEGKIT_INTERNAL_THRESHOLD_METHOD_H
#define SEGKIT_INTERNAL_THRESHOLD_METHOD_H

#include "segkit/threshold.h"

/* Computes threshold(s) in sample units (foreground = v > T) from hist.
 * hist->total > 0 is guaranteed by the caller, as are valid params.
 * Writes *count values into thr (SEGKIT_THRESHOLD_MAX room). */
typedef int (*segkit_method_fn)(const segkit_histogram *hist,
                                const segkit_threshold_params *params,
                                double *thr, int *count);

int segkit_method_otsu(const segkit_histogram *, const segkit_threshold_params *, double *, int *);
int segkit_method_multiotsu(const segkit_histogram *, const segkit_threshold_params *, double *, int *);
int segkit_method_triangle(const segkit_histogram *, const segkit_threshold_params *, double *, int *);
int segkit_method_li(const segkit_histogram *, const segkit_threshold_params *, double *, int *);
int segkit_method_yen(const segkit_histogram *, const segkit_threshold_params *, double *, int *);
int segkit_method_isodata(const segkit_histogram *, const segkit_threshold_params *, double *, int *);
int segkit_method_default(const segkit_histogram *, const segkit_threshold_params *, double *, int *);
int segkit_method_mean(const segkit_histogram *, const segkit_threshold_params *, double *, int *);
int segkit_method_minimum(const segkit_histogram *, const segkit_threshold_params *, double *, int *);
int segkit_method_intermodes(const segkit_histogram *, const segkit_threshold_params *, double *, int *);
int segkit_method_huang(const segkit_histogram *, const segkit_threshold_params *, double *, int *);
int segkit_method_huang2(const segkit_histogram *, const segkit_threshold_params *, double *, int *);
int segkit_method_maxentropy(const segkit_histogram *, const segkit_threshold_params *, double *, int *);
int segkit_method_renyientropy(const segkit_histogram *, const segkit_threshold_params *, double *, int *);
int segkit_method_shanbhag(const segkit_histogram *, const segkit_threshold_params *, double *, int *);
int segkit_method_moments(const segkit_histogram *, const segkit_threshold_params *, double *, int *);
int segkit_method_percentile(const segkit_histogram *, const segkit_threshold_params *, double *, int *);
int segkit_method_minerror(const segkit_histogram *, const segkit_threshold_params *, double *, int *);
int segkit_method_kappasigma(const segkit_histogram *, const segkit_threshold_params *, double *, int *);

/* The value a method that picked level t (ImageJ sense: 0..t background)
 * reports under params->convention: ImageJ -> the bin's upper value,
 * skimage/OpenCV -> its centre.  Identical for one-bin-per-value data. */
double segkit_level_value(const segkit_histogram *h, int t,
                          const segkit_threshold_params *params);

/* Writes one threshold for level t (convenience for single-level methods). */
int segkit_method_level(const segkit_histogram *h, int t,
                        const segkit_threshold_params *params, double *thr,
                        int *count);

#endif
