package dev.promptforge.domain.versioning.port;

class LcsDifferTest extends DifferContract {
    @Override
    protected Differ differ() {
        return new LcsDiffer();
    }
}
