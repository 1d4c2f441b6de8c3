#pragma once

// Arithmetic and bitwise operators over INT, BIGINT and DOUBLE columns with Spark's
// semantics: ANSI overflow / division-by-zero errors (or NULL for the try_ variants and
// with ansi = false), `%` taking the sign of the dividend, and vectorized loops with a
// scalar fast path when one operand is a literal.

#include <string>

#include "sluice/expr/expr_node.h"

namespace sluice::expr {

enum class ArithmeticOp : uint8_t {
  kAdd,
  kSubtract,
  kMultiply,
  kDivide,          // DOUBLE only (the binder casts `/` operands to DOUBLE)
  kRemainder,       // %, mod(): sign of the dividend
  kIntegralDivide,  // DIV: BIGINT
  kPmod,            // pmod(): non-negative remainder
  kBitAnd,
  kBitOr,
  kBitXor,
};

enum class UnaryArithmeticOp : uint8_t { kNegate, kBitNot, kAbs };

// Builds `left op right`. REQUIRES: both children have the same type, INT, BIGINT or DOUBLE
// (integral for bitwise ops); the result has that type. With `null_on_error` overflow and
// division by zero give NULL whatever ctx.ansi says (try_add, try_divide...). A non-empty
// `function_name` renders the node as name(left, right) instead of infix.
ExprPtr MakeArithmetic(ArithmeticOp op, ExprPtr left, ExprPtr right, bool null_on_error = false,
                       std::string function_name = "");

// Binds `left op right` with Spark's arithmetic coercion: op is "+", "-", "*", "/", "%",
// "DIV", "PMOD", "&", "|" or "^" (upper case); DATE +/- INT becomes date_add / date_sub.
// `null_on_error` and `function_name` as for MakeArithmetic (try_add, mod, pmod...).
Result<ExprPtr> BindArithmeticOperator(const std::string& op, ExprPtr left, ExprPtr right, const std::string& sql,
                                       bool null_on_error = false, std::string function_name = "");

// -x, ~x, abs(x). REQUIRES: child is INT, BIGINT or DOUBLE (integral for ~).
ExprPtr MakeUnaryArithmetic(UnaryArithmeticOp op, ExprPtr child);

// Spark's messages, shared with other kernels.
std::string ArithmeticOverflowMessage(const types::DataType& type, const char* try_function);
std::string DivideByZeroMessage();

}  // namespace sluice::expr
