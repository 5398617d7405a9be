/* segkit-overlay's exchange-format modes (overlay_export.c). */
#ifndef SEGKIT_TOOLS_OVERLAY_EXPORT_H
#define SEGKIT_TOOLS_OVERLAY_EXPORT_H

/* 1 if the command line asks for --export or --import (before any "--"). */
int overlay_export_wanted(int argc, char **argv);
/* The whole run of those modes: parses argv with their own option table,
 * returns the exit status. */
int overlay_export_main(int argc, char **argv);

#endif
