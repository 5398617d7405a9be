/* Private to src/watershed and its tests. */
#ifndef SEGKIT_WS_INTERNAL_H
#define SEGKIT_WS_INTERNAL_H

#include "segkit/watershed.h"

/* segkit_watershed_to, with force_heap = 1: the binary-heap engine even
 * where the bucket queue would run.  With exact_ties = 0 the heap gives
 * the markers distinct ages in raster order, so both engines follow the
 * same total order (value, age) and must give the same labels: the tests
 * check the bucket queue against it. */
int ws_flood_engine(const segkit_image *surface, const segkit_image *markers,
                    const segkit_image *mask,
                    const segkit_watershed_params *params,
                    segkit_image *labels, int force_heap);

#endif
