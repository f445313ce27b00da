/*
 * The lines of a configuration text: split at LF (a CRLF ending counts as
 * one), each checked to be UTF-8 without control characters but tab.
 */
#ifndef CKL_CONFIG_LINES_H
#define CKL_CONFIG_LINES_H

#include <stddef.h>

typedef struct ckl_lines {
    const char *next;    /* where the next line starts */
    const char *end;     /* the end of the text */
    size_t number;       /* the number of the line last returned, from 1 */
    int done;
} ckl_lines;

/* Starts at `text` (`length` bytes; a UTF-8 byte order mark is skipped). */
void ckl_lines_init(ckl_lines *lines, const char *text, size_t length);

/* The next line, without its line ending, in [*start, *end); 0 after the last. */
int ckl_lines_next(ckl_lines *lines, const char **start, const char **end);

/* Why the line [start, end) is not allowed in a TOML file, or NULL when it is. */
const char *ckl_line_problem(const char *start, const char *end);

#endif
