/* Private: the foreground rule of a segkit_fg selector as a byte mask,
 * shared by src/metrics (masks to compare) and src/label (masks to label
 * and filter).  No state. */
#ifndef SEGKIT_INTERNAL_FG_MASK_H
#define SEGKIT_INTERNAL_FG_MASK_H

#include <stdint.h>

#include "segkit/image.h"
#include "segkit/metrics.h"   /* segkit_fg */

/* A tight w*h malloc'ed buffer with 1 where the 1-channel img is
 * foreground under fg, else 0.  SEGKIT_ERR_ARG (bad size or fg mode),
 * _OVERFLOW, _NOMEM. */
int fg_mask(const segkit_image *img, segkit_fg fg, uint8_t **out);

#endif
