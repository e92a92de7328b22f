// The engine's compute backend: one GPUDevice shared by tfjs (neighbours, PCA, classifier)
// and the trainer's own WGSL kernels. Falls back to tfjs's CPU backend without WebGPU.
import { isSoftwareAdapter } from './train/constants';
import * as tf from '@tensorflow/tfjs';
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { EngineInfo } from './protocol';

export interface Gpu {
  device: GPUDevice;
  backend: WebGPUBackend;
  adapter: string;
  /** The subgroup size when the device has subgroups and the adapter's size is fixed (min = max), else undefined. */
  subgroupSize?: number;
  /** A software (CPU) implementation of WebGPU: the fallback adapter, SwiftShader. */
  software: boolean;
}

let ready: Promise<EngineInfo> | undefined;
let gpu: Gpu | undefined;
const lostListeners = new Set<(message: string) => void>();

/** Called when the device is lost (driver reset, GPU process crash). */
export function onDeviceLost(fn: (message: string) => void): () => void {
  lostListeners.add(fn);
  return () => lostListeners.delete(fn);
}

/** The current device, or undefined on the CPU path. Call `initCompute()` first. */
export function currentGpu(): Gpu | undefined {
  return gpu;
}

function describe(info: GPUAdapterInfo | undefined): string {
  if (!info) return 'unknown';
  const parts = [info.vendor, info.architecture, info.description].filter((s) => s && s.length > 0);
  return parts.length ? parts.join(' ') : 'unknown';
}

async function createGpu(): Promise<Gpu> {
  if (!('gpu' in navigator) || !navigator.gpu) throw new Error('this browser has no WebGPU (navigator.gpu is missing)');
  const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error('WebGPU is present but no adapter was found');
  const l = adapter.limits;
  const info = adapter.info;
  const subgroups = adapter.features.has('subgroups');
  const device = await adapter.requestDevice({
    requiredFeatures: (subgroups ? ['subgroups'] : []) as unknown as GPUFeatureName[], // lib.dom's list lacks 'subgroups'
    requiredLimits: {
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
      maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
      maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
      maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
    },
  });
  const backend = new WebGPUBackend(device, info);
  const fixed = info.subgroupMinSize !== undefined && info.subgroupMinSize === info.subgroupMaxSize ? info.subgroupMinSize : undefined;
  const software = isSoftwareAdapter(describe(info), (info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter === true);
  const g: Gpu = { device, backend, adapter: describe(info), subgroupSize: subgroups ? fixed : undefined, software };
  device.addEventListener('uncapturederror', (ev) => {
    console.error('WebGPU error:', (ev as GPUUncapturedErrorEvent).error.message);
  });
  void device.lost.then((lost) => {
    if (gpu === g) {
      gpu = undefined;
      ready = undefined; // the next initCompute() makes a fresh device
    }
    for (const fn of lostListeners) fn(lost.message || lost.reason || 'device lost');
  });
  return g;
}

/** Sets up tfjs on WebGPU (own device) or on the CPU backend; idempotent. */
export function initCompute(): Promise<EngineInfo> {
  ready ??= (async (): Promise<EngineInfo> => {
    try {
      const g = await createGpu();
      tf.removeBackend('webgpu');
      tf.registerBackend('webgpu', () => g.backend);
      await tf.setBackend('webgpu');
      gpu = g;
      return { webgpu: true, adapter: g.adapter, software: g.software };
    } catch (e) {
      await tf.setBackend('cpu');
      return { webgpu: false, adapter: 'cpu', reason: e instanceof Error ? e.message : String(e) };
    }
  })();
  return ready;
}
