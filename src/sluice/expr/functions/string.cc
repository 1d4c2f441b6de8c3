// String functions. Strings are UTF-8; positions and lengths count characters, as Spark's
// UTF8String does. Every kernel is NULL in, NULL out unless its binder says otherwise.

#include <algorithm>
#include <climits>
#include <cstring>
#include <memory>

#include "sluice/expr/coercion.h"
#include "sluice/expr/function_registry.h"
#include "sluice/expr/functions/scalar_call.h"
#include "sluice/expr/functions/signature.h"
#include "sluice/expr/functions/string_functions.h"
#include "sluice/expr/functions/utf8.h"
#include "sluice/expr/regex_pattern.h"

namespace sluice::expr {

using types::Column;
using types::ColumnPtr;
using types::DataType;
using types::TypeId;
using types::TypePtr;
using types::Value;
using Args = std::vector<ArgColumn>;

namespace {

const TypePtr& Str() {
  static const TypePtr t = DataType::String();
  return t;
}

// Binds name(str, ...) where every argument is coerced to `types[i]` and the kernel is a
// per-row function fn(args, i, &buffer, out) that appends one value.
template <typename Fn>
Result<ExprPtr> BindRowwise(CallSite call, std::initializer_list<TypePtr> types, TypePtr result, Fn fn) {
  size_t i = 0;
  for (const auto& t : types) {
    if (i < call.args.size()) SLUICE_RETURN_IF_ERROR(call.Coerce(i, t));
    ++i;
  }
  return MakeCall(call.name, std::move(result), std::move(call.args),
                  [fn](const Args& args, int64_t n, const TypePtr& type, EvalContext& ctx) -> Result<ColumnPtr> {
                    std::string buffer;
                    return MapRows(type, args, n, [&](int64_t row, Column* out) { fn(args, row, &buffer, out); });
                  });
}

// Same for fixed-width results: fn(args, i, &value) -> false for NULL.
template <typename T, typename Fn>
Result<ExprPtr> BindFixed(CallSite call, std::initializer_list<TypePtr> types, TypePtr result, Fn fn) {
  size_t i = 0;
  for (const auto& t : types) {
    if (i < call.args.size()) SLUICE_RETURN_IF_ERROR(call.Coerce(i, t));
    ++i;
  }
  return MakeCall(call.name, std::move(result), std::move(call.args),
                  [fn](const Args& args, int64_t n, const TypePtr& type, EvalContext& ctx) -> Result<ColumnPtr> {
                    return MapFixed<T>(type, args, n, [&](int64_t row, T* value) { return fn(args, row, value); });
                  });
}

// Spark's UTF8String.substringSQL: 1-based pos, 0 means 1, negative counts from the end.
std::string_view SubstringSql(std::string_view s, int64_t pos, int64_t len) {
  int64_t start;
  if (pos > 0) {
    start = pos - 1;
  } else if (pos < 0) {
    start = utf8::NumChars(s) + pos;
  } else {
    start = 0;
  }
  int64_t end = len == INT64_MAX ? INT64_MAX : start + len;
  start = std::max<int64_t>(start, 0);
  if (start >= end) return {};
  return utf8::SubChars(s, start, end);
}

// Characters of `chars` as a set of code points (for trim and translate).
std::vector<uint32_t> CodePoints(std::string_view chars) {
  std::vector<uint32_t> out;
  size_t pos = 0;
  while (pos < chars.size()) out.push_back(utf8::Decode(chars, &pos));
  return out;
}

std::string_view TrimChars(std::string_view s, const std::vector<uint32_t>& set, bool left, bool right) {
  auto in_set = [&](uint32_t c) { return std::find(set.begin(), set.end(), c) != set.end(); };
  if (left) {
    size_t pos = 0;
    while (pos < s.size()) {
      size_t next = pos;
      if (!in_set(utf8::Decode(s, &next))) break;
      pos = next;
    }
    s.remove_prefix(pos);
  }
  if (right) {
    while (!s.empty()) {
      size_t start = s.size() - 1;
      while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
      size_t p = start;
      if (!in_set(utf8::Decode(s, &p))) break;
      s.remove_suffix(s.size() - start);
    }
  }
  return s;
}

Result<ExprPtr> BindTrimFamily(std::vector<ExprPtr> args, const std::string& sql, const char* canonical, bool left,
                               bool right) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, canonical, 1, 2));
  if (call.args.size() == 1) {
    return BindRowwise(std::move(call), {Str()}, Str(),
                       [left, right](const Args& a, int64_t i, std::string*, Column* out) {
                         std::string_view s = a[0].GetString(i);
                         if (left) {
                           while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
                         }
                         if (right) {
                           while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
                         }
                         out->AppendString(s);
                       });
  }
  // trim(trimStr, str): Spark's two-argument form takes the characters to remove first.
  return BindRowwise(std::move(call), {Str(), Str()}, Str(),
                     [left, right](const Args& a, int64_t i, std::string*, Column* out) {
                       out->AppendString(TrimChars(a[1].GetString(i), CodePoints(a[0].GetString(i)), left, right));
                     });
}

Result<ExprPtr> BindPad(std::vector<ExprPtr> args, const std::string& sql, const char* canonical, bool left) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, canonical, 2, 3));
  if (call.args.size() == 2) call.args.push_back(MakeLiteral(Value::String(" "), Str()));
  return BindRowwise(std::move(call), {Str(), DataType::Int(), Str()}, Str(),
                     [left](const Args& a, int64_t i, std::string* buf, Column* out) {
                       std::string_view s = a[0].GetString(i);
                       const int64_t len = a[1].Get<int32_t>(i);
                       std::string_view pad = a[2].GetString(i);
                       const int64_t chars = utf8::NumChars(s);
                       if (len <= 0) {
                         out->AppendString("");
                         return;
                       }
                       if (len <= chars || pad.empty()) {
                         out->AppendString(utf8::SubChars(s, 0, len));
                         return;
                       }
                       buf->clear();
                       const int64_t pad_chars = utf8::NumChars(pad);
                       int64_t need = len - chars;
                       std::string padding;
                       while (need >= pad_chars) {
                         padding.append(pad);
                         need -= pad_chars;
                       }
                       padding.append(utf8::SubChars(pad, 0, need));
                       if (left) {
                         buf->append(padding).append(s);
                       } else {
                         buf->append(s).append(padding);
                       }
                       out->AppendString(*buf);
                     });
}

// Java's String.split(regex, limit) as Spark's UTF8String.split calls it: limit 0 means -1
// (trailing empty strings are kept), a zero-width match at the start gives no leading
// empty string, and an empty pattern splits into characters.
void SplitRegex(std::string_view s, const re2::RE2& re, int64_t limit, Column* out) {
  Column& elements = *out->mutable_children()[0];
  if (limit == 0) limit = -1;
  if (!s.empty() && re.pattern().empty()) {
    const int64_t chars = utf8::NumChars(s);
    const int64_t parts = (limit > chars || limit <= 0) ? chars : limit;
    size_t pos = 0;
    for (int64_t k = 0; k + 1 < parts; ++k) {
      size_t len = utf8::CharLength(static_cast<unsigned char>(s[pos]));
      elements.AppendString(s.substr(pos, len));
      pos += len;
    }
    elements.AppendString(s.substr(pos));
    out->FinishArrayRow();
    return;
  }
  const bool limited = limit > 0;
  std::vector<std::string_view> parts;
  size_t index = 0;
  size_t search = 0;
  re2::StringPiece input(s.data(), s.size());
  re2::StringPiece m;
  while (search <= s.size() && re.Match(input, search, s.size(), re2::RE2::UNANCHORED, &m, 1)) {
    const size_t start = m.data() - s.data();
    const size_t end = start + m.size();
    // After an empty match the next search starts one character later (Matcher.find).
    search = end > start ? end : end + (end < s.size() ? utf8::CharLength(static_cast<unsigned char>(s[end])) : 1);
    if (!limited || static_cast<int64_t>(parts.size()) < limit - 1) {
      if (index == 0 && start == 0 && end == 0) continue;
      parts.push_back(s.substr(index, start - index));
      index = end;
    } else {
      parts.push_back(s.substr(index));
      index = end;
      break;
    }
  }
  if (index == 0) {
    elements.AppendString(s);
  } else {
    if (!limited || static_cast<int64_t>(parts.size()) < limit) parts.push_back(s.substr(index));
    for (auto p : parts) elements.AppendString(p);
  }
  out->FinishArrayRow();
}

// A regex argument: compiled at bind time when constant, from a per-batch cache otherwise.
struct RegexArg {
  std::shared_ptr<const re2::RE2> constant;
};

Result<RegexArg> PrepareRegex(const CallSite& call, size_t index) {
  RegexArg r;
  if (call.args[index]->IsFoldable()) {
    SLUICE_ASSIGN_OR_RETURN(Value v, call.Constant(index, "regexp"));
    if (!v.is_null()) {
      SLUICE_ASSIGN_OR_RETURN(r.constant, CompileRegex(v.string_value(), call.name, true));
    }
  }
  return r;
}

// Resolves the regex of row i; nullptr (error recorded, row to be NULL) when invalid.
const re2::RE2* RowRegex(const RegexArg& r, RegexCache& cache, const ArgColumn& pattern, int64_t i,
                         EvalContext& ctx) {
  if (r.constant) return r.constant.get();
  Status error;
  const re2::RE2* re = cache.Get(pattern.GetString(i), &error);
  if (re == nullptr) ctx.SetError(error);
  return re;
}

Status GroupIndexError(const std::string& name, int64_t groups, int64_t index, bool analysis) {
  std::string message = "[INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX] The value of parameter(s) `idx` in `" + name +
                        "` is invalid: Expects group index between 0 and " + std::to_string(groups) + ", but got " +
                        std::to_string(index) + ".";
  return analysis ? Status::AnalysisError(message) : Status::ExecutionError(message);
}

Result<ExprPtr> BindRegexpExtractImpl(std::vector<ExprPtr> args, const std::string& sql, const char* canonical,
                                      bool all) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, canonical, 2, 3));
  if (call.args.size() == 2) call.args.push_back(MakeLiteral(Value::Int(1), DataType::Int()));
  SLUICE_RETURN_IF_ERROR(call.Coerce(0, Str()));
  SLUICE_RETURN_IF_ERROR(call.Coerce(1, Str()));
  SLUICE_RETURN_IF_ERROR(call.Coerce(2, DataType::Int()));
  SLUICE_ASSIGN_OR_RETURN(RegexArg regex, PrepareRegex(call, 1));
  if (regex.constant && call.args[2]->IsFoldable()) {
    SLUICE_ASSIGN_OR_RETURN(Value idx, call.Constant(2, "idx"));
    const int64_t groups = regex.constant->NumberOfCapturingGroups();
    if (!idx.is_null() && (idx.int_value() < 0 || idx.int_value() > groups)) {
      return GroupIndexError(call.name, groups, idx.int_value(), true);
    }
  }
  TypePtr result = all ? DataType::Array(Str()) : Str();
  std::string name = call.name;
  return MakeCall(call.name, result, std::move(call.args),
                  [regex, name, all](const Args& a, int64_t n, const TypePtr& type, EvalContext& ctx) -> Result<ColumnPtr> {
                    RegexCache cache(name);
                    std::vector<re2::StringPiece> groups;
                    return MapRows(type, a, n, [&](int64_t i, Column* out) {
                      const re2::RE2* re = RowRegex(regex, cache, a[1], i, ctx);
                      const int64_t idx = a[2].Get<int32_t>(i);
                      if (re == nullptr || idx < 0 || idx > re->NumberOfCapturingGroups()) {
                        if (re != nullptr) {
                          ctx.SetError(GroupIndexError(name, re->NumberOfCapturingGroups(), idx, false));
                        }
                        out->AppendNull();
                        return;
                      }
                      std::string_view s = a[0].GetString(i);
                      re2::StringPiece input(s.data(), s.size());
                      groups.resize(idx + 1);
                      size_t pos = 0;
                      bool found_any = false;
                      Column* elements = all ? out->mutable_children()[0].get() : nullptr;
                      while (pos <= s.size() &&
                             re->Match(input, pos, s.size(), re2::RE2::UNANCHORED, groups.data(), idx + 1)) {
                        const re2::StringPiece& g = groups[idx];
                        std::string_view value = g.data() == nullptr ? std::string_view() : std::string_view(g.data(), g.size());
                        if (!all) {
                          out->AppendString(value);
                          return;
                        }
                        elements->AppendString(value);
                        found_any = true;
                        const size_t start = groups[0].data() - s.data();
                        const size_t end = start + groups[0].size();
                        pos = end > start ? end : end + 1;
                      }
                      if (all) {
                        (void)found_any;
                        out->FinishArrayRow();
                      } else {
                        out->AppendString("");  // no match: Spark returns ''
                      }
                    });
                  });
}

}  // namespace

SLUICE_DECLARE_BINDER(BindConcat) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "concat", 0, kVariadic));
  bool all_arrays = !call.args.empty();
  for (const auto& a : call.args) all_arrays = all_arrays && a->type()->id() == TypeId::kArray;
  if (all_arrays) {
    TypePtr t = CommonType(call.args);
    if (!t) return call.Unexpected(1, "\"" + call.type(0)->ToString() + "\"");
    for (size_t i = 0; i < call.args.size(); ++i) SLUICE_RETURN_IF_ERROR(call.Coerce(i, t));
    return MakeCall(call.name, t, std::move(call.args),
                    [](const Args& a, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
                      return MapRows(type, a, n, [&](int64_t i, Column* out) {
                        Column& elements = *out->mutable_children()[0];
                        for (const auto& arg : a) {
                          const int64_t row = arg.Row(i);
                          for (uint32_t j = arg.column->ArrayBegin(row); j < arg.column->ArrayEnd(row); ++j) {
                            elements.AppendFrom(*arg.column->child(0), j);
                          }
                        }
                        out->FinishArrayRow();
                      });
                    });
  }
  for (size_t i = 0; i < call.args.size(); ++i) SLUICE_RETURN_IF_ERROR(call.Coerce(i, Str()));
  return MakeCall(call.name, Str(), std::move(call.args),
                  [](const Args& a, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
                    std::string buf;
                    return MapRows(type, a, n, [&](int64_t i, Column* out) {
                      buf.clear();
                      for (const auto& arg : a) buf.append(arg.GetString(i));
                      out->AppendString(buf);
                    });
                  });
}

SLUICE_DECLARE_BINDER(BindConcatWs) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "concat_ws", 1, kVariadic));
  SLUICE_RETURN_IF_ERROR(call.Coerce(0, Str()));
  for (size_t i = 1; i < call.args.size(); ++i) {
    if (call.type_id(i) == TypeId::kArray) {
      SLUICE_RETURN_IF_ERROR(call.Coerce(i, DataType::Array(Str())));
    } else {
      SLUICE_RETURN_IF_ERROR(call.CoerceOneOf(i, {Str(), DataType::Array(Str())}));
    }
  }
  CallOptions options;
  options.null_intolerant = false;
  return MakeCall(
      call.name, Str(), std::move(call.args),
      [](const Args& a, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
        auto out = std::make_shared<Column>(type);
        out->Reserve(n);
        std::string buf;
        for (int64_t i = 0; i < n; ++i) {
          if (a[0].IsNull(i)) {
            out->AppendNull();
            continue;
          }
          std::string_view sep = a[0].GetString(i);
          buf.clear();
          bool first = true;
          auto add = [&](std::string_view v) {
            if (!first) buf.append(sep);
            buf.append(v);
            first = false;
          };
          for (size_t k = 1; k < a.size(); ++k) {
            if (a[k].IsNull(i)) continue;
            if (a[k].column->type_id() == TypeId::kArray) {
              const int64_t row = a[k].Row(i);
              const Column& elements = *a[k].column->child(0);
              for (uint32_t j = a[k].column->ArrayBegin(row); j < a[k].column->ArrayEnd(row); ++j) {
                if (!elements.IsNull(j)) add(elements.GetString(j));
              }
            } else {
              add(a[k].GetString(i));
            }
          }
          out->AppendString(buf);
        }
        return out;
      },
      options);
}

SLUICE_DECLARE_BINDER(BindLower) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "lower", 1, 1));
  return BindRowwise(std::move(call), {Str()}, Str(), [](const Args& a, int64_t i, std::string* buf, Column* out) {
    utf8::MapChars(a[0].GetString(i), buf, utf8::ToLower);
    out->AppendString(*buf);
  });
}

SLUICE_DECLARE_BINDER(BindUpper) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "upper", 1, 1));
  return BindRowwise(std::move(call), {Str()}, Str(), [](const Args& a, int64_t i, std::string* buf, Column* out) {
    utf8::MapChars(a[0].GetString(i), buf, utf8::ToUpper);
    out->AppendString(*buf);
  });
}

SLUICE_DECLARE_BINDER(BindInitcap) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "initcap", 1, 1));
  return BindRowwise(std::move(call), {Str()}, Str(), [](const Args& a, int64_t i, std::string* buf, Column* out) {
    // Spark: lower-case everything, then upper-case the first letter after each space.
    std::string_view s = a[0].GetString(i);
    buf->clear();
    size_t pos = 0;
    bool word_start = true;
    while (pos < s.size()) {
      uint32_t c = utf8::Decode(s, &pos);
      utf8::Append(word_start ? utf8::ToUpper(c) : utf8::ToLower(c), buf);
      word_start = c == ' ';
    }
    out->AppendString(*buf);
  });
}

SLUICE_DECLARE_BINDER(BindSubstring) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "substring", 2, 3));
  if (call.args.size() == 2) call.args.push_back(MakeLiteral(Value::Int(INT32_MAX), DataType::Int()));
  return BindRowwise(std::move(call), {Str(), DataType::Int(), DataType::Int()}, Str(),
                     [](const Args& a, int64_t i, std::string*, Column* out) {
                       const int64_t len = a[2].Get<int32_t>(i);
                       out->AppendString(
                           SubstringSql(a[0].GetString(i), a[1].Get<int32_t>(i), len == INT32_MAX ? INT64_MAX : len));
                     });
}

SLUICE_DECLARE_BINDER(BindLeft) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "left", 2, 2));
  return BindRowwise(std::move(call), {Str(), DataType::Int()}, Str(),
                     [](const Args& a, int64_t i, std::string*, Column* out) {
                       out->AppendString(SubstringSql(a[0].GetString(i), 1, a[1].Get<int32_t>(i)));
                     });
}

SLUICE_DECLARE_BINDER(BindRight) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "right", 2, 2));
  return BindRowwise(std::move(call), {Str(), DataType::Int()}, Str(),
                     [](const Args& a, int64_t i, std::string*, Column* out) {
                       const int64_t len = a[1].Get<int32_t>(i);
                       out->AppendString(len <= 0 ? std::string_view() : SubstringSql(a[0].GetString(i), -len, INT64_MAX));
                     });
}

SLUICE_DECLARE_BINDER(BindLength) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "length", 1, 1));
  if (call.type_id(0) == TypeId::kBinary) {
    return BindFixed<int32_t>(std::move(call), {DataType::Binary()}, DataType::Int(),
                              [](const Args& a, int64_t i, int32_t* v) {
                                *v = static_cast<int32_t>(a[0].GetString(i).size());
                                return true;
                              });
  }
  return BindFixed<int32_t>(std::move(call), {Str()}, DataType::Int(), [](const Args& a, int64_t i, int32_t* v) {
    *v = static_cast<int32_t>(utf8::NumChars(a[0].GetString(i)));
    return true;
  });
}

SLUICE_DECLARE_BINDER(BindOctetLength) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "octet_length", 1, 1));
  SLUICE_RETURN_IF_ERROR(call.CoerceOneOf(0, {Str(), DataType::Binary()}));
  return BindFixed<int32_t>(std::move(call), {}, DataType::Int(), [](const Args& a, int64_t i, int32_t* v) {
    *v = static_cast<int32_t>(a[0].GetString(i).size());
    return true;
  });
}

SLUICE_DECLARE_BINDER(BindBitLength) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "bit_length", 1, 1));
  SLUICE_RETURN_IF_ERROR(call.CoerceOneOf(0, {Str(), DataType::Binary()}));
  return BindFixed<int32_t>(std::move(call), {}, DataType::Int(), [](const Args& a, int64_t i, int32_t* v) {
    *v = static_cast<int32_t>(a[0].GetString(i).size() * 8);
    return true;
  });
}

SLUICE_DECLARE_BINDER(BindTrim) { return BindTrimFamily(std::move(args), sql, "trim", true, true); }
SLUICE_DECLARE_BINDER(BindLtrim) { return BindTrimFamily(std::move(args), sql, "ltrim", true, false); }
SLUICE_DECLARE_BINDER(BindRtrim) { return BindTrimFamily(std::move(args), sql, "rtrim", false, true); }
SLUICE_DECLARE_BINDER(BindLpad) { return BindPad(std::move(args), sql, "lpad", true); }
SLUICE_DECLARE_BINDER(BindRpad) { return BindPad(std::move(args), sql, "rpad", false); }

SLUICE_DECLARE_BINDER(BindSplit) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "split", 2, 3));
  if (call.args.size() == 2) call.args.push_back(MakeLiteral(Value::Int(-1), DataType::Int()));
  SLUICE_RETURN_IF_ERROR(call.Coerce(0, Str()));
  SLUICE_RETURN_IF_ERROR(call.Coerce(1, Str()));
  SLUICE_RETURN_IF_ERROR(call.Coerce(2, DataType::Int()));
  SLUICE_ASSIGN_OR_RETURN(RegexArg regex, PrepareRegex(call, 1));
  std::string name = call.name;
  return MakeCall(call.name, DataType::Array(Str()), std::move(call.args),
                  [regex, name](const Args& a, int64_t n, const TypePtr& type, EvalContext& ctx) -> Result<ColumnPtr> {
                    RegexCache cache(name);
                    return MapRows(type, a, n, [&](int64_t i, Column* out) {
                      const re2::RE2* re = RowRegex(regex, cache, a[1], i, ctx);
                      if (re == nullptr) {
                        out->AppendNull();
                        return;
                      }
                      SplitRegex(a[0].GetString(i), *re, a[2].Get<int32_t>(i), out);
                    });
                  });
}

SLUICE_DECLARE_BINDER(BindRegexpExtract) { return BindRegexpExtractImpl(std::move(args), sql, "regexp_extract", false); }
SLUICE_DECLARE_BINDER(BindRegexpExtractAll) {
  return BindRegexpExtractImpl(std::move(args), sql, "regexp_extract_all", true);
}

SLUICE_DECLARE_BINDER(BindRegexpReplace) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "regexp_replace", 3, 4));
  if (call.args.size() == 3) call.args.push_back(MakeLiteral(Value::Int(1), DataType::Int()));
  SLUICE_RETURN_IF_ERROR(call.Coerce(0, Str()));
  SLUICE_RETURN_IF_ERROR(call.Coerce(1, Str()));
  SLUICE_RETURN_IF_ERROR(call.Coerce(2, Str()));
  SLUICE_RETURN_IF_ERROR(call.Coerce(3, DataType::Int()));
  SLUICE_ASSIGN_OR_RETURN(RegexArg regex, PrepareRegex(call, 1));
  std::string name = call.name;
  return MakeCall(call.name, Str(), std::move(call.args),
                  [regex, name](const Args& a, int64_t n, const TypePtr& type, EvalContext& ctx) -> Result<ColumnPtr> {
                    RegexCache cache(name);
                    std::string buf;
                    std::string last_replacement = "\x01";
                    std::string rewrite;
                    return MapRows(type, a, n, [&](int64_t i, Column* out) {
                      const re2::RE2* re = RowRegex(regex, cache, a[1], i, ctx);
                      const int64_t pos = a[3].Get<int32_t>(i);
                      if (re == nullptr || pos < 1) {
                        if (re != nullptr) {
                          ctx.SetError(Status::ExecutionError(
                              "[INVALID_PARAMETER_VALUE.REGEX_POSITION] The value of parameter(s) `position` in `" +
                              name + "` is invalid: Expects a positive int, but got " + std::to_string(pos) + "."));
                        }
                        out->AppendNull();
                        return;
                      }
                      std::string_view replacement = a[2].GetString(i);
                      if (replacement != last_replacement) {
                        last_replacement.assign(replacement.data(), replacement.size());
                        rewrite = JavaReplacementToRe2(replacement);
                      }
                      std::string_view s = a[0].GetString(i);
                      const size_t skip = utf8::ByteOffset(s, pos - 1);
                      buf.assign(s.data() + skip, s.size() - skip);
                      re2::RE2::GlobalReplace(&buf, *re, rewrite);
                      buf.insert(0, s.data(), skip);
                      out->AppendString(buf);
                    });
                  });
}

SLUICE_DECLARE_BINDER(BindInstr) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "instr", 2, 2));
  return BindFixed<int32_t>(std::move(call), {Str(), Str()}, DataType::Int(), [](const Args& a, int64_t i, int32_t* v) {
    std::string_view s = a[0].GetString(i);
    size_t at = s.find(a[1].GetString(i));
    *v = at == std::string_view::npos ? 0 : static_cast<int32_t>(utf8::NumChars(s.substr(0, at)) + 1);
    return true;
  });
}

SLUICE_DECLARE_BINDER(BindLocate) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "locate", 2, 3));
  if (call.args.size() == 2) call.args.push_back(MakeLiteral(Value::Int(1), DataType::Int()));
  return BindFixed<int32_t>(std::move(call), {Str(), Str(), DataType::Int()}, DataType::Int(),
                            [](const Args& a, int64_t i, int32_t* v) {
                              const int64_t start = a[2].Get<int32_t>(i);
                              if (start < 1) {
                                *v = 0;
                                return true;
                              }
                              std::string_view s = a[1].GetString(i);
                              const size_t from = utf8::ByteOffset(s, start - 1);
                              size_t at = s.find(a[0].GetString(i), from);
                              if (at == std::string_view::npos || (from >= s.size() && !a[0].GetString(i).empty())) {
                                *v = 0;
                              } else {
                                *v = static_cast<int32_t>(utf8::NumChars(s.substr(0, at)) + 1);
                              }
                              return true;
                            });
}

SLUICE_DECLARE_BINDER(BindReplace) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "replace", 2, 3));
  if (call.args.size() == 2) call.args.push_back(MakeLiteral(Value::String(""), Str()));
  return BindRowwise(std::move(call), {Str(), Str(), Str()}, Str(),
                     [](const Args& a, int64_t i, std::string* buf, Column* out) {
                       std::string_view s = a[0].GetString(i);
                       std::string_view search = a[1].GetString(i);
                       std::string_view with = a[2].GetString(i);
                       if (search.empty()) {
                         out->AppendString(s);
                         return;
                       }
                       buf->clear();
                       size_t pos = 0;
                       while (true) {
                         size_t at = s.find(search, pos);
                         if (at == std::string_view::npos) break;
                         buf->append(s.substr(pos, at - pos)).append(with);
                         pos = at + search.size();
                       }
                       buf->append(s.substr(pos));
                       out->AppendString(*buf);
                     });
}

SLUICE_DECLARE_BINDER(BindTranslate) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "translate", 3, 3));
  return BindRowwise(std::move(call), {Str(), Str(), Str()}, Str(),
                     [](const Args& a, int64_t i, std::string* buf, Column* out) {
                       std::vector<uint32_t> from = CodePoints(a[1].GetString(i));
                       std::vector<uint32_t> to = CodePoints(a[2].GetString(i));
                       std::string_view s = a[0].GetString(i);
                       buf->clear();
                       size_t pos = 0;
                       while (pos < s.size()) {
                         uint32_t c = utf8::Decode(s, &pos);
                         auto it = std::find(from.begin(), from.end(), c);
                         if (it == from.end()) {
                           utf8::Append(c, buf);
                         } else if (static_cast<size_t>(it - from.begin()) < to.size()) {
                           utf8::Append(to[it - from.begin()], buf);
                         }
                       }
                       out->AppendString(*buf);
                     });
}

SLUICE_DECLARE_BINDER(BindReverse) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "reverse", 1, 1));
  if (call.type_id(0) == TypeId::kArray) {
    TypePtr t = call.type(0);
    return MakeCall(call.name, t, std::move(call.args),
                    [](const Args& a, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
                      return MapRows(type, a, n, [&](int64_t i, Column* out) {
                        const int64_t row = a[0].Row(i);
                        Column& elements = *out->mutable_children()[0];
                        for (uint32_t j = a[0].column->ArrayEnd(row); j > a[0].column->ArrayBegin(row); --j) {
                          elements.AppendFrom(*a[0].column->child(0), j - 1);
                        }
                        out->FinishArrayRow();
                      });
                    });
  }
  return BindRowwise(std::move(call), {Str()}, Str(), [](const Args& a, int64_t i, std::string* buf, Column* out) {
    std::string_view s = a[0].GetString(i);
    buf->assign(s.size(), '\0');
    size_t pos = 0;
    while (pos < s.size()) {
      size_t len = std::min(utf8::CharLength(static_cast<unsigned char>(s[pos])), s.size() - pos);
      std::memcpy(buf->data() + s.size() - pos - len, s.data() + pos, len);
      pos += len;
    }
    out->AppendString(*buf);
  });
}

SLUICE_DECLARE_BINDER(BindAscii) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "ascii", 1, 1));
  return BindFixed<int32_t>(std::move(call), {Str()}, DataType::Int(), [](const Args& a, int64_t i, int32_t* v) {
    std::string_view s = a[0].GetString(i);
    size_t pos = 0;
    *v = s.empty() ? 0 : static_cast<int32_t>(utf8::Decode(s, &pos));
    return true;
  });
}

SLUICE_DECLARE_BINDER(BindChr) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "chr", 1, 1));
  return BindRowwise(std::move(call), {DataType::Bigint()}, Str(),
                     [](const Args& a, int64_t i, std::string* buf, Column* out) {
                       const int64_t v = a[0].Get<int64_t>(i);
                       buf->clear();
                       if (v >= 0) utf8::Append(static_cast<uint32_t>(v & 0xFF), buf);
                       out->AppendString(*buf);
                     });
}

SLUICE_DECLARE_BINDER(BindRepeat) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "repeat", 2, 2));
  return BindRowwise(std::move(call), {Str(), DataType::Int()}, Str(),
                     [](const Args& a, int64_t i, std::string* buf, Column* out) {
                       buf->clear();
                       std::string_view s = a[0].GetString(i);
                       for (int64_t k = 0; k < a[1].Get<int32_t>(i); ++k) buf->append(s);
                       out->AppendString(*buf);
                     });
}

SLUICE_DECLARE_BINDER(BindSpace) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "space", 1, 1));
  return BindRowwise(std::move(call), {DataType::Int()}, Str(),
                     [](const Args& a, int64_t i, std::string* buf, Column* out) {
                       buf->assign(std::max<int32_t>(a[0].Get<int32_t>(i), 0), ' ');
                       out->AppendString(*buf);
                     });
}

namespace {

template <typename Pred>
Result<ExprPtr> BindStringPredicate(std::vector<ExprPtr> args, const std::string& sql, const char* canonical,
                                    Pred pred) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, canonical, 2, 2));
  const bool binary = call.type_id(0) == TypeId::kBinary && call.type_id(1) == TypeId::kBinary;
  TypePtr t = binary ? DataType::Binary() : Str();
  return BindFixed<uint8_t>(std::move(call), {t, t}, DataType::Boolean(), [pred](const Args& a, int64_t i, uint8_t* v) {
    *v = pred(a[0].GetString(i), a[1].GetString(i));
    return true;
  });
}

}  // namespace

SLUICE_DECLARE_BINDER(BindStartsWith) {
  return BindStringPredicate(std::move(args), sql, "startswith",
                             [](std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; });
}
SLUICE_DECLARE_BINDER(BindEndsWith) {
  return BindStringPredicate(std::move(args), sql, "endswith", [](std::string_view s, std::string_view p) {
    return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
  });
}
SLUICE_DECLARE_BINDER(BindContains) {
  return BindStringPredicate(std::move(args), sql, "contains",
                             [](std::string_view s, std::string_view p) { return s.find(p) != std::string_view::npos; });
}

SLUICE_DECLARE_BINDER(BindLikeFunction) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "like", 2, 2));
  return BindLike("LIKE", call.args[0], call.args[1], false, call.sql);
}
SLUICE_DECLARE_BINDER(BindIlikeFunction) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "ilike", 2, 2));
  return BindLike("ILIKE", call.args[0], call.args[1], false, call.sql);
}
SLUICE_DECLARE_BINDER(BindRlikeFunction) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "rlike", 2, 2));
  return BindLike("RLIKE", call.args[0], call.args[1], false, call.sql);
}

}  // namespace sluice::expr
