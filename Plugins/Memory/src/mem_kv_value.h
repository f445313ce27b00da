/*
 * Attribute values of key-value items, in the JSON form abi/cloudkit.h
 * defines: strings, numbers (decimal text, see mem_kv_number.h), booleans,
 * null, lists and maps map to S, N, BOOL, NULL, L and M; binary and sets
 * are {"$b64": …}, {"$ss": […]}, {"$ns": […]}, {"$bs": […]}; a map whose
 * only member has one of those names is {"$m": {…}}.
 *
 * Every value is kept as its canonical JSON — numbers canonical, set
 * members sorted (strings and binary by bytes, numbers by value), binary
 * re-encoded, map members by name — so two values are equal exactly when
 * their canonical texts are.
 */
#ifndef MEM_KV_VALUE_H
#define MEM_KV_VALUE_H

#include "mem_json.h"

/** DynamoDB's type of `value` read as an attribute value: S, N, BOOL, NULL, L, M, B, SS, NS or BS. */
const char *kv_type_of(const json_value *value);

/** Appends the canonical JSON of `value`, refusing what is no attribute value (`path` names it in messages). */
int kv_value_write(const json_value *value, const char *path, mem_buffer *out, mem_error *error);

/**
 * Appends the bytes that order key values as DynamoDB does — a string's
 * UTF-8, a number's ordered bytes, binary's bytes — for the key attribute
 * `name` of type `type` ('S', 'N' or 'B'). A value of another type, or an
 * empty string or binary, is CK_ERR_INVALID_ARGUMENT.
 */
int kv_key_bytes(const json_value *value, char type, const char *name, mem_buffer *out, mem_error *error);

#endif /* MEM_KV_VALUE_H */
