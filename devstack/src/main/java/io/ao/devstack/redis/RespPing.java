package io.ao.devstack.redis;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Sends one inline command over a plain socket and reads the first reply line. */
final class RespPing {

  private RespPing() {}

  static boolean answers(int port) {
    return "+PONG".equals(command(port, "PING"));
  }

  /** The text of a bulk-string reply (e.g. INFO), or null when the server does not answer. */
  static String bulk(int port, String inline) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      socket.setSoTimeout(2_000);
      socket.getOutputStream().write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
      DataInputStream in = new DataInputStream(socket.getInputStream());
      String header = readLine(in);
      if (!header.startsWith("$")) {
        return null;
      }
      byte[] body = new byte[Integer.parseInt(header.substring(1))];
      in.readFully(body);
      return new String(body, StandardCharsets.UTF_8);
    } catch (IOException | NumberFormatException e) {
      return null;
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\r') {
      line.append((char) c);
    }
    in.read(); // the \n after \r
    return line.toString();
  }

  /**
   * Sends one command as a RESP array (no inline length limit, arguments may hold spaces) and
   * returns the first reply line, e.g. "+OK" or "-ERR ...", or null when unreachable.
   */
  static String array(int port, List<String> args) {
    StringBuilder out = new StringBuilder("*").append(args.size()).append("\r\n");
    for (String arg : args) {
      out.append('$')
          .append(arg.getBytes(StandardCharsets.UTF_8).length)
          .append("\r\n")
          .append(arg)
          .append("\r\n");
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(out.toString().getBytes(StandardCharsets.UTF_8));
      return readLine(socket.getInputStream());
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Sends one command as a RESP array and reads an array reply of bulk strings (such as SENTINEL
   * GET-MASTER-ADDR-BY-NAME's): its items joined by newlines, or null for a nil reply, an error or
   * no answer.
   */
  static String arrayLines(int port, List<String> args) {
    StringBuilder out = new StringBuilder("*").append(args.size()).append("\r\n");
    for (String arg : args) {
      out.append('$')
          .append(arg.getBytes(StandardCharsets.UTF_8).length)
          .append("\r\n")
          .append(arg)
          .append("\r\n");
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      socket.setSoTimeout(2_000);
      socket.getOutputStream().write(out.toString().getBytes(StandardCharsets.UTF_8));
      DataInputStream in = new DataInputStream(socket.getInputStream());
      String header = readLine(in);
      if (!header.startsWith("*") || header.equals("*-1")) {
        return null;
      }
      int count = Integer.parseInt(header.substring(1));
      List<String> items = new java.util.ArrayList<>();
      for (int i = 0; i < count; i++) {
        String itemHeader = readLine(in);
        if (!itemHeader.startsWith("$")) {
          return null;
        }
        byte[] body = new byte[Integer.parseInt(itemHeader.substring(1))];
        in.readFully(body);
        readLine(in);
        items.add(new String(body, StandardCharsets.UTF_8));
      }
      return String.join("\n", items);
    } catch (IOException | NumberFormatException e) {
      return null;
    }
  }

  static String command(int port, String inline) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      socket.setSoTimeout(2_000);
      OutputStream out = socket.getOutputStream();
      out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) != -1 && c != '\r') {
        line.append((char) c);
      }
      return line.toString();
    } catch (IOException e) {
      return null;
    }
  }
}
