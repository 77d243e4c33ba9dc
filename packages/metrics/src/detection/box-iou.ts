import type { BoxXyxy } from './detection-dataset.js';

/**
 * Intersection over union of two boxes as pycocotools computes it (maskApi `bbIou`) after the
 * usual conversion to [x, y, w, h] with w = x2 − x1, h = y2 − y1: overlap widths are
 * min(x + w) − max(x), areas w·h, no "+1" pixel. 0 when the boxes do not overlap with positive area.
 * Range [0, 1], higher means more overlap, symmetric.
 * @see Lin et al. (2014), Microsoft COCO, ECCV; cocodataset/cocoapi common/maskApi.c bbIou.
 * @example boxIou([0, 0, 2, 2], [1, 0, 3, 2]) // 1 / 3
 */
export function boxIou(a: BoxXyxy, b: BoxXyxy): number {
  const [ax, ay] = a;
  const [bx, by] = b;
  const aw = a[2] - ax,
    ah = a[3] - ay,
    bw = b[2] - bx,
    bh = b[3] - by;
  const w = Math.min(ax + aw, bx + bw) - Math.max(ax, bx);
  if (w <= 0) return 0;
  const h = Math.min(ay + ah, by + bh) - Math.max(ay, by);
  if (h <= 0) return 0;
  const intersection = w * h;
  return intersection / (aw * ah + bw * bh - intersection);
}

/**
 * IoU as py-faster-rcnn `voc_eval` computes it on [x1, y1, x2, y2] without the "+1" pixel
 * convention: max(min(x2) − max(x1), 0)·max(min(y2) − max(y1), 0) over the union of areas.
 * Equals {@link boxIou} whenever x + (x2 − x) = x2 in floating point (always for coordinates on
 * a binary grid such as multiples of 1/64).
 */
export function vocBoxIou(a: BoxXyxy, b: BoxXyxy): number {
  const iw = Math.max(Math.min(a[2], b[2]) - Math.max(a[0], b[0]), 0);
  const ih = Math.max(Math.min(a[3], b[3]) - Math.max(a[1], b[1]), 0);
  const intersection = iw * ih;
  return (
    intersection / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - intersection)
  );
}
