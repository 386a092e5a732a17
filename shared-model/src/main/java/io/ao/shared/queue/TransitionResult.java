package io.ao.shared.queue;

/**
 * Outcome of an operator transition (re-drive, cancel): applied, or refused with the task's current
 * state ("" when there is no such task).
 */
public record TransitionResult(boolean applied, String detail) {}
