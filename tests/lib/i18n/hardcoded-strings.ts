/**
 * Finds user-visible strings written into JSX instead of coming from t(). It parses each file
 * with the TypeScript compiler (already a dev dependency), so class names, ids, keys and
 * comparison operators are never mistaken for text. Known limit: a literal stored in a variable
 * first and rendered later is not seen; lib code builds its labels with t() (components/labels.ts).
 */
import ts from 'typescript';

export interface HardcodedString {
  file: string;
  line: number;
  kind: 'text' | 'attribute' | 'expression';
  text: string;
}

/** Attributes (and component props) a user reads or hears. */
export const VISIBLE_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-placeholder',
  'aria-roledescription',
  'aria-valuetext',
  'title',
  'placeholder',
  'alt',
  'label',
  'ariaLabel',
  'heading',
  'description',
  'message',
]);

const ENTITY = /&(?:[a-z]+|#\d+|#x[0-9a-f]+);/gi;

function hasWords(text: string): boolean {
  return /\p{L}/u.test(text.replace(ENTITY, ' '));
}

export function findHardcodedStrings(file: string, source: string): HardcodedString[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: HardcodedString[] = [];
  const report = (node: ts.Node, kind: HardcodedString['kind'], text: string) => {
    found.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, kind, text: text.trim().slice(0, 80) });
  };

  /** The values an expression can render: literals and the branches of ?:, &&, ||, ??. Calls (t()) are not followed. */
  const visibleLiterals = (expr: ts.Expression | undefined, kind: HardcodedString['kind']): void => {
    if (!expr) return;
    if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) {
      if (hasWords(expr.text)) report(expr, kind, expr.text);
    } else if (ts.isTemplateExpression(expr)) {
      const parts = [expr.head.text, ...expr.templateSpans.map((span) => span.literal.text)].join(' ');
      if (hasWords(parts)) report(expr, kind, parts);
    } else if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr)) {
      visibleLiterals(expr.expression, kind);
    } else if (ts.isConditionalExpression(expr)) {
      visibleLiterals(expr.whenTrue, kind);
      visibleLiterals(expr.whenFalse, kind);
    } else if (ts.isBinaryExpression(expr)) {
      const op = expr.operatorToken.kind;
      if (op === ts.SyntaxKind.AmpersandAmpersandToken) visibleLiterals(expr.right, kind);
      if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.PlusToken) {
        visibleLiterals(expr.left, kind);
        visibleLiterals(expr.right, kind);
      }
    } else if (ts.isArrayLiteralExpression(expr)) {
      for (const element of expr.elements) if (!ts.isSpreadElement(element)) visibleLiterals(element, kind);
    }
  };

  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node)) {
      if (!node.containsOnlyTriviaWhiteSpaces && hasWords(node.text)) report(node, 'text', node.text);
    } else if (ts.isJsxExpression(node) && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) {
      visibleLiterals(node.expression, 'expression');
    } else if (ts.isJsxAttribute(node) && VISIBLE_ATTRIBUTES.has(node.name.getText(sf))) {
      const init = node.initializer;
      if (init && ts.isStringLiteral(init)) {
        if (hasWords(init.text)) report(init, 'attribute', `${node.name.getText(sf)}="${init.text}"`);
      } else if (init && ts.isJsxExpression(init)) {
        visibleLiterals(init.expression, 'attribute');
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/**
 * Sentences in modules that produce what a user reads without JSX: the background's reasons,
 * errors and badge titles. A sentence here is a literal of three or more words that starts with a
 * capital letter; technical text for logs (lower case, `kind: detail`) and console calls are not
 * sentences. Such text must be a reason code or a catalog key instead.
 */
export function findSentences(file: string, source: string): HardcodedString[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: HardcodedString[] = [];
  const isSentence = (text: string) => /^\p{Lu}\p{Ll}*[,:]?(?:\s+\S+){2,}/u.test(text.trim()) && hasWords(text);
  const inConsoleCall = (node: ts.Node): boolean => {
    for (let at: ts.Node | undefined = node.parent; at; at = at.parent) {
      if (ts.isCallExpression(at) && /^console\./.test(at.expression.getText(sf))) return true;
    }
    return false;
  };
  const visit = (node: ts.Node): void => {
    let text: string | null = null;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) text = node.text;
    else if (ts.isTemplateExpression(node)) text = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' x ');
    if (text !== null && !ts.isImportDeclaration(node.parent) && isSentence(text) && !inConsoleCall(node)) {
      found.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, kind: 'expression', text: text.trim().slice(0, 80) });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}
