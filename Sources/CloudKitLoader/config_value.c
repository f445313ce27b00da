#include "config_value.h"

#include <stdint.h>
#include <string.h>

/* A value ends at a space, a tab, a comment or the end of the line. */
static int ends_value(const char *p, const char *end) {
    return p == end || *p == ' ' || *p == '\t' || *p == '#';
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Writes `scalar` as UTF-8 at `out`; returns the byte count. */
static size_t put_utf8(uint32_t scalar, char *out) {
    if (scalar < 0x80) {
        out[0] = (char)scalar;
        return 1;
    }
    if (scalar < 0x800) {
        out[0] = (char)(0xC0 | (scalar >> 6));
        out[1] = (char)(0x80 | (scalar & 0x3F));
        return 2;
    }
    if (scalar < 0x10000) {
        out[0] = (char)(0xE0 | (scalar >> 12));
        out[1] = (char)(0x80 | ((scalar >> 6) & 0x3F));
        out[2] = (char)(0x80 | (scalar & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (scalar >> 18));
    out[1] = (char)(0x80 | ((scalar >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((scalar >> 6) & 0x3F));
    out[3] = (char)(0x80 | (scalar & 0x3F));
    return 4;
}

/* The \uXXXX or \UXXXXXXXX escape of `digits` hex digits at `p`, written at `out`. */
static ckl_value_status unicode_escape(const char *p, const char *end, int digits, char *out, size_t *written) {
    uint32_t scalar = 0;
    if (end - p < digits) return CKL_VALUE_BAD_ESCAPE;
    for (int i = 0; i < digits; i++) {
        int value = hex_value(p[i]);
        if (value < 0) return CKL_VALUE_BAD_ESCAPE;
        scalar = scalar * 16 + (uint32_t)value;
    }
    if (scalar > 0x10FFFF || (scalar >= 0xD800 && scalar <= 0xDFFF)) return CKL_VALUE_BAD_ESCAPE;
    if (scalar == 0) return CKL_VALUE_NUL;
    *written = put_utf8(scalar, out);
    return CKL_VALUE_OK;
}

/* A basic string "…" with TOML's escapes; `*cursor` is at the opening quote. */
static ckl_value_status basic_string(const char **cursor, const char *end, ckl_arena *arena, char **text) {
    const char *p = *cursor + 1;
    /* Escapes never lengthen the text: \u0080 (6 bytes) is 2 bytes of UTF-8. */
    char *out = ckl_alloc(arena, (size_t)(end - p) + 1);
    if (!out) return CKL_VALUE_NO_MEMORY;
    size_t length = 0;
    while (p < end && *p != '"') {
        if (*p != '\\') {
            out[length++] = *p++;
            continue;
        }
        if (++p == end) return CKL_VALUE_UNTERMINATED;
        char escaped = *p++;
        size_t written = 0;
        ckl_value_status status = CKL_VALUE_OK;
        switch (escaped) {
        case 'b': out[length++] = '\b'; break;
        case 't': out[length++] = '\t'; break;
        case 'n': out[length++] = '\n'; break;
        case 'f': out[length++] = '\f'; break;
        case 'r': out[length++] = '\r'; break;
        case '"': out[length++] = '"'; break;
        case '\\': out[length++] = '\\'; break;
        case 'u':
        case 'U':
            status = unicode_escape(p, end, escaped == 'u' ? 4 : 8, out + length, &written);
            if (status != CKL_VALUE_OK) return status;
            p += escaped == 'u' ? 4 : 8;
            length += written;
            break;
        default: return CKL_VALUE_BAD_ESCAPE;
        }
    }
    if (p == end) return CKL_VALUE_UNTERMINATED;
    out[length] = '\0';
    *text = out;
    *cursor = p + 1;
    return CKL_VALUE_OK;
}

/* A literal string '…' (no escapes); `*cursor` is at the opening quote. */
static ckl_value_status literal_string(const char **cursor, const char *end, ckl_arena *arena, char **text) {
    const char *start = *cursor + 1;
    const char *close = memchr(start, '\'', (size_t)(end - start));
    if (!close) return CKL_VALUE_UNTERMINATED;
    *text = ckl_strndup(arena, start, (size_t)(close - start));
    if (!*text) return CKL_VALUE_NO_MEMORY;
    *cursor = close + 1;
    return CKL_VALUE_OK;
}

/* What a bare (unquoted) word that is no integer or boolean is, in TOML. */
static ckl_value_status other_bare_value(const char *p, const char *end) {
    const char *q = (*p == '+' || *p == '-') ? p + 1 : p;
    if ((size_t)(end - q) >= 3 && (memcmp(q, "inf", 3) == 0 || memcmp(q, "nan", 3) == 0)) return CKL_VALUE_FLOAT;
    if (q != end && *q == '0' && q + 1 != end && (q[1] == 'x' || q[1] == 'o' || q[1] == 'b')) return CKL_VALUE_NON_DECIMAL;
    while (q != end && (is_digit(*q) || *q == '_')) q++;
    if (q == p || q == end) return CKL_VALUE_UNKNOWN;
    if (*q == '.' || *q == 'e' || *q == 'E') return CKL_VALUE_FLOAT;
    if (*q == '-' || *q == ':') return CKL_VALUE_DATE;
    return CKL_VALUE_UNKNOWN;
}

/*
 * A decimal integer in TOML's form: an optional sign, then 0 or a digit
 * 1-9 followed by digits, single underscores only between digits; within
 * 64 bits. Written without sign '+' and underscores.
 */
static ckl_value_status integer(const char **cursor, const char *end, ckl_arena *arena, char **text) {
    const char *p = *cursor;
    const char *word = p;
    while (!ends_value(p, end)) p++;
    const char *digits = (*word == '+' || *word == '-') ? word + 1 : word;
    if (digits == p || !is_digit(*digits)) return other_bare_value(word, p);
    char *out = ckl_alloc(arena, (size_t)(p - word) + 1);
    if (!out) return CKL_VALUE_NO_MEMORY;
    size_t length = 0;
    if (*word == '-') out[length++] = '-';
    uint64_t magnitude = 0;
    uint64_t limit = *word == '-' ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    for (const char *q = digits; q < p; q++) {
        if (*q == '_') {
            if (q == digits || q + 1 == p || !is_digit(q[-1]) || !is_digit(q[1])) return CKL_VALUE_BAD_INTEGER;
            continue;
        }
        if (!is_digit(*q)) return other_bare_value(word, p);
        unsigned digit = (unsigned)(*q - '0');
        if (magnitude > (limit - digit) / 10) return CKL_VALUE_OUT_OF_RANGE;
        magnitude = magnitude * 10 + digit;
        out[length++] = *q;
    }
    if (*digits == '0' && p - digits > 1) return CKL_VALUE_BAD_INTEGER;
    out[length] = '\0';
    *text = out;
    *cursor = p;
    return CKL_VALUE_OK;
}

/* `true` or `false`, when the word at `*cursor` is exactly one of them. */
static int boolean(const char **cursor, const char *end, char **text) {
    static char true_text[] = "true", false_text[] = "false";
    const char *p = *cursor;
    if ((size_t)(end - p) >= 4 && memcmp(p, "true", 4) == 0 && ends_value(p + 4, end)) {
        *text = true_text;
        *cursor = p + 4;
        return 1;
    }
    if ((size_t)(end - p) >= 5 && memcmp(p, "false", 5) == 0 && ends_value(p + 5, end)) {
        *text = false_text;
        *cursor = p + 5;
        return 1;
    }
    return 0;
}

ckl_value_status ckl_parse_value(const char **cursor, const char *end, ckl_arena *arena, char **text) {
    const char *p = *cursor;
    if (ends_value(p, end)) return CKL_VALUE_MISSING;
    if ((size_t)(end - p) >= 3 && (memcmp(p, "\"\"\"", 3) == 0 || memcmp(p, "'''", 3) == 0)) return CKL_VALUE_MULTILINE;
    switch (*p) {
    case '"': return basic_string(cursor, end, arena, text);
    case '\'': return literal_string(cursor, end, arena, text);
    case '[': return CKL_VALUE_ARRAY;
    case '{': return CKL_VALUE_INLINE_TABLE;
    default: break;
    }
    if (boolean(cursor, end, text)) return CKL_VALUE_OK;
    return integer(cursor, end, arena, text);
}

const char *ckl_value_problem(ckl_value_status status) {
    switch (status) {
    case CKL_VALUE_OK: return "is fine";
    case CKL_VALUE_MISSING: return "has no value";
    case CKL_VALUE_UNTERMINATED: return "has a string that does not end on its line";
    case CKL_VALUE_BAD_ESCAPE: return "has a string with an invalid escape (TOML's are \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX)";
    case CKL_VALUE_NUL: return "has a string with a NUL character (\\u0000), which an option cannot carry";
    case CKL_VALUE_MULTILINE: return "has a multi-line string, which is not in cloudkit's subset of TOML";
    case CKL_VALUE_ARRAY: return "has an array, which is not in cloudkit's subset of TOML";
    case CKL_VALUE_INLINE_TABLE: return "has an inline table, which is not in cloudkit's subset of TOML";
    case CKL_VALUE_FLOAT: return "has a float, which is not in cloudkit's subset of TOML (quote it as a string)";
    case CKL_VALUE_DATE: return "has a date or time, which is not in cloudkit's subset of TOML (quote it as a string)";
    case CKL_VALUE_NON_DECIMAL: return "has a hexadecimal, octal or binary integer; cloudkit's subset of TOML has decimal ones only";
    case CKL_VALUE_BAD_INTEGER: return "has a malformed integer (a leading zero, or an underscore not between two digits)";
    case CKL_VALUE_OUT_OF_RANGE: return "has an integer outside the 64-bit range";
    case CKL_VALUE_UNKNOWN: return "has a value that is not a string, an integer or a boolean (is a string missing its quotes?)";
    case CKL_VALUE_NO_MEMORY: return "could not be read: out of memory";
    }
    return "has a value that could not be read";
}
