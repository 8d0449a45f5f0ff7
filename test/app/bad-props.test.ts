import { Testing, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { BackendMtlsChart, BackendMtlsChartProps, Certificate, ExistingIssuer, HttpbinTls, SelfSignedCa } from '../../lib';

/** Builds the default chart with one prop changed. */
const chartWith = (props: BackendMtlsChartProps) => () => new BackendMtlsChart(Testing.app(), 'backend-mtls', props);

describe('bad props are refused where they enter, naming the construct, field, value and rule', () => {
  test.each<[string, () => unknown, RegExp]>([
    ['namespace not a DNS label', chartWith({ namespace: 'Team_A' }), /^backend-mtls\/Setup: namespace "Team_A" must be a DNS-1123 label/],
    ['namespace too long', chartWith({ namespace: 'a'.repeat(64) }), /namespace "a{64}" must be a DNS-1123 label: at most 63/],
    ['hostname with a port', chartWith({ hostname: 'mtls.example.com:443' }), /^backend-mtls\/Setup: hostname "mtls\.example\.com:443" must be a lower-case DNS hostname/],
    ['hostname an IP address', chartWith({ hostname: '10.0.0.1' }), /^backend-mtls\/Setup: hostname "10\.0\.0\.1" must be a DNS hostname, not an IP address/],
    ['hostname with a trailing dot', chartWith({ hostname: 'mtls.example.com.' }), /hostname "mtls\.example\.com\." must be a lower-case DNS hostname/],
    ['hostname with a wildcard in the middle', chartWith({ hostname: 'a.*.example.com' }), /hostname "a\.\*\.example\.com" must be a lower-case DNS hostname, optionally starting with a single '\*\.'/],
    ['listener port 0', chartWith({ listenerPort: 0 }), /^backend-mtls\/Setup: listenerPort 0 must be an integer from 1 to 65535/],
    ['listener port above 65535', chartWith({ listenerPort: 70000 }), /listenerPort 70000 must be an integer from 1 to 65535/],
    ['backend port fractional', chartWith({ httpbin: { port: 8443.5 } }), /^backend-mtls\/Setup\/BackendWorkload: port 8443\.5 must be an integer from 1 to 65535/],
    ['port name too long', chartWith({ httpbin: { portName: 'https-with-a-long-name' } }), /portName "https-with-a-long-name" must be an IANA service name/],
    ['port name of digits only', chartWith({ httpbin: { portName: '8443' } }), /portName "8443" must be an IANA service name: .* with at least one letter/],
    ['health port equal to the TLS port', chartWith({ httpbin: { healthPort: 8443 } }), /healthPort 8443 must differ from port 8443 and from httpbin's loopback port 8080/],
    ['backend name with upper case', chartWith({ httpbin: { name: 'HttpBin' } }), /^backend-mtls\/Setup\/BackendWorkload: name "HttpBin" must be a DNS-1035 label/],
    ['secret name with underscore', chartWith({ httpbin: { secretName: 'tls_secret' } }), /^backend-mtls\/Setup\/BackendWorkload\/Front\/ServerCertificate: secretName "tls_secret" must be a DNS-1123 subdomain/],
    ['client certificate name too long', chartWith({ clientCertificateName: 'x'.repeat(254) }), /^backend-mtls\/Setup\/ClientCertificate: name "x{254}" must be a DNS-1123 subdomain/],
    ['gateway class name with a slash', chartWith({ gatewayClassName: 'eg/mtls' }), /^backend-mtls\/Setup\/GatewayClass: name "eg\/mtls" must be a DNS-1123 subdomain/],
    ['duration not a Go duration', chartWith({ httpbin: { certificateDuration: '90d' } }), /^backend-mtls\/Setup\/BackendWorkload\/Front\/ServerCertificate: duration "90d" must be a Go duration such as "2160h"/],
    ['renewBefore not shorter than duration', chartWith({ httpbin: { certificateDuration: '720h', certificateRenewBefore: '720h' } }), /renewBefore "720h" must be shorter than duration "720h", or cert-manager renews the certificate continuously/],
    ['duration below cert-manager\'s minimum', chartWith({ httpbin: { certificateDuration: '30m', certificateRenewBefore: '10m' } }), /duration "30m" must be at least 1h/],
    ['ECDSA with an RSA size', chartWith({ httpbin: { privateKey: { algorithm: 'ECDSA', size: 2048 } } }), /privateKey\.size 2048 must be 256, 384 or 521 for ECDSA/],
    ['RSA below 2048 bits', chartWith({ httpbin: { privateKey: { algorithm: 'RSA', size: 1024 } } }), /privateKey\.size 1024 must be from 2048 to 8192 for RSA/],
    ['Ed25519 with a size', chartWith({ httpbin: { privateKey: { algorithm: 'Ed25519', size: 256 } } }), /privateKey\.size 256 must be left out for Ed25519/],
    ['separate client CA with an existing issuer', chartWith({ separateClientCa: true, issuer: ExistingIssuer.fromClusterIssuerName(Testing.app(), 'Issuer', 'corp') }), /^backend-mtls\/Setup: separateClientCa true needs the setup's own CA: leave issuer out/],
    ['certificate check under a second', chartWith({ httpbin: { certificateCheckInterval: Duration.millis(500) } }), /^backend-mtls\/Setup\/BackendWorkload: certificateCheckInterval "500ms" must be whole seconds from 1 to 300/],
    ['certificate check over five minutes', chartWith({ httpbin: { certificateCheckInterval: Duration.minutes(10) } }), /certificateCheckInterval "600000ms" must be whole seconds from 1 to 300/],
    ['client identity without a common name', () => {
      const chart = Testing.chart();
      const ca = new SelfSignedCa(chart, 'Ca', { namespace: 'ns' });
      new HttpbinTls(chart, 'Backend', { namespace: 'ns', issuer: ca })
        .allowClient(new Certificate(chart, 'Client', { issuer: ca, name: 'client', dnsNames: ['client.ns'], usages: ['client auth'] }));
    }, /^test\/Backend: allowClient "client" must be a Certificate with a commonName: the TLS front pins client identities by subject/],
    ['unknown key algorithm', chartWith({ httpbin: { privateKey: { algorithm: 'DSA' as any } } }), /privateKey\.algorithm "DSA" must be one of ECDSA, RSA, Ed25519/],
    ['untagged image', chartWith({ httpbin: { httpbinImage: 'mccutchen/go-httpbin' } }), /^backend-mtls\/Setup\/BackendWorkload: httpbinImage "mccutchen\/go-httpbin" must pin a tag or digest/],
    ['latest image', chartWith({ httpbin: { nginxImage: 'nginxinc/nginx-unprivileged:latest' } }), /nginxImage "nginxinc\/nginx-unprivileged:latest" must pin a version, not "latest"/],
    ['malformed image', chartWith({ httpbin: { nginxImage: 'Nginx Unprivileged:1.27' } }), /nginxImage "Nginx Unprivileged:1\.27" must be a container image reference/],
    ['negative replicas', chartWith({ httpbin: { replicas: -1 } }), /^backend-mtls\/Setup\/BackendWorkload: replicas -1 must be an integer from 0 to 100/],
    ['fractional replicas', chartWith({ httpbin: { replicas: 1.5 } }), /replicas 1\.5 must be an integer from 0 to 100/],
    ['resources without limits', chartWith({ httpbin: { httpbinResources: { cpu: { request: kplus.Cpu.millis(10) } } } }), /httpbinResources "without limits" must set cpu\.limit and memory\.limit/],
    ['cpu request above its limit', chartWith({ httpbin: { nginxResources: { cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.millis(100) }, memory: { limit: Size.mebibytes(64) } } } }), /nginxResources\.cpu\.request "500m" must not exceed cpu\.limit "100m"/],
    ['malformed cpu quantity', chartWith({ httpbin: { nginxResources: { cpu: { limit: kplus.Cpu.units(-1) }, memory: { limit: Size.mebibytes(64) } } } }), /nginxResources\.cpu\.limit "-1" must be a non-negative Kubernetes quantity/],
    ['memory limit too small', chartWith({ httpbin: { nginxResources: { cpu: { limit: kplus.Cpu.millis(100) }, memory: { limit: Size.mebibytes(4) } } } }), /nginxResources\.memory\.limit "4Mi" must be at least 8Mi/],
  ])('%s', (_case, build, message) => {
    expect(build).toThrow(message);
  });
});
