/**
 * Where a definition's keys are written: the object literal given to `new BotDefinition(…)` (or
 * Integration, Plugin, Interface) walked with the project's own TypeScript parser. Keys are recorded by
 * body path (`states.cart.schema.properties.items`): nested literals, same-file constants, spreads,
 * `z.object({…})` shapes and chained `.addIntegration(pkg, …)` calls are followed.
 */
import type * as TS from 'typescript';
import type { Located, Range } from './protocol';

const DEFINITION_CLASS = /(?:^|\.)(Bot|Integration|Plugin|Interface)Definition$/;

/** Definition keys whose body key differs (`attributes` of a bot are its `tags`). */
const botRenames: Record<string, string> = { attributes: 'tags' };

export function locateKeys(ts: typeof TS, fileName: string, text: string): { located: Located[]; call?: Range } {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const located: Located[] = [];
  const constants = new Map<string, TS.Expression>();
  let call: TS.NewExpression | undefined;
  let exported: TS.Expression | undefined;
  const added: Record<string, TS.CallExpression[]> = { addIntegration: [], addPlugin: [] };

  const visit = (node: TS.Node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) constants.set(node.name.text, node.initializer);
    if (ts.isExportAssignment(node)) exported = node.expression;
    if (ts.isNewExpression(node) && DEFINITION_CLASS.test(node.expression.getText(source)) && !call) call = node;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && added[node.expression.name.text])
      added[node.expression.name.text].push(node);
    ts.forEachChild(node, visit);
  };
  visit(source);

  // The exported definition wins over any other `new …Definition(` in the file.
  const exportedNew = exported && findNew(ts, source, resolve(ts, exported, constants, 0));
  if (exportedNew) call = exportedNew;
  if (!call) return { located };
  const renames = /Bot/.test(call.expression.getText(source)) ? botRenames : {};
  const range = (n: TS.Node): Range => [n.getStart(source), n.getEnd()];

  const walkObject = (object: TS.ObjectLiteralExpression, path: string[], depth: number) => {
    if (depth > 32) return;
    for (const p of object.properties) {
      if (ts.isSpreadAssignment(p)) {
        const spread = resolve(ts, p.expression, constants, 0);
        if (ts.isObjectLiteralExpression(spread)) walkObject(spread, path, depth + 1);
        continue;
      }
      const name = p.name && propertyName(ts, p.name);
      if (name === undefined) continue;
      const key = path.length === 0 ? (renames[name] ?? name) : name;
      const at = [...path, key];
      located.push([at.join('.'), ...range(p.name!)]);
      let value: TS.Expression | undefined;
      if (ts.isPropertyAssignment(p)) value = p.initializer;
      else if (ts.isShorthandPropertyAssignment(p)) value = p.name;
      if (value) walkValue(value, at, depth + 1);
    }
  };
  const walkValue = (expression: TS.Expression, path: string[], depth: number) => {
    const value = resolve(ts, expression, constants, 0);
    if (ts.isObjectLiteralExpression(value)) return walkObject(value, path, depth);
    const shape = zodObjectShape(ts, value, constants);
    if (shape) walkObject(shape, [...path, 'properties'], depth);
  };

  const args = call.arguments ?? ts.factory.createNodeArray();
  if (args[0]) walkValue(args[0], [], 0);

  // `.addIntegration(pkg, config)` / `.addPlugin(pkg, config)`, chained or not, in source order.
  for (const [kind, calls] of Object.entries(added)) {
    const byName = (c: TS.CallExpression) => (c.expression as TS.PropertyAccessExpression).name.pos;
    calls
      .sort((a, b) => byName(a) - byName(b))
      .forEach((c, i) => {
        if (c.arguments[0]) located.push([`#${kind}.${i}`, ...range(c.arguments[0])]);
      });
  }
  return { located, call: [call.getStart(source), call.arguments ? call.arguments.pos - 1 : call.getEnd()] };
}

/** Follows parentheses, `as`/`satisfies`, and same-file constants. */
function resolve(ts: typeof TS, e: TS.Expression, constants: Map<string, TS.Expression>, depth: number): TS.Expression {
  while (
    ts.isParenthesizedExpression(e) ||
    ts.isAsExpression(e) ||
    ts.isSatisfiesExpression(e) ||
    ts.isNonNullExpression(e) ||
    ts.isTypeAssertionExpression(e)
  )
    e = e.expression;
  if (ts.isIdentifier(e) && depth < 8) {
    const init = constants.get(e.text);
    if (init) return resolve(ts, init, constants, depth + 1);
  }
  return e;
}

/** The `new …Definition(` inside an exported expression (itself, or the head of a call chain). */
function findNew(ts: typeof TS, source: TS.SourceFile, e: TS.Expression): TS.NewExpression | undefined {
  for (let n: TS.Expression = e; ;) {
    if (ts.isNewExpression(n)) return DEFINITION_CLASS.test(n.expression.getText(source)) ? n : undefined;
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) n = n.expression.expression;
    else return undefined;
  }
}

/** The shape literal of `z.object({…})`, also at the head of a chain (`z.object({…}).title('…')`). */
function zodObjectShape(ts: typeof TS, e: TS.Expression, constants: Map<string, TS.Expression>): TS.ObjectLiteralExpression | undefined {
  for (let n: TS.Expression = e, i = 0; i < 16; i++) {
    if (!ts.isCallExpression(n)) return undefined;
    const callee = n.expression;
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    if (callee.name.text === 'object' && n.arguments[0]) {
      const shape = resolve(ts, n.arguments[0], constants, 0);
      return ts.isObjectLiteralExpression(shape) ? shape : undefined;
    }
    n = callee.expression;
  }
  return undefined;
}

function propertyName(ts: typeof TS, name: TS.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name))
    return name.text;
  if (ts.isComputedPropertyName(name) && (ts.isStringLiteral(name.expression) || ts.isNoSubstitutionTemplateLiteral(name.expression)))
    return name.expression.text;
  return undefined;
}
