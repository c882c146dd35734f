package dev.promptforge.app.e2e;

import dev.promptforge.app.support.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

/**
 * Drives Debian's Chromium with playwright-core ({@code frontend/e2e/smoke.mjs}) against this server: create,
 * search, open, history, diff, edit and commit through the real UI. Needs {@code chromium} installed
 * ({@code .ci/run} installs it); {@code -Dpromptforge.skipBrowserTests=true} skips it explicitly.
 */
@MicronautTest
class BrowserEndToEndTest extends ApiTestSupport {
    @Test
    void authorsCanBrowseDiffAndCommitInTheWebUi() throws Exception {
        BrowserScript.run("smoke.mjs", server.getURL(), dataDir);
    }
}
