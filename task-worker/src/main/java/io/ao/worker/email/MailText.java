package io.ao.worker.email;

import io.ao.shared.leads.LeadEmails;
import io.ao.shared.leads.UnsafeCharacters;
import io.ao.worker.handlers.PermanentTaskFailure;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * What of a lead's data may go into a mail, checked again in the worker although the API refuses
 * it: a lead stored before those rules may hold a NUL, an ESC or a CR LF, and none of them may
 * reach an SMTP command or header raw. The recipient is refused outright (no retry makes a
 * look-alike or broken address right); one-line header text and the body are cleaned.
 */
final class MailText {

  private MailText() {}

  /** The address to mail, canonical (NFKC); a permanent failure when it breaks the email rules. */
  static String recipient(String email) {
    if (email == null) {
      throw new PermanentTaskFailure("the lead has no email");
    }
    Optional<String> problem = LeadEmails.problem(email);
    if (problem.isPresent()) {
      throw new PermanentTaskFailure(
          "the lead's email is not mailable: " + problem.get() + " (fix the lead, then re-drive)");
    }
    return LeadEmails.canonical(email);
  }

  /** A header value: each run of controls, separators and invisibles becomes one space. */
  static String line(String text) {
    return replaceRuns(text, UnsafeCharacters::unsafeInLine, " ").strip();
  }

  /** The text body: line breaks and tabs kept, every other control or invisible dropped. */
  static String body(String text) {
    return replaceRuns(text, UnsafeCharacters::unsafeInText, "");
  }

  private static String replaceRuns(String text, IntPredicate unsafe, String replacement) {
    StringBuilder out = new StringBuilder(text.length());
    boolean inRun = false;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (unsafe.test(c)) {
        if (!inRun) {
          out.append(replacement);
        }
        inRun = true;
      } else {
        out.appendCodePoint(c);
        inRun = false;
      }
    }
    return out.toString();
  }
}
