/* The strict JSON reader (see mem_json.h). */
#include "mem_abi.h"
#include "mem_json.h"

#include <stdlib.h>
#include <string.h>

#define JSON_MAX_DEPTH 200

typedef struct reader {
    const char *text;
    size_t length;
    size_t index;
    int depth;
    const char *what;
    mem_arena *arena;
    mem_error *error;
} reader;

static int fail(reader *r, const char *reason) {
    return mem_invalid(r->error, "%s is not valid JSON: %s at byte %zu", r->what, reason, r->index);
}

static void skip_space(reader *r) {
    while (r->index < r->length) {
        char c = r->text[r->index];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
        r->index++;
    }
}

static json_value *parse_value(reader *r);

static int hex4(reader *r, unsigned *value) {
    size_t end = r->index + 4;
    *value = 0;
    if (end > r->length) return fail(r, "short \\u escape");
    for (; r->index < end; r->index++) {
        char c = r->text[r->index];
        unsigned digit;
        if (c >= '0' && c <= '9') digit = (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') digit = (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') digit = (unsigned)(c - 'A' + 10);
        else return fail(r, "bad \\u escape");
        *value = *value * 16 + digit;
    }
    return 1;
}

/* Appends code point `value` as UTF-8. */
static void put_code_point(mem_buffer *out, unsigned value) {
    char bytes[4];
    size_t length;
    if (value < 0x80) {
        bytes[0] = (char)value;
        length = 1;
    } else if (value < 0x800) {
        bytes[0] = (char)(0xC0 | (value >> 6));
        bytes[1] = (char)(0x80 | (value & 0x3F));
        length = 2;
    } else if (value < 0x10000) {
        bytes[0] = (char)(0xE0 | (value >> 12));
        bytes[1] = (char)(0x80 | ((value >> 6) & 0x3F));
        bytes[2] = (char)(0x80 | (value & 0x3F));
        length = 3;
    } else {
        bytes[0] = (char)(0xF0 | (value >> 18));
        bytes[1] = (char)(0x80 | ((value >> 12) & 0x3F));
        bytes[2] = (char)(0x80 | ((value >> 6) & 0x3F));
        bytes[3] = (char)(0x80 | (value & 0x3F));
        length = 4;
    }
    mem_buffer_append(out, bytes, length);
}

static int parse_escape(reader *r, mem_buffer *out) {
    char escape;
    unsigned unit, low;
    if (r->index >= r->length) return fail(r, "unterminated escape");
    escape = r->text[r->index++];
    switch (escape) {
    case '"': mem_buffer_char(out, '"'); return 1;
    case '\\': mem_buffer_char(out, '\\'); return 1;
    case '/': mem_buffer_char(out, '/'); return 1;
    case 'b': mem_buffer_char(out, '\b'); return 1;
    case 'f': mem_buffer_char(out, '\f'); return 1;
    case 'n': mem_buffer_char(out, '\n'); return 1;
    case 'r': mem_buffer_char(out, '\r'); return 1;
    case 't': mem_buffer_char(out, '\t'); return 1;
    case 'u': break;
    default: return fail(r, "bad escape");
    }
    if (!hex4(r, &unit)) return 0;
    if (unit >= 0xDC00 && unit <= 0xDFFF) return fail(r, "unpaired surrogate");
    if (unit >= 0xD800 && unit <= 0xDBFF) {
        if (r->index + 1 >= r->length || r->text[r->index] != '\\' || r->text[r->index + 1] != 'u') return fail(r, "unpaired surrogate");
        r->index += 2;
        if (!hex4(r, &low)) return 0;
        if (low < 0xDC00 || low > 0xDFFF) return fail(r, "unpaired surrogate");
        unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
    }
    put_code_point(out, unit);
    return 1;
}

/* Parses a string literal at r->index (its opening quote) into arena memory. */
static int parse_string(reader *r, const char **text, size_t *length) {
    mem_buffer out;
    size_t run = ++r->index;
    mem_buffer_init(&out);
    for (;;) {
        unsigned char c;
        if (r->index >= r->length) {
            mem_buffer_free(&out);
            return fail(r, "unterminated string");
        }
        c = (unsigned char)r->text[r->index];
        if (c == '"' || c == '\\') {
            mem_buffer_append(&out, r->text + run, r->index - run);
            r->index++;
            if (c == '"') break;
            if (!parse_escape(r, &out)) {
                mem_buffer_free(&out);
                return 0;
            }
            run = r->index;
        } else if (c < 0x20) {
            mem_buffer_free(&out);
            return fail(r, "control character in a string");
        } else {
            r->index++;
        }
    }
    if (!mem_buffer_reserve(&out, 0)) {
        mem_buffer_free(&out);
        return mem_out_of_memory(r->error);
    }
    if (!mem_utf8_valid((const uint8_t *)out.bytes, out.length)) {
        mem_buffer_free(&out);
        return fail(r, "invalid UTF-8");
    }
    *length = out.length;
    *text = mem_arena_adopt(r->arena, mem_buffer_take(&out));
    return *text != NULL || mem_out_of_memory(r->error);
}

static int is_digit(reader *r) {
    return r->index < r->length && r->text[r->index] >= '0' && r->text[r->index] <= '9';
}

static int parse_number(reader *r, json_value *value) {
    size_t start = r->index;
    if (r->text[r->index] == '-') r->index++;
    if (!is_digit(r)) return fail(r, "a number needs digits");
    if (r->text[r->index] == '0') r->index++;
    else while (is_digit(r)) r->index++;
    if (r->index < r->length && r->text[r->index] == '.') {
        r->index++;
        if (!is_digit(r)) return fail(r, "a fraction needs digits");
        while (is_digit(r)) r->index++;
    }
    if (r->index < r->length && (r->text[r->index] == 'e' || r->text[r->index] == 'E')) {
        r->index++;
        if (r->index < r->length && (r->text[r->index] == '+' || r->text[r->index] == '-')) r->index++;
        if (!is_digit(r)) return fail(r, "an exponent needs digits");
        while (is_digit(r)) r->index++;
    }
    value->kind = JSON_NUMBER;
    value->length = r->index - start;
    value->text = mem_arena_copy(r->arena, r->text + start, value->length);
    return value->text != NULL || mem_out_of_memory(r->error);
}

static int compare_members(const void *left, const void *right) {
    const json_member *a = left, *b = right;
    return mem_bytes_compare(a->name, a->name_length, b->name, b->name_length);
}

/* Parses an array or an object (`object` set) at r->index (its bracket). */
static int parse_container(reader *r, json_value *value, int object) {
    char close = object ? '}' : ']';
    size_t capacity = 0, index;
    if (++r->depth > JSON_MAX_DEPTH) return fail(r, "nesting deeper than 200");
    value->kind = object ? JSON_OBJECT : JSON_ARRAY;
    r->index++;
    skip_space(r);
    if (r->index < r->length && r->text[r->index] == close) {
        r->index++;
        r->depth--;
        return 1;
    }
    for (;;) {
        json_member member = {NULL, 0, NULL};
        skip_space(r);
        if (object) {
            if (r->index >= r->length || r->text[r->index] != '"') return fail(r, "expected a member name");
            if (!parse_string(r, &member.name, &member.name_length)) return 0;
            skip_space(r);
            if (r->index >= r->length || r->text[r->index] != ':') return fail(r, "expected ':'");
            r->index++;
            skip_space(r);
        }
        if (!(member.value = parse_value(r))) return 0;
        if (value->count == capacity) {
            json_member *grown;
            capacity = capacity ? capacity * 2 : 4;
            grown = mem_arena_alloc(r->arena, capacity * sizeof *grown);
            if (!grown) return mem_out_of_memory(r->error);
            if (value->count) memcpy(grown, value->members, value->count * sizeof *grown);
            value->members = grown;
        }
        value->members[value->count++] = member;
        skip_space(r);
        if (r->index >= r->length) return fail(r, "unexpected end");
        if (r->text[r->index] == ',') {
            r->index++;
            continue;
        }
        if (r->text[r->index] != close) return fail(r, object ? "expected ',' or '}'" : "expected ',' or ']'");
        r->index++;
        break;
    }
    r->depth--;
    if (!object) return 1;
    qsort(value->members, value->count, sizeof *value->members, compare_members);
    for (index = 1; index < value->count; index++) {
        if (compare_members(&value->members[index - 1], &value->members[index]) == 0) {
            return mem_invalid(r->error, "%s is not valid JSON: duplicate member \"%.100s\"", r->what, value->members[index].name);
        }
    }
    return 1;
}

static int expect_word(reader *r, const char *word) {
    size_t length = strlen(word);
    if (r->length - r->index < length || memcmp(r->text + r->index, word, length) != 0) return fail(r, "unexpected character");
    r->index += length;
    return 1;
}

static json_value *parse_value(reader *r) {
    json_value *value = mem_arena_alloc(r->arena, sizeof *value);
    int ok;
    if (!value) {
        mem_out_of_memory(r->error);
        return NULL;
    }
    if (r->index >= r->length) {
        fail(r, "unexpected end");
        return NULL;
    }
    switch (r->text[r->index]) {
    case '{': ok = parse_container(r, value, 1); break;
    case '[': ok = parse_container(r, value, 0); break;
    case '"':
        value->kind = JSON_STRING;
        ok = parse_string(r, &value->text, &value->length);
        break;
    case 't':
        value->kind = JSON_BOOL;
        value->flag = 1;
        ok = expect_word(r, "true");
        break;
    case 'f':
        value->kind = JSON_BOOL;
        ok = expect_word(r, "false");
        break;
    case 'n':
        value->kind = JSON_NULL;
        ok = expect_word(r, "null");
        break;
    default:
        ok = r->text[r->index] == '-' || (r->text[r->index] >= '0' && r->text[r->index] <= '9') ? parse_number(r, value)
                                                                                                : fail(r, "unexpected character");
    }
    return ok ? value : NULL;
}

json_value *mem_json_parse(const char *text, size_t length, const char *what, mem_arena *arena, mem_error *error) {
    reader r;
    json_value *value;
    r.text = text;
    r.length = length;
    r.index = 0;
    r.depth = 0;
    r.what = what;
    r.arena = arena;
    r.error = error;
    skip_space(&r);
    value = parse_value(&r);
    if (!value) return NULL;
    skip_space(&r);
    if (r.index != r.length) {
        fail(&r, "unexpected text after the value");
        return NULL;
    }
    return value;
}

const json_value *mem_json_member(const json_value *object, const char *name, size_t name_length) {
    size_t low = 0, high = object->count;
    while (low < high) {
        size_t middle = low + (high - low) / 2;
        int order = mem_bytes_compare(object->members[middle].name, object->members[middle].name_length, name, name_length);
        if (order == 0) return object->members[middle].value;
        if (order < 0) low = middle + 1;
        else high = middle;
    }
    return NULL;
}
