package io.saferedisqueue.localredis;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One command to a Redis node over a short-lived socket of its own, in RESP2, so that the harness
 * can set up clusters and sentinels without a client library (and without the topology caches a
 * client keeps, which would hide what each node itself says).
 */
final class RespCommand {

  private RespCommand() {}

  /**
   * Sends the command to 127.0.0.1:port and returns the reply: a {@code String} for simple and bulk
   * strings, a {@code Long} for integers, a {@code List} for arrays, {@code null} for a nil reply.
   *
   * @throws RedisErrorReply when Redis answers with an error
   * @throws UncheckedIOException when the node cannot be reached
   */
  static @Nullable Object call(int port, String... args) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      for (String arg : args) {
        byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
        request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(bytes);
        request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      out.write(request.toByteArray());
      out.flush();
      return read(new BufferedInputStream(socket.getInputStream()));
    } catch (IOException ex) {
      throw new UncheckedIOException(
          "Cannot send " + String.join(" ", args) + " to 127.0.0.1:" + port, ex);
    }
  }

  /** As {@link #call}, for a command whose reply is a string. */
  static String string(int port, String... args) {
    Object reply = call(port, args);
    if (!(reply instanceof String text)) {
      throw new IllegalStateException(
          String.join(" ", args) + " on port " + port + " answered " + reply + ", not a string");
    }
    return text;
  }

  /** Whether the node answers {@code PING} at all (even with an error such as NOAUTH). */
  static boolean answers(int port) {
    try {
      call(port, "PING");
      return true;
    } catch (RedisErrorReply ex) {
      return true;
    } catch (UncheckedIOException ex) {
      return false;
    }
  }

  private static @Nullable Object read(InputStream in) throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new IOException("Connection closed before a reply");
    }
    String line = readLine(in);
    switch (type) {
      case '+':
        return line;
      case '-':
        throw new RedisErrorReply(line);
      case ':':
        return Long.parseLong(line);
      case '$':
        {
          int length = Integer.parseInt(line);
          if (length < 0) {
            return null;
          }
          byte[] bytes = in.readNBytes(length + 2);
          return new String(bytes, 0, length, StandardCharsets.UTF_8);
        }
      case '*':
        {
          int count = Integer.parseInt(line);
          if (count < 0) {
            return null;
          }
          List<@Nullable Object> items = new ArrayList<>(count);
          for (int i = 0; i < count; i++) {
            items.add(read(in));
          }
          return items;
        }
      default:
        throw new IOException("Unexpected RESP type '" + (char) type + "'");
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int previous = -1;
    int current;
    while ((current = in.read()) >= 0) {
      if (previous == '\r' && current == '\n') {
        byte[] bytes = line.toByteArray();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
      }
      line.write(current);
      previous = current;
    }
    throw new IOException("Connection closed in the middle of a reply");
  }

  /** An error reply of Redis, such as {@code ERR ...} or {@code CLUSTERDOWN ...}. */
  static final class RedisErrorReply extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RedisErrorReply(String message) {
      super(message);
    }
  }
}
