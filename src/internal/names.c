/* A name's place in a table of names (internal/names.h). */
#include <string.h>
#include <strings.h>

#include "internal/names.h"

int name_index(const char *const *names, int n, const char *name)
{
    for (int i = 0; name && i < n; i++)
        if (names[i] && strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

int name_index_nocase(const char *const *names, int n, const char *name)
{
    for (int i = 0; name && i < n; i++)
        if (names[i] && strcasecmp(name, names[i]) == 0)
            return i;
    return -1;
}
