// Pipeline statements: CREATE SOURCE / SINK / TABLE / VIEW, CREATE STREAMING QUERY,
// SET, EXPLAIN and bare queries, separated by ';'.

#include <algorithm>
#include <cctype>

#include "sluice/common/time.h"
#include "sluice/sql/interval_text.h"
#include "sluice/sql/parser_internal.h"
#include "sluice/types/schema.h"

namespace sluice::sql {

namespace {

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

Result<std::vector<StatementPtr>> Parser::ParseScriptText() {
  std::vector<StatementPtr> statements;
  while (true) {
    while (AcceptOp(";")) {
    }
    const Token& t = Peek();
    if (t.kind == TokenKind::kEnd) break;
    if (t.kind == TokenKind::kError) return t.error;
    follow_.clear();
    SLUICE_ASSIGN_OR_RETURN(StatementPtr statement, ParseStatement());
    if (!PeekOp(";") && Peek().kind != TokenKind::kEnd) {
      return ErrorExpected(ExpectedAfterQuery("end of input", "';'"));
    }
    statements.push_back(std::move(statement));
  }
  return statements;
}

Result<StatementPtr> Parser::ParseStatement() {
  const Token& first = Peek();
  size_t begin = first.begin;
  auto stmt = std::make_shared<Statement>();
  stmt->pos = first.pos;
  if (PeekKeyword("SET")) {
    SLUICE_RETURN_IF_ERROR(ParseSet(stmt.get()));
    return StatementPtr(std::move(stmt));
  }
  if (PeekKeyword("CREATE")) {
    SLUICE_RETURN_IF_ERROR(ParseCreate(stmt.get()));
  } else if (AcceptKeyword("EXPLAIN")) {
    stmt->kind = StatementKind::kExplain;
    stmt->extended = AcceptKeyword("EXTENDED");
    SLUICE_ASSIGN_OR_RETURN(stmt->query, ParseQueryExpr());
  } else if (PeekKeyword("SELECT") || PeekKeyword("VALUES") || PeekKeyword("WITH") || PeekOp("(")) {
    stmt->kind = StatementKind::kQuery;
    SLUICE_ASSIGN_OR_RETURN(stmt->query, ParseQueryExpr());
  } else {
    return ErrorExpected("a statement (SELECT, VALUES, CREATE, SET or EXPLAIN)");
  }
  stmt->text = std::string(text_.substr(begin, Previous().end - begin));
  return StatementPtr(std::move(stmt));
}

// SET key = value: the value is free text up to ';' (Spark's SET is not tokenized).
Status Parser::ParseSet(Statement* stmt) {
  const Token& set_token = Advance();
  Token set_copy = set_token;
  stmt->kind = StatementKind::kSet;
  DropLookahead();
  std::string raw = lexer_.ReadRawUntilSemicolon();
  std::string_view whole = TrimSpace(raw);
  stmt->text = std::string(TrimSpace(text_.substr(set_copy.begin, lexer_.offset() - set_copy.begin)));
  // Find the first '=' outside quotes.
  size_t eq = std::string_view::npos;
  char quote = 0;
  for (size_t i = 0; i < whole.size(); ++i) {
    char c = whole[i];
    if (quote != 0) {
      if (c == '\\' && quote != '`') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
    } else if (c == '\'' || c == '"' || c == '`') {
      quote = c;
    } else if (c == '=') {
      eq = i;
      break;
    }
  }
  auto error = [&](const std::string& detail) {
    std::string found = whole.empty() ? "end of input" : "'" + std::string(whole.substr(0, 40)) + "'";
    return ErrorAt(set_copy.pos, set_copy.begin, detail + ", found " + found);
  };
  if (eq == std::string_view::npos) return error("expected 'SET key = value'");
  std::string_view key = TrimSpace(whole.substr(0, eq));
  if (key.size() >= 2 && key.front() == '`' && key.back() == '`') key = key.substr(1, key.size() - 2);
  bool key_ok = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
  });
  if (!key_ok) return error("expected a configuration key such as spark.sql.shuffle.partitions before '='");
  std::string_view value = TrimSpace(whole.substr(eq + 1));
  if (value.size() >= 2 && (value.front() == '\'' || value.front() == '"') && value.back() == value.front()) {
    value = value.substr(1, value.size() - 2);
  }
  stmt->set_key = std::string(key);
  stmt->set_value = std::string(value);
  return Status::OK();
}

Status Parser::ParseCreate(Statement* stmt) {
  Advance();  // CREATE
  if (AcceptKeyword("OR")) {
    SLUICE_RETURN_IF_ERROR(ExpectKeyword("REPLACE", "REPLACE after OR"));
    stmt->or_replace = true;
  }
  // TEMPORARY changes nothing: every object lives as long as the pipeline.
  if (!AcceptKeyword("TEMPORARY")) AcceptKeyword("TEMP");
  if (AcceptKeyword("SOURCE") || AcceptKeyword("STREAM")) {
    stmt->kind = StatementKind::kCreateSource;
    return ParseDataDefinition(stmt, "source");
  }
  if (AcceptKeyword("SINK")) {
    stmt->kind = StatementKind::kCreateSink;
    return ParseDataDefinition(stmt, "sink");
  }
  if (AcceptKeyword("TABLE")) {
    stmt->kind = StatementKind::kCreateTable;
    return ParseDataDefinition(stmt, "table");
  }
  if (AcceptKeyword("VIEW")) {
    stmt->kind = StatementKind::kCreateView;
    SLUICE_ASSIGN_OR_RETURN(stmt->name, ParseObjectName("a view name"));
    SLUICE_RETURN_IF_ERROR(ExpectKeyword("AS", "AS (as in CREATE VIEW name AS SELECT ...)"));
    SLUICE_ASSIGN_OR_RETURN(stmt->query, ParseQueryExpr());
    return Status::OK();
  }
  if (AcceptKeyword("STREAMING")) {
    SLUICE_RETURN_IF_ERROR(ExpectKeyword("QUERY", "QUERY after STREAMING"));
    stmt->kind = StatementKind::kStartQuery;
    return ParseStartQuery(stmt);
  }
  return ErrorExpected("SOURCE, STREAM, SINK, TABLE, VIEW or STREAMING QUERY after CREATE");
}

// name [(column TYPE, ...)] USING format [OPTIONS (...)]
Status Parser::ParseDataDefinition(Statement* stmt, std::string_view object_kind) {
  SLUICE_ASSIGN_OR_RETURN(stmt->name, ParseObjectName("a " + std::string(object_kind) + " name"));
  if (PeekOp("(")) {
    SLUICE_ASSIGN_OR_RETURN(types::Schema schema, ParseSchemaInParens());
    stmt->schema = std::move(schema);
  }
  bool has_options = false;
  while (true) {
    if (PeekKeyword("USING")) {
      if (!stmt->format.empty()) return ErrorAt(Peek(), "USING is given twice");
      Advance();
      if (Peek().kind == TokenKind::kString) {
        stmt->format = Advance().value;
      } else {
        SLUICE_ASSIGN_OR_RETURN(stmt->format, ParseObjectName("a format name after USING (such as memory or rate)"));
      }
    } else if (PeekKeyword("OPTIONS")) {
      if (has_options) return ErrorAt(Peek(), "OPTIONS is given twice");
      has_options = true;
      SLUICE_RETURN_IF_ERROR(ParseOptions(&stmt->options));
    } else {
      break;
    }
  }
  if (stmt->format.empty()) return ErrorExpected(has_options ? "USING format" : "USING format or OPTIONS");
  return Status::OK();
}

// OPTIONS (key 'value', key2 = 'v', `key.x` 'v', "key" 5, key true)
Status Parser::ParseOptions(std::vector<std::pair<std::string, std::string>>* options) {
  Advance();  // OPTIONS
  SLUICE_RETURN_IF_ERROR(ExpectOp("(", "'(' after OPTIONS"));
  if (AcceptOp(")")) return Status::OK();
  do {
    const Token& key_token = Peek();
    std::string key;
    if (key_token.kind == TokenKind::kString) {
      key = Advance().value;
    } else if (key_token.kind == TokenKind::kWord || key_token.kind == TokenKind::kQuotedWord) {
      // Dotted keys: kafka.bootstrap.servers.
      key = key_token.kind == TokenKind::kQuotedWord ? key_token.value : key_token.text;
      Advance();
      while (PeekOp(".")) {
        const Token& part = Peek(1);
        if (part.kind != TokenKind::kWord && part.kind != TokenKind::kQuotedWord && part.kind != TokenKind::kInteger) {
          break;
        }
        Advance();
        Advance();
        key += "." + (part.kind == TokenKind::kQuotedWord ? part.value : part.text);
      }
    } else {
      return ErrorExpected("an option name");
    }
    Token key_copy = key_token;
    AcceptOp("=");
    const Token& v = Peek();
    std::string value;
    if (v.kind == TokenKind::kString) {
      value = Advance().value;
    } else if (v.kind == TokenKind::kInteger || v.kind == TokenKind::kDecimal) {
      value = Advance().text;
    } else if ((PeekOp("-") || PeekOp("+")) &&
               (Peek(1).kind == TokenKind::kInteger || Peek(1).kind == TokenKind::kDecimal)) {
      std::string sign = Advance().text == "-" ? "-" : "";
      value = sign + Advance().text;
    } else if (PeekKeyword("TRUE") || PeekKeyword("FALSE")) {
      value = PeekKeyword("TRUE") ? "true" : "false";
      Advance();
    } else {
      return ErrorExpected("an option value (a string, number, TRUE or FALSE) for '" + key + "'");
    }
    for (const auto& [existing, unused] : *options) {
      if (IEquals(existing, key)) return ErrorAt(key_copy, "duplicate option '" + key + "'");
    }
    options->emplace_back(std::move(key), std::move(value));
  } while (AcceptOp(","));
  return ExpectOp(")", "',' or ')'");
}

// (user STRING, ts TIMESTAMP, ...): the text between balanced parentheses is Spark DDL,
// parsed by types::Schema::Parse.
Result<types::Schema> Parser::ParseSchemaInParens() {
  constexpr int kMaxTypeNesting = 100;
  const Token& open = Advance();
  Token open_copy = open;
  int parens = 1;
  int angles = 0;
  while (true) {
    const Token& t = Peek();
    if (t.kind == TokenKind::kEnd || t.kind == TokenKind::kError) return ErrorExpected("')' closing the column list");
    if (t.kind == TokenKind::kOperator) {
      if (t.text == "(") ++parens;
      if (t.text == ")" && --parens == 0) break;
      if (t.text == "<") ++angles;
      if (t.text == ">") --angles;
      if (t.text == ";") return ErrorExpected("')' closing the column list");
      if (angles > kMaxTypeNesting) return ErrorAt(t, "the column type is nested too deeply");
    }
    Advance();
  }
  const Token& close = Advance();
  std::string_view ddl = text_.substr(open_copy.end, close.begin - open_copy.end);
  auto schema = types::Schema::Parse(ddl);
  if (!schema.ok()) return ErrorAt(open_copy, "invalid column list: " + schema.status().message());
  return std::move(schema).value();
}

// CREATE STREAMING QUERY [name] [OUTPUT MODE m] [TRIGGER ...] [OPTIONS (...)] AS INSERT INTO sink query
Status Parser::ParseStartQuery(Statement* stmt) {
  StartQuery& start = stmt->start;
  const Token& name_token = Peek();
  if (IsNameToken(name_token) &&
      !(name_token.kind == TokenKind::kWord &&
        (name_token.upper == "OUTPUT" || name_token.upper == "TRIGGER" || name_token.upper == "OPTIONS"))) {
    SLUICE_ASSIGN_OR_RETURN(start.name, ParseObjectName("a query name"));
    stmt->name = start.name;
  }
  bool has_output = false, has_trigger = false, has_options = false;
  while (!PeekKeyword("AS")) {
    if (PeekKeyword("OUTPUT")) {
      if (has_output) return ErrorAt(Peek(), "OUTPUT MODE is given twice");
      has_output = true;
      Advance();
      SLUICE_RETURN_IF_ERROR(ExpectKeyword("MODE", "MODE after OUTPUT"));
      const Token& mode = Peek();
      if (mode.kind == TokenKind::kWord) {
        start.output_mode = Advance().text;
      } else if (mode.kind == TokenKind::kString) {
        start.output_mode = Advance().value;
      } else {
        return ErrorExpected("an output mode (append, update or complete)");
      }
    } else if (PeekKeyword("TRIGGER")) {
      if (has_trigger) return ErrorAt(Peek(), "TRIGGER is given twice");
      has_trigger = true;
      Advance();
      if (AcceptKeyword("ONCE")) {
        start.trigger = "once";
      } else if (AcceptKeyword("AVAILABLE")) {
        SLUICE_RETURN_IF_ERROR(ExpectKeyword("NOW", "NOW after AVAILABLE"));
        start.trigger = "availableNow";
      } else if (AcceptKeyword("PROCESSING")) {
        SLUICE_RETURN_IF_ERROR(ExpectKeyword("TIME", "TIME after PROCESSING"));
        start.trigger = "processingTime";
        if (Peek().kind == TokenKind::kString) {
          const Token& s = Advance();
          auto micros = ParseIntervalText(s.value);
          if (!micros.ok()) return ErrorAt(s, micros.status().message());
          start.trigger_interval = s.value;
        } else if (PeekKeyword("INTERVAL")) {
          const Token& interval_token = Advance();
          SLUICE_ASSIGN_OR_RETURN(int64_t micros, ParseIntervalBody(interval_token));
          start.trigger_interval = FormatIntervalMicros(micros);
        } else {
          return ErrorExpected("an interval such as '10 seconds' after PROCESSING TIME");
        }
      } else if (PeekKeyword("CONTINUOUS")) {
        return ErrorAt(Peek(), "continuous triggers are not supported (use PROCESSING TIME, ONCE or AVAILABLE NOW)");
      } else {
        return ErrorExpected("PROCESSING TIME, ONCE or AVAILABLE NOW after TRIGGER");
      }
    } else if (PeekKeyword("OPTIONS")) {
      if (has_options) return ErrorAt(Peek(), "OPTIONS is given twice");
      has_options = true;
      std::vector<std::pair<std::string, std::string>> options;
      SLUICE_RETURN_IF_ERROR(ParseOptions(&options));
      for (auto& [key, value] : options) start.options[key] = value;
      stmt->options = std::move(options);
    } else {
      std::vector<std::string> expected;
      if (!has_output) expected.push_back("OUTPUT MODE");
      if (!has_trigger) expected.push_back("TRIGGER");
      if (!has_options) expected.push_back("OPTIONS");
      std::string what;
      for (const auto& e : expected) what += e + ", ";
      if (!what.empty()) what.resize(what.size() - 2);
      return ErrorExpected(what.empty() ? "AS INSERT INTO" : what + " or AS INSERT INTO");
    }
  }
  Advance();  // AS
  SLUICE_RETURN_IF_ERROR(ExpectKeyword("INSERT", "INSERT INTO sink after AS"));
  SLUICE_RETURN_IF_ERROR(ExpectKeyword("INTO", "INTO after INSERT"));
  AcceptKeyword("TABLE");
  SLUICE_ASSIGN_OR_RETURN(start.sink, ParseObjectName("a sink name"));
  SLUICE_ASSIGN_OR_RETURN(start.query, ParseQueryExpr());
  return Status::OK();
}

}  // namespace sluice::sql
