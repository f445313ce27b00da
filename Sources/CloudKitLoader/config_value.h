/*
 * The values of cloudkit's subset of TOML: one-line basic and literal
 * strings, decimal integers and booleans, each turned into the text a
 * provider option carries ("eu-west-1", "5", "true").
 */
#ifndef CKL_CONFIG_VALUE_H
#define CKL_CONFIG_VALUE_H

#include "arena.h"

/* Why a value could not be read; each has a message in ckl_value_problem. */
typedef enum ckl_value_status {
    CKL_VALUE_OK = 0,
    CKL_VALUE_MISSING,
    CKL_VALUE_UNTERMINATED,
    CKL_VALUE_BAD_ESCAPE,
    CKL_VALUE_NUL,
    CKL_VALUE_MULTILINE,
    CKL_VALUE_ARRAY,
    CKL_VALUE_INLINE_TABLE,
    CKL_VALUE_FLOAT,
    CKL_VALUE_DATE,
    CKL_VALUE_NON_DECIMAL,
    CKL_VALUE_BAD_INTEGER,
    CKL_VALUE_OUT_OF_RANGE,
    CKL_VALUE_UNKNOWN,
    CKL_VALUE_NO_MEMORY
} ckl_value_status;

/*
 * Reads the value starting at `*cursor` (before `end`, the end of the line)
 * into `*text` (owned by `arena`), and moves `*cursor` past it.
 */
ckl_value_status ckl_parse_value(const char **cursor, const char *end, ckl_arena *arena, char **text);

/* Why a value of key `key` was refused, for an error message; never quotes the value. */
const char *ckl_value_problem(ckl_value_status status);

#endif
