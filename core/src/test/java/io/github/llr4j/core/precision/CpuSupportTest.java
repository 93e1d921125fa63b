package io.github.llr4j.core.precision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Which CPUs may run bfloat16: parsing /proc/cpuinfo and the refusal and warning rules. */
class CpuSupportTest {

  private static final String ZEN4 = """
      processor\t: 0
      vendor_id\t: AuthenticAMD
      model name\t: AMD EPYC 9R14 96-Core Processor
      flags\t\t: fpu sse2 avx2 avx512f avx512dq avx512bw avx512vl avx512_bf16 avx512_vnni
      
      processor\t: 1
      model name\t: AMD EPYC 9R14 96-Core Processor
      flags\t\t: fpu sse2 avx2 avx512f avx512dq avx512bw avx512vl avx512_bf16 avx512_vnni
      """;
  private static final String SAPPHIRE_RAPIDS =
      "model name : Intel(R) Xeon(R) Platinum 8488C\nflags : avx2 avx512f avx512dq avx512bw avx512vl amx_bf16 amx_tile\n";
  private static final String ICE_LAKE =
      "model name : Intel(R) Xeon(R) Platinum 8375C\nflags : avx2 avx512f avx512dq avx512bw avx512vl avx512_vnni\n";
  private static final String ZEN3 = "model name : AMD EPYC 7R13 Processor\nflags : sse2 avx avx2 fma\n";

  @Test
  void parsesTheFirstProcessorsModelAndFlags() {
    CpuFeatures cpu = CpuFeatures.parse(ZEN4);
    assertThat(cpu.known()).isTrue();
    assertThat(cpu.modelName()).isEqualTo("AMD EPYC 9R14 96-Core Processor");
    assertThat(cpu.flags()).contains("avx512_bf16", "avx512f").doesNotContain("amx_bf16");
    assertThat(cpu.nativeBf16()).isTrue();
    assertThat(CpuFeatures.parse("processor : 0\n").known()).isFalse();
  }

  @Test
  void nativeBfloat16CpusRunWithoutWarning() {
    assertThat(Precision.BF16.requireSupported(CpuFeatures.parse(ZEN4), null)).isNull();
    assertThat(Precision.BF16.requireSupported(CpuFeatures.parse(SAPPHIRE_RAPIDS), "1")).isNull();
  }

  @Test
  void avx512WithoutBfloat16IsAWarning() {
    assertThat(Precision.BF16.requireSupported(CpuFeatures.parse(ICE_LAKE), null))
        .contains("Intel(R) Xeon(R) Platinum 8375C").contains("emulates bfloat16").contains("slower than fp32");
  }

  @Test
  void refusesWithoutAvx512WithoutOneDnnOrWithoutCpuInfo() {
    assertThatThrownBy(() -> Precision.BF16.requireSupported(CpuFeatures.parse(ZEN3), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AMD EPYC 7R13").hasMessageContaining("AVX512-BF16").hasMessageEndingWith("use precision fp32");
    assertThatThrownBy(() -> Precision.BF16.requireSupported(CpuFeatures.parse(ZEN4), "0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TF_ENABLE_ONEDNN_OPTS=0");
    assertThatThrownBy(() -> Precision.BF16.requireSupported(CpuFeatures.parse(""), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/proc/cpuinfo");
  }

  @Test
  void float32RunsEverywhere() {
    assertThat(Precision.FP32.requireSupported(CpuFeatures.parse(ZEN3), "0")).isNull();
  }

  @Test
  void parsesNamesAndRefusesOthers() {
    assertThat(Precision.parse("bf16")).isEqualTo(Precision.BF16);
    assertThat(Precision.parse(" FP32")).isEqualTo(Precision.FP32);
    assertThat(Precision.BF16.label()).isEqualTo("bf16");
    assertThatThrownBy(() -> Precision.parse("fp16"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("precision must be fp32 or bf16, got 'fp16'");
  }
}
