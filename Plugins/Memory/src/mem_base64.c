/* Base64 in both alphabets (see mem_base64.h). */
#include "mem_base64.h"

#include <string.h>

static const char standard[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static void encode(mem_buffer *out, const uint8_t *bytes, size_t length, const char *alphabet, int pad) {
    size_t index;
    for (index = 0; index + 2 < length; index += 3) {
        uint32_t group = (uint32_t)bytes[index] << 16 | (uint32_t)bytes[index + 1] << 8 | bytes[index + 2];
        char quad[4];
        quad[0] = alphabet[group >> 18];
        quad[1] = alphabet[(group >> 12) & 63];
        quad[2] = alphabet[(group >> 6) & 63];
        quad[3] = alphabet[group & 63];
        mem_buffer_append(out, quad, 4);
    }
    if (index < length) {
        uint32_t group = (uint32_t)bytes[index] << 16 | (index + 1 < length ? (uint32_t)bytes[index + 1] << 8 : 0);
        char quad[4];
        size_t used = index + 1 < length ? 3 : 2;
        quad[0] = alphabet[group >> 18];
        quad[1] = alphabet[(group >> 12) & 63];
        quad[2] = alphabet[(group >> 6) & 63];
        quad[3] = '=';
        if (used == 2) quad[2] = '=';
        mem_buffer_append(out, quad, pad ? 4 : used);
    }
}

void mem_base64_encode(mem_buffer *out, const uint8_t *bytes, size_t length) {
    encode(out, bytes, length, standard, 1);
}

void mem_base64url_encode(mem_buffer *out, const uint8_t *bytes, size_t length) {
    encode(out, bytes, length, url, 0);
}

/* The value of `character` in `alphabet`, or -1. */
static int value_of(char character, const char *alphabet) {
    const char *found;
    if (character == '\0') return -1;
    found = strchr(alphabet, character);
    return found ? (int)(found - alphabet) : -1;
}

/* Decodes `length` characters (no padding) of `alphabet`. */
static int decode(mem_buffer *out, const char *text, size_t length, const char *alphabet) {
    uint32_t group = 0;
    size_t index, bits = 0;
    if (length % 4 == 1) return 0;
    for (index = 0; index < length; index++) {
        int value = value_of(text[index], alphabet);
        if (value < 0) return 0;
        group = (group << 6) | (uint32_t)value;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            mem_buffer_char(out, (char)((group >> bits) & 0xFF));
        }
    }
    return !out->failed;
}

int mem_base64_decode(mem_buffer *out, const char *text, size_t length) {
    size_t padding = 0;
    if (length % 4 != 0) return 0;
    while (padding < 2 && padding < length && text[length - 1 - padding] == '=') padding++;
    return decode(out, text, length - padding, standard);
}

int mem_base64url_decode(mem_buffer *out, const char *text, size_t length) {
    return decode(out, text, length, url);
}
