// The engine's calibration cache (calibrate.ts): in memory, backed by IndexedDB ("calib/<key>").
import { read, put } from '../store';
import type { Calibration, CalibrationCache } from './calibrate';

/** The engine's cache: in memory, backed by IndexedDB ("calib/<key>") so it outlives the page. */
export function idbCache(): CalibrationCache {
  const m = new Map<string, Omit<Calibration, 'cached' | 'seconds'>>();
  return {
    get: async (k) => m.get(k) ?? (await read<Omit<Calibration, 'cached' | 'seconds'>>(`calib/${k}`).catch(() => undefined)),
    set: async (k, c) => {
      m.set(k, c);
      await put(`calib/${k}`, c).catch(() => undefined); // a full disk only loses the cache
    },
  };
}
