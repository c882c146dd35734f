package dev.promptforge.app.e2e;

import dev.promptforge.app.support.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

/**
 * Drives Debian's Chromium with playwright-core ({@code frontend/e2e/live.mjs}) against this server: a run opened over
 * REST, its page followed from the prompt's Runs section, event batches posted over REST while the page is open, and
 * the count and mean shown checked to follow over the live metrics WebSocket without a reload. Needs
 * {@code chromium} installed ({@code .ci/run} installs it); {@code -Dpromptforge.skipBrowserTests=true} skips it.
 */
@MicronautTest
class LiveMetricsBrowserTest extends ApiTestSupport {
    @Test
    void theRunPageFollowsPostedEventsLive() throws Exception {
        BrowserScript.run("live.mjs", server.getURL(), dataDir);
    }
}
