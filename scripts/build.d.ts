/** The types of scripts/build.js (plain JavaScript, so that `npm ci` can run it before anything is built). */

/** The stamp's file name in build/: the inputs' hash and every output's hash. */
export declare const STAMP: string;
/** The environment variable that forces a full build when set to 1. */
export declare const FORCE_ENV: string;

export interface BuildOptions {
  /** Compile even when build/ is up to date. @default false */
  readonly force?: boolean;
  /** Writes build/ from `root`, throwing when it fails. @default tsc -p tsconfig.build.json */
  readonly compile?: (root: string) => void;
  /** Where the one line saying what the build did goes. @default console.log */
  readonly log?: (line: string) => void;
}

/** The files tsc compiles and the config files it reads, relative to `root`, sorted. */
export declare function buildInputs(root: string): string[];
/** One hash of everything build/ is made from. */
export declare function inputsHash(root: string, typescriptVersion?: string): string;
/** Why build/ must be built again, or undefined when it holds the output of `inputs` and nothing else. */
export declare function staleReason(root: string, inputs: string): string | undefined;
/** Builds `root` unless build/ is up to date. */
export declare function build(root: string, options?: BuildOptions): 'built' | 'skipped';
/** The build's options from its command line and environment. */
export declare function buildOptions(args: readonly string[], env: Record<string, string | undefined>): { force: boolean };
