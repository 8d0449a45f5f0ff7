/** One reason the API server would reject (or warn about) an object, in its own words. */
export interface Problem {
  /** The object, as `Kind namespace/name` (or `Kind name` when it has no namespace). */
  readonly object: string;
  /** Field path as the API server prints it, e.g. `spec.rules[0].matches`; empty for the object itself. */
  readonly path: string;
  /** The verdict: the CRD rule's own message, or the API server's wording for a schema failure. */
  readonly rule: string;
  /** True for what the API server returns as a warning: the object is accepted. */
  readonly warning?: boolean;
  /** The manifest file the object came from, when it came from one. */
  readonly file?: string;
}

/** Renders a problem as one line: `file: Kind ns/name: path: rule`. */
export function formatProblem(problem: Problem): string {
  const where = problem.file ? `${problem.file}: ` : '';
  return `${where}${problem.object}: ${problem.path || '<object>'}: ${problem.rule}`;
}

export { describeObject, isRecord } from '../../lib/core/kube-object';
