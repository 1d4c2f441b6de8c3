#include "expr_test_util.h"
#include "sluice/expr/functions/digest.h"

namespace sluice::expr {
namespace {

using namespace testing;

Value S(const char* s) { return Value::String(s); }

TEST(MiscFunctionsTest, DigestsMatchSparkAndTestVectors) {
  EXPECT_EQ(CallValue("md5", {Str("Spark")}), S("8cde774d6f7333752ed72cacddb05126"));
  EXPECT_EQ(CallValue("sha1", {Str("Spark")}), S("85f5955f4b27a9a4c2aab6ffe5d7189fc298b92c"));
  EXPECT_EQ(CallValue("sha2", {Str("Spark"), Int(256)}), S("529bc3b07127ecb7e53a4dcf1991d9152c24537d919178022b2c42657f79a26b"));
  EXPECT_EQ(CallValue("sha2", {Str("abc"), Int(224)}), S("23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7"));
  EXPECT_EQ(CallValue("sha2", {Str("abc"), Int(384)}),
            S("cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"));
  EXPECT_EQ(CallValue("sha2", {Str("abc"), Int(512)}),
            S("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d"
              "4423643ce80e2a9ac94fa54ca49f"));
  EXPECT_EQ(digest::Hex(digest::Sha2(std::string(200, 'a'), 256)),
            "c2a908d98f5df987ade41b5fce213067efbcc21ef2240212a41e54b5e7c28ae5");
  EXPECT_EQ(CallValue("md5", {Str("")}), S("d41d8cd98f00b204e9800998ecf8427e"));
  EXPECT_TRUE(CallValue("sha2", {Str("abc"), Int(100)}).is_null());
  EXPECT_EQ(CallValue("crc32", {Str("Spark")}), Value::Int(1557323817));
  EXPECT_TRUE(CallValue("md5", {Null()}).is_null());
  EXPECT_NE(BindError("md5", {Int(1)}).find("requires the \"BINARY\" type"), std::string::npos);
}

TEST(MiscFunctionsTest, HashMatchesSpark) {
  ASSERT_OK_AND_ASSIGN(auto arr, Call("array", {Int(123)}));
  EXPECT_EQ(CallValue("hash", {Str("Spark"), arr, Int(2)}), Value::Int(-1321691492));
  // NULL leaves the seed unchanged: hash(NULL) is the seed 42.
  EXPECT_EQ(CallValue("hash", {Null()}), Value::Int(42));
  auto b = Pretty("BIGINT\n1\n1\n2");
  ASSERT_OK_AND_ASSIGN(auto h, Call("hash", {Col(*b, 0)}));
  auto v = Eval(h, *b);
  EXPECT_EQ(v[0], v[1]);
  EXPECT_NE(v[0], v[2]);
}

TEST(MiscFunctionsTest, Encoding) {
  EXPECT_EQ(CallValue("base64", {Str("Spark SQL")}), S("U3BhcmsgU1FM"));
  EXPECT_EQ(CallValue("base64", {Str("ab")}), S("YWI="));
  EXPECT_EQ(CallValue("unbase64", {Str("U3BhcmsgU1FM")}), S("Spark SQL"));
  EXPECT_EQ(CallValue("hex", {Int(17)}), S("11"));
  EXPECT_EQ(CallValue("hex", {Int(-1)}), S("FFFFFFFFFFFFFFFF"));
  EXPECT_EQ(CallValue("hex", {Str("Spark SQL")}), S("537061726B2053514C"));
}

TEST(MiscFunctionsTest, NonDeterministicFunctions) {
  auto b = Pretty("INT\n1\n2");
  ASSERT_OK_AND_ASSIGN(auto id, Call("monotonically_increasing_id", {}));
  EvalContext ctx;
  ctx.partition_index = 2;
  EXPECT_EQ(Eval(id, *b, ctx), Ints({(2LL << 33), (2LL << 33) + 1}));
  EXPECT_FALSE(id->IsDeterministic());
  ASSERT_OK_AND_ASSIGN(auto uuid, Call("uuid", {}));
  auto u = Eval(uuid, *b);
  EXPECT_NE(u[0], u[1]);
  EXPECT_EQ(u[0].string_value().size(), 36u);
  EXPECT_EQ(u[0].string_value()[14], '4');
  EXPECT_EQ(CallValue("spark_partition_id", {}, ctx), Value::Int(2));
  EXPECT_EQ(CallValue("typeof", {Big(1)}), S("bigint"));
  EXPECT_EQ(CallValue("current_timezone", {}, InZone("+08:00")), S("+08:00"));
}

}  // namespace
}  // namespace sluice::expr
