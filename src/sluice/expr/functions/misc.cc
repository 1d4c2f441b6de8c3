// Hashing, encoding and miscellaneous functions.

#include <cmath>
#include <cstring>
#include <random>

#include "sluice/expr/function_registry.h"
#include "sluice/expr/functions/digest.h"
#include "sluice/expr/functions/misc_functions.h"
#include "sluice/expr/functions/scalar_call.h"
#include "sluice/expr/functions/signature.h"

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

// Binary-or-string input (Spark casts STRING to BINARY for the digest functions).
Status CoerceBytes(CallSite& call, size_t i) {
  if (call.type_id(i) == TypeId::kBinary) return Status::OK();
  if (call.type_id(i) == TypeId::kString || call.type_id(i) == TypeId::kNull) return call.Coerce(i, DataType::Binary());
  return call.Unexpected(i, "\"BINARY\"");
}

template <typename Fn>
Result<ExprPtr> BindDigest(std::vector<ExprPtr> args, const std::string& sql, const char* canonical, Fn fn) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, canonical, 1, 1));
  SLUICE_RETURN_IF_ERROR(CoerceBytes(call, 0));
  return MakeCall(call.name, Str(), std::move(call.args),
                  [fn](const Args& a, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
                    return MapRows(type, a, n, [&](int64_t i, Column* out) {
                      out->AppendString(digest::Hex(fn(a[0].GetString(i))));
                    });
                  });
}

// Spark's HashExpression.computeHash for one value; NULL leaves the seed unchanged.
int32_t HashValue(const Column& c, int64_t row, int32_t seed) {
  if (c.IsNull(row)) return seed;
  switch (c.type_id()) {
    case TypeId::kNull: return seed;
    case TypeId::kBoolean: return digest::Murmur3Int(c.data<uint8_t>()[row] ? 1 : 0, seed);
    case TypeId::kInt:
    case TypeId::kDate: return digest::Murmur3Int(c.data<int32_t>()[row], seed);
    case TypeId::kBigint:
    case TypeId::kTimestamp: return digest::Murmur3Long(c.data<int64_t>()[row], seed);
    case TypeId::kDouble: {
      double d = c.data<double>()[row];
      if (d == 0) d = 0.0;  // -0.0 hashes as 0.0
      int64_t bits;
      if (std::isnan(d)) {
        bits = 0x7ff8000000000000LL;  // Java's canonical NaN
      } else {
        std::memcpy(&bits, &d, 8);
      }
      return digest::Murmur3Long(bits, seed);
    }
    case TypeId::kString:
    case TypeId::kBinary: return digest::Murmur3Bytes(c.GetString(row), seed);
    case TypeId::kArray: {
      int32_t h = seed;
      for (uint32_t j = c.ArrayBegin(row); j < c.ArrayEnd(row); ++j) h = HashValue(*c.child(0), j, h);
      return h;
    }
    case TypeId::kStruct: {
      int32_t h = seed;
      for (size_t f = 0; f < c.type()->fields().size(); ++f) h = HashValue(*c.child(f), row, h);
      return h;
    }
  }
  return seed;
}

const char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

}  // namespace

SLUICE_DECLARE_BINDER(BindMd5) { return BindDigest(std::move(args), sql, "md5", digest::Md5); }
SLUICE_DECLARE_BINDER(BindSha1) { return BindDigest(std::move(args), sql, "sha1", digest::Sha1); }

SLUICE_DECLARE_BINDER(BindSha2) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "sha2", 2, 2));
  SLUICE_RETURN_IF_ERROR(CoerceBytes(call, 0));
  SLUICE_RETURN_IF_ERROR(call.Coerce(1, DataType::Int()));
  return MakeCall(call.name, Str(), std::move(call.args),
                  [](const Args& a, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
                    return MapRows(type, a, n, [&](int64_t i, Column* out) {
                      int bits = a[1].Get<int32_t>(i);
                      if (bits == 0) bits = 256;
                      if (bits != 224 && bits != 256 && bits != 384 && bits != 512) {
                        out->AppendNull();  // Spark: NULL for an unsupported bit length
                        return;
                      }
                      out->AppendString(digest::Hex(digest::Sha2(a[0].GetString(i), bits)));
                    });
                  });
}

SLUICE_DECLARE_BINDER(BindCrc32) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "crc32", 1, 1));
  SLUICE_RETURN_IF_ERROR(CoerceBytes(call, 0));
  return MakeCall(call.name, DataType::Bigint(), std::move(call.args),
                  [](const Args& a, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
                    return MapFixed<int64_t>(type, a, n, [&](int64_t i, int64_t* v) {
                      *v = digest::Crc32(a[0].GetString(i));
                      return true;
                    });
                  });
}

SLUICE_DECLARE_BINDER(BindHash) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "hash", 1, kVariadic));
  CallOptions options;
  options.null_intolerant = false;
  return MakeCall(
      call.name, DataType::Int(), std::move(call.args),
      [](const Args& a, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
        ColumnPtr out = Column::Make(type, n);
        int32_t* o = out->data<int32_t>();
        for (int64_t i = 0; i < n; ++i) {
          int32_t h = 42;
          for (const auto& arg : a) h = HashValue(*arg.column, arg.Row(i), h);
          o[i] = h;
        }
        return out;
      },
      options);
}

SLUICE_DECLARE_BINDER(BindHex) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "hex", 1, 1));
  if (call.type(0)->IsIntegral()) {
    SLUICE_RETURN_IF_ERROR(call.Coerce(0, DataType::Bigint()));
    return MakeCall(call.name, Str(), std::move(call.args),
                    [](const Args& a, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
                      char buf[24];
                      return MapRows(type, a, n, [&](int64_t i, Column* out) {
                        std::snprintf(buf, sizeof(buf), "%llX",
                                      static_cast<unsigned long long>(static_cast<uint64_t>(a[0].Get<int64_t>(i))));
                        out->AppendString(buf);
                      });
                    });
  }
  if (call.type_id(0) != TypeId::kBinary) SLUICE_RETURN_IF_ERROR(call.Coerce(0, Str()));
  return MakeCall(call.name, Str(), std::move(call.args),
                  [](const Args& a, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
                    std::string buf;
                    return MapRows(type, a, n, [&](int64_t i, Column* out) {
                      buf = digest::Hex(a[0].GetString(i));
                      for (auto& c : buf) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                      out->AppendString(buf);
                    });
                  });
}

SLUICE_DECLARE_BINDER(BindBase64) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "base64", 1, 1));
  SLUICE_RETURN_IF_ERROR(CoerceBytes(call, 0));
  return MakeCall(call.name, Str(), std::move(call.args),
                  [](const Args& a, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
                    std::string buf;
                    return MapRows(type, a, n, [&](int64_t i, Column* out) {
                      std::string_view in = a[0].GetString(i);
                      buf.clear();
                      size_t k = 0;
                      for (; k + 2 < in.size(); k += 3) {
                        uint32_t v = (static_cast<unsigned char>(in[k]) << 16) |
                                     (static_cast<unsigned char>(in[k + 1]) << 8) | static_cast<unsigned char>(in[k + 2]);
                        for (int s = 18; s >= 0; s -= 6) buf.push_back(kBase64[(v >> s) & 63]);
                      }
                      if (k < in.size()) {
                        uint32_t v = static_cast<unsigned char>(in[k]) << 16;
                        if (k + 1 < in.size()) v |= static_cast<unsigned char>(in[k + 1]) << 8;
                        buf.push_back(kBase64[(v >> 18) & 63]);
                        buf.push_back(kBase64[(v >> 12) & 63]);
                        buf.push_back(k + 1 < in.size() ? kBase64[(v >> 6) & 63] : '=');
                        buf.push_back('=');
                      }
                      out->AppendString(buf);
                    });
                  });
}

SLUICE_DECLARE_BINDER(BindUnbase64) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "unbase64", 1, 1));
  SLUICE_RETURN_IF_ERROR(call.Coerce(0, Str()));
  return MakeCall(call.name, DataType::Binary(), std::move(call.args),
                  [](const Args& a, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
                    std::string buf;
                    return MapRows(type, a, n, [&](int64_t i, Column* out) {
                      buf.clear();
                      uint32_t acc = 0;
                      int bits = 0;
                      for (char c : a[0].GetString(i)) {
                        const char* p = c ? std::strchr(kBase64, c) : nullptr;
                        if (p == nullptr) continue;  // '=' padding and whitespace are skipped
                        acc = (acc << 6) | static_cast<uint32_t>(p - kBase64);
                        bits += 6;
                        if (bits >= 8) {
                          bits -= 8;
                          buf.push_back(static_cast<char>((acc >> bits) & 0xFF));
                        }
                      }
                      out->AppendString(buf);
                    });
                  });
}

SLUICE_DECLARE_BINDER(BindUuid) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "uuid", 0, 0));
  CallOptions options;
  options.deterministic = false;
  return MakeCall(
      call.name, Str(), {},
      [](const Args&, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
        std::random_device device;
        std::mt19937_64 rng((static_cast<uint64_t>(device()) << 32) ^ device());
        auto out = std::make_shared<Column>(type);
        out->Reserve(n, n * 36);
        char buf[40];
        for (int64_t i = 0; i < n; ++i) {
          uint64_t hi = rng(), lo = rng();
          hi = (hi & ~0xF000ULL) | 0x4000ULL;                            // version 4
          lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // IETF variant
          std::snprintf(buf, sizeof(buf), "%08llx-%04llx-%04llx-%04llx-%012llx",
                        static_cast<unsigned long long>(hi >> 32), static_cast<unsigned long long>((hi >> 16) & 0xFFFF),
                        static_cast<unsigned long long>(hi & 0xFFFF), static_cast<unsigned long long>(lo >> 48),
                        static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
          out->AppendString(buf);
        }
        return out;
      },
      options);
}

SLUICE_DECLARE_BINDER(BindMonotonicallyIncreasingId) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "monotonically_increasing_id", 0, 0));
  CallOptions options;
  options.deterministic = false;
  return MakeCall(
      call.name, DataType::Bigint(), {},
      [](const Args&, int64_t n, const TypePtr& type, EvalContext& ctx) -> Result<ColumnPtr> {
        // Spark: partition index in the upper 31 bits, the row number within the batch below.
        ColumnPtr out = Column::Make(type, n);
        int64_t* o = out->data<int64_t>();
        const int64_t base = static_cast<int64_t>(ctx.partition_index) << 33;
        for (int64_t i = 0; i < n; ++i) o[i] = base + i;
        return out;
      },
      options);
}

SLUICE_DECLARE_BINDER(BindSparkPartitionId) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "spark_partition_id", 0, 0));
  CallOptions options;
  options.deterministic = false;
  return MakeCall(
      call.name, DataType::Int(), {},
      [](const Args&, int64_t n, const TypePtr& type, EvalContext& ctx) -> Result<ColumnPtr> {
        return Column::MakeConstant(type, Value::Int(ctx.partition_index), n);
      },
      options);
}

SLUICE_DECLARE_BINDER(BindCurrentTimezone) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "current_timezone", 0, 0));
  CallOptions options;
  options.deterministic = false;
  return MakeCall(
      call.name, Str(), {},
      [](const Args&, int64_t n, const TypePtr& type, EvalContext& ctx) -> Result<ColumnPtr> {
        return Column::MakeConstant(type, Value::String(ctx.time_zone.name), n);
      },
      options);
}

SLUICE_DECLARE_BINDER(BindTypeof) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "typeof", 1, 1));
  const std::string name = call.type(0)->SimpleString();
  CallOptions options;
  options.null_intolerant = false;
  return MakeCall(
      call.name, Str(), std::move(call.args),
      [name](const Args&, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
        return Column::MakeConstant(type, Value::String(name), n);
      },
      options);
}

}  // namespace sluice::expr
