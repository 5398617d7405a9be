/* Private: a name's place in a family's table of names, shared by the
 * *_parse functions of the families (threshold, edges, morph, distance,
 * metrics, watershed, render).  No state. */
#ifndef SEGKIT_INTERNAL_NAMES_H
#define SEGKIT_INTERNAL_NAMES_H

/* The index of NAME in NAMES[0..n - 1], compared exactly (entries may be
 * NULL and match nothing), or -1 if none matches or NAME is NULL. */
int name_index(const char *const *names, int n, const char *name);

/* The same, compared ASCII case-insensitively. */
int name_index_nocase(const char *const *names, int n, const char *name);

#endif
