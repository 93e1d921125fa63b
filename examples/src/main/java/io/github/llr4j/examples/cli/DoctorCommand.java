package io.github.llr4j.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.bytedeco.javacpp.BytePointer;
import org.tensorflow.TensorFlow;
import org.tensorflow.internal.c_api.TF_DeviceList;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.global.tensorflow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code llr4j doctor}: what this machine offers llr4j: Java, the TF-Java jar and native versions,
 * the devices TensorFlow sees, the data sets of DATA.md, the pretrained models in the model cache,
 * and whether the GPU build is in use.
 *
 * <p>Devices come from the C API ({@code TF_SessionListDevices} on a throw-away session), because
 * TF-Java 1.0.0's {@code Session} does not expose its device list.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = "Report Java, TensorFlow, devices and data sets on this machine.")
public final class DoctorCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  /** One device TensorFlow can place ops on. */
  record Device(String name, String type, long memoryBytes) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.printf("java              %s (%s, %s)%n", System.getProperty("java.version"),
        System.getProperty("java.vm.name"), System.getProperty("java.home"));
    out.printf("max heap          %d MiB (set -Xmx with LLR4J_JAVA_OPTS)%n",
        Runtime.getRuntime().maxMemory() >> 20);
    out.printf("cpus              %d%n", Runtime.getRuntime().availableProcessors());
    out.printf("tf-java           %s (tensorflow-core-api)%n", tfJavaVersion());
    String build = nativeBuild();
    out.printf("tensorflow native %s, build %s%n", TensorFlow.version(), build);
    String onednn = System.getenv("TF_ENABLE_ONEDNN_OPTS");
    out.printf("onednn            TF_ENABLE_ONEDNN_OPTS=%s%s%n", onednn == null ? "(unset)" : onednn,
        "1".equals(onednn) ? " (oneDNN CPU kernels on)"
            : " (TensorFlow's default: off on many CPUs; ./llr4j sets 1, ~1.8x faster ResNet training here)");
    out.println(bfloat16Line(io.github.llr4j.core.precision.CpuFeatures.current(), onednn));
    List<Device> devices = devices();
    for (Device d : devices) {
      out.printf("device            %s  %s%s%n", d.type(), d.name(),
          d.memoryBytes() > 0 ? "  " + (d.memoryBytes() >> 20) + " MiB" : "");
    }
    boolean gpu = devices.stream().anyMatch(d -> d.type().equalsIgnoreCase("GPU"));
    for (DataSets.Status s : DataSets.survey()) {
      out.printf("data              %-13s %s  %s: %s%n", s.name(), s.present() ? "ok     " : "MISSING",
          s.location(), s.detail());
    }
    var models = io.github.llr4j.nlp.pretrained.ModelCache.list();
    if (models.isEmpty())
      out.printf("models            none cached in %s (llr4j models fetch minilm)%n",
          io.github.llr4j.nlp.pretrained.ModelCache.root());
    for (var m : models)
      out.printf(java.util.Locale.ROOT, "model             %-60s %8.1f MB  %s%n", m.getKey(), m.getValue() / 1e6,
          io.github.llr4j.nlp.pretrained.ModelCache.root());
    out.println(gpuHint(build, gpu));
    return 0;
  }

  /** Whether {@code --precision bf16} runs here: natively, emulated (with the warning) or not (the refusal). */
  static String bfloat16Line(io.github.llr4j.core.precision.CpuFeatures cpu, String onednn) {
    String head = "bfloat16          ";
    try {
      String warning = io.github.llr4j.core.precision.Precision.BF16.requireSupported(cpu, onednn);
      return head + (warning == null ? "native on " + cpu.modelName() + " (--precision bf16 available)" : warning);
    } catch (IllegalArgumentException e) {
      return head + "unavailable: " + e.getMessage();
    }
  }

  static String gpuHint(String build, boolean gpu) {
    if (gpu) return "gpu               TensorFlow sees a GPU; training runs on it.";
    if (build.endsWith("-gpu")) {
      return "gpu               GPU build in use but no GPU visible: running on CPU (needs an NVIDIA"
          + " GPU with CUDA 12.3 / cuDNN 8.9).";
    }
    return "gpu               CPU build. On a machine with an NVIDIA GPU (CUDA 12.3 / cuDNN 8.9) use"
        + " the gpu profile: LLR4J_MAVEN_ARGS=-Pgpu ./llr4j doctor";
  }

  /** The tensorflow-core-api version from its jar's Maven metadata. */
  static String tfJavaVersion() {
    try (InputStream in = TensorFlow.class.getResourceAsStream(
        "/META-INF/maven/org.tensorflow/tensorflow-core-api/pom.properties")) {
      if (in == null) return "unknown (no Maven metadata in the jar)";
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  /** Which tensorflow-core-native classifier is on the class path. */
  static String nativeBuild() {
    ClassLoader cl = TensorFlow.class.getClassLoader();
    for (String c : new String[] {"linux-x86_64-gpu", "linux-x86_64", "macosx-arm64", "windows-x86_64"}) {
      if (cl.getResource("org/tensorflow/internal/c_api/" + c + "/") != null) return c;
    }
    return "unknown";
  }

  /** The devices a new session sees, via the C API. */
  static List<Device> devices() {
    TensorFlow.version(); // loads the native library
    List<Device> out = new ArrayList<>();
    TF_Status status = tensorflow.TF_NewStatus();
    TF_Graph graph = tensorflow.TF_NewGraph();
    TF_SessionOptions opts = tensorflow.TF_NewSessionOptions();
    TF_Session session = null;
    try {
      session = tensorflow.TF_NewSession(graph, opts, status);
      check(status, "TF_NewSession");
      TF_DeviceList list = tensorflow.TF_SessionListDevices(session, status);
      check(status, "TF_SessionListDevices");
      try {
        int n = tensorflow.TF_DeviceListCount(list);
        for (int i = 0; i < n; i++) {
          BytePointer name = tensorflow.TF_DeviceListName(list, i, status);
          BytePointer type = tensorflow.TF_DeviceListType(list, i, status);
          long mem = tensorflow.TF_DeviceListMemoryBytes(list, i, status);
          check(status, "TF_DeviceList");
          out.add(new Device(name.getString(), type.getString(), mem));
        }
      } finally {
        tensorflow.TF_DeleteDeviceList(list);
      }
    } finally {
      if (session != null) {
        tensorflow.TF_CloseSession(session, status);
        tensorflow.TF_DeleteSession(session, status);
      }
      tensorflow.TF_DeleteSessionOptions(opts);
      tensorflow.TF_DeleteGraph(graph);
      tensorflow.TF_DeleteStatus(status);
    }
    return out;
  }

  private static void check(TF_Status status, String call) {
    if (tensorflow.TF_GetCode(status) != tensorflow.TF_OK) {
      throw new IllegalStateException(call + " failed: " + tensorflow.TF_Message(status).getString());
    }
  }
}
