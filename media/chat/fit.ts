// Where Fit puts a board in the graph view: pure arithmetic, no DOM (unit-tested in node).

/** Below this, text is too small to read. */
export const READABLE_ZOOM = 0.75;

/**
 * Where Fit puts a board: all of it, centred, when it can be read so (never above 100 %); else as wide as it can be
 * shown at a readable scale, its top in view and its starting point in the middle when it does not fit across.
 */
export function fittedView(
  layout: { width: number; height: number },
  view: { width: number; height: number },
  start?: { x: number; y: number; width: number },
): { zoom: number; tx: number; ty: number } {
  const whole = Math.min(1, view.width / Math.max(1, layout.width), view.height / Math.max(1, layout.height));
  if (whole >= READABLE_ZOOM) {
    return { zoom: whole, tx: (view.width - layout.width * whole) / 2, ty: Math.max(0, (view.height - layout.height * whole) / 2) };
  }
  const zoom = Math.min(1, Math.max(READABLE_ZOOM, view.width / Math.max(1, layout.width)));
  const across = layout.width * zoom <= view.width;
  const tx = across ? (view.width - layout.width * zoom) / 2 : view.width / 2 - (start ? start.x + start.width / 2 : 0) * zoom;
  return { zoom, tx, ty: 16 - (start && !across ? start.y : 0) * zoom };
}
