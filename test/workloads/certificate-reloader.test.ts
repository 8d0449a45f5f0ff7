import { CERTIFICATE_RELOADER_SCRIPT, keepAliveTimings } from '../../lib/workloads/certificate-reloader';

describe('the keep-alive and drain timings of the front', () => {
  test('keep-alive is three check intervals, at most 20 s; the drain one second longer', () => {
    expect([1, 5, 7, 300].map(keepAliveTimings)).toEqual([
      { keepaliveSeconds: 3, drainSeconds: 4 },
      { keepaliveSeconds: 15, drainSeconds: 16 },
      { keepaliveSeconds: 20, drainSeconds: 21 },
      { keepaliveSeconds: 20, drainSeconds: 21 },
    ]);
  });

  test('the longest drain fits the kubelet\'s default 30 s grace period with room for requests in flight', () => {
    expect(keepAliveTimings(300).drainSeconds).toBeLessThan(30);
  });
});

describe('the certificate reloader script', () => {
  test('drains before it signals nginx, for a reload and for a stop', () => {
    const reload = CERTIFICATE_RELOADER_SCRIPT.slice(CERTIFICATE_RELOADER_SCRIPT.indexOf('reload() {'));
    expect(reload.indexOf('drain \'certificates changed\'')).toBeLessThan(reload.indexOf('kill -HUP'));
    const stop = CERTIFICATE_RELOADER_SCRIPT.slice(CERTIFICATE_RELOADER_SCRIPT.indexOf('case $stopping in'));
    expect(stop).toMatch(/TERM \| QUIT\)\n\s*drain "\$stopping received" "\$stopping"\n[^]*kill -QUIT "\$nginx_pid"/);
  });
});
