/* DynamoDB numbers (see mem_kv_number.h). */
#include "mem_abi.h"
#include "mem_kv_number.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The longest digit string two aligned numbers in range can need, and one for a carry. */
#define KV_ALIGNED_DIGITS 400

/* Makes `out` from raw digits (leading and trailing zeros allowed) × 10^exponent, checking precision and range. */
static int normalize(int negative, const uint8_t *digits, size_t count, long exponent, const char *label, kv_number *out, mem_error *error) {
    size_t first = 0, last = count;
    long adjusted;
    while (first < count && digits[first] == 0) first++;
    while (last > first && digits[last - 1] == 0) {
        last--;
        exponent++;
    }
    memset(out, 0, sizeof *out);
    if (first == last) return 1;
    if (last - first > KV_NUMBER_DIGITS) {
        return mem_invalid(error, "%s has %zu significant digits; at most %d are kept", label, last - first, KV_NUMBER_DIGITS);
    }
    adjusted = exponent + (long)(last - first) - 1;
    if (adjusted > 125) return mem_invalid(error, "%s is too large (the limit is below 1e126)", label);
    if (adjusted < -130) return mem_invalid(error, "%s is too small (the limit is 1e-130)", label);
    out->negative = negative;
    out->count = (int)(last - first);
    out->exponent = (int)exponent;
    memcpy(out->digits, digits + first, last - first);
    return 1;
}

int kv_number_parse(const char *text, size_t length, const char *path, kv_number *out, mem_error *error) {
    uint8_t *digits = malloc(length ? length : 1);
    size_t index = 0, count = 0, fraction = 0;
    long exponent = 0;
    int negative = 0, point = 0, exponent_negative = 0, ok;
    char label[200];
    if (!digits) return mem_out_of_memory(error);
    if (index < length && (text[index] == '-' || text[index] == '+')) negative = text[index++] == '-';
    for (; index < length; index++) {
        if (text[index] >= '0' && text[index] <= '9') {
            digits[count++] = (uint8_t)(text[index] - '0');
            if (point) fraction++;
        } else if (text[index] == '.' && !point) {
            point = 1;
        } else {
            break;
        }
    }
    if (index < length && (text[index] == 'e' || text[index] == 'E')) {
        index++;
        if (index < length && (text[index] == '-' || text[index] == '+')) exponent_negative = text[index++] == '-';
        for (; index < length && text[index] >= '0' && text[index] <= '9'; index++) {
            exponent = exponent * 10 + (text[index] - '0');
            if (exponent > 100000) exponent = 100000;
        }
    }
    if (path) snprintf(label, sizeof label, "%s: '%.*s'", path, (int)(length < 60 ? length : 60), text);
    else snprintf(label, sizeof label, "'%.*s'", (int)(length < 60 ? length : 60), text);
    if (count == 0 || index != length) ok = mem_invalid(error, "%s is not a number", label);
    else ok = normalize(negative, digits, count, (exponent_negative ? -exponent : exponent) - (long)fraction, label, out, error);
    free(digits);
    return ok;
}

void kv_number_write(const kv_number *number, mem_buffer *out) {
    int index, point;
    if (number->count == 0) {
        mem_buffer_char(out, '0');
        return;
    }
    if (number->negative) mem_buffer_char(out, '-');
    point = number->count + number->exponent;
    if (point <= 0) {
        mem_buffer_text(out, "0.");
        for (index = 0; index < -point; index++) mem_buffer_char(out, '0');
    }
    for (index = 0; index < number->count; index++) {
        if (index == point && point > 0) mem_buffer_char(out, '.');
        mem_buffer_char(out, (char)('0' + number->digits[index]));
    }
    for (index = 0; index < number->exponent; index++) mem_buffer_char(out, '0');
}

/* <0, 0 or >0 comparing |left| and |right|. */
static int compare_magnitude(const kv_number *left, const kv_number *right) {
    int index;
    if (left->count == 0 || right->count == 0) return (left->count != 0) - (right->count != 0);
    if (left->exponent + left->count != right->exponent + right->count) {
        return left->exponent + left->count < right->exponent + right->count ? -1 : 1;
    }
    for (index = 0; index < left->count || index < right->count; index++) {
        int a = index < left->count ? left->digits[index] : 0, b = index < right->count ? right->digits[index] : 0;
        if (a != b) return a < b ? -1 : 1;
    }
    return 0;
}

int kv_number_compare(const kv_number *left, const kv_number *right) {
    int order;
    if (left->negative != right->negative) return left->negative ? -1 : 1;
    order = compare_magnitude(left, right);
    return left->negative ? -order : order;
}

/* The digits of `number` followed by zeros down to `exponent`, right-aligned in `out` (KV_ALIGNED_DIGITS long). */
static void align(const kv_number *number, int exponent, uint8_t *out) {
    size_t zeros = (size_t)(number->exponent - exponent), start = KV_ALIGNED_DIGITS - zeros - (size_t)number->count;
    memset(out, 0, KV_ALIGNED_DIGITS);
    memcpy(out + start, number->digits, (size_t)number->count);
}

int kv_number_add(const kv_number *left, const kv_number *right, kv_number *sum, mem_error *error) {
    uint8_t a[KV_ALIGNED_DIGITS], b[KV_ALIGNED_DIGITS], result[KV_ALIGNED_DIGITS];
    int exponent, index, carry = 0, negative = left->negative, order;
    if (left->count == 0 || right->count == 0) {
        *sum = left->count == 0 ? *right : *left;
        return 1;
    }
    exponent = left->exponent < right->exponent ? left->exponent : right->exponent;
    align(left, exponent, a);
    align(right, exponent, b);
    order = compare_magnitude(left, right);
    if (left->negative != right->negative && order < 0) {
        /* Subtract the smaller magnitude from the larger: swap so `a` is the larger. */
        uint8_t swap[KV_ALIGNED_DIGITS];
        memcpy(swap, a, sizeof swap);
        memcpy(a, b, sizeof swap);
        memcpy(b, swap, sizeof swap);
        negative = right->negative;
    }
    for (index = KV_ALIGNED_DIGITS - 1; index >= 0; index--) {
        int digit = left->negative == right->negative ? a[index] + b[index] + carry : a[index] - b[index] - carry;
        carry = digit >= 10 ? 1 : digit < 0 ? 1 : 0;
        result[index] = (uint8_t)(digit >= 10 ? digit - 10 : digit < 0 ? digit + 10 : digit);
    }
    if (left->negative != right->negative && order == 0) negative = 0;
    return normalize(negative, result, KV_ALIGNED_DIGITS, exponent, "the result", sum, error);
}

void kv_number_ordered(const kv_number *number, mem_buffer *out) {
    unsigned adjusted;
    int index;
    if (number->count == 0) {
        mem_buffer_char(out, 0x02);
        return;
    }
    adjusted = (unsigned)(number->exponent + number->count - 1 + 1000);
    if (!number->negative) {
        mem_buffer_char(out, 0x03);
        mem_buffer_char(out, (char)(adjusted >> 8));
        mem_buffer_char(out, (char)(adjusted & 0xFF));
        for (index = 0; index < number->count; index++) mem_buffer_char(out, (char)number->digits[index]);
        return;
    }
    /* Negative: larger magnitudes first, so invert everything; the terminator sorts a shorter digit run after its extensions. */
    adjusted = ~adjusted & 0xFFFF;
    mem_buffer_char(out, 0x01);
    mem_buffer_char(out, (char)(adjusted >> 8));
    mem_buffer_char(out, (char)(adjusted & 0xFF));
    for (index = 0; index < number->count; index++) mem_buffer_char(out, (char)(9 - number->digits[index]));
    mem_buffer_char(out, 10);
}
