// The kept answer's validator: a tag made from the bytes (equal answers, equal tags; any change, a
// new tag), If-None-Match compared weakly, 304 without a body, else the body in the accepted encoding.
import Fastify from 'fastify';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CachedBody, clientHas } from './cached-body.js';

const big = (title: string) => ({ items: Array.from({ length: 200 }, (_, i) => ({ id: `uc-${i}`, title })) });

describe('CachedBody', () => {
  it('tags an answer by its bytes', () => {
    expect(new CachedBody(big('a')).etag).toBe(new CachedBody(big('a')).etag);
    expect(new CachedBody(big('a')).etag).not.toBe(new CachedBody(big('b')).etag);
  });

  it('compares If-None-Match weakly, in a list, or as *', () => {
    const tag = 'W/"abc"';
    expect(clientHas(undefined, tag)).toBe(false);
    expect(clientHas('W/"abc"', tag)).toBe(true);
    expect(clientHas('"abc"', tag)).toBe(true);
    expect(clientHas('"x", W/"abc"', tag)).toBe(true);
    expect(clientHas('"abcd", "ab"', tag)).toBe(false);
    expect(clientHas(' * ', tag)).toBe(true);
  });

  it('answers 304 for the tag the client has, else the gzip or the plain bytes', async () => {
    const body = new CachedBody(big('a'));
    const app = Fastify();
    app.get('/x', (request, reply) => body.send(request, reply));
    const plain = await app.inject({ url: '/x' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers.etag).toBe(body.etag);
    expect(plain.headers['cache-control']).toBe('private, no-cache');
    expect(plain.json()).toEqual(big('a'));
    const gz = await app.inject({ url: '/x', headers: { 'accept-encoding': 'gzip, br' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gz.rawPayload).toString())).toEqual(big('a'));
    const revalidated = await app.inject({ url: '/x', headers: { 'if-none-match': body.etag, 'accept-encoding': 'gzip' } });
    expect(revalidated.statusCode).toBe(304);
    expect(revalidated.rawPayload.length).toBe(0);
    expect(revalidated.headers.etag).toBe(body.etag);
    expect((await app.inject({ url: '/x', headers: { 'if-none-match': new CachedBody(big('b')).etag } })).statusCode).toBe(200);
    await app.close();
  });
});
