/**
 * Image data sets: the in-memory {@link io.github.llr4j.vision.data.ImageDataset} (NHWC floats in
 * [0,1]) and strict loaders that reject a corrupt file with its name, the offset and what was
 * expected, never loading it partially.
 */
package io.github.llr4j.vision.data;
