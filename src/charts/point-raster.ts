// Plots square points straight into an RGBA pixel buffer, one put per frame. On a CPU-
// rasterised canvas (no GPU, e.g. headless Chromium) 20,000 fillRect calls cost tens of ms
// at paint time; writing the pixels in a loop costs about a millisecond.
import * as d3 from 'd3';

/** A colour over white with opacity `alpha`, packed as a little-endian RGBA u32 (ImageData's layout). */
export function packOverWhite(colour: string, alpha: number): number {
  const c = d3.rgb(colour);
  const mix = (v: number): number => Math.round(alpha * v + (1 - alpha) * 255);
  return ((255 << 24) | (mix(c.b) << 16) | (mix(c.g) << 8) | mix(c.r)) >>> 0;
}

export class PointRaster {
  private img?: ImageData;
  private pix = new Uint32Array(0);

  /** Clears the buffer (device px) to white, reallocating when the size changed. */
  begin(ctx: CanvasRenderingContext2D, width: number, height: number): void {
    if (!this.img || this.img.width !== width || this.img.height !== height) {
      this.img = ctx.createImageData(width, height);
      this.pix = new Uint32Array(this.img.data.buffer);
    }
    this.pix.fill(0xffffffff);
  }

  /**
   * Squares of side `size` device px centred on (x[i], y[i]) for each row in `rows`, with
   * positions in CSS px mapped by x·k·dpr + tx·dpr; points off the buffer are skipped.
   * Returns how many of them were drawn (at least partly on the buffer).
   */
  plot(
    rows: Uint32Array,
    x: Float32Array,
    y: Float32Array,
    k: number,
    tx: number,
    ty: number,
    dpr: number,
    size: number,
    colour: number,
  ): number {
    const img = this.img;
    if (!img) return 0;
    const W = img.width,
      H = img.height,
      pix = this.pix;
    const half = size / 2;
    let drawn = 0;
    for (let j = 0; j < rows.length; j++) {
      const i = rows[j];
      const x0 = Math.round((x[i] * k + tx) * dpr - half),
        y0 = Math.round((y[i] * k + ty) * dpr - half);
      if (x0 >= W || y0 >= H || x0 + size <= 0 || y0 + size <= 0) continue;
      const xa = Math.max(0, x0),
        xb = Math.min(W, x0 + size);
      const ya = Math.max(0, y0),
        yb = Math.min(H, y0 + size);
      for (let yy = ya; yy < yb; yy++) pix.fill(colour, yy * W + xa, yy * W + xb);
      drawn++;
    }
    return drawn;
  }

  end(ctx: CanvasRenderingContext2D): void {
    if (this.img) ctx.putImageData(this.img, 0, 0);
  }
}
