import { NginxConfRewrite, rewriteNginxConf } from '../../tools/rehearsal/nginx-conf-rewrite';
import { nginxConfOf, synthesizedChart } from './chart-objects';

// The rehearsal's own root lives under /tmp, like the pod's emptyDir: the rewrite must not touch it twice.
const ROOT = '/tmp/rehearsal-root';
const REWRITE: NginxConfRewrite = {
  paths: [
    { podPath: '/etc/nginx/tls', hostPath: `${ROOT}/etc/nginx/tls`, required: true },
    { podPath: '/etc/nginx/mtls', hostPath: `${ROOT}/etc/nginx/mtls`, required: false },
    { podPath: '/tmp', hostPath: `${ROOT}/tmp`, required: true },
  ],
  listenPorts: { 8443: 40001, 8081: 40002 },
  upstreamPorts: { 8080: 40003 },
};

const chartConf = nginxConfOf(synthesizedChart());

describe('rewriteNginxConf on the chart\'s nginx.conf', () => {
  const rewritten = rewriteNginxConf(chartConf, REWRITE);

  test('moves every listen to 127.0.0.1 on the given port', () => {
    expect(rewritten.match(/^\s*listen .*$/gm)!.map((line) => line.trim())).toEqual(['listen 127.0.0.1:40001 ssl;', 'listen 127.0.0.1:40002;']);
  });

  test('moves mount paths under the root, once', () => {
    expect(rewritten).toContain(`ssl_certificate ${ROOT}/etc/nginx/tls/tls.crt;`);
    expect(rewritten).toContain(`ssl_client_certificate ${ROOT}/etc/nginx/tls/ca.crt;`);
    expect(rewritten).toContain(`pid ${ROOT}/tmp/nginx.pid;`);
    expect(rewritten).toContain(`proxy_temp_path ${ROOT}/tmp/proxy;`);
    expect(rewritten).not.toContain(`${ROOT}${ROOT}`);
  });

  test('points the upstream at the stand-in', () => {
    expect(rewritten).toContain('server 127.0.0.1:40003;');
    expect(rewritten).not.toContain('127.0.0.1:8080');
  });

  test('changes nothing else', () => {
    const undo = (conf: string) => conf
      .replaceAll(ROOT, '')
      .replace('listen 127.0.0.1:40001', 'listen 8443')
      .replace('listen 127.0.0.1:40002', 'listen 8081')
      .replace('127.0.0.1:40003', '127.0.0.1:8080');
    expect(undo(rewritten)).toEqual(chartConf);
  });

  test('leaves device paths such as /dev/stderr alone', () => {
    expect(rewritten).toContain('error_log /dev/stderr notice;');
    expect(rewritten).toContain('access_log /dev/stdout mtls;');
  });
});

describe('rewriteNginxConf fails loudly when the conf and the Deployment disagree', () => {
  test('a required mount path the conf never mentions', () => {
    expect(() => rewriteNginxConf(chartConf.replaceAll('/etc/nginx/tls/', '/etc/ssl/'), REWRITE))
      .toThrow('nginx.conf never mentions /etc/nginx/tls, where the Deployment mounts files the front needs; the conf and the Deployment disagree');
  });

  test('a listen on a port the container does not declare', () => {
    expect(() => rewriteNginxConf(chartConf.replace('listen 8081;', 'listen 9090;'), REWRITE))
      .toThrow('nginx.conf listens on "9090", but port 9090 is not a containerPort of the TLS front (8081, 8443); declare it in the Deployment or drop the listen');
  });

  test('a listen on an address, on IPv6 or on a unix socket', () => {
    expect(rewriteNginxConf(chartConf.replace('listen 8081;', 'listen 0.0.0.0:8081;'), REWRITE)).toContain('listen 127.0.0.1:40002;');
    expect(() => rewriteNginxConf(chartConf.replace('listen 8081;', 'listen [::]:8081;'), REWRITE)).toThrow('nginx.conf listens on IPv6 "[::]:8081"');
    expect(() => rewriteNginxConf(chartConf.replace('listen 8081;', 'listen unix:/tmp/health.sock;'), REWRITE)).toThrow('nginx.conf listens on "unix:/tmp/health.sock"');
  });

  test('a conf without any listen', () => {
    expect(() => rewriteNginxConf(chartConf.replace(/^\s*listen .*$/gm, ''), REWRITE)).toThrow('nginx.conf has no listen directive');
  });

  test('an upstream on a loopback port no other container listens on', () => {
    expect(() => rewriteNginxConf(chartConf.replace('server 127.0.0.1:8080;', 'server 127.0.0.1:9000;'), REWRITE))
      .toThrow('nginx.conf forwards to 127.0.0.1:9000, where no other container of the pod listens (they listen on 8080); the conf and the Deployment disagree');
  });

  test('a conf that forwards to none of the other containers', () => {
    expect(() => rewriteNginxConf(chartConf.replace('server 127.0.0.1:8080;', 'server httpbin.internal:8080;'), REWRITE))
      .toThrow('nginx.conf forwards to none of the pod\'s other containers (ports 8080 on 127.0.0.1)');
  });

  test('a direct proxy_pass to a loopback port is rewritten like an upstream server', () => {
    expect(rewriteNginxConf(chartConf.replace('proxy_pass http://httpbin;', 'proxy_pass http://localhost:8080/;'), REWRITE)).toContain('proxy_pass http://127.0.0.1:40003/;');
  });
});
