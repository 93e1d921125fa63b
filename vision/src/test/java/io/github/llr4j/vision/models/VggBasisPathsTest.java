package io.github.llr4j.vision.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llr4j.core.diag.ParameterLayout;
import io.github.llr4j.core.diag.psi.BasisPaths;
import io.github.llr4j.core.diag.psi.FoldedNetwork;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ScaleInvariantChain;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;

/** VGG-BN's variables read as a plain ReLU chain: each batch norm folds into its convolution. */
class VggBasisPathsTest {

  @Test
  void vgg11FoldsToOneBiasPerChannelAndLosesOnePathPerHiddenChannel() {
    Vgg vgg = new Vgg(11, 10, new ImageInput(8, 8, 1, new double[] {0.5}, new double[] {0.25}), 4);
    assertThat(vgg).isInstanceOf(ScaleInvariantChain.class);
    try (Graph g = new Graph()) {
      Model m = vgg.build(Ops.create(g), 1);
      ParameterLayout state = ParameterLayout.of(m.stateVariables());
      FoldedNetwork net = FoldedNetwork.of(ParameterLayout.of(m.trainableVariables()), state, ones(state.size()));
      // width 4: convolutions 1->4, 4->8, 8->16, 16->16, 16->32, 32->32, 32->32, 32->32, then global
      // average pooling and Dense 32->10; hidden channels H = 4 + 8 + 16 + 16 + 4 * 32 = 172
      assertThat(net.folded().widths()).containsExactly(1, 4, 8, 16, 16, 32, 32, 32, 32, 10);
      assertThat(net.folded().taps()).containsExactly(9, 9, 9, 9, 9, 9, 9, 9, 1);
      int hidden = 172;
      // gamma and beta (2 per channel) fold into one bias per channel; then m - H basis paths
      assertThat(net.folded().size()).isEqualTo(vgg.parameterCount() - hidden);
      assertThat(BasisPaths.of(net.folded()).count()).isEqualTo(vgg.parameterCount() - 2 * hidden);
    }
  }

  private static double[] ones(int n) {
    double[] v = new double[n];
    java.util.Arrays.fill(v, 1);
    return v;
  }
}
