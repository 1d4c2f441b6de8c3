#pragma once

// UTF-8 helpers for the string functions: Spark counts characters (code points), not bytes.

#include <cstdint>
#include <string>
#include <string_view>

namespace sluice::expr::utf8 {

// Bytes in the character that starts with `lead` (1 for invalid bytes, so loops advance).
inline size_t CharLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;
}

inline int64_t NumChars(std::string_view s) {
  int64_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Byte offset of character `index` (clamped to s.size()).
inline size_t ByteOffset(std::string_view s, int64_t index) {
  size_t pos = 0;
  while (index > 0 && pos < s.size()) {
    pos += CharLength(static_cast<unsigned char>(s[pos]));
    --index;
  }
  return pos < s.size() ? pos : s.size();
}

// Characters [begin, end) of s (character indexes, clamped).
inline std::string_view SubChars(std::string_view s, int64_t begin, int64_t end) {
  if (end <= begin) return {};
  size_t b = ByteOffset(s, begin);
  size_t e = b + ByteOffset(s.substr(b), end - begin);
  return s.substr(b, e - b);
}

// Decodes the character at s[pos] (advancing pos); invalid bytes decode as themselves.
inline uint32_t Decode(std::string_view s, size_t* pos) {
  unsigned char c = static_cast<unsigned char>(s[*pos]);
  size_t len = CharLength(c);
  if (len == 1 || *pos + len > s.size()) {
    ++*pos;
    return c;
  }
  uint32_t cp = len == 2 ? (c & 0x1F) : (len == 3 ? (c & 0x0F) : (c & 0x07));
  for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[*pos + k]) & 0x3F);
  *pos += len;
  return cp;
}

inline void Append(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Simple case mappings for ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic (Java's
// toLowerCase / toUpperCase for those blocks; other characters are unchanged).
inline uint32_t ToLower(uint32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  if ((c >= 0xC0 && c <= 0xDE && c != 0xD7)) return c + 32;
  if (c == 0x178) return 0xFF;
  if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x138 && c != 0x149 && c != 0x17F) {
    // Latin Extended-A pairs: even upper / odd lower, except the 0x139..0x148 and 0x179..0x17E runs.
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (c % 2 == 1) ? c + 1 : c;
    return (c % 2 == 0) ? c + 1 : c;
  }
  if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 32;
  if (c >= 0x410 && c <= 0x42F) return c + 32;
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  return c;
}

inline uint32_t ToUpper(uint32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') ? c - 32 : c;
  if ((c >= 0xE0 && c <= 0xFE && c != 0xF7)) return c - 32;
  if (c == 0xFF) return 0x178;
  if (c >= 0x100 && c <= 0x17F && c != 0x131 && c != 0x138 && c != 0x149 && c != 0x17F) {
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (c % 2 == 0) ? c - 1 : c;
    return (c % 2 == 1) ? c - 1 : c;
  }
  if (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2) return c - 32;
  if (c >= 0x430 && c <= 0x44F) return c - 32;
  if (c >= 0x450 && c <= 0x45F) return c - 80;
  return c;
}

// Maps every character of `in` through `fn` into `out` (ASCII fast path).
template <typename Fn>
void MapChars(std::string_view in, std::string* out, Fn fn) {
  out->clear();
  out->reserve(in.size());
  size_t pos = 0;
  while (pos < in.size()) {
    unsigned char c = static_cast<unsigned char>(in[pos]);
    if (c < 0x80) {
      out->push_back(static_cast<char>(fn(c)));
      ++pos;
    } else {
      Append(fn(Decode(in, &pos)), out);
    }
  }
}

}  // namespace sluice::expr::utf8
