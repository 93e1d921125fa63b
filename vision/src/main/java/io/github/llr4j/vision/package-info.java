/**
 * llr4j-vision: image classification on a reshaped loss landscape. {@code vision.data} loads
 * image data sets (IDX for MNIST/Fashion-MNIST) into {@link
 * io.github.llr4j.vision.data.ImageDataset} (float pixels in [0,1], NHWC); {@code vision.augment}
 * will hold batch augmentation. CNN models live in a later package.
 */
package io.github.llr4j.vision;
