/*
 * DynamoDB numbers: up to 38 significant decimal digits, magnitude between
 * 1e-130 and 1e126 (exclusive), or zero — kept as digits and an exponent,
 * never as a double, so they round-trip exactly. Equal numbers written
 * differently ("1.50", "15e-1") have the same canonical text ("1.5"), the
 * form DynamoDB returns; the Swift kit's KVNumber has the same rules.
 */
#ifndef MEM_KV_NUMBER_H
#define MEM_KV_NUMBER_H

#include "mem_buffer.h"

#define KV_NUMBER_DIGITS 38

typedef struct kv_number {
    int negative;                      /* never for zero */
    int count;                         /* significant digits; 0 for zero */
    int exponent;                      /* value = digits × 10^exponent */
    uint8_t digits[KV_NUMBER_DIGITS];  /* most significant first, no leading or trailing zero */
} kv_number;

/** Parses a JSON number lexeme; too many digits or out of range is CK_ERR_INVALID_ARGUMENT naming `path` (when not NULL). */
int kv_number_parse(const char *text, size_t length, const char *path, kv_number *out, mem_error *error);
/** Appends the canonical decimal text ("-0.0012", "100", "1.5"), never an exponent. */
void kv_number_write(const kv_number *number, mem_buffer *out);
/** <0, 0 or >0 by value. */
int kv_number_compare(const kv_number *left, const kv_number *right);
/** The exact sum; more than 38 digits or out of range is CK_ERR_INVALID_ARGUMENT. */
int kv_number_add(const kv_number *left, const kv_number *right, kv_number *sum, mem_error *error);
/** Appends bytes whose memcmp order is the numbers' order (for number keys). */
void kv_number_ordered(const kv_number *number, mem_buffer *out);

#endif /* MEM_KV_NUMBER_H */
