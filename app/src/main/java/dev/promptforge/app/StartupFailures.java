package dev.promptforge.app;

import dev.promptforge.infra.shared.jdbc.DataAccessFailure;
import dev.promptforge.infra.shared.jdbc.ServerLock;
import java.io.UncheckedIOException;
import java.net.BindException;

/**
 * What a failed start tells the person who ran it. The failures with a known cause and a known remedy (the database
 * file in use by another server, the port taken, the data folder or file unusable or from a newer version, a
 * partition conversion that stopped, a setting out of range) are one line naming the problem and what to do, instead
 * of Micronaut's forty lines of bean-creation trace that repeat the message three times; anything else keeps its
 * whole stack trace, as it is a defect.
 */
final class StartupFailures {
    private StartupFailures() {
    }

    /** The one-line explanation of {@code failure}, or null when it has no known cause and needs its trace. */
    static String explain(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return "cannot listen on its port (" + t.getMessage() + "). Another program, perhaps another "
                        + "promptforge, uses it: stop that program, or give this server another port: "
                        + "PROMPTFORGE_PORT=8081 (or -micronaut.server.port=8081).";
            }
            if (t instanceof ServerLock.InUse || t instanceof DataAccessFailure
                    || (t instanceof IllegalStateException || t instanceof IllegalArgumentException
                            || t instanceof UncheckedIOException) && isOurs(t)) {
                return t.getMessage();
            }
        }
        return null;
    }

    /** An exception thrown by promptforge's own code (its top frame is ours), so its message was written for users. */
    private static boolean isOurs(Throwable t) {
        StackTraceElement[] frames = t.getStackTrace();
        return frames.length > 0 && frames[0].getClassName().startsWith("dev.promptforge.");
    }
}
