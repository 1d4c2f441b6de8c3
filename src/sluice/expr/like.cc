#include "sluice/expr/like.h"

#include <cstring>
#include <memory>

#include "sluice/expr/arg_column.h"
#include "sluice/expr/function_registry.h"
#include "sluice/expr/functions/signature.h"
#include "sluice/expr/logical.h"
#include "sluice/expr/regex_pattern.h"
#include "sluice/expr/validity.h"

namespace sluice::expr {

using types::Batch;
using types::Column;
using types::ColumnPtr;
using types::DataType;

void LowerAscii(std::string_view in, std::string* out) {
  out->resize(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    (*out)[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }
}

namespace {

inline size_t Utf8Length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;
}

}  // namespace

Result<LikePattern> LikePattern::Compile(std::string_view pattern, bool lower_case) {
  LikePattern p;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\') {
      if (i + 1 >= pattern.size()) {
        return Status::AnalysisError("[INVALID_LIKE_PATTERN.ESC_AT_THE_END] The pattern '" + std::string(pattern) +
                                     "' is invalid: it is not allowed to end with the escape character.");
      }
      char next = pattern[++i];
      if (next != '%' && next != '_' && next != '\\') {
        return Status::AnalysisError("[INVALID_LIKE_PATTERN.ESC_IN_THE_MIDDLE] The pattern '" + std::string(pattern) +
                                     "' is invalid: the escape character is not allowed to precede '" +
                                     std::string(1, next) + "'.");
      }
      c = next;
    } else if (c == '%') {
      if (p.tokens_.empty() || p.tokens_.back().kind != TokenKind::kAny) p.tokens_.push_back({TokenKind::kAny, ""});
      continue;
    } else if (c == '_') {
      p.tokens_.push_back({TokenKind::kOne, ""});
      continue;
    }
    if (lower_case && c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (p.tokens_.empty() || p.tokens_.back().kind != TokenKind::kLiteral) p.tokens_.push_back({TokenKind::kLiteral, ""});
    p.tokens_.back().text += c;
  }
  const auto& t = p.tokens_;
  auto is = [&](size_t i, TokenKind k) { return t[i].kind == k; };
  if (t.empty()) {
    p.shape_ = Shape::kExact;
  } else if (t.size() == 1 && is(0, TokenKind::kLiteral)) {
    p.shape_ = Shape::kExact;
    p.literal_ = t[0].text;
  } else if (t.size() == 1 && is(0, TokenKind::kAny)) {
    p.shape_ = Shape::kAll;
  } else if (t.size() == 2 && is(0, TokenKind::kLiteral) && is(1, TokenKind::kAny)) {
    p.shape_ = Shape::kPrefix;
    p.literal_ = t[0].text;
  } else if (t.size() == 2 && is(0, TokenKind::kAny) && is(1, TokenKind::kLiteral)) {
    p.shape_ = Shape::kSuffix;
    p.literal_ = t[1].text;
  } else if (t.size() == 3 && is(0, TokenKind::kAny) && is(1, TokenKind::kLiteral) && is(2, TokenKind::kAny)) {
    p.shape_ = Shape::kContains;
    p.literal_ = t[1].text;
  }
  return p;
}

bool LikePattern::Matches(std::string_view s) const {
  switch (shape_) {
    case Shape::kExact: return s == literal_;
    case Shape::kAll: return true;
    case Shape::kPrefix: return s.size() >= literal_.size() && std::memcmp(s.data(), literal_.data(), literal_.size()) == 0;
    case Shape::kSuffix:
      return s.size() >= literal_.size() &&
             std::memcmp(s.data() + s.size() - literal_.size(), literal_.data(), literal_.size()) == 0;
    case Shape::kContains: return s.find(literal_) != std::string_view::npos;
    case Shape::kGeneral: return MatchGeneral(s);
  }
  return false;
}

// Wildcard matching with backtracking to the most recent '%' only, which is enough
// because '%' matches any sequence (linear for most patterns).
bool LikePattern::MatchGeneral(std::string_view s) const {
  size_t i = 0, t = 0;
  size_t star_t = std::string::npos, star_i = 0;
  while (true) {
    if (t < tokens_.size()) {
      const Token& tok = tokens_[t];
      if (tok.kind == TokenKind::kAny) {
        star_t = t++;
        star_i = i;
        continue;
      }
      if (tok.kind == TokenKind::kOne && i < s.size()) {
        i += Utf8Length(static_cast<unsigned char>(s[i]));
        ++t;
        continue;
      }
      if (tok.kind == TokenKind::kLiteral && s.size() - i >= tok.text.size() &&
          std::memcmp(s.data() + i, tok.text.data(), tok.text.size()) == 0) {
        i += tok.text.size();
        ++t;
        continue;
      }
    } else if (i >= s.size()) {
      return true;
    }
    if (star_t == std::string::npos || star_i >= s.size()) return false;
    star_i += Utf8Length(static_cast<unsigned char>(s[star_i]));
    i = star_i;
    t = star_t + 1;
  }
}

namespace {

enum class LikeKind : uint8_t { kLike, kIlike, kRlike };

class LikeExpr final : public ExprNode {
 public:
  LikeExpr(LikeKind kind, ExprPtr value, ExprPtr pattern, std::shared_ptr<const LikePattern> like,
           std::shared_ptr<const re2::RE2> regex)
      : ExprNode(ExprKind::kCall, DataType::Boolean(), {value, pattern}),
        kind_(kind),
        like_(std::move(like)),
        regex_(std::move(regex)) {}

  Result<ColumnPtr> Evaluate(const Batch& input, EvalContext& ctx) const override {
    SLUICE_ASSIGN_OR_RETURN(ArgColumn v, EvaluateArg(*children()[0], input, ctx));
    SLUICE_ASSIGN_OR_RETURN(ArgColumn p, EvaluateArg(*children()[1], input, ctx));
    const int64_t n = input.num_rows();
    if (v.IsConstantNull() || p.IsConstantNull()) return Column::MakeNull(type(), n);
    const int64_t rows = v.constant && p.constant ? 1 : n;
    ColumnPtr out = Column::Make(type(), rows);
    uint8_t* o = out->data<uint8_t>();
    std::string lowered;
    if (kind_ == LikeKind::kRlike) {
      RegexCache cache("rlike");
      for (int64_t i = 0; i < rows; ++i) {
        if (v.IsNull(i) || p.IsNull(i)) continue;
        const re2::RE2* re = regex_.get();
        if (re == nullptr) {
          Status error;
          re = cache.Get(p.GetString(i), &error);
          if (re == nullptr) {
            ctx.SetError(error);
            SetNullZeroed(out.get(), i);
            continue;
          }
        }
        std::string_view s = v.GetString(i);
        o[i] = re2::RE2::PartialMatch(re2::StringPiece(s.data(), s.size()), *re);
      }
    } else {
      std::string last_pattern;
      std::shared_ptr<const LikePattern> per_row;
      const bool lower = kind_ == LikeKind::kIlike;
      for (int64_t i = 0; i < rows; ++i) {
        if (v.IsNull(i) || p.IsNull(i)) continue;
        const LikePattern* pattern = like_.get();
        if (pattern == nullptr) {
          std::string_view text = p.GetString(i);
          if (per_row == nullptr || text != last_pattern) {
            auto compiled = LikePattern::Compile(text, lower);
            if (!compiled.ok()) {
              ctx.SetError(Status::ExecutionError(compiled.status().message()));
              SetNullZeroed(out.get(), i);
              per_row = nullptr;
              continue;
            }
            per_row = std::make_shared<const LikePattern>(std::move(compiled).value());
            last_pattern.assign(text.data(), text.size());
          }
          pattern = per_row.get();
        }
        std::string_view s = v.GetString(i);
        if (lower) {
          LowerAscii(s, &lowered);
          s = lowered;
        }
        o[i] = pattern->Matches(s);
      }
    }
    PropagateNulls({&v, &p}, rows, out.get());
    return rows == 1 && n != 1 ? Broadcast(out, n) : out;
  }

  std::string Render(RenderMode mode) const override {
    const std::string a = RenderExpr(*children()[0], mode);
    const std::string b = RenderExpr(*children()[1], mode);
    switch (kind_) {
      case LikeKind::kLike: return a + " LIKE " + b;
      case LikeKind::kIlike: return a + " ILIKE " + b;
      case LikeKind::kRlike: return "RLIKE(" + a + ", " + b + ")";
    }
    return a;
  }

  ExprPtr WithChildren(std::vector<ExprPtr> children) const override {
    // Recompile from the new pattern when it is a literal; otherwise match per row.
    std::shared_ptr<const LikePattern> like;
    std::shared_ptr<const re2::RE2> regex;
    if (const types::Value* p = LiteralValue(*children[1]); p != nullptr && p->is_string()) {
      if (kind_ == LikeKind::kRlike) {
        auto compiled = CompileRegex(p->string_value(), "rlike", true);
        if (compiled.ok()) regex = std::move(compiled).value();
      } else {
        auto compiled = LikePattern::Compile(p->string_value(), kind_ == LikeKind::kIlike);
        if (compiled.ok()) like = std::make_shared<const LikePattern>(std::move(compiled).value());
      }
    }
    return std::make_shared<LikeExpr>(kind_, children[0], children[1], like, regex);
  }

 private:
  LikeKind kind_;
  std::shared_ptr<const LikePattern> like_;   // set when the pattern is a literal
  std::shared_ptr<const re2::RE2> regex_;     // set when the pattern is a literal
};

}  // namespace

Result<ExprPtr> BindLike(const std::string& op_in, ExprPtr value, ExprPtr pattern, bool negated,
                         const std::string& sql) {
  std::string op = op_in;
  for (auto& c : op) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  LikeKind kind;
  if (op == "LIKE") kind = LikeKind::kLike;
  else if (op == "ILIKE") kind = LikeKind::kIlike;
  else if (op == "RLIKE" || op == "REGEXP" || op == "REGEXP_LIKE") kind = LikeKind::kRlike;
  else return Status::AnalysisError("unknown pattern operator '" + op_in + "' in \"" + sql + "\"");
  std::vector<ExprPtr> args{std::move(value), std::move(pattern)};
  SLUICE_RETURN_IF_ERROR(CoerceArg(args, 0, DataType::String(), sql));
  SLUICE_RETURN_IF_ERROR(CoerceArg(args, 1, DataType::String(), sql));
  std::shared_ptr<const LikePattern> like;
  std::shared_ptr<const re2::RE2> regex;
  if (args[1]->IsFoldable()) {
    EvalContext ctx;
    SLUICE_ASSIGN_OR_RETURN(types::Value p, EvaluateConstant(*args[1], ctx));
    if (!p.is_null()) {
      if (kind == LikeKind::kRlike) {
        SLUICE_ASSIGN_OR_RETURN(regex, CompileRegex(p.string_value(), "rlike", /*analysis=*/true));
      } else {
        SLUICE_ASSIGN_OR_RETURN(LikePattern compiled, LikePattern::Compile(p.string_value(), kind == LikeKind::kIlike));
        like = std::make_shared<const LikePattern>(std::move(compiled));
      }
    }
  }
  ExprPtr e = std::make_shared<LikeExpr>(kind, std::move(args[0]), std::move(args[1]), like, regex);
  return negated ? MakeNot(std::move(e)) : e;
}

}  // namespace sluice::expr
