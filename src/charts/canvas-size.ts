// A canvas chart layer sized in CSS pixels, its backing store in device pixels (sharp on HiDPI).
/** Sizes `canvas` to width × height CSS px; returns the device-pixel ratio it used. */
export function sizeCanvas(canvas: HTMLCanvasElement, width: number, height: number): number {
  const dpr = globalThis.devicePixelRatio || 1;
  canvas.width = width * dpr;
  canvas.height = height * dpr;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  return dpr;
}
