import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { labSession, type LabSession } from './lab';

describe('engine worker in Chromium', () => {
  let s: LabSession;
  beforeAll(async () => {
    s = await labSession();
  });
  afterAll(() => s?.close());

  it('starts on WebGPU (SwiftShader) and names the adapter', async () => {
    const info = await s.ok('hello', {});
    expect(info.webgpu).toBe(true);
    expect(info.adapter.toLowerCase()).toContain('swiftshader');
  });
});

describe('engine without WebGPU', () => {
  it('falls back to the CPU and says why', async () => {
    const s = await labSession({ noWebGpu: true });
    try {
      const info = await s.ok('hello', {});
      expect(info.webgpu).toBe(false);
      expect(info.adapter).toBe('cpu');
      expect(info.reason).toBeTruthy();
    } finally {
      await s.close();
    }
  });
});
