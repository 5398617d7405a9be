/* A tiny test harness: CHECK(expr) records a failure and goes on; the test's
 * main() returns check_done().  Paths to data come from the environment
 * (set by ctest): SEGKIT_DATA (data/), SEGKIT_SHARED_DATA (../shared/data). */
#ifndef SEGKIT_TEST_CHECK_H
#define SEGKIT_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_failures, check_count;

#define CHECK(expr)                                                         \
    do {                                                                    \
        check_count++;                                                      \
        if (!(expr)) {                                                      \
            check_failures++;                                               \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, \
                    #expr);                                                 \
        }                                                                   \
    } while (0)

/* CHECK with a printf-style explanation on failure. */
#define CHECKF(expr, ...)                                                   \
    do {                                                                    \
        check_count++;                                                      \
        if (!(expr)) {                                                      \
            check_failures++;                                               \
            fprintf(stderr, "%s:%d: CHECK failed: %s: ", __FILE__, __LINE__, \
                    #expr);                                                 \
            fprintf(stderr, __VA_ARGS__);                                   \
            fputc('\n', stderr);                                            \
        }                                                                   \
    } while (0)

static inline int check_done(void)
{
    printf("%d checks, %d failed\n", check_count, check_failures);
    return check_failures ? 1 : 0;
}

/* ctest passes the configured shared-data path as SEGKIT_SHARED_DATA_DEFAULT;
 * SEGKIT_SHARED_DATA set by whoever runs ctest wins (empty: none).  Runs
 * before main() in every test that includes this header. */
__attribute__((constructor)) static void check_shared_default(void)
{
    const char *def = getenv("SEGKIT_SHARED_DATA_DEFAULT");
    if (def && !getenv("SEGKIT_SHARED_DATA"))
        setenv("SEGKIT_SHARED_DATA", def, 0);
}

/* Joins an environment directory and a relative path into buf.  Returns
 * NULL if the variable is unset or the file does not exist. */
static inline const char *check_path(char *buf, size_t size, const char *env,
                                     const char *rel)
{
    const char *dir = getenv(env);
    if (!dir || !*dir)
        return NULL;
    snprintf(buf, size, "%s/%s", dir, rel);
    FILE *f = fopen(buf, "rb");
    if (!f)
        return NULL;
    fclose(f);
    return buf;
}

/* The path of rel (relative to ../shared/data) in tests/data, which ships
 * the small, permissively licensed part of the shared data under the same
 * names, or else in ../shared/data; NULL (buf holds the shared-data path)
 * when neither has it. */
static inline const char *check_data(char *buf, size_t size, const char *rel)
{
    char sub[1024];
    snprintf(sub, sizeof sub, "data/%s", rel);
    if (check_path(buf, size, "SEGKIT_TESTS", sub))
        return buf;
    if (check_path(buf, size, "SEGKIT_SHARED_DATA", rel))
        return buf;
    const char *dir = getenv("SEGKIT_SHARED_DATA");
    snprintf(buf, size, "%s/%s", dir && *dir ? dir : "(no SEGKIT_SHARED_DATA)", rel);
    return NULL;
}

/* Exit 77 (ctest: skipped) with a message when shared data is absent. */
static inline void check_require_shared(const char *rel)
{
    char buf[4096];
    if (!check_path(buf, sizeof buf, "SEGKIT_SHARED_DATA", rel)) {
        printf("SKIP: %s not found under SEGKIT_SHARED_DATA (%s); "
               "the shared test data is not beside this clone\n",
               rel, getenv("SEGKIT_SHARED_DATA") ? getenv("SEGKIT_SHARED_DATA")
                                                 : "unset");
        exit(77);
    }
}

#endif
