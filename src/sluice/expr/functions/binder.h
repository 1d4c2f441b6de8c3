#pragma once

// Declares a scalar function binder with the ScalarBinder signature:
//   Result<ExprPtr> BindX(std::vector<ExprPtr> args, const std::string& sql);
// `sql` is the call as written (for messages); the binder checks arity and types,
// inserts implicit casts and returns the bound expression.

#include <string>
#include <vector>

#include "sluice/expr/expr.h"

#define SLUICE_DECLARE_BINDER(Name) \
  ::sluice::Result<::sluice::expr::ExprPtr> Name(std::vector<::sluice::expr::ExprPtr> args, const std::string& sql)
