import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fittedView } from '../../../media/chat/fit';

const view = { width: 800, height: 600 };

test('fit: a small board whole and centred, never above 100 %', () => {
  assert.deepEqual(fittedView({ width: 400, height: 300 }, view), { zoom: 1, tx: 200, ty: 150 });
  const medium = fittedView({ width: 1000, height: 600 }, view);
  assert.equal(medium.zoom, 0.8);
});

test('fit: a big board at a readable scale, its top in view, not shrunk to an unreadable 37 %', () => {
  // Tall: fits across at 100 %, so its top is shown across the view.
  const tall = fittedView({ width: 700, height: 1600 }, view, { x: 300, y: 0, width: 100 });
  assert.equal(tall.zoom, 1);
  assert.equal(tall.ty, 16);
  // Wide and tall: readable (75 %), centred on the starting point, at the top.
  const big = fittedView({ width: 2100, height: 1600 }, view, { x: 1000, y: 40, width: 100 });
  assert.equal(big.zoom, 0.75);
  assert.equal(big.tx, 400 - 1050 * 0.75);
  assert.equal(big.ty, 16 - 40 * 0.75);
});
