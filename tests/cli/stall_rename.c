/* Test helper for tests/cli/output_signals.sh, loaded with LD_PRELOAD: a
 * rename()/renameat() that never returns, so that a tool is caught, for
 * certain, with its temporary output file written and not yet renamed.
 * The signal the test then sends must remove the temporary. */
#include <stdio.h>
#include <unistd.h>

int rename(const char *from, const char *to)
{
    (void)from;
    (void)to;
    for (;;)
        pause();
}

int renameat(int fromfd, const char *from, int tofd, const char *to)
{
    (void)fromfd;
    (void)tofd;
    return rename(from, to);
}
