/** Field paths written as the API server writes them: `spec.rules[0].filters`, `metadata.labels[app]`. */
export function childPath(parent: string, name: string): string {
  return parent ? `${parent}.${name}` : name;
}

/** Path of a list item or map entry: `parent[0]`, `parent[key]`. */
export function indexPath(parent: string, index: number | string): string {
  return `${parent}[${index}]`;
}

/**
 * Appends a rule's `fieldPath` (a relative JSONPath such as `.spec.foo`, `.foo['bar']` or `.list[1]`) to the
 * path of the schema node that holds the rule.
 */
export function joinFieldPath(parent: string, fieldPath: string): string {
  let path = parent;
  for (const match of fieldPath.matchAll(/\.([^.[\]]+)|\[\s*'([^']*)'\s*\]|\[\s*"([^"]*)"\s*\]|\[\s*(\d+)\s*\]/g)) {
    if (match[1] !== undefined) path = childPath(path, match[1]);
    else path = indexPath(path, match[2] ?? match[3] ?? match[4]);
  }
  return path;
}
