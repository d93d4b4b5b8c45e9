// Probes the browser's WebGPU adapter without loading any model runtime.
// Later engines use the probe to offer only models this device can run.

/** What the WebGPU probe found. */
export type WebGpuProbe =
  | { available: false; reason: string }
  | {
      available: true;
      architecture: string;
      vendor: string;
      isFallbackAdapter: boolean;
      hasShaderF16: boolean;
      maxBufferSize: number;
      maxStorageBufferBindingSize: number;
    };

interface AdapterInfoLike {
  architecture?: string;
  vendor?: string;
}
interface AdapterLike {
  info?: AdapterInfoLike;
  isFallbackAdapter?: boolean;
  features: { has(name: string): boolean };
  limits: { maxBufferSize: number; maxStorageBufferBindingSize: number };
}
interface GpuLike {
  requestAdapter(options?: {
    powerPreference?: 'high-performance' | 'low-power';
  }): Promise<AdapterLike | null>;
}

/**
 * Asks the browser for a WebGPU adapter and reports its capabilities.
 * Never throws: every failure becomes `{ available: false, reason }` with advice for the user.
 */
export async function probeWebGpu(nav: Navigator = navigator): Promise<WebGpuProbe> {
  const gpu = (nav as Navigator & { gpu?: GpuLike }).gpu;
  if (!gpu) {
    return {
      available: false,
      reason:
        'This browser does not expose WebGPU. Use a recent Chrome or Edge, or run local models on the CPU (WASM) engine instead.',
    };
  }
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) {
      return {
        available: false,
        reason:
          'WebGPU is present but no compatible GPU adapter was found. Update your graphics drivers, enable hardware acceleration, or use the CPU (WASM) engine.',
      };
    }
    const adapterWithFallback = adapter as AdapterLike & { info?: { isFallbackAdapter?: boolean } };
    return {
      available: true,
      architecture: adapter.info?.architecture ?? '',
      vendor: adapter.info?.vendor ?? '',
      isFallbackAdapter:
        adapter.isFallbackAdapter ?? adapterWithFallback.info?.isFallbackAdapter ?? false,
      hasShaderF16: adapter.features.has('shader-f16'),
      maxBufferSize: adapter.limits.maxBufferSize,
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
    };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return {
      available: false,
      reason: `Requesting a WebGPU adapter failed (${message}). Reload the page, or use the CPU (WASM) engine.`,
    };
  }
}
