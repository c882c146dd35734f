package dev.promptforge.infra.versioning.diffutils;

import dev.promptforge.domain.versioning.port.Differ;
import dev.promptforge.domain.versioning.port.DifferContract;

class DiffUtilsDifferTest extends DifferContract {
    @Override
    protected Differ differ() {
        return new DiffUtilsDiffer();
    }
}
