import * as http from 'node:http';
import { LOOPBACK } from '../../tools/rehearsal/loopback';
import { startUpstream, Upstream } from '../../tools/rehearsal/upstream';

let upstream: Upstream;
beforeAll(async () => {
  upstream = await startUpstream({ latencyMs: (url) => (url.startsWith('/anything/slow') ? 300 : 0) });
});
afterAll(() => upstream.stop());

/** GETs `path` from the stand-in; resolves with the echo's URL and when it arrived. */
function get(path: string): Promise<{ url: string; at: number }> {
  return new Promise((resolve, reject) => {
    http.get({ host: LOOPBACK, port: upstream.port, path, agent: false }, (response) => {
      let body = '';
      response.on('data', (chunk) => { body += chunk; });
      response.on('end', () => resolve({ url: JSON.parse(body).url, at: Date.now() }));
    }).on('error', reject);
  });
}

test('an echo the app\'s latency names is answered after it; the others at once, meanwhile', async () => {
  const sent = Date.now();
  const slow = get('/anything/slow-1');
  const fast = await get('/anything/fast-1');
  const answered = await slow;
  expect(answered.url).toBe('/anything/slow-1');
  expect(answered.at - sent).toBeGreaterThanOrEqual(290);
  expect(fast.url).toBe('/anything/fast-1');
  expect(fast.at).toBeLessThan(answered.at);
  expect(upstream.requests.map((request) => request.url).sort()).toEqual(['/anything/fast-1', '/anything/slow-1']);
});
