import { IConstruct } from 'constructs';

/** Context key that turns the wiring checks off for a chart or the whole app when set to `false`. */
export const WIRING_CHECKS_CONTEXT = 'backend-mtls:wiringChecks';

/** Whether the wiring checks are turned off by the `backend-mtls:wiringChecks` context at `scope`. */
export function wiringChecksDisabled(scope: IConstruct): boolean {
  const value = scope.node.tryGetContext(WIRING_CHECKS_CONTEXT);
  return value === false || value === 'false';
}
