package io.github.llr4j.vision.models;

import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.nn.init.Seeds;
import io.github.llr4j.core.nn.layers.Activations;
import io.github.llr4j.core.nn.layers.BatchNorm;
import io.github.llr4j.core.nn.layers.Conv2d;
import io.github.llr4j.core.nn.layers.Dense;
import io.github.llr4j.core.nn.layers.Dropout;
import io.github.llr4j.core.nn.layers.Pooling;
import io.github.llr4j.core.nn.layers.VariableSet;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The pre-activation residual network both {@link PreActResNet} and {@link WideResNet} are
 * (package-private): conv3x3(stem) on the normalised input, stages of pre-activation blocks, then
 * BN -> ReLU -> global average pooling -> Dense(classes).
 *
 * <p>Block (He et al. 2016, "Identity Mappings in Deep Residual Networks"): o = ReLU(BN(x));
 * y = conv3x3(o, stride) -> BN -> ReLU [-> dropout] -> conv3x3; output y + s, where s = x when
 * the shape is kept and s = conv1x1(subsample(o)) (no BN) when it changes.
 *
 * <p>Parameters: 9*c*stem; per block 2*in + 9*in*out + 2*out + 9*out*out (+ in*out with a
 * projection); final BN 2*last; head last*classes + classes.
 */
final class PreActNet {
  private PreActNet() {}

  /** One stage: {@code blocks} blocks of {@code width} channels, the first with {@code stride}. */
  record Stage(int width, int blocks, int stride) {
    Stage {
      if (width < 1 || blocks < 1 || (stride != 1 && stride != 2)) {
        throw new IllegalArgumentException("stage must have width >= 1, blocks >= 1 and stride 1 or"
            + " 2, got " + width + ", " + blocks + ", " + stride);
      }
    }
  }

  static long parameterCount(int channels, int stem, List<Stage> stages, int classes) {
    long p = 9L * channels * stem;
    int in = stem;
    for (Stage st : stages) {
      for (int b = 0; b < st.blocks(); b++) {
        int out = st.width();
        int stride = b == 0 ? st.stride() : 1;
        p += 2L * in + 9L * in * out + 2L * out + 9L * out * out;
        if (in != out || stride != 1) {
          p += (long) in * out;
        }
        in = out;
      }
    }
    return p + 2L * in + (long) in * classes + classes;
  }

  static Model build(Ops tf, long seed, String name, ImageInput input, int stem, List<Stage> stages,
      double dropout, int classes) {
    Ops s = tf.withSubScope(name);
    VariableSet vs = new VariableSet();
    Conv2d stemConv = vs.add(Blocks.conv3x3(s, "stem_conv", input.channels(), stem, 1,
        Seeds.derive(seed, "stem_conv")));
    List<Block> blocks = new ArrayList<>();
    int in = stem;
    for (int i = 0; i < stages.size(); i++) {
      Stage st = stages.get(i);
      for (int b = 0; b < st.blocks(); b++) {
        String blockName = "stage" + (i + 1) + "_block" + b;
        blocks.add(new Block(s.withSubScope(blockName), blockName, in, st.width(),
            b == 0 ? st.stride() : 1, dropout, Seeds.derive(seed, blockName), vs));
        in = st.width();
      }
    }
    BatchNorm finalBn = vs.add(new BatchNorm(s, "final_bn", in));
    Dense head = vs.add(new Dense(s, "head", in, classes, Seeds.derive(seed, "head")));
    return new VisionModel(name, input, vs, (ctx, x) -> {
      Ops t = ctx.tf();
      Operand<TFloat32> y = stemConv.apply(ctx, x);
      for (Block block : blocks) {
        Operand<TFloat32> blockIn = y;
        y = Blocks.scoped(ctx, block.name, c -> block.apply(c, blockIn));
      }
      y = Activations.relu(t, finalBn.apply(ctx, y));
      return head.apply(ctx, Pooling.globalAveragePool(t, y));
    });
  }

  private static final class Block {
    private final String name;
    private final int stride;
    private final BatchNorm bn1;
    private final Conv2d conv1;
    private final BatchNorm bn2;
    private final Dropout dropout;
    private final Conv2d conv2;
    private final Conv2d projection;

    Block(Ops s, String name, int in, int out, int stride, double dropoutRate, long seed,
        VariableSet vs) {
      this.name = name;
      this.stride = stride;
      bn1 = vs.add(new BatchNorm(s, "bn1", in));
      conv1 = vs.add(Blocks.conv3x3(s, "conv1", in, out, stride, Seeds.derive(seed, "conv1")));
      bn2 = vs.add(new BatchNorm(s, "bn2", out));
      // the salt makes the mask differ between blocks, whose dropout layers share a name
      dropout = dropoutRate > 0 ? new Dropout("dropout", dropoutRate, seed) : null;
      conv2 = vs.add(Blocks.conv3x3(s, "conv2", out, out, 1, Seeds.derive(seed, "conv2")));
      projection = in != out || stride != 1
          ? vs.add(Blocks.conv1x1(s, "shortcut_conv", in, out, Seeds.derive(seed, "shortcut")))
          : null;
    }

    Operand<TFloat32> apply(ModelContext ctx, Operand<TFloat32> x) {
      Ops tf = ctx.tf();
      Operand<TFloat32> o = Activations.relu(tf, bn1.apply(ctx, x));
      Operand<TFloat32> y = Activations.relu(tf, bn2.apply(ctx, conv1.apply(ctx, o)));
      if (dropout != null) {
        y = dropout.apply(ctx, y);
      }
      y = conv2.apply(ctx, y);
      Operand<TFloat32> sc = x;
      if (projection != null) {
        sc = projection.apply(ctx, stride == 2 ? Blocks.subsample(tf, o) : o);
      }
      return tf.math.add(y, sc);
    }
  }
}
