/* The plain-program side of every fuzz target: without -DSEGKIT_LIBFUZZER
 * the target is an ordinary program that runs LLVMFuzzerTestOneInput once
 * on each file named on its command line (the kept corpus: seeds and the
 * crashers found so far), which is how ctest replays it.  Include after
 * defining LLVMFuzzerTestOneInput. */
#ifndef SEGKIT_FUZZ_REPLAY_H
#define SEGKIT_FUZZ_REPLAY_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef SEGKIT_LIBFUZZER
int main(int argc, char **argv)
{
    int n = 0;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            fprintf(stderr, "%s: %s: cannot open\n", argv[0], argv[i]);
            return 1;
        }
        uint8_t *buf = NULL;
        size_t len = 0, cap = 0;
        for (;;) {
            if (len == cap) {
                cap = cap ? cap * 2 : 65536;
                uint8_t *nb = realloc(buf, cap);
                if (!nb) {
                    fclose(f);
                    free(buf);
                    return 1;
                }
                buf = nb;
            }
            size_t got = fread(buf + len, 1, cap - len, f);
            if (got == 0)
                break;
            len += got;
        }
        fclose(f);
        LLVMFuzzerTestOneInput(buf, len);
        free(buf);
        n++;
    }
    printf("replayed %d inputs\n", n);
    return 0;
}
#endif
#endif
