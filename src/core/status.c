#include "segkit/image.h"

static const char *const messages[SEGKIT_STATUS_COUNT] = {
    [SEGKIT_OK] = "success",
    [SEGKIT_ERR_NOMEM] = "out of memory",
    [SEGKIT_ERR_ARG] = "invalid argument",
    [SEGKIT_ERR_TYPE] = "unsupported sample type or channel count",
    [SEGKIT_ERR_SIZE] = "image sizes differ",
    [SEGKIT_ERR_OVERFLOW] = "image dimensions overflow",
    [SEGKIT_ERR_TOO_LARGE] = "image exceeds the pixel limit (see --max-pixels)",
    [SEGKIT_ERR_IO] = "read or write error",
    [SEGKIT_ERR_FORMAT] = "unknown image format",
    [SEGKIT_ERR_CORRUPT] = "corrupt image data",
    [SEGKIT_ERR_TRUNCATED] = "truncated image data",
    [SEGKIT_ERR_UNSUPPORTED] = "unsupported feature",
    [SEGKIT_ERR_EMPTY] = "no pixels to work on",
    [SEGKIT_ERR_MEMORY_LIMIT] =
        "decoding needs more memory than the memory budget (see --max-memory)",
    [SEGKIT_ERR_DECODER_LIMIT] =
        "image exceeds the decoder library's own size limit",
    [SEGKIT_ERR_SCAN_LIMIT] =
        "progressive JPEG has more scans than the scan limit",
    [SEGKIT_ERR_CLASS_LIMIT] = 
        "more distinct classes than the metric supports (semantic: at most 2048)",
    [SEGKIT_ERR_RANGE] = "sample values out of the output format's range",
};

const char *segkit_strerror(int status)
{
    if (status < 0 || status >= SEGKIT_STATUS_COUNT)
        return "unknown error";
    return messages[status];
}
