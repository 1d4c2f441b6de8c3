#include "sluice/connectors/file/partition_path.h"

#include <cstdio>

namespace sluice::connectors {
namespace {

bool NeedsPathEscape(unsigned char c) {
  if (c < 0x20 || c == 0x7F) return true;
  switch (c) {
    case '"': case '#': case '%': case '\'': case '*': case '/': case ':': case '=': case '?': case '\\':
    case '{': case '[': case ']': case '^':
      return true;
    default: return false;
  }
}

bool NeedsUriEscape(unsigned char c) { return c == ' ' || c == '%' || c == '#' || c == '?' || c >= 0x80 || c < 0x20; }

void AppendHex(unsigned char c, std::string* out) {
  char buf[4];
  std::snprintf(buf, sizeof(buf), "%%%02X", c);
  out->append(buf, 3);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int hi = HexValue(text[i + 1]), lo = HexValue(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

}  // namespace

std::string EscapePathName(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (NeedsPathEscape(c)) {
      AppendHex(c, &out);
    } else {
      out.push_back(ch);
    }
  }
  return out;
}

std::string UnescapePathName(std::string_view text) { return PercentDecode(text); }

std::string PathToUri(std::string_view path) {
  std::string out = "file:";
  out.reserve(path.size() + 5);
  for (char ch : path) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (NeedsUriEscape(c)) {
      AppendHex(c, &out);
    } else {
      out.push_back(ch);
    }
  }
  return out;
}

std::optional<std::string> UriToPath(std::string_view uri) {
  if (!uri.empty() && uri[0] == '/') return std::string(uri);
  if (uri.substr(0, 5) != "file:") return std::nullopt;
  std::string_view rest = uri.substr(5);
  if (rest.substr(0, 2) == "//") {
    // file://host/path: only an empty host or localhost is local.
    size_t slash = rest.find('/', 2);
    if (slash == std::string_view::npos) return std::nullopt;
    std::string_view host = rest.substr(2, slash - 2);
    if (!host.empty() && host != "localhost") return std::nullopt;
    rest = rest.substr(slash);
  }
  if (rest.empty() || rest[0] != '/') return std::nullopt;
  return PercentDecode(rest);
}

std::vector<PartitionValue> PartitionValuesOf(std::string_view base_dir, std::string_view file) {
  std::vector<PartitionValue> out;
  while (base_dir.size() > 1 && base_dir.back() == '/') base_dir.remove_suffix(1);
  if (file.size() <= base_dir.size() || file.substr(0, base_dir.size()) != base_dir) return out;
  std::string_view rest = file.substr(base_dir.size());
  if (base_dir != "/") {
    if (rest.empty() || rest[0] != '/') return out;
    rest.remove_prefix(1);
  }
  // Every folder between base_dir and the file name.
  while (true) {
    size_t slash = rest.find('/');
    if (slash == std::string_view::npos) break;
    std::string_view segment = rest.substr(0, slash);
    rest.remove_prefix(slash + 1);
    size_t eq = segment.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    PartitionValue v;
    v.name = UnescapePathName(segment.substr(0, eq));
    std::string value = UnescapePathName(segment.substr(eq + 1));
    if (value != kDefaultPartitionName) v.value = std::move(value);
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace sluice::connectors
