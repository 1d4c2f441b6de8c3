#pragma once

#include <gtest/gtest.h>

#include "sluice/common/status.h"

// Prints the failed Status (LevelDB's ASSERT_LEVELDB_OK habit).
#define ASSERT_OK(expr)                                   \
  do {                                                    \
    ::sluice::Status _s = (expr);                         \
    ASSERT_TRUE(_s.ok()) << _s.ToString();                \
  } while (0)
#define EXPECT_OK(expr)                                   \
  do {                                                    \
    ::sluice::Status _s = (expr);                         \
    EXPECT_TRUE(_s.ok()) << _s.ToString();                \
  } while (0)
// ASSERT_OK_AND_ASSIGN(auto x, F()).
#define ASSERT_OK_AND_ASSIGN(lhs, expr)                          \
  auto SLUICE_CONCAT(_r_, __LINE__) = (expr);                    \
  ASSERT_TRUE(SLUICE_CONCAT(_r_, __LINE__).ok())                 \
      << SLUICE_CONCAT(_r_, __LINE__).status().ToString();       \
  lhs = std::move(SLUICE_CONCAT(_r_, __LINE__)).value()
