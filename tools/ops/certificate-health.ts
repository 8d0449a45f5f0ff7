import { getLive, LiveObject } from './kubectl';
import { describeObject, KubeObject } from './manifests';

/** One Certificate's health as cert-manager reports it in `status`. */
export interface CertificateHealth {
  /** `Certificate <namespace>/<name>`. */
  readonly certificate: string;
  /** The `Ready` condition's status (`True`, `False`, `Unknown`), or `-` when there is none. */
  readonly ready: string;
  readonly notAfter?: string;
  readonly renewalTime?: string;
  /** `ok`, `renewing` (past its renewal time with cert-manager issuing) or `FAIL`. */
  readonly verdict: 'ok' | 'renewing' | 'FAIL';
  /** What is wrong, when the verdict is FAIL; what is going on, when renewing. */
  readonly findings: string[];
}

function condition(live: any, type: string): any {
  return (live?.status?.conditions ?? []).find((entry: any) => entry.type === type);
}

function said(entry: any): string {
  return [`${entry.type}=${entry.status}`, entry.reason, entry.message].filter(Boolean).join(': ');
}

/**
 * Judges a Certificate from its live status at `now`. It fails when it cannot be read, is not Ready, already expired,
 * without a notAfter or renewalTime, set to expire before cert-manager renews it, or past its renewal time without
 * cert-manager issuing a new one.
 */
export function certificateHealth(certificate: KubeObject, live: LiveObject, now: Date): CertificateHealth {
  const id = describeObject(certificate);
  if (!live.found) return { certificate: id, ready: '-', verdict: 'FAIL', findings: [`cannot be read from the cluster (${live.reason})`] };
  const status = live.object.status ?? {};
  const ready = condition(live.object, 'Ready');
  const notAfter: string | undefined = status.notAfter;
  const renewalTime: string | undefined = status.renewalTime;
  const expires = notAfter === undefined ? NaN : Date.parse(notAfter);
  const renews = renewalTime === undefined ? NaN : Date.parse(renewalTime);
  const failures: string[] = [];
  if (ready?.status !== 'True') failures.push(ready ? `not Ready (${said(ready)})` : 'not Ready (cert-manager has set no Ready condition)');
  if (Number.isNaN(expires)) failures.push(`has no valid status.notAfter (${JSON.stringify(notAfter)})`);
  else if (expires <= now.getTime()) failures.push(`expired at ${notAfter}`);
  if (Number.isNaN(renews)) failures.push(`has no valid status.renewalTime (${JSON.stringify(renewalTime)}): cert-manager has scheduled no renewal`);
  else if (expires <= renews) failures.push(`expires at ${notAfter}, before its renewal time ${renewalTime}: it would lapse before cert-manager renews it`);
  const issuing = condition(live.object, 'Issuing');
  const overdue = !Number.isNaN(renews) && renews <= now.getTime();
  if (overdue && issuing?.status !== 'True') {
    failures.push(`past its renewal time ${renewalTime} and not renewing${issuing ? ` (${said(issuing)})` : ''}`);
  }
  const common = { certificate: id, ready: ready?.status ?? '-', notAfter, renewalTime };
  if (failures.length > 0) return { ...common, verdict: 'FAIL', findings: failures };
  if (overdue) return { ...common, verdict: 'renewing', findings: [`past its renewal time ${renewalTime}, cert-manager is issuing (${said(issuing)})`] };
  return { ...common, verdict: 'ok', findings: [] };
}

function fromNow(time: string | undefined, now: Date): string {
  const at = time === undefined ? NaN : Date.parse(time);
  if (Number.isNaN(at)) return time ?? '-';
  const minutes = Math.round(Math.abs(at - now.getTime()) / 60_000);
  const span = minutes >= 2 * 1440 ? `${Math.round(minutes / 1440)}d` : minutes >= 120 ? `${Math.round(minutes / 60)}h` : `${minutes}m`;
  return `${time} (${at > now.getTime() ? `in ${span}` : `${span} ago`})`;
}

/** The health rows as a plain-text table, one line per Certificate under a header. */
export function certificateHealthTable(rows: CertificateHealth[], now: Date): string[] {
  const header = ['CERTIFICATE', 'READY', 'NOT AFTER', 'RENEWAL TIME', 'VERDICT'];
  const cells = rows.map((row) => [row.certificate.replace(/^Certificate /, ''), row.ready, fromNow(row.notAfter, now), fromNow(row.renewalTime, now), row.verdict]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((line) => line[column].length)));
  return [header, ...cells].map((line) => line.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd());
}

/**
 * Reads every Certificate of the manifests from the cluster, prints the health table, and throws naming each
 * unhealthy Certificate and what is wrong with it.
 */
export function checkCertificateHealth(objects: KubeObject[], log: (line: string) => void, now: Date = new Date()): CertificateHealth[] {
  const rows = objects.filter((object) => object.kind === 'Certificate').map((certificate) => certificateHealth(certificate, getLive(certificate), now));
  log(`certificates: ${rows.length} in the manifests, read at ${now.toISOString()}`);
  certificateHealthTable(rows, now).forEach((line) => log(`  ${line}`));
  const findings = (row: CertificateHealth) => `  ${row.certificate}: ${row.findings.join('; ')}`;
  rows.filter((row) => row.verdict === 'renewing').forEach((row) => log(findings(row)));
  const failed = rows.filter((row) => row.verdict === 'FAIL');
  if (failed.length > 0) throw new Error(`${failed.length} of ${rows.length} Certificates unhealthy:\n${failed.map(findings).join('\n')}`);
  return rows;
}
