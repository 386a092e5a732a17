package io.ao.worker.crm;

/**
 * What a CRM's answer says about its rate limit: pause the account until {@code untilMs}; {@code
 * refused} when the request itself was turned away (a 429, Salesforce's REQUEST_LIMIT_EXCEEDED), so
 * the task waits and tries again, rather than a budget seen to be used up on a success.
 */
public record RateSignal(long untilMs, boolean refused, String reason) {}
