import { describe, expect, it } from 'vitest';
import { checkLogo, MAX_LOGO_BYTES } from './logo.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const svg = (body: string) => Buffer.from(`<?xml version="1.0"?>\n<!-- logo -->\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">${body}</svg>`);

describe('the report logo', () => {
  it('takes PNG, JPEG and a passive SVG by their content, as data: URIs', () => {
    const png = checkLogo(PNG, 'logo.bin');
    expect('logo' in png && png.logo.mime).toBe('image/png');
    expect('logo' in png && png.logo.dataUri).toBe(`data:image/png;base64,${PNG.toString('base64')}`);
    const jpeg = checkLogo(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), 'x.png');
    expect('logo' in jpeg && jpeg.logo.mime).toBe('image/jpeg');
    const plain = checkLogo(svg('<rect width="10" height="10" fill="#1f5fa8"/><path d="M0 0L10 10" stroke="url(#g)"/>'), 'logo.svg');
    expect('logo' in plain && plain.logo.mime).toBe('image/svg+xml');
  });

  it.each([
    ['<script>alert(1)</script>', 'a <script> element'],
    ['<rect onload="alert(1)"/>', 'an event handler'],
    ['<image href="https://tracker.example/p.png"/>', 'an element that loads'],
    ['<use xlink:href="file:///etc/passwd#x"/>', 'an element that loads'],
    ['<foreignObject><div>hi</div></foreignObject>', 'foreignObject'],
    ['<style>@import "https://x.example/a.css";</style>', 'an @import'],
    ['<rect fill="url(https://x.example/p)"/>', 'a url(...)'],
  ])('refuses an SVG with %s', (body, why) => {
    const r = checkLogo(svg(body), 'logo.svg');
    expect('problem' in r && r.problem).toContain(why);
    expect('problem' in r && r.problem).toContain('logo logo.svg: SVG refused');
  });

  it('refuses an SVG with entity declarations (a billion laughs)', () => {
    const r = checkLogo(Buffer.from('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>'), 'l.svg');
    expect('problem' in r && r.problem).toContain('not a PNG, JPEG or SVG');
    const inside = checkLogo(svg('<!ENTITY a "x">'), 'l.svg');
    expect('problem' in inside && inside.problem).toContain('DOCTYPE or ENTITY');
  });

  it('refuses other content whatever its name, an empty file and one over the limit', () => {
    expect(checkLogo(Buffer.from('GIF89a...'), 'logo.png')).toEqual({ problem: 'logo logo.png: not a PNG, JPEG or SVG image (judged by its content, not its name)' });
    expect(checkLogo(Buffer.from('<html><script>x</script></html>'), 'logo.svg')).toHaveProperty('problem');
    expect(checkLogo(Buffer.alloc(0), 'e.png')).toEqual({ problem: 'logo e.png: the file is empty' });
    const big = Buffer.concat([PNG, Buffer.alloc(MAX_LOGO_BYTES)]);
    expect(checkLogo(big, 'big.png')).toEqual({ problem: `logo big.png: ${big.length.toLocaleString('en-US')} bytes, more than the 1,048,576 allowed` });
  });
});
