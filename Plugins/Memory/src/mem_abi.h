/*
 * Reading what a host hands in, under the rules of abi/cloudkit.h: structs
 * by the growth rules (rule 2a-c), strings as UTF-8, pair lists, and
 * per-call options; and what this library agreed with its hosts (rule 2d).
 */
#ifndef MEM_ABI_H
#define MEM_ABI_H

#include "mem_base.h"

/**
 * Copies the struct at `given` into `copy` (`known` bytes: this side's
 * sizeof), zeroing what the host's struct_size leaves out. `first_size` is
 * the end of its last 1.0 member, `type` its C name and `what` names the
 * argument. A NULL struct or a struct_size below `first_size` (or past 64
 * KiB) is CK_ERR_INVALID_ARGUMENT; a non-zero byte past `known` is
 * CK_ERR_UNSUPPORTED naming the struct and the offset.
 */
int mem_read_struct(const void *given, void *copy, size_t known, size_t first_size, const char *type, const char *what,
                    mem_error *error);

/** A required string: NULL or invalid UTF-8 is CK_ERR_INVALID_ARGUMENT naming `field`. */
int mem_string(const char *text, const char *field, mem_error *error);
/** An optional string: NULL passes, invalid UTF-8 does not. */
int mem_optional_string(const char *text, const char *field, mem_error *error);
/** `count` pairs: a NULL array with a count, a NULL or non-UTF-8 key or value fails. */
int mem_pairs(const ck_pair *pairs, size_t count, const char *field, mem_error *error);
/** `count` strings: a NULL array with a count, a NULL or non-UTF-8 entry fails. */
int mem_strings(const char *const *strings, size_t count, const char *field, mem_error *error);

/** The value of `key` among checked pairs, or NULL. */
const char *mem_pair_value(const ck_pair *pairs, size_t count, const char *key);

/**
 * Checks per-call options of `operation`: pairs valid and no key twice; a
 * key in `accepted` passes; a key cloudkit defines for the operation
 * (`defined`) that this provider cannot honour is CK_ERR_UNSUPPORTED; any
 * other key is CK_ERR_INVALID_ARGUMENT. Both name the key (the first in
 * byte order). Lists end with NULL; NULL `accepted` accepts nothing.
 */
int mem_check_options(const ck_pair *options, size_t count, const char *const *accepted, const char *const *defined,
                      const char *operation, mem_error *error);

/** The minor this library speaks to every host: the lowest any host announced (rule 2d). */
uint32_t mem_agreed_minor(void);
/** Records a host's minor (the agreed minor only goes down) and, the first time, its log sink. */
void mem_host_announced(uint32_t minor, ck_log_fn log, void *log_user_data, int32_t log_level);
/** Logs through the host's sink when it wants `level`; never a secret (this provider holds none). */
void mem_log(int32_t level, const char *format, ...) MEM_PRINTF(2, 3);

/** Calls a ck_done_fn with success, or with `error` when `ok` is 0. */
void mem_complete_done(ck_done_fn done, void *user_data, int ok, const mem_error *error);
/** Calls a ck_string_fn with `value` (borrowed) on success, or with `error` and NULL. */
void mem_complete_string(ck_string_fn done, void *user_data, int ok, const char *value, const mem_error *error);

/** The ck_status of a success. */
void mem_status_ok(ck_status *status);
/** The ck_status of `error` (borrowing its strings). */
void mem_status_of(const mem_error *error, ck_status *status);

#endif /* MEM_ABI_H */
