/* Fuzz target for a tool's option parsing: the input, split at NUL bytes,
 * is the tool's argv (after argv[0]); the tool's own main() runs -- its
 * option table and defaults -- up to cli_parse(), whose result ends the run
 * through CLI_PARSE_HOOK (tools/cli.c is compiled with
 * -DCLI_PARSE_HOOK=fuzz_cli_parsed and the tool with -Dmain=fuzz_tool_main),
 * so no file is ever read or written.  fuzz_cli_threshold and
 * fuzz_cli_metrics.  Checked: no crash, no sanitizer report, and the result
 * is one of cli_parse's documented values. */
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int fuzz_tool_main(int argc, char **argv);
void fuzz_cli_parsed(int rc);

static jmp_buf back;
static int parsed_rc;

void fuzz_cli_parsed(int rc)
{
    parsed_rc = rc;
    longjmp(back, 1);
}

enum { MAX_ARGS = 64 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int quiet;
    if (!quiet) { /* --help and the messages would flood the fuzzer's log */
        quiet = 1;
        if (!freopen("/dev/null", "w", stdout))
            return 0;
    }
    char *copy = malloc(size + 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    copy[size] = '\0';
    char *argv[MAX_ARGS + 2];
    int argc = 0;
    argv[argc++] = "segkit-tool";
    for (size_t i = 0; i <= size && argc <= MAX_ARGS;) {
        argv[argc++] = copy + i;
        i += strlen(copy + i) + 1;
    }
    argv[argc] = NULL;
    parsed_rc = -2;
    if (setjmp(back) == 0) {
        fuzz_tool_main(argc, argv);
        /* main returned without calling cli_parse: cannot happen */
        abort();
    }
    if (parsed_rc != -1 && parsed_rc != 0 && parsed_rc != 1 && parsed_rc != 2)
        abort();
    free(copy);
    return 0;
}

#include "replay.h"
