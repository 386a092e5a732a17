package io.ao.shared.queue;

/** The queue's state transitions, one Lua script each (sources under resources/.../lua). */
final class QueueScripts {

  static final LuaScript ENQUEUE = LuaScript.load("enqueue");
  static final LuaScript START_BATCH = LuaScript.load("start_batch");
  static final LuaScript COMPLETE_BATCH = LuaScript.load("complete_batch");
  static final LuaScript RETRY_LATER = LuaScript.load("retry_later");
  static final LuaScript DEFER = LuaScript.load("defer");
  static final LuaScript DEAD_LETTER = LuaScript.load("dead_letter");
  static final LuaScript PROMOTE_DUE = LuaScript.load("promote_due");
  static final LuaScript REDRIVE = LuaScript.load("redrive");
  static final LuaScript DISCARD = LuaScript.load("discard");
  static final LuaScript CANCEL = LuaScript.load("cancel");

  private QueueScripts() {}
}
