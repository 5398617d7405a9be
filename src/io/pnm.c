/* Netpbm: not implemented yet (stub). */
#include "internal/io_codec.h"

int segkit_pnm_decode(const uint8_t *data, size_t size,
                      const segkit_read_options *opts, segkit_image *img)
{
    (void)data; (void)size; (void)opts; (void)img;
    return SEGKIT_ERR_UNSUPPORTED;
}

int segkit_pnm_encode(const segkit_image *img, void **out, size_t *out_size)
{
    (void)img; (void)out; (void)out_size;
    return SEGKIT_ERR_UNSUPPORTED;
}
