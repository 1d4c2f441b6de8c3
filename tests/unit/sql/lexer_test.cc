#include "sluice/sql/lexer.h"

#include <gtest/gtest.h>

#include <vector>

namespace sluice::sql {
namespace {

std::vector<Token> LexAll(std::string_view text) {
  Lexer lexer(text);
  std::vector<Token> out;
  while (true) {
    Token t = lexer.Next();
    out.push_back(t);
    if (t.kind == TokenKind::kEnd || t.kind == TokenKind::kError) break;
  }
  return out;
}

TEST(LexerTest, WordsOperatorsAndPositions) {
  auto tokens = LexAll("SELECT a.b,\n  x<=>y -- comment\n/* block /* nested */ */ FROM `weird name`");
  ASSERT_EQ(tokens.size(), 11u);
  EXPECT_EQ(tokens[0].kind, TokenKind::kWord);
  EXPECT_EQ(tokens[0].upper, "SELECT");
  EXPECT_EQ(tokens[0].pos.line, 1);
  EXPECT_EQ(tokens[0].pos.column, 1);
  EXPECT_EQ(tokens[1].text, "a");
  EXPECT_EQ(tokens[2].text, ".");
  EXPECT_EQ(tokens[3].text, "b");
  EXPECT_EQ(tokens[4].text, ",");
  EXPECT_EQ(tokens[5].text, "x");
  EXPECT_EQ(tokens[5].pos.line, 2);
  EXPECT_EQ(tokens[5].pos.column, 3);
  EXPECT_EQ(tokens[6].text, "<=>");
  EXPECT_EQ(tokens[6].pos.column, 4);
  EXPECT_EQ(tokens[8].upper, "FROM");
  EXPECT_EQ(tokens[8].pos.line, 3);
  EXPECT_EQ(tokens[8].pos.column, 26);
  EXPECT_EQ(tokens[9].kind, TokenKind::kQuotedWord);
  EXPECT_EQ(tokens[9].value, "weird name");
  EXPECT_EQ(tokens[10].kind, TokenKind::kEnd);
}

TEST(LexerTest, AllOperators) {
  auto tokens = LexAll("== != <> <= >= < > = || :: + - * / % ~ & | ^ ( ) [ ] , ; :");
  std::vector<std::string> expected = {"==", "!=", "<>", "<=", ">=", "<", ">", "=", "||", "::", "+", "-", "*",
                                       "/",  "%",  "~",  "&",  "|",  "^", "(", ")", "[",  "]",  ",", ";", ":"};
  ASSERT_EQ(tokens.size(), expected.size() + 1);
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(tokens[i].kind, TokenKind::kOperator);
    EXPECT_EQ(tokens[i].text, expected[i]);
  }
}

TEST(LexerTest, Numbers) {
  auto tokens = LexAll("42 42L 7s 7Y 1.5 .5 1e3 1.5D 2F 3BD 1E-2 1a 1.5x");
  ASSERT_GE(tokens.size(), 15u);
  EXPECT_EQ(tokens[0].kind, TokenKind::kInteger);
  EXPECT_EQ(tokens[0].value, "42");
  EXPECT_EQ(tokens[0].suffix, 0);
  EXPECT_EQ(tokens[1].kind, TokenKind::kInteger);
  EXPECT_EQ(tokens[1].suffix, 'L');
  EXPECT_EQ(tokens[2].suffix, 'S');
  EXPECT_EQ(tokens[3].suffix, 'Y');
  EXPECT_EQ(tokens[4].kind, TokenKind::kDecimal);
  EXPECT_EQ(tokens[4].value, "1.5");
  EXPECT_EQ(tokens[5].kind, TokenKind::kDecimal);
  EXPECT_EQ(tokens[5].value, ".5");
  EXPECT_EQ(tokens[6].kind, TokenKind::kDecimal);
  EXPECT_EQ(tokens[6].value, "1e3");
  EXPECT_EQ(tokens[7].kind, TokenKind::kDecimal);
  EXPECT_EQ(tokens[7].suffix, 'D');
  EXPECT_EQ(tokens[8].kind, TokenKind::kDecimal);
  EXPECT_EQ(tokens[8].suffix, 'F');
  EXPECT_EQ(tokens[9].suffix, 'B');
  EXPECT_EQ(tokens[10].value, "1E-2");
  // Spark names may start with digits.
  EXPECT_EQ(tokens[11].kind, TokenKind::kWord);
  EXPECT_EQ(tokens[11].text, "1a");
  // A decimal followed by letters ends before them.
  EXPECT_EQ(tokens[12].kind, TokenKind::kDecimal);
  EXPECT_EQ(tokens[12].value, "1.5");
  EXPECT_EQ(tokens[13].kind, TokenKind::kWord);
  EXPECT_EQ(tokens[13].text, "x");
}

TEST(LexerTest, DotAfterNameIsNotADecimal) {
  auto tokens = LexAll("t.5 arr[0].x");
  EXPECT_EQ(tokens[0].text, "t");
  EXPECT_EQ(tokens[1].text, ".");
  EXPECT_EQ(tokens[2].kind, TokenKind::kInteger);
  EXPECT_EQ(tokens[7].text, ".");
  EXPECT_EQ(tokens[8].text, "x");
}

TEST(LexerTest, StringEscapes) {
  auto tokens = LexAll(R"('it''s' "say \"hi\"" 'a\nb\tc\\d' 'q\'s' '\u00e9' '\101' 'x\%y' "dq""x")");
  ASSERT_EQ(tokens.size(), 9u);
  EXPECT_EQ(tokens[0].kind, TokenKind::kString);
  EXPECT_EQ(tokens[0].value, "it's");
  EXPECT_EQ(tokens[1].value, "say \"hi\"");
  EXPECT_EQ(tokens[2].value, "a\nb\tc\\d");
  EXPECT_EQ(tokens[3].value, "q's");
  EXPECT_EQ(tokens[4].value, "\xC3\xA9");
  EXPECT_EQ(tokens[5].value, "A");
  EXPECT_EQ(tokens[6].value, "x\\%y");  // Spark keeps \% and \_ for LIKE patterns
  EXPECT_EQ(tokens[7].value, "dq\"x");
}

TEST(LexerTest, BackquotedNameWithDoubledBackquote) {
  auto tokens = LexAll("`a``b`");
  EXPECT_EQ(tokens[0].kind, TokenKind::kQuotedWord);
  EXPECT_EQ(tokens[0].value, "a`b");
}

TEST(LexerTest, ColumnsCountCodePoints) {
  auto tokens = LexAll("'é' x");
  EXPECT_EQ(tokens[1].pos.column, 5);
}

TEST(LexerTest, UnterminatedString) {
  auto tokens = LexAll("SELECT 'abc");
  const Token& t = tokens.back();
  ASSERT_EQ(t.kind, TokenKind::kError);
  EXPECT_EQ(t.error.code(), StatusCode::kParseError);
  EXPECT_EQ(t.error.message(),
            "syntax error at line 1, column 8: unterminated string literal: missing closing '\n"
            "SELECT 'abc\n"
            "       ^");
}

TEST(LexerTest, UnterminatedCommentAndQuotedName) {
  auto comment = LexAll("SELECT 1 /* open");
  ASSERT_EQ(comment.back().kind, TokenKind::kError);
  EXPECT_NE(comment.back().error.message().find("column 10: unterminated comment"), std::string::npos)
      << comment.back().error.message();
  auto quoted = LexAll("SELECT `abc");
  ASSERT_EQ(quoted.back().kind, TokenKind::kError);
  EXPECT_NE(quoted.back().error.message().find("unterminated quoted identifier"), std::string::npos);
}

TEST(LexerTest, UnexpectedCharacterIsStickyError) {
  Lexer lexer("a # b");
  EXPECT_EQ(lexer.Next().kind, TokenKind::kWord);
  Token e = lexer.Next();
  ASSERT_EQ(e.kind, TokenKind::kError);
  EXPECT_NE(e.error.message().find("unexpected character '#'"), std::string::npos);
  EXPECT_EQ(lexer.Next().kind, TokenKind::kError);
}

TEST(LexerTest, RawReadStopsAtSemicolonOutsideQuotes) {
  Lexer lexer("x = 'a;b' -- note\n ; next");
  std::string raw = lexer.ReadRawUntilSemicolon();
  EXPECT_EQ(raw, "x = 'a;b'  \n ");
  Token semi = lexer.Next();
  EXPECT_EQ(semi.text, ";");
  EXPECT_EQ(lexer.Next().text, "next");
}

}  // namespace
}  // namespace sluice::sql
