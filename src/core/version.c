#include "segkit/segkit.h"

const char *segkit_version_string(void) { return SEGKIT_VERSION_STRING; }
int segkit_version_number(void) { return SEGKIT_VERSION_NUMBER; }
