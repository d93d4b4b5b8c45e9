// Holds the result of the WebGPU probe for the shell and, later, the model picker.
// The probe runs once per page load; components read it through getters.
import { probeWebGpu, type WebGpuProbe } from '../platform/webgpu';

/** Reactive WebGPU capability status. */
export class GpuStatus {
  #probe = $state<WebGpuProbe | null>(null);

  /** The probe result, or null while probing. */
  get probe(): WebGpuProbe | null {
    return this.#probe;
  }

  /** A short human label for the header badge. */
  get label(): string {
    const p = this.#probe;
    if (!p) return 'Checking WebGPU…';
    if (!p.available) return 'WebGPU unavailable: CPU engine';
    const kind = p.isFallbackAdapter ? 'software' : 'hardware';
    return `WebGPU: ${p.architecture || p.vendor || 'adapter'} (${kind}${p.hasShaderF16 ? ', f16' : ''})`;
  }

  /** Runs the probe; safe to call again after a device change. */
  async detect(nav: Navigator = navigator): Promise<void> {
    this.#probe = await probeWebGpu(nav);
  }
}
