/**
 * CNN families for image classification as {@link io.github.llr4j.core.nn.ModelSpec}s: the CIFAR
 * ResNets of He et al. ({@link io.github.llr4j.vision.models.ResNetCifar}), PreAct-ResNet-18,
 * WideResNet-d-k, VGG with batch norm and MobileNetV2, named through {@link
 * io.github.llr4j.vision.models.VisionModels}.
 *
 * <p>Every model takes float32 NHWC pixels in [0, 1] and normalises them per channel inside the
 * graph ({@link io.github.llr4j.vision.models.ImageInput}), so attacks and exported models see
 * pixels. Every model ends in global average pooling, so any input size works (28x28x1,
 * 32x32x3, larger).
 *
 * <p>Speed choices (DESIGN.md speed notes): NHWC, fused batch norm, no convolution bias before a
 * batch norm, SAME padding everywhere (no Pad ops: the stride-2 grid shift this costs on even
 * sizes is explained in {@code Blocks}), parameter-free option-A shortcuts in the CIFAR ResNets.
 * {@link io.github.llr4j.vision.models.StepTiming} measures the training step.
 */
package io.github.llr4j.vision.models;
