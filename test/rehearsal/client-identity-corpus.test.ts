import { execFile } from 'node:child_process';
import { closeSync, openSync, promises as fs } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Chart, Testing } from 'cdk8s';
import { BackendMtlsChart, Certificate, ClientCertificateMode, MtlsFront, SelfSignedCa } from '../../lib';
import { pinnedSubject } from '../../lib/core/client-identity';
import { freeLoopbackPort, LOOPBACK } from '../../tools/rehearsal/loopback';
import { rewriteNginxConf } from '../../tools/rehearsal/nginx-conf-rewrite';
import { toolPath } from '../../tools/rehearsal/prerequisites';
import { Command, runCommands, startProcess, stopProcess } from '../../tools/rehearsal/processes';
import { one } from '../support/manifests';
import { processesUsing } from '../support/processes';
import { seeded } from '../support/seeded';
import { ORDERS_PORT, ordersDeployment } from '../workloads/orders-app';

/**
 * The pin is what nginx sees: for a corpus of common names, real openssl issues each client certificate as
 * cert-manager does (a UTF8String subject holding only the common name), the front's own nginx.conf from the chart
 * runs under real nginx, and each admitted name must get 200 with nginx's `$ssl_client_s_dn` equal to the pin,
 * while a neighbour (another certificate of the same CA, one character apart) gets 403. A name the library refuses
 * must be refused at synth time. CLIENT_IDENTITY_CORPUS sets how many generated names join the fixed ones.
 */
const GENERATED = Number(process.env.CLIENT_IDENTITY_CORPUS ?? 40);
const SEED = Number(process.env.CLIENT_IDENTITY_SEED ?? 16_2026);
const run = promisify(execFile);

const FIXED_NAMES = [
  'envoygateway-client', 'a,b', 'a+b', 'say "hi"', 'back\\slash', '<tag>', 'a;b', 'a=b', '==', '#hash', '#', 'a#', ' lead', 'trail ',
  ' ', '  ', ' both ', 'x y', 'café', 'Ærøskøbing', 'straße', '東京-クライアント', '😀', 'emoji 🔒 lock', 'nbsp\u00a0here', '\u00a0',
  'rtl\u202eevil', 'zero\u200bwidth', 'e\u0301', '\\#', '\\ ', '$var{x}', 'semi;colon "quoted" {brace}', '~tilde', '^caret$', 'a.b*c?',
  '(paren)|[bracket]', 'Envoy', 'x'.repeat(64),
];
/** Names every way in refuses at synth time: control characters and an unpaired surrogate (no UTF-8 form). */
const REFUSED_NAMES = ['tab\there', 'new\nline', 'bell\u0007', 'del\u007f', 'c1\u0085', 'lone\ud800', '', 'y'.repeat(65)];

/** Printable pieces a generated name is made of: ASCII with every RFC 2253 special, Latin-1, CJK, emoji, format characters. */
const PIECES = [
  ...'abcXYZ019 -_.', ...',+"\\<>;=#', ...'$~^{}()[]|*?/\'', 'é', 'ß', 'Ø', '\u00a0', '\u00ff', '中', '文', 'ア', '한', '😀', '🔒', '👍🏽',
  '\u202e', '\u200b', '\u0301', '\ufffd', '·',
];

function generatedNames(count: number, seed: number): string[] {
  const random = seeded(seed);
  return Array.from({ length: count }, () => {
    const length = 1 + Math.floor(random() * 12);
    return Array.from({ length }, () => PIECES[Math.floor(random() * PIECES.length)]).join('');
  });
}

/** A different name one character away: the first ASCII letter's case flipped, or a character appended or replaced. */
function neighbourOf(name: string, taken: ReadonlySet<string>): string {
  const chars = Array.from(name);
  const letter = chars.findIndex((char) => /[A-Za-z]/.test(char));
  const candidates = [
    ...(letter >= 0 ? [[...chars.slice(0, letter), flipCase(chars[letter]), ...chars.slice(letter + 1)].join('')] : []),
    `${name}z`, ['z', ...chars.slice(1)].join(''), [...chars.slice(0, -1), '\u00e9'].join(''),
  ];
  const neighbour = candidates.find((candidate) => !taken.has(candidate) && candidate.length <= 64);
  if (neighbour === undefined) throw new Error(`no neighbour for ${JSON.stringify(name)}`);
  return neighbour;
}

function flipCase(letter: string): string {
  return letter === letter.toLowerCase() ? letter.toUpperCase() : letter.toLowerCase();
}

/** Admits a name at the front through a Certificate the chart issues (even index) or one it imports (odd). */
function admit(chart: Chart, front: MtlsFront, ca: SelfSignedCa, name: string, index: number): void {
  const certificate = index % 2 === 0
    ? new Certificate(chart, `Client${index}`, { issuer: ca, name: `client-${index}`, namespace: 'shop', commonName: name, usages: ['client auth'] })
    : Certificate.fromSecretAttributes(chart, `Imported${index}`, { secretName: `imported-${index}`, namespace: 'shop', commonName: name });
  front.allowClient(certificate);
}

function newFront() {
  const chart = Testing.chart();
  const ca = new SelfSignedCa(chart, 'Ca', { namespace: 'shop' });
  const front = new MtlsFront(chart, 'Front', { deployment: ordersDeployment(chart, 'shop'), appPort: ORDERS_PORT, appHealthPath: '/health', issuer: ca });
  return { chart, ca, front };
}

/** The synth-time verdict on a name through both certificate ways in: the pinned subject, or the refusal. */
function verdictOf(name: string): { subject: string } | { refusal: string } {
  const verdicts = [0, 1].map((index) => {
    const { chart, ca, front } = newFront();
    try {
      admit(chart, front, ca, name, index);
      return { subject: front.admittedClientSubjects[0] };
    } catch (error) {
      return { refusal: (error as Error).message };
    }
  });
  if ('subject' in verdicts[0] !== 'subject' in verdicts[1]) throw new Error(`the two ways in disagree on ${JSON.stringify(name)}: ${JSON.stringify(verdicts)}`);
  return verdicts[0];
}

const encodingOf = (index: number): Encoding => (index % 2 === 0 ? 'utf8' : 'printable-else-utf8');

/** `-subj` reads `\` as an escape and `/`, `+` and `=` as separators. */
const subjectArgument = (name: string) => `/CN=${name.replace(/[\\/+=,]/g, '\\$&')}`;

/**
 * How cert-manager's subject may be encoded: a UTF8String always, or as Go's encoding/asn1 chooses for a pkix.Name
 * (a PrintableString when every character allows it, else a UTF8String). OpenSSL prints both alike; the test issues both.
 */
type Encoding = 'utf8' | 'printable-else-utf8';
const STRING_MASKS: Record<Encoding, string> = { 'utf8': 'utf8only', 'printable-else-utf8': 'MASK:0x2002' };

interface Pki {
  readonly dir: string;
  /** Issues each probe's certificate, `lanes` at a time: a shell per lane runs its openssl commands (see runCommands). */
  issue(probes: readonly Probe[], lanes: number): Promise<void>;
  /** The ASN.1 type of the common name in a certificate, as `openssl asn1parse` names it. */
  stringType(file: string): Promise<string>;
}

async function createPki(dir: string): Promise<Pki> {
  const openssl = toolPath('openssl');
  const file = (name: string) => path.join(dir, name);
  const extensions = [
    '[client]', 'basicConstraints = critical, CA:FALSE', 'keyUsage = critical, digitalSignature', 'extendedKeyUsage = clientAuth',
    '[server]', 'basicConstraints = critical, CA:FALSE', 'keyUsage = critical, digitalSignature', 'extendedKeyUsage = serverAuth',
    'subjectAltName = IP:127.0.0.1', '',
  ];
  for (const [encoding, mask] of Object.entries(STRING_MASKS)) {
    await fs.writeFile(file(`${encoding}.cnf`), ['[req]', 'distinguished_name = dn', `string_mask = ${mask}`, 'utf8 = yes', '[dn]', ...extensions].join('\n'));
  }
  const key = async (name: string) => run(openssl, ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file(name)]);
  await Promise.all([key('ca.key'), key('tls.key'), key('client.key')]);
  await run(openssl, ['req', '-x509', '-new', '-config', file('utf8.cnf'), '-key', file('ca.key'), '-subj', '/CN=corpus-ca', '-days', '1', '-out', file('ca.crt')]);
  const issueCommand = (subject: string, keyFile: string, extensionSection: string, out: string, encoding: Encoding): Command => [
    openssl, 'req', '-x509', '-new', '-utf8', '-config', file(`${encoding}.cnf`), '-extensions', extensionSection, '-key', file(keyFile), '-subj', subject,
    '-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-days', '1', '-out', out,
  ];
  await runCommands([issueCommand('/CN=orders.shop.svc.cluster.local', 'tls.key', 'server', file('tls.crt'), 'utf8')], dir);
  return {
    dir,
    issue: async (probes, lanes) => {
      const commands = probes.map((probe) => issueCommand(subjectArgument(probe.name), 'client.key', 'client', probe.certFile, probe.encoding));
      const size = Math.ceil(commands.length / lanes);
      const chunks = Array.from({ length: lanes }, (_, lane) => commands.slice(lane * size, (lane + 1) * size)).filter((chunk) => chunk.length > 0);
      await inBatches(chunks, lanes, async (chunk) => {
        await runCommands(chunk, dir);
      });
    },
    stringType: async (certFile) => {
      const { stdout } = await run(openssl, ['asn1parse', '-in', certFile]);
      // The subject follows the issuer: the last string is the common name.
      return [...stdout.matchAll(/prim: (\w+STRING)/g)].map((match) => match[1]).pop() ?? 'none';
    },
  };
}

/** Runs jobs a few at a time (a process per job is the cost) and, when one fails, waits for the rest before failing. */
async function inBatches<T>(items: readonly T[], width: number, job: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = await Promise.allSettled(Array.from({ length: width }, async () => {
    while (next < items.length) await job(items[next++]);
  }));
  const failed = workers.find((worker): worker is PromiseRejectedResult => worker.status === 'rejected');
  if (failed) throw failed.reason;
}

interface Probe {
  readonly name: string;
  readonly role: 'admitted' | 'neighbour' | 'refused';
  readonly certFile: string;
  readonly encoding: Encoding;
}

function request(port: number, probe: Probe, index: number, pki: Pki): Promise<{ status: number; body: string }> {
  return Promise.all([fs.readFile(probe.certFile), fs.readFile(path.join(pki.dir, 'client.key')), fs.readFile(path.join(pki.dir, 'ca.crt'))])
    .then(([cert, key, ca]) => new Promise((resolve, reject) => {
      const req = https.request({ host: LOOPBACK, port, path: `/probe/${index}`, cert, key, ca, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    }));
}

/** nginx's access log escapes `"`, `\` and bytes outside printable ASCII as `\xXX`; the pinned subject holds no others. */
function unescapeLog(text: string): string {
  return text.replace(/\\x([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

describe('the pinned client subject is what nginx reports, for every name the library accepts', () => {
  const generated = generatedNames(GENERATED, SEED);
  const names = [...new Set([...FIXED_NAMES, ...generated])];
  const verdicts = new Map(names.map((name) => [name, verdictOf(name)]));
  const admitted = names.filter((name) => 'subject' in verdicts.get(name)!);

  test('every name of the corpus is pinned or refused alike through an issued and an imported certificate', () => {
    expect(admitted.length).toBeGreaterThan(names.length / 2);
    for (const name of admitted) expect(verdicts.get(name)).toEqual({ subject: pinnedSubject(name) });
  });

  test.each(REFUSED_NAMES.map((name) => [JSON.stringify(name), name]))('%s is refused at synth time with the rule and the fix', (_label, name) => {
    expect(verdictOf(name)).toEqual({ refusal: expect.stringMatching(/commonName.*(must be printable text|must be 1 to 64 characters)/) });
  });

  test(`real nginx admits each of ${admitted.length} names with the pinned subject and refuses each neighbour (seed ${SEED})`, async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'identity-corpus-'));
    const { chart, ca, front } = newFront();
    admitted.forEach((name, index) => admit(chart, front, ca, name, index));
    const conf: string = one(Testing.synth(chart), 'ConfigMap', 'orders-nginx').data['nginx.conf'];
    const taken = new Set(admitted);
    const probes: Probe[] = [
      ...admitted.map((name, index) => ({ name, role: 'admitted' as const, certFile: path.join(root, `admitted-${index}.crt`), encoding: encodingOf(index) })),
      ...admitted.map((name, index) => ({
        name: neighbourOf(name, taken), role: 'neighbour' as const, certFile: path.join(root, `neighbour-${index}.crt`), encoding: encodingOf(index + 1),
      })),
      // Refused names that openssl can issue (UTF-8, 1 to 64 characters) still get a certificate: nginx's log shows their printed form.
      ...REFUSED_NAMES.filter((name) => name !== '' && !/\p{Cs}/u.test(name) && Array.from(name).length <= 64)
        .map((name, index) => ({ name, role: 'refused' as const, certFile: path.join(root, `refused-${index}.crt`), encoding: encodingOf(index) })),
    ];
    try {
      const pki = await createPki(root);
      await pki.issue(probes, 4);
      // Both encodings cert-manager may write were issued: "envoygateway-client" (even) and "a,b" (odd) are printable.
      expect([await pki.stringType(probes[0].certFile), await pki.stringType(probes[1].certFile)]).toEqual(['UTF8STRING', 'PRINTABLESTRING']);
      const { results, printedSubject } = await serveAndProbe(root, conf, front, probes, pki);
      const wrong = results.flatMap(({ probe, index, status, body }) => {
        const expected = probe.role === 'admitted' ? { status: 200, body: pinnedSubject(probe.name) } : { status: 403, body: expect.any(String) };
        const printed = printedSubject(index);
        const problems = [
          ...(status !== expected.status ? [`status ${status}, expected ${expected.status}`] : []),
          // The app reads the subject from an HTTP header, whose parser strips trailing spaces (RFC 9110 OWS).
          ...(probe.role === 'admitted' && body !== expected.body.trimEnd() ? [`the app saw ${body}, the pin is ${expected.body}`] : []),
          ...(printed !== pinnedSubject(probe.name) ? [`nginx logged ${printed}, pinnedSubject gives ${pinnedSubject(probe.name)}`] : []),
        ];
        return problems.length > 0 ? [`${probe.role} ${JSON.stringify(probe.name)}: ${problems.join('; ')}`] : [];
      });
      expect(wrong).toEqual([]);
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });

  test('why the pins are regex keys: nginx matches an exact map key case-insensitively and admits a neighbour one case apart', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'identity-exact-key-'));
    const { chart, ca, front } = newFront();
    admit(chart, front, ca, 'envoy', 0);
    // The form the front wrote before: the subject as an exact key.
    const conf = one(Testing.synth(chart), 'ConfigMap', 'orders-nginx').data['nginx.conf'].replace('"~^CN=envoy$" 1;', '"CN=envoy" 1;');
    expect(conf).toContain('"CN=envoy" 1;');
    const probes: Probe[] = ['envoy', 'Envoy', 'ENVOY'].map((name, index) => ({ name, role: 'neighbour', certFile: path.join(root, `${index}.crt`), encoding: 'utf8' }));
    try {
      const pki = await createPki(root);
      await pki.issue(probes, 3);
      const { results } = await serveAndProbe(root, conf, front, probes, pki);
      expect(results.map(({ probe, status }) => [probe.name, status])).toEqual([['envoy', 200], ['Envoy', 200], ['ENVOY', 200]]);
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});

/**
 * Runs the front's nginx.conf under real nginx on loopback (its own folder, a stand-in app that answers with the
 * subject nginx forwards), sends each probe's certificate once, stops nginx and returns the answers and what nginx
 * logged as each request's subject. Every process it starts is stopped before it returns or throws.
 */
async function serveAndProbe(root: string, conf: string, front: MtlsFront, probes: readonly Probe[], pki: Pki) {
  const upstream = http.createServer((req, res) => res.end(String(req.headers['x-client-subject'] ?? '')));
  let nginx: ReturnType<typeof startProcess> | undefined;
  try {
    await new Promise<void>((resolve) => upstream.listen(0, LOOPBACK, resolve));
    const [tlsPort, healthPort] = [await freeLoopbackPort(), await freeLoopbackPort()];
    await fs.mkdir(path.join(root, 'tmp'));
    await fs.writeFile(path.join(root, 'nginx.conf'), rewriteNginxConf(conf, {
      paths: [{ podPath: '/etc/nginx/tls', hostPath: root, required: true }, { podPath: '/tmp', hostPath: path.join(root, 'tmp'), required: true }],
      listenPorts: { [front.port]: tlsPort, [front.healthPort]: healthPort },
      upstreamPorts: { [ORDERS_PORT]: (upstream.address() as { port: number }).port },
    }));
    const logFile = path.join(root, 'nginx.log');
    const log = openSync(logFile, 'a');
    try {
      nginx = startProcess(toolPath('nginx'), ['-p', `${root}/`, '-e', 'stderr', '-c', path.join(root, 'nginx.conf')], { stdio: ['ignore', log, log] });
    } finally {
      closeSync(log);
    }
    await untilListening(healthPort, logFile);
    const results = [];
    for (const [index, probe] of probes.entries()) results.push({ probe, index, ...(await request(tlsPort, probe, index, pki)) });
    // nginx logs a request after answering it: stop it first so that every line is written.
    await stopProcess(nginx);
    const logged = await fs.readFile(logFile, 'utf8');
    const printedSubject = (index: number) =>
      unescapeLog(new RegExp(`"GET /probe/${index} HTTP/1\\.1" \\d+ .* subject="(.*?)" issuer=`).exec(logged)?.[1] ?? '(not logged)');
    return { results, printedSubject };
  } finally {
    if (nginx) await stopProcess(nginx);
    await new Promise((resolve) => upstream.close(resolve));
    expect(processesUsing(root)).toEqual([]);
  }
}

/** The names Envoy's client certificate gets through the setup's own props, pinned at a front the setup routes to. */
describe('the setup pins the same subject for a name it is given as clientCommonName, setup-wide or per backend', () => {
  const SAMPLE = ['a=b', '#hash', 'trail ', 'café', '東京', '😀', 'rtl\u202eevil', 'say "hi", <you>; \\ok'];

  function routedFront(perBackend: boolean, name: string): MtlsFront {
    const chart = new BackendMtlsChart(Testing.app(), 'shop', {
      namespace: 'shop',
      ...(perBackend ? { clientCertificateMode: ClientCertificateMode.PER_BACKEND } : { clientCommonName: name }),
    });
    const front = new MtlsFront(chart, 'OrdersFront', { deployment: ordersDeployment(chart, 'shop'), appPort: ORDERS_PORT, issuer: chart.backendMtls.issuer });
    chart.backendMtls.addBackend('OrdersBackend', front, { pathPrefix: '/orders', ...(perBackend ? { clientCommonName: name } : {}) });
    return front;
  }

  test.each(SAMPLE.map((name) => [JSON.stringify(name), name]))('%s', (_label, name) => {
    expect(routedFront(false, name).admittedClientSubjects).toEqual([pinnedSubject(name)]);
    expect(routedFront(true, name).admittedClientSubjects).toEqual([pinnedSubject(name)]);
  });

  test('a name with a control character is refused at synth time, setup-wide and per backend', () => {
    expect(() => routedFront(false, 'bell\u0007')).toThrow(/commonName.*must be printable text: no control characters/);
    expect(() => routedFront(true, 'bell\u0007')).toThrow(/commonName.*must be printable text: no control characters/);
  });
});

/** Waits until nginx answers on its health port, or fails with its log. */
async function untilListening(port: number, logFile: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const up = await new Promise<boolean>((resolve) => {
      http.get({ host: LOOPBACK, port, path: '/livez', agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      }).on('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nginx did not listen on ${port}:\n${await fs.readFile(logFile, 'utf8')}`);
}
