import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../scripts/openapi-json.ts';

// Every request the web app makes is a documented API call: each `/api/…` route its source
// names (typed openapi-fetch calls, and the plain fetches for uploads, downloads and streams)
// must be an operation of the OpenAPI document, with the same method.

const WEB_SRC = fileURLToPath(new URL('../../web/src', import.meta.url));
const GENERATED = 'api-schema.d.ts';
const TYPED_CLIENTS = new Set(['api', 'sessionApi']);
const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']);
const ANY_METHOD = '*';

interface Call {
  /** `*` when the source does not say (a URL kept in a constant). */
  method: string;
  /** The path as written, `{}` where the source puts a value, without the query string. */
  path: string;
  where: string;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      return sourceFiles(path);
    }
    return /\.tsx?$/.test(entry.name) && entry.name !== GENERATED ? [path] : [];
  });
}

/** The text of a string or template literal, `{}` standing for each `${…}`. */
function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    return node.text;
  }
  if (ts.isTemplateExpression(node)) {
    return node.head.text + node.templateSpans.map((span) => `{}${span.literal.text}`).join('');
  }
  return undefined;
}

/**
 * The method of the request this literal is the URL of: `method:` in the options of the fetch
 * it is the first argument of (else GET), GET for a link's href, and any (`*`) when the literal
 * is kept for later (a constant).
 */
function requestMethod(literal: ts.Node): string {
  let parent = literal.parent;
  if (ts.isJsxExpression(parent)) {
    parent = parent.parent;
  }
  if (ts.isJsxAttribute(parent)) {
    return 'GET';
  }
  if (!ts.isCallExpression(parent) || parent.arguments[0] !== literal) {
    return ANY_METHOD;
  }
  const options = parent.arguments[1];
  const method =
    options && ts.isObjectLiteralExpression(options)
      ? options.properties.find(
          (property): property is ts.PropertyAssignment =>
            ts.isPropertyAssignment(property) && property.name.getText() === 'method',
        )?.initializer
      : undefined;
  return method && ts.isStringLiteral(method) ? method.text.toUpperCase() : 'GET';
}

/** Whether the node is part of a type (`ApiPaths['/api/…']`): a name, not a request. */
function inType(node: ts.Node): boolean {
  for (let current: ts.Node | undefined = node; current; current = current.parent) {
    if (ts.isTypeNode(current)) {
      return true;
    }
  }
  return false;
}

function typedCall(node: ts.CallExpression): { method: string; literal: ts.Node } | undefined {
  const callee = node.expression;
  const [first] = node.arguments;
  if (
    first &&
    ts.isPropertyAccessExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    TYPED_CLIENTS.has(callee.expression.text) &&
    METHODS.has(callee.name.text)
  ) {
    return { method: callee.name.text, literal: first };
  }
  return undefined;
}

function callsIn(file: string): Call[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(file, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  const calls: Call[] = [];
  const typedLiterals = new Set<ts.Node>();
  const where = (node: ts.Node) =>
    `${relative(WEB_SRC, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node) => {
    const typed = ts.isCallExpression(node) ? typedCall(node) : undefined;
    if (typed) {
      typedLiterals.add(typed.literal);
      const path = literalText(typed.literal);
      if (path !== undefined) {
        calls.push({ method: typed.method, path, where: where(node) });
      }
    }
    const text = typedLiterals.has(node) ? undefined : literalText(node);
    if (text?.startsWith('/api/') && !inType(node)) {
      calls.push({
        method: requestMethod(node),
        path: text.split('?')[0] ?? text,
        where: where(node),
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return calls;
}

/** The document's operations as `METHOD /path` patterns, `{name}` matching one segment. */
function operations(document: Record<string, unknown>): { method: string; pattern: RegExp }[] {
  const paths = document.paths as Record<string, Record<string, unknown>>;
  return Object.entries(paths).flatMap(([path, item]) =>
    Object.keys(item)
      .map((method) => method.toUpperCase())
      .filter((method) => METHODS.has(method))
      .map((method) => ({
        method,
        pattern: new RegExp(
          `^${path
            .split(/\{[^}]*\}/)
            .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
            .join('(?:\\{[^/}]*\\}|[^/{}]+)')}$`,
        ),
      })),
  );
}

describe('the web app calls only documented API routes', () => {
  let documented: { method: string; pattern: RegExp }[];
  const calls = sourceFiles(WEB_SRC).flatMap(callsIn);

  beforeAll(async () => {
    documented = operations(await openApiDocument());
  });

  it('finds the calls, typed and plain', () => {
    // The reader must see both kinds, or the comparison below would pass on nothing.
    expect(calls).toContainEqual(
      expect.objectContaining({ method: 'GET', path: '/api/Account/Session' }),
    );
    expect(calls).toContainEqual(
      expect.objectContaining({ method: 'POST', path: '/api/Chat/ChatWithAgent' }),
    );
    expect(calls).toContainEqual(
      expect.objectContaining({ method: 'POST', path: '/api/Chat/AddFileToConversation/{}' }),
    );
  });

  it('finds each of them in the OpenAPI document', () => {
    const undocumented = calls
      .filter(
        ({ method, path }) =>
          !documented.some(
            (operation) =>
              (method === ANY_METHOD || operation.method === method) &&
              operation.pattern.test(path),
          ),
      )
      .map(({ method, path, where }) => `${method} ${path} (${where})`);
    expect(undocumented, 'calls the OpenAPI document does not describe').toEqual([]);
  });
});
