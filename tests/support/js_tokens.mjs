// The tokens of each JavaScript file named on the command line, comments and whitespace left out,
// as one JSON line per file: [[kind, text], ...]. TypeScript's scanner (a dev dependency) reads
// them, so a test can prove that a change to a file's bytes left its code as it was.
import { readFileSync } from "node:fs";
import ts from "typescript";

const K = ts.SyntaxKind;
// After these a `/` divides; anywhere else it starts a regular expression.
const OPERANDS = new Set([K.Identifier, K.NumericLiteral, K.BigIntLiteral, K.StringLiteral, K.RegularExpressionLiteral,
  K.NoSubstitutionTemplateLiteral, K.TemplateTail, K.CloseParenToken, K.CloseBracketToken, K.CloseBraceToken,
  K.ThisKeyword, K.TrueKeyword, K.FalseKeyword, K.NullKeyword, K.SuperKeyword]);

/** @param {string} text */
function tokensOf(text) {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, /* skipTrivia */ true);
  scanner.setText(text);
  const tokens = [];
  // Open braces, and whether each opened a template's `${`: its `}` resumes the template's text.
  const braces = [];
  for (let token = scanner.scan(); token !== K.EndOfFileToken; token = scanner.scan()) {
    if ((token === K.SlashToken || token === K.SlashEqualsToken) && !OPERANDS.has(tokens.at(-1)?.[0])) {
      token = scanner.reScanSlashToken();
    } else if (token === K.OpenBraceToken) {
      braces.push(false);
    } else if (token === K.CloseBraceToken && braces.pop()) {
      token = scanner.reScanTemplateToken(false);
    }
    if (token === K.TemplateHead || token === K.TemplateMiddle) braces.push(true);
    tokens.push([token, scanner.getTokenText()]);
  }
  return tokens;
}

for (const path of process.argv.slice(2)) process.stdout.write(JSON.stringify(tokensOf(readFileSync(path, "utf8"))) + "\n");
