package io.github.llr4j.vision.models;

import io.github.llr4j.core.nn.ModelSpec;
import io.github.llr4j.vision.data.ChannelStats;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.ndarray.Shape;

/**
 * The vision model catalogue: a name as the command line takes it -> a {@link ModelSpec}.
 *
 * <ul>
 *   <li>{@code resnet20}, {@code resnet32}, {@code resnet44}, {@code resnet56}, {@code resnet110}
 *       (any {@code resnet<6n+2>}): {@link ResNetCifar}, option-A shortcuts; a {@code _proj}
 *       suffix selects 1x1 projection shortcuts (option B).
 *   <li>{@code zerosnet20} ... {@code zerosnet110} (any {@code zerosnet<6n+2>}): {@link ZeroSNet}
 *       with k = -9/5; {@code _preact} selects the reference's pre-activation layout, {@code _k<k>}
 *       another parameter (e.g. {@code _k-1}, {@code _k-9/5}), {@code _c<a0>,<a1>,<a2>,<b0>}
 *       explicit coefficients, and a final {@code _unstable} accepts coefficients outside the
 *       zero-stable region (ablations; refused otherwise).
 *   <li>{@code resnet18}, {@code resnet50}: {@link ResNet}, the post-activation ImageNet-style
 *       networks with a CIFAR stem (the reference's model list). {@code resnet50} is therefore not
 *       the 6n+2 CIFAR ResNet of depth 50 (n = 8), which was reachable by that name before.
 *   <li>{@code preact_resnet18}: {@link PreActResNet}.
 *   <li>{@code wrn16_4}, {@code wrn28_10} (any {@code wrn<6n+4>_<k>}, also written
 *       {@code wrn-28-10}): {@link WideResNet} without dropout.
 *   <li>{@code vgg11}, {@code vgg13}, {@code vgg16}, {@code vgg19}: {@link Vgg} with BN.
 *   <li>{@code mobilenetv2}, {@code mobilenetv2_<alpha>} (e.g. {@code mobilenetv2_0.5}):
 *       {@link MobileNetV2} without dropout.
 *   <li>{@code small_cnn}: core's {@link io.github.llr4j.core.nn.models.SmallCnn} (16/32 filters,
 *       sides divisible by 4), no input normalisation; {@code small_cnn_nobn} the same without
 *       batch norm (a bias in each convolution): a plain ReLU CNN for basis paths without folding.
 * </ul>
 */
public final class VisionModels {
  private VisionModels() {}

  private static final Pattern RESNET = Pattern.compile("resnet(\\d+)(_proj)?");
  private static final String NUMBER = "-?\\d+(?:\\.\\d+)?(?:[eE]-?\\d+)?";
  private static final Pattern ZEROSNET = Pattern.compile("zerosnet(\\d+)(_preact)?"
      + "(?:_k(" + NUMBER + "(?:/\\d+)?)|_c(" + NUMBER + "(?:," + NUMBER + "){3}))?(_unstable)?");
  private static final Pattern WRN = Pattern.compile("wrn[-_]?(\\d+)[-_](\\d+)");
  private static final Pattern VGG = Pattern.compile("vgg(\\d+)");
  private static final Pattern MLP = Pattern.compile("mlp((?:_\\d+)*)");
  private static final Pattern MOBILENET = Pattern.compile("mobilenetv2(?:_(\\d+(?:\\.\\d+)?))?");

  /** The standard names (the patterns above accept more). */
  public static List<String> names() {
    return List.of("resnet20", "resnet32", "resnet44", "resnet56", "resnet110", "resnet20_proj",
        "zerosnet20", "zerosnet32", "zerosnet44", "zerosnet56", "zerosnet110", "zerosnet20_preact",
        "resnet18", "resnet50", "preact_resnet18", "wrn16_4", "wrn28_10", "vgg11", "vgg13", "vgg16", "vgg19",
        "mobilenetv2", "mobilenetv2_0.5", "small_cnn", "small_cnn_nobn", "mlp");
  }

  /**
   * The model {@code name} for {@code classes} classes on examples of shape {@code inputShape}
   * ({@code [height, width, channels]}), normalising inputs with {@code stats} (null: none).
   */
  public static ModelSpec byName(String name, int classes, Shape inputShape, ChannelStats stats) {
    ImageInput input = ImageInput.of(inputShape, stats);
    String n = name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      Matcher m;
      if (n.equals("resnet18") || n.equals("resnet50")) {
        return ResNet.of(Integer.parseInt(n.substring(6)), classes, input);
      }
      if ((m = RESNET.matcher(n)).matches()) {
        return ResNetCifar.of(Integer.parseInt(m.group(1)), classes, input,
            m.group(2) == null ? ResNetCifar.Shortcut.ZERO_PAD : ResNetCifar.Shortcut.PROJECTION);
      }
      if ((m = ZEROSNET.matcher(n)).matches()) {
        return new ZeroSNet(Integer.parseInt(m.group(1)), classes, input, zeroSCoefficients(m),
            m.group(2) != null, 16, m.group(5) != null);
      }
      if (n.equals("small_cnn") || n.equals("small_cnn_nobn")) {
        // core's two-conv network (16/32 filters): cheap enough for adversarial-training budgets on a
        // CPU; it has no input normalisation, so it sees [0, 1] pixels directly
        int h = (int) inputShape.get(0), w = (int) inputShape.get(1), c = (int) inputShape.get(2);
        return new io.github.llr4j.core.nn.models.SmallCnn(h, w, c, 16, 32, classes, n.equals("small_cnn"));
      }
      if ((m = MLP.matcher(n)).matches()) {
        // core's ReLU MLP without batch norm (the network basis paths and PSI-flatness are built
        // for); like small_cnn it sees [0, 1] pixels directly
        List<Integer> hidden = new java.util.ArrayList<>();
        for (String h : m.group(1).split("_")) if (!h.isEmpty()) hidden.add(Integer.parseInt(h));
        if (hidden.isEmpty()) hidden.add(128);
        return io.github.llr4j.core.nn.models.Mlp.of((int) inputShape.size(), hidden, classes);
      }
      if (n.equals("preact_resnet18") || n.equals("preactresnet18")) {
        return PreActResNet.resnet18(classes, input);
      }
      if ((m = WRN.matcher(n)).matches()) {
        return new WideResNet(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), 0,
            classes, input);
      }
      if ((m = VGG.matcher(n)).matches()) {
        return Vgg.of(Integer.parseInt(m.group(1)), classes, input);
      }
      if ((m = MOBILENET.matcher(n)).matches()) {
        double alpha = m.group(1) == null ? 1.0 : Double.parseDouble(m.group(1));
        return new MobileNetV2(alpha, classes, input, 0);
      }
    } catch (NumberFormatException e) {
      // a number too long for an int: reported as an unknown name below
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("model " + name + ": " + e.getMessage(), e);
    }
    throw new IllegalArgumentException("model must be one of " + String.join(", ", names())
        + " (or resnet<6n+2>[_proj], zerosnet<6n+2>[_preact][_k<k>|_c<a0>,<a1>,<a2>,<b0>]"
        + "[_unstable], wrn<6n+4>_<k>, mobilenetv2_<width>, mlp_<h1>[_<h2>...]), got " + name);
  }

  /** The coefficients a ZeroSNet name selects: _k (a number or p/q), _c (four numbers), or k = -9/5. */
  private static ZeroSCoefficients zeroSCoefficients(Matcher m) {
    if (m.group(3) != null) {
      String[] pq = m.group(3).split("/");
      double k = Double.parseDouble(pq[0]);
      return ZeroSCoefficients.fromParameter(pq.length == 1 ? k : k / Double.parseDouble(pq[1]));
    }
    if (m.group(4) != null) {
      String[] c = m.group(4).split(",");
      return ZeroSCoefficients.of(Double.parseDouble(c[0]), Double.parseDouble(c[1]),
          Double.parseDouble(c[2]), Double.parseDouble(c[3]));
    }
    return ZeroSCoefficients.fromParameter(ZeroSCoefficients.DEFAULT_PARAMETER);
  }
}
