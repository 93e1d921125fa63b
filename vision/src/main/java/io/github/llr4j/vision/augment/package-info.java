/**
 * Batch augmentation on NHWC float arrays, seeded and deterministic given (seed, epoch, batch
 * index): random crop with zero padding, horizontal flip, Cutout.
 */
package io.github.llr4j.vision.augment;
