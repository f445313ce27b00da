/*
 * JSON for key-value items: a strict RFC 8259 reader that keeps number
 * lexemes (DynamoDB numbers carry 38 digits, more than a double holds) and
 * sorts each object's members by name (refusing a name given twice), and
 * the string writer every JSON text of this provider goes through.
 */
#ifndef MEM_JSON_H
#define MEM_JSON_H

#include "mem_buffer.h"

typedef enum json_kind { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT } json_kind;

typedef struct json_value json_value;

/** An object member (or, with a NULL name, an array element). */
typedef struct json_member {
    const char *name;
    size_t name_length;
    json_value *value;
} json_member;

struct json_value {
    json_kind kind;
    int flag;             /* JSON_BOOL */
    const char *text;     /* JSON_STRING: the decoded bytes (NUL-terminated, may hold NUL); JSON_NUMBER: the lexeme */
    size_t length;
    json_member *members; /* JSON_OBJECT: by name bytes; JSON_ARRAY: in order */
    size_t count;
};

/**
 * Parses the whole of `text` (`length` bytes) into a tree living in
 * `arena`. Malformed JSON, nesting past 200 levels, invalid UTF-8 in a
 * string or a member name given twice is CK_ERR_INVALID_ARGUMENT
 * ("WHAT is not valid JSON: …"); NULL then.
 */
json_value *mem_json_parse(const char *text, size_t length, const char *what, mem_arena *arena, mem_error *error);

/** The member `name` of an object, or NULL. */
const json_value *mem_json_member(const json_value *object, const char *name, size_t name_length);

/** Appends `bytes` as a JSON string: quotes, backslashes and control characters escaped, the rest as is. */
void mem_json_string(mem_buffer *out, const char *bytes, size_t length);

#endif /* MEM_JSON_H */
