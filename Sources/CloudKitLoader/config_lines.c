#include "config_lines.h"

#include <string.h>

void ckl_lines_init(ckl_lines *lines, const char *text, size_t length) {
    lines->next = text;
    lines->end = text + length;
    lines->number = 0;
    lines->done = 0;
    if (length >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) lines->next += 3;
}

int ckl_lines_next(ckl_lines *lines, const char **start, const char **end) {
    if (lines->done) return 0;
    const char *line = lines->next;
    const char *newline = memchr(line, '\n', (size_t)(lines->end - line));
    const char *stop = newline ? newline : lines->end;
    lines->next = newline ? newline + 1 : lines->end;
    lines->done = newline == NULL;
    if (stop > line && stop[-1] == '\r' && newline) stop--;
    lines->number++;
    *start = line;
    *end = stop;
    return 1;
}

/* The length of the UTF-8 sequence at `p` (before `end`), or 0 when it is not valid UTF-8. */
static size_t utf8_length(const unsigned char *p, const unsigned char *end) {
    size_t length;
    unsigned lowest, highest_second = 0xBF, lowest_second = 0x80;
    if (p[0] < 0x80) return 1;
    if (p[0] >= 0xC2 && p[0] <= 0xDF) length = 2;
    else if (p[0] >= 0xE0 && p[0] <= 0xEF) length = 3;
    else if (p[0] >= 0xF0 && p[0] <= 0xF4) length = 4;
    else return 0;
    if ((size_t)(end - p) < length) return 0;
    /* No overlong forms, no surrogates, nothing past U+10FFFF. */
    if (p[0] == 0xE0) lowest_second = 0xA0;
    if (p[0] == 0xED) highest_second = 0x9F;
    if (p[0] == 0xF0) lowest_second = 0x90;
    if (p[0] == 0xF4) highest_second = 0x8F;
    if (p[1] < lowest_second || p[1] > highest_second) return 0;
    lowest = 0x80;
    for (size_t i = 2; i < length; i++) {
        if (p[i] < lowest || p[i] > 0xBF) return 0;
    }
    return length;
}

const char *ckl_line_problem(const char *start, const char *end) {
    const unsigned char *p = (const unsigned char *)start;
    const unsigned char *stop = (const unsigned char *)end;
    while (p < stop) {
        if ((*p < 0x20 && *p != '\t') || *p == 0x7F) return "a control character (TOML allows tab only)";
        size_t length = utf8_length(p, stop);
        if (length == 0) return "text that is not valid UTF-8";
        p += length;
    }
    return NULL;
}
