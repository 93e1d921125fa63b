/**
 * llr4j-vision: image classification on a reshaped loss landscape. {@code vision.data} loads
 * image data sets (IDX for MNIST/Fashion-MNIST, CIFAR binary batches, image folders) into {@link
 * io.github.llr4j.vision.data.ImageDataset} (float pixels in [0,1], NHWC) and serves them as core
 * batches; {@code vision.augment} holds the seeded crop/flip/Cutout augmentation;
 * {@code vision.models} the CNN families (CIFAR ResNets, PreAct-ResNet-18, WideResNet, VGG-BN,
 * MobileNetV2) with the input normalisation inside the graph. Training runs through the core
 * Trainer ({@code llr4j train --task vision}).
 */
package io.github.llr4j.vision;
