package io.ao.api.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Refuses a JSON body whose shape alone makes it expensive, before it is decoded into objects and
 * validated field by field: an object with more than {@link #MAX_MEMBERS} members, or nesting
 * deeper than {@link #MAX_DEPTH}. One streaming pass over the tokens that stops at the first
 * excess, so a megabyte of unknown fields costs the same as two hundred. No valid request comes
 * near either bound: the widest object the API takes is a lead (12 fields, and at most 50 custom
 * fields one level down).
 */
final class JsonShape {

  static final int MAX_MEMBERS = 200;
  static final int MAX_DEPTH = 32;

  /** An open object or array: where it is (for the error) and how many members it has had. */
  private static final class Container {
    final String path;
    final boolean object;
    int members;
    String lastName;

    Container(String path, boolean object) {
      this.path = path;
      this.object = object;
    }

    /** How the problem names it: the body itself, or its path as the validators write it. */
    String field() {
      return path.isEmpty() ? "body" : path;
    }

    String childPath() {
      if (object) {
        return path.isEmpty() ? lastName : path + "." + lastName;
      }
      return field() + "[" + (members - 1) + "]";
    }
  }

  private JsonShape() {}

  /**
   * Throws a 422 naming the object that is too wide or too deep; DecodeException when malformed.
   */
  static void check(Buffer body) {
    Deque<Container> open = new ArrayDeque<>();
    try (JsonParser parser = JacksonCodec.createParser(body)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        Container parent = open.peek();
        if (parent != null && !parent.object && token != JsonToken.END_ARRAY) {
          parent.members++;
        }
        switch (token) {
          case START_OBJECT, START_ARRAY -> {
            String path = parent == null ? "" : parent.childPath();
            if (open.size() == MAX_DEPTH) {
              throw ProblemException.invalid(
                  path, "is nested deeper than " + MAX_DEPTH + " levels, the most allowed");
            }
            open.push(new Container(path, token == JsonToken.START_OBJECT));
          }
          case END_OBJECT, END_ARRAY -> open.pop();
          case FIELD_NAME -> {
            if (++parent.members > MAX_MEMBERS) {
              throw ProblemException.invalid(
                  parent.field(), "has more than " + MAX_MEMBERS + " members, the most allowed");
            }
            parent.lastName = parser.currentName();
          }
          default -> {}
        }
      }
    } catch (StreamConstraintsException tooLong) {
      // Jackson's own bounds: a name over 50,000 characters, a number over 1,000 digits
      throw ProblemException.badRequest(
          "The request body has a name, string or number longer than the server reads");
    } catch (IOException malformed) {
      throw new DecodeException(malformed.getMessage(), malformed);
    }
  }
}
