import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defineEndpoint, loadHandlerModule, loadHandlerModules } from './index.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const noop = () => undefined;

describe('defineEndpoint', () => {
  it('serves recovery at <path>recover/ with the notification function unless told otherwise', () => {
    const endpoint = defineEndpoint({ path: '/inbox', notification: noop });
    expect(endpoint).toMatchObject({ path: '/inbox/', recoveryPath: '/inbox/recover/', recovery: noop });
    expect(Object.isFrozen(endpoint)).toBe(true);
    expect(defineEndpoint({ path: '/a/', notification: noop, recoveryPath: null }).recoveryPath).toBeNull();
    expect(defineEndpoint({ path: '/a/', notification: noop, recoveryPath: '/b' }).recoveryPath).toBe('/b/');
  });

  it('rejects a path that does not start with / and a missing notification function', () => {
    expect(() => defineEndpoint({ path: 'inbox/', notification: noop })).toThrow(
      expect.objectContaining({ code: 'MSI_HANDLERS_ENDPOINT_INVALID' }),
    );
    expect(() => defineEndpoint({ path: '/inbox/' } as never)).toThrow(
      expect.objectContaining({ code: 'MSI_HANDLERS_ENDPOINT_INVALID' }),
    );
    expect(() => defineEndpoint({ path: '/a/', notification: noop, recovery: 'x' as never })).toThrow(
      expect.objectContaining({ code: 'MSI_HANDLERS_ENDPOINT_INVALID' }),
    );
  });
});

describe('loading handler modules', () => {
  it('imports every TypeScript and JavaScript module of a folder, in name order, skipping declarations', async () => {
    const modules = await loadHandlerModules(`${fixtures}handlers`);
    expect(modules.map((m) => m.source.split('/').pop())).toEqual([
      'inbox-override.ts',
      'plain-endpoints.js',
    ]);
    expect(modules.flatMap((m) => m.endpoints.map((e) => e.path))).toEqual(['/inbox/', '/support/']);
  });

  it('accepts module paths relative to a working directory', async () => {
    const modules = await loadHandlerModules(['handlers/plain-endpoints.js'], { cwd: fixtures });
    expect(modules[0]?.endpoints[0]).toMatchObject({ path: '/support/', recoveryPath: null });
  });

  it('reports a module without endpoints', async () => {
    await expect(loadHandlerModules(`${fixtures}no-endpoints`)).rejects.toMatchObject({
      code: 'MSI_HANDLERS_MODULE_INVALID',
    });
  });

  it('reports a module that fails to load, and a path that does not exist', async () => {
    await expect(loadHandlerModule(`${fixtures}load-error/throws.ts`)).rejects.toMatchObject({
      code: 'MSI_HANDLERS_MODULE_LOAD_FAILED',
      message: expect.stringContaining('boom while loading'),
    });
    await expect(loadHandlerModules(`${fixtures}does-not-exist`)).rejects.toMatchObject({
      code: 'MSI_HANDLERS_MODULE_LOAD_FAILED',
    });
  });
});
