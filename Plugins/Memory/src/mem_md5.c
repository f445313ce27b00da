/* MD5 as RFC 1321 describes it (see mem_md5.h). */
#include "mem_md5.h"

#include <string.h>

static const uint32_t sines[64] = {
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};

static const uint8_t shifts[64] = {
    7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
    4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
};

static void transform(mem_md5 *md5, const uint8_t block[64]) {
    uint32_t words[16], a = md5->state[0], b = md5->state[1], c = md5->state[2], d = md5->state[3];
    unsigned round;
    for (round = 0; round < 16; round++) {
        words[round] = (uint32_t)block[round * 4] | (uint32_t)block[round * 4 + 1] << 8 | (uint32_t)block[round * 4 + 2] << 16
                       | (uint32_t)block[round * 4 + 3] << 24;
    }
    for (round = 0; round < 64; round++) {
        uint32_t mixed, rotated;
        unsigned word;
        if (round < 16) {
            mixed = (b & c) | (~b & d);
            word = round;
        } else if (round < 32) {
            mixed = (d & b) | (~d & c);
            word = (5 * round + 1) % 16;
        } else if (round < 48) {
            mixed = b ^ c ^ d;
            word = (3 * round + 5) % 16;
        } else {
            mixed = c ^ (b | ~d);
            word = (7 * round) % 16;
        }
        mixed += a + sines[round] + words[word];
        rotated = (mixed << shifts[round]) | (mixed >> (32 - shifts[round]));
        a = d;
        d = c;
        c = b;
        b += rotated;
    }
    md5->state[0] += a;
    md5->state[1] += b;
    md5->state[2] += c;
    md5->state[3] += d;
}

void mem_md5_init(mem_md5 *md5) {
    memset(md5, 0, sizeof *md5);
    md5->state[0] = 0x67452301;
    md5->state[1] = 0xefcdab89;
    md5->state[2] = 0x98badcfe;
    md5->state[3] = 0x10325476;
}

void mem_md5_update(mem_md5 *md5, const uint8_t *bytes, size_t length) {
    md5->length += length;
    while (length > 0) {
        size_t take = 64 - md5->used < length ? 64 - md5->used : length;
        memcpy(md5->block + md5->used, bytes, take);
        md5->used += take;
        bytes += take;
        length -= take;
        if (md5->used == 64) {
            transform(md5, md5->block);
            md5->used = 0;
        }
    }
}

void mem_md5_etag(mem_md5 *md5, char etag[35]) {
    static const char hex[] = "0123456789abcdef";
    uint64_t bits = md5->length * 8;
    uint8_t padding = 0x80, zero = 0, tail[8];
    unsigned index;
    mem_md5_update(md5, &padding, 1);
    while (md5->used != 56) mem_md5_update(md5, &zero, 1);
    for (index = 0; index < 8; index++) tail[index] = (uint8_t)(bits >> (8 * index));
    mem_md5_update(md5, tail, 8);
    etag[0] = '"';
    for (index = 0; index < 16; index++) {
        uint8_t byte = (uint8_t)(md5->state[index / 4] >> (8 * (index % 4)));
        etag[1 + 2 * index] = hex[byte >> 4];
        etag[2 + 2 * index] = hex[byte & 15];
    }
    etag[33] = '"';
    etag[34] = '\0';
}
