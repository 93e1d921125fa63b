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
 * batch norm, TF SAME padding everywhere (no Pad ops), parameter-free option-A shortcuts in the
 * CIFAR ResNets, shortcut subsampling as reshape + contiguous Slice (whose gradient is a Pad; a
 * strided slice's gradient cost 18 ms per ResNet-20 step). {@code llr4j bench vision} measures
 * the trainer's own step ({@code Trainer.step}).
 *
 * <p>Stride 2 and PyTorch: SAME equals PyTorch's {@code padding=1} for stride 1 and, for stride 2,
 * on odd sizes. On even sizes SAME pads (0, 1) where PyTorch pads (1, 1), which shifts the output
 * grid by one pixel (centres on input rows 1, 3, 5, ... instead of 0, 2, 4, ...). Every shortcut
 * that subsamples (option A, 1x1 projections) samples that same grid, so the branches of a block
 * stay aligned; the networks differ from the references only in this alignment.
 *
 * <p>All models use He normal (fan_out) convolution kernels and PyTorch's default Linear
 * initialisation for the head.
 */
package io.github.llr4j.vision.models;
