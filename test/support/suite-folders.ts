/** Set by test/support/global-setup.ts: the folder of this jest run, where each test file gets a temp folder of its own. */
export const SUITE_TMP = 'BACKEND_MTLS_SUITE_TMP';
/** The system's temp folder, for caches that outlive a test file (a built tool): each file's own TMPDIR goes with it. */
export const CACHE_TMP = 'BACKEND_MTLS_CACHE_TMP';
