import { drainFlagFile, renderNginxConf } from '../../lib/workloads/nginx-conf';

const conf = (keepaliveSeconds?: number) => renderNginxConf({
  tlsDir: '/etc/nginx/tls', tmpDir: '/tmp', tlsPort: 8443, healthPort: 8081, upstreamPort: 8080, allowedClientSubjects: ['CN=envoy'], keepaliveSeconds,
});

describe('the drain in the front\'s nginx.conf', () => {
  test('while the flag file exists, every request goes to a location without keep-alive, with the same proxying', () => {
    const rendered = conf(3);
    expect(drainFlagFile('/tmp')).toBe('/tmp/draining');
    expect(rendered).toMatch(/\n {4}keepalive_timeout 3s;\n {4}error_page 418 = @draining;\n {4}if \(-f \/tmp\/draining\) \{\n {6}return 418;\n {4}\}\n/);
    expect(rendered).toMatch(/\n {4}location @draining \{\n {6}keepalive_timeout 0;\n {6}proxy_pass http:\/\/httpbin;\n {4}\}\n/);
    expect(rendered).toMatch(/\n {4}location \/ \{\n {6}proxy_pass http:\/\/httpbin;\n {4}\}\n/);
  });

  test('the identity check comes first, and the X-Client-* headers are set for both locations at the server', () => {
    const rendered = conf();
    expect(rendered.indexOf('if ($mtls_client_allowed = 0)')).toBeLessThan(rendered.indexOf('if (-f /tmp/draining)'));
    const tlsServer = rendered.slice(rendered.indexOf('listen 8443 ssl;'), rendered.indexOf('listen 8081;'));
    expect(tlsServer.indexOf('proxy_set_header X-Client-Subject $ssl_client_s_dn;')).toBeLessThan(tlsServer.indexOf('location /'));
    expect(rendered).toMatch(/keepalive_timeout 15s;/);
  });
});
