/* Private: how a filter window that sticks out of the image finds its
 * samples, by the border modes of segkit_border (segkit/threshold.h).  Shared
 * by the local thresholds (src/threshold) and the edge filters (src/edges).
 * Not installed. */
#ifndef SEGKIT_INTERNAL_BORDER_H
#define SEGKIT_INTERNAL_BORDER_H

#include "segkit/threshold.h"

/* Row or column index r mapped into [0, n) by the border mode (numpy.pad's
 * names): replicate clamps (numpy "edge"); reflect mirrors about the edge
 * pixel, which is not repeated (..., 2, 1 | 0, 1, 2, ...: numpy "reflect",
 * OpenCV BORDER_REFLECT_101, scipy.ndimage "mirror"); symmetric mirrors with
 * the edge repeated (..., 1, 0 | 0, 1, ...: numpy "symmetric", OpenCV
 * BORDER_REFLECT, scipy.ndimage "reflect"); both repeat with period 2n - 2
 * and 2n as numpy.pad does for pads wider than the axis (reflect on n = 1
 * gives 0).  clip (and any other mode) gives -1, "no sample". */
static inline int border_index(int r, int n, segkit_border border)
{
    if (r >= 0 && r < n)
        return r;
    if (border == SEGKIT_BORDER_REPLICATE)
        return r < 0 ? 0 : n - 1;
    if (border == SEGKIT_BORDER_REFLECT || border == SEGKIT_BORDER_SYMMETRIC) {
        int sym = border == SEGKIT_BORDER_SYMMETRIC;
        long long period = 2LL * n - (sym ? 0 : 2);
        if (period == 0)
            return 0;
        long long m = ((long long)r % period + period) % period;
        return (int)(m < n ? m : period - m - sym);
    }
    return -1;
}

#endif
