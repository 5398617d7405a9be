/* segkit/segkit.h - umbrella header of libsegkit.
 *
 * libsegkit: classic image segmentation in C.  Include this header, link
 * with segkit::segkit (CMake) or `pkg-config --libs segkit`.
 */
#ifndef SEGKIT_H
#define SEGKIT_H

#define SEGKIT_VERSION_MAJOR 0
#define SEGKIT_VERSION_MINOR 1
#define SEGKIT_VERSION_PATCH 0
#define SEGKIT_VERSION_STRING "0.1.0"
/* One comparable number: 0x00MMmmpp. */
#define SEGKIT_VERSION_NUMBER \
    ((SEGKIT_VERSION_MAJOR << 16) | (SEGKIT_VERSION_MINOR << 8) | SEGKIT_VERSION_PATCH)

#include "segkit/image.h"
#include "segkit/io.h"
#include "segkit/color.h"
#include "segkit/threshold.h"
#include "segkit/boundary.h"
#include "segkit/metrics.h"
#include "segkit/distance.h"
#include "segkit/morph.h"
#include "segkit/label.h"
#include "segkit/render.h"
#include "segkit/watershed.h"
#include "segkit/export.h"
#include "segkit/edges.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The version of the library actually linked, e.g. "0.1.0". */
SEGKIT_API const char *segkit_version_string(void);
/* SEGKIT_VERSION_NUMBER of the library actually linked. */
SEGKIT_API int segkit_version_number(void);

#ifdef __cplusplus
}
#endif
#endif
