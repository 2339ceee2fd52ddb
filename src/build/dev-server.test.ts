import { describe, expect, it } from 'vitest';
import { createServer } from 'vite';

describe('npm run dev', () => {
  it('serves the worker with its embedded migrations and schema image, and lets the page\'s injected styles apply', async () => {
    const server = await createServer({ configFile: 'vite.config.ts', server: { port: 0, hmr: false, ws: false }, logLevel: 'silent' });
    await server.listen();
    const base = server.resolvedUrls!.local[0];
    const get = async (path: string) => {
      const res = await fetch(new URL(path, base));
      return { status: res.status, text: await res.text() };
    };
    try {
      // As the browser asks for them: the worker's module, then what it imports.
      expect((await get('/src/db/worker/page-port.ts')).status).toBe(200);
      for (const id of ['virtual:migrations', 'virtual:schema-image']) {
        const { status, text } = await get(`/@id/__x00__${id}`);
        expect(status, id).toBe(200);
        expect(text, id).toMatch(/^export default [[{]/);
      }
      const html = await get('/');
      expect(html.text).toContain("style-src 'self' 'unsafe-inline'");
      expect(html.text).toContain('<script src="/boot.js"></script>');
    } finally {
      await server.close();
    }
  }, 30_000);
});
