package io.github.llr4j.core.dist;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.global.tensorflow;
import org.tensorflow.proto.ConfigProto;

/**
 * Opens an ordinary {@link Session} on a graph whose runs go to a TensorFlow server ({@code
 * grpc://host:port}) instead of the in-process runtime.
 *
 * <p>Why reflection: TF-Java 1.0.0's public {@code Session} constructors always create a local
 * session; its private {@code allocate(TF_Graph, String target, ConfigProto)} takes a target but
 * never passes it to {@code TF_SetTarget} (read in its bytecode). The C API it is built on does
 * support targets, so the session is created with {@code TF_SetTarget} + {@code TF_NewSession} and
 * handed to {@code Session}'s package-private constructor {@code Session(Graph, TF_Session)}; the
 * graph handle comes from {@code Graph}'s private field. Both are pinned to TF-Java 1.0.0 (the
 * parent pom pins it); a changed TF-Java fails here with a message saying so, never silently.
 */
final class RemoteSession {

  private RemoteSession() {}

  static Session open(Graph graph, String target, ConfigProto config) {
    TF_Graph handle = graphHandle(graph);
    TF_Session native_;
    try (PointerScope scope = new PointerScope()) {
      TF_Status status = TF_Status.newStatus();
      TF_SessionOptions options = TF_SessionOptions.newSessionOptions();
      tensorflow.TF_SetTarget(options, target);
      byte[] bytes = config.toByteArray();
      BytePointer pointer = new BytePointer(bytes);
      tensorflow.TF_SetConfig(options, pointer, bytes.length, status);
      status.throwExceptionIfNotOK();
      native_ = tensorflow.TF_NewSession(handle, options, status);
      status.throwExceptionIfNotOK();
      native_.retainReference();
    }
    try {
      Constructor<Session> c = Session.class.getDeclaredConstructor(Graph.class, TF_Session.class);
      c.setAccessible(true);
      Session session = c.newInstance(graph, native_);
      // the public constructors run the graph's initializers before the first run; keep that contract
      Field autoInit = Session.class.getDeclaredField("autoInit");
      autoInit.setAccessible(true);
      autoInit.setBoolean(session, true);
      return session;
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot wrap a TensorFlow session for target " + target
          + ": this bridge is written for TF-Java 1.0.0 (Session(Graph, TF_Session), Session.autoInit); " + e, e);
    }
  }

  private static TF_Graph graphHandle(Graph graph) {
    try {
      Field f = Graph.class.getDeclaredField("nativeHandle");
      f.setAccessible(true);
      TF_Graph h = (TF_Graph) f.get(graph);
      if (h == null || h.isNull()) throw new IllegalStateException("the graph is closed");
      return h;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read the native graph handle: this bridge is written for"
          + " TF-Java 1.0.0 (Graph.nativeHandle); " + e, e);
    }
  }
}
