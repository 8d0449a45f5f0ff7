import * as path from 'node:path';
import * as ts from 'typescript';

/** One exported name of the package's root entry point. */
export interface ApiEntry {
  readonly name: string;
  readonly kind: 'class' | 'interface' | 'enum' | 'function' | 'const' | 'type';
  /** The file that declares it, relative to the project root, with `/` separators. */
  readonly file: string;
  readonly doc: string;
  readonly members: readonly ApiMember[];
}

/** A public member of an exported class, interface or enum. */
export interface ApiMember {
  readonly name: string;
  readonly kind: 'constructor' | 'property' | 'method' | 'static method' | 'static property' | 'enum member';
  readonly signature: string;
  readonly doc: string;
  readonly defaultValue?: string;
}

/**
 * Reads the exported API of `entryPoint` (a .ts file) with the TypeScript compiler, in name order; `root` is the
 * project root that entries' files are relative to (by default the parent of the entry point's folder).
 */
export function readApi(entryPoint: string, root = path.dirname(path.dirname(path.resolve(entryPoint)))): ApiEntry[] {
  // The libraries tsconfig.build.json compiles the package with (ES2022, Node's types): the default would also parse
  // the DOM's and every installed @types package, twice the work for types no public signature names.
  const options = {
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, strict: true, skipLibCheck: true, lib: ['lib.es2022.d.ts'], types: ['node'],
  };
  const program = ts.createProgram([entryPoint], options);
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(path.resolve(entryPoint));
  if (!source) throw new Error(`cannot read ${entryPoint}`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`${entryPoint} exports nothing`);
  return checker.getExportsOfModule(moduleSymbol)
    .map((exported) => describeExport(checker, exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported, exported.name))
    .map((entry) => ({ ...entry, file: path.relative(root, entry.file).split(path.sep).join('/') }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function describeExport(checker: ts.TypeChecker, symbol: ts.Symbol, name: string): ApiEntry {
  const declaration = symbol.declarations?.[0];
  const doc = docOf(checker, symbol);
  if (!declaration) throw new Error(`${name} has no declaration`);
  const file = declaration.getSourceFile().fileName;
  const entry = describeDeclaration(checker, symbol, declaration, name, doc);
  return { ...entry, file };
}

function describeDeclaration(checker: ts.TypeChecker, symbol: ts.Symbol, declaration: ts.Declaration, name: string, doc: string): Omit<ApiEntry, 'file'> {
  if (ts.isClassDeclaration(declaration)) return { name, kind: 'class', doc, members: classMembers(checker, declaration) };
  if (ts.isInterfaceDeclaration(declaration)) return { name, kind: 'interface', doc, members: interfaceMembers(checker, symbol) };
  if (ts.isEnumDeclaration(declaration)) {
    return { name, kind: 'enum', doc, members: declaration.members.map((member) => ({ name: member.name.getText(), kind: 'enum member', signature: member.name.getText(), doc: docOfNode(checker, member) })) };
  }
  if (ts.isFunctionDeclaration(declaration)) return { name, kind: 'function', doc, members: [{ name, kind: 'method', signature: signatureOf(declaration), doc }] };
  if (ts.isTypeAliasDeclaration(declaration)) return { name, kind: 'type', doc, members: [] };
  return { name, kind: 'const', doc, members: [] };
}

function classMembers(checker: ts.TypeChecker, declaration: ts.ClassDeclaration): ApiMember[] {
  const members: ApiMember[] = [];
  for (const member of declaration.members) {
    const modifiers = ts.getCombinedModifierFlags(member as ts.Declaration);
    if (modifiers & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected) || (member.name && ts.isPrivateIdentifier(member.name))) continue;
    const isStatic = Boolean(modifiers & ts.ModifierFlags.Static);
    const doc = docOfNode(checker, member);
    if (ts.isConstructorDeclaration(member)) {
      members.push({ name: 'constructor', kind: 'constructor', signature: signatureOf(member), doc });
    } else if (ts.isMethodDeclaration(member)) {
      members.push({ name: member.name.getText(), kind: isStatic ? 'static method' : 'method', signature: signatureOf(member), doc });
    } else if (ts.isPropertyDeclaration(member) || ts.isGetAccessorDeclaration(member)) {
      const type = member.type?.getText() ?? checker.typeToString(checker.getTypeAtLocation(member));
      const optional = ts.isPropertyDeclaration(member) && member.questionToken ? '?' : '';
      members.push({ name: member.name.getText(), kind: isStatic ? 'static property' : 'property', signature: `${member.name.getText()}${optional}: ${type}`, doc });
    }
  }
  return members.sort((a, b) => Number(b.kind === 'constructor') - Number(a.kind === 'constructor'));
}

function interfaceMembers(checker: ts.TypeChecker, symbol: ts.Symbol): ApiMember[] {
  const type = checker.getDeclaredTypeOfSymbol(symbol);
  return checker.getPropertiesOfType(type).map((property) => {
    const declaration = property.declarations?.[0];
    const optional = Boolean(property.flags & ts.SymbolFlags.Optional);
    const text = declaration && (ts.isPropertySignature(declaration) || ts.isMethodSignature(declaration))
      ? declaration.getText().replace(/\/\*\*[\s\S]*?\*\/\s*/g, '').replace(/^readonly\s+/, '').replace(/;$/, '')
      : `${property.name}${optional ? '?' : ''}: ${checker.typeToString(checker.getTypeOfSymbol(property))}`;
    return {
      name: property.name,
      kind: declaration && ts.isMethodSignature(declaration) ? 'method' : 'property',
      signature: text.replace(/\s+/g, ' '),
      doc: docOf(checker, property),
      defaultValue: defaultOf(property.getJsDocTags(checker).find((tag) => tag.name === 'default')),
    } satisfies ApiMember;
  });
}

function defaultOf(tag: ts.JSDocTagInfo | undefined): string | undefined {
  return tag?.text ? plainText(ts.displayPartsToString(tag.text)) : undefined;
}

function signatureOf(node: ts.SignatureDeclarationBase): string {
  const name = ts.isConstructorDeclaration(node) ? 'new' : node.name?.getText() ?? '';
  const parameters = node.parameters.map((parameter) => parameter.getText().replace(/\s+/g, ' ')).join(', ');
  return `${name}(${parameters})${node.type ? `: ${node.type.getText().replace(/\s+/g, ' ')}` : ''}`;
}

function docOfNode(checker: ts.TypeChecker, node: ts.Node): string {
  const symbol = (node as ts.NamedDeclaration).name ? checker.getSymbolAtLocation((node as ts.NamedDeclaration).name!) : undefined;
  if (symbol) return docOf(checker, symbol);
  return ts.getJSDocCommentsAndTags(node).map((part) => (ts.isJSDoc(part) && typeof part.comment === 'string' ? part.comment : '')).join(' ').trim();
}

function docOf(checker: ts.TypeChecker, symbol: ts.Symbol): string {
  const see = symbol.getJsDocTags(checker).filter((tag) => tag.name === 'see').map((tag) => `See ${ts.displayPartsToString(tag.text)}.`);
  return plainText([ts.displayPartsToString(symbol.getDocumentationComment(checker)), ...see].join(' '));
}

/** Doc text on one line, with `{@link X}` as code. */
function plainText(text: string): string {
  return text.replace(/\{@link\s+([^}\s]+)\s*\}/g, '`$1`').replace(/\s+/g, ' ').trim();
}

/**
 * The API report: one line per exported name, its kind and the file that declares it, for a snapshot that makes
 * every change to the surface (and to the layout behind it) visible in review.
 */
export function renderApiReport(entries: readonly ApiEntry[]): string {
  return entries.map((entry) => `${entry.kind} ${entry.name} (${entry.file})`).join('\n') + '\n';
}

/** The optional members of props, options and attributes interfaces that state no `@default`, as `Name.member`. */
export function withoutDefault(entries: readonly ApiEntry[]): string[] {
  return entries
    .filter((entry) => entry.kind === 'interface' && /(Props|Options|Attributes)$/.test(entry.name))
    .flatMap((entry) => entry.members
      .filter((member) => member.kind === 'property' && /^\w+\?:/.test(member.signature) && !member.defaultValue)
      .map((member) => `${entry.name}.${member.name}`));
}

/** The members that lack a doc comment, as `Name.member`. */
export function undocumented(entries: readonly ApiEntry[]): string[] {
  return entries.flatMap((entry) => [
    ...(entry.doc ? [] : [entry.name]),
    ...entry.members.filter((member) => member.kind !== 'constructor' && entry.kind !== 'function' && !member.doc).map((member) => `${entry.name}.${member.name}`),
  ]);
}

/** API.md: every exported name with its doc comment and public members. */
export function renderApiReference(title: string, entries: readonly ApiEntry[]): string {
  const lines = [`# ${title}`, '', '<!-- Generated by `npm run api` from lib/index.ts; do not edit by hand. -->', ''];
  for (const kind of ['class', 'interface', 'enum', 'function', 'const', 'type'] as const) {
    const ofKind = entries.filter((entry) => entry.kind === kind);
    if (ofKind.length === 0) continue;
    lines.push(`## ${kind === 'class' ? 'Classes' : kind === 'interface' ? 'Interfaces' : kind === 'enum' ? 'Enums' : kind === 'function' ? 'Functions' : kind === 'const' ? 'Constants' : 'Types'}`, '');
    for (const entry of ofKind) {
      lines.push(`### ${entry.name}`, '');
      if (entry.doc) lines.push(entry.doc, '');
      lines.push(`Declared in [${entry.file}](${entry.file}).`, '');
      if (entry.members.length > 0 && entry.kind !== 'function') {
        lines.push('| Member | Signature | Description |', '|---|---|---|');
        for (const member of entry.members) {
          const description = [member.doc, member.defaultValue ? `Default: ${member.defaultValue}` : ''].filter(Boolean).join(' ');
          lines.push(`| ${member.kind === 'constructor' ? '`new`' : `\`${member.name}\``}${member.kind.includes('static') ? ' (static)' : ''} | \`${escapeCell(member.signature)}\` | ${escapeCell(description)} |`);
        }
        lines.push('');
      } else if (entry.kind === 'function') {
        lines.push('```ts', entry.members[0].signature, '```', '');
      }
    }
  }
  return lines.join('\n');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
